// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// The pages of issues: the list with its filters, the form to open one, an issue with its
// timeline and triage, edit forms and the history of edited texts; the labels and
// milestones of a project (DESIGN.md section 6).
#include "ui/pages/issue_pages.h"

#include "forge/http/form.h"
#include "forge/services/issue_service.h"
#include "forge/services/label_service.h"
#include "forge/services/notification_service.h"
#include "ui/format.h"
#include "ui/pages/issue_values.h"
#include "ui/pages/list_values.h"
#include "ui/pages/pages.h"
#include "ui/web.h"

#include <algorithm>

namespace ui {

namespace http = forge::http;
namespace services = forge::services;

namespace {

std::vector<std::string> split_list(const std::string& text)
{
    std::vector<std::string> items;
    size_t at = 0;
    while (at <= text.size()) {
        size_t comma = text.find(',', at);
        if (comma == std::string::npos)
            comma = text.size();
        std::string item = text.substr(at, comma - at);
        item.erase(0, item.find_first_not_of(' '));
        while (!item.empty() && item.back() == ' ')
            item.pop_back();
        if (!item.empty())
            items.push_back(item);
        at = comma + 1;
    }
    return items;
}

// Options of a <select> of labels or milestones with `selected` marked.
Value::List label_options(const std::vector<services::Label>& labels,
                          const std::vector<std::string>& selected)
{
    Value::List items;
    for (const auto& label : labels) {
        Value item = label_value(label);
        item.set("selected",
                 std::find(selected.begin(), selected.end(), label.name) != selected.end());
        items.push_back(std::move(item));
    }
    return items;
}

Value::List milestone_options(const Context& context,
                              const std::vector<services::Milestone>& milestones, int64_t selected)
{
    Value::List items;
    for (const auto& milestone : milestones) {
        Value item = milestone_value(context, milestone);
        item.set("selected", milestone.id == selected);
        items.push_back(std::move(item));
    }
    return items;
}

forge::Result<http::Response> list_page(WebUi& web, Context& context)
{
    auto project = TRY(open_project_view(web, context));
    services::ProjectPath path{project.owner, project.name};
    auto query = http::FormFields::parse(context.request.query);
    std::string state = query.get("state");
    if (state != "closed" && state != "all")
        state = "open";
    std::string sort = query.get("sort");
    auto paging = paging_of(context);
    services::IssueFilter filter;
    if (state != "all")
        filter.open = state == "open";
    std::string label = query.get("label");
    filter.labels = split_list(label);
    filter.milestone_id = std::atoll(query.get("milestone").c_str());
    filter.assignee = query.get("assignee");
    filter.author = query.get("author");
    filter.text = query.get("q");
    filter.sort = sort == "updated"    ? services::IssueSort::updated
                  : sort == "comments" ? services::IssueSort::comments
                                       : services::IssueSort::created;
    filter.ascending = sort == "oldest";
    filter.offset = static_cast<int64_t>(paging.offset());
    filter.limit = static_cast<int64_t>(paging.per_page);
    auto list = TRY(services::list_issues(web.services(), context.viewer(), path, filter));
    auto labels = TRY(services::list_labels(web.services(), context.viewer(), path));
    auto milestones = TRY(services::list_milestones(web.services(), context.viewer(), path));
    Value::List items;
    for (const auto& issue : list.items)
        items.push_back(issue_value(context, issue));
    Value data;
    data.set("title", std::string(context.text("Issues")));
    data.set("project", project.header(context, "issues"));
    data.set("items", std::move(items));
    data.set("state", state);
    data.set("state_" + state, true);
    data.set("open_count", list.open_count);
    data.set("closed_count", list.closed_count);
    data.set("total", list.total);
    data.set("q", filter.text);
    data.set("label", label);
    data.set("labels", label_options(labels, filter.labels));
    data.set("milestones", milestone_options(context, milestones, filter.milestone_id));
    data.set("assignee", filter.assignee);
    data.set("author", filter.author);
    data.set("sort_" + (sort.empty() ? std::string("newest") : sort), true);
    data.set("may_open", context.signed_in());
    auto encode = [](const std::string& text) {
        return http::percent_encode(text, false);
    };
    std::string here = project.base + "/issues?state=" + state + "&q=" + encode(filter.text) +
                       "&label=" + encode(label) +
                       "&milestone=" + std::to_string(filter.milestone_id) +
                       "&assignee=" + encode(filter.assignee) + "&author=" + encode(filter.author) +
                       "&sort=" + encode(sort);
    paging.add_links(data, here,
                     static_cast<int64_t>(paging.offset() + list.items.size()) < list.total);
    return web.page(context, "issues", std::move(data));
}

forge::Result<http::Response> new_page(WebUi& web, Context& context)
{
    auto query = http::FormFields::parse(context.request.query);
    http::FormFields form;
    auto project = TRY(open_project_view(web, context));
    auto templates = TRY(
        services::issue_templates(web.services(), context.viewer(), {project.owner, project.name}));
    std::string chosen = query.get("template");
    for (const auto& item : templates)
        if (item.name == chosen)
            return new_issue_form(web, context, item.title, item.body, {});
    return new_issue_form(web, context, query.get("title"), query.get("body"), {});
}

// Comments and events in the order they happened.
Value::List timeline(WebUi& web, Context& context, const IssuePage& page)
{
    struct Entry {
        int64_t at;
        int order;
        Value value;
    };
    std::vector<Entry> entries;
    int order = 0;
    for (const auto& comment : page.view.comments) {
        Value item;
        item.set("comment", true);
        item.set("id", comment.id);
        item.set("author", comment.author.name);
        item.set("body", linked_markdown(web, context, page.project, comment.body));
        item.set("time", display_time(comment.created_at));
        item.set("datetime", machine_time(comment.created_at));
        item.set("edited", comment.edit_count > 0);
        item.set("may_change", comment.may_change);
        entries.push_back({comment.created_at, order++, std::move(item)});
    }
    for (const auto& event : page.view.events)
        entries.push_back({event.created_at, order++, event_value(context, event)});
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.at != b.at ? a.at < b.at : a.order < b.order;
    });
    Value::List items;
    for (auto& entry : entries)
        items.push_back(std::move(entry.value));
    return items;
}

forge::Result<http::Response> issue_page(WebUi& web, Context& context)
{
    auto kind =
        services::item_kind(web.services(), context.viewer(),
                            {http::percent_decode(context.request.param("owner")),
                             http::percent_decode(context.request.param("project"))},
                            std::atoll(std::string(context.request.param("number")).c_str()));
    if (!kind.is_error() && kind.value() == "merge_request") {
        http::Response response;
        response.status = 303;
        response.set_header("Location", "/" + std::string(context.request.param("owner")) + "/" +
                                            std::string(context.request.param("project")) +
                                            "/merge_requests/" +
                                            std::string(context.request.param("number")));
        return response;
    }
    auto page = TRY(open_issue_page(web, context));
    const auto& view = page.view;
    Value data;
    data.set("title", view.issue.title + " #" + std::to_string(page.number));
    data.set("own_heading", true); // the issue's title is the page's heading
    data.set("project", page.project.header(context, "issues"));
    Value issue = issue_value(context, view.issue);
    issue.set("url", page.url);
    issue.set("body", linked_markdown(web, context, page.project, view.issue.body));
    data.set("issue", std::move(issue));
    data.set("timeline", timeline(web, context, page));
    data.set("may_comment", view.may_comment);
    data.set("may_edit", view.may_edit);
    data.set("may_close", view.may_close);
    data.set("may_manage", view.may_manage);
    data.set("signed_in", context.signed_in());
    auto history =
        TRY(services::issue_history(web.services(), context.viewer(), page.path(), page.number, 0));
    data.set("body_edited", !history.empty());
    if (view.may_manage) {
        auto labels = TRY(services::list_labels(web.services(), context.viewer(), page.path()));
        std::vector<std::string> current;
        for (const auto& label : view.issue.labels)
            current.push_back(label.name);
        data.set("label_options", label_options(labels, current));
        auto milestones =
            TRY(services::list_milestones(web.services(), context.viewer(), page.path()));
        data.set("milestone_options",
                 milestone_options(context, milestones,
                                   view.issue.milestone ? view.issue.milestone->id : 0));
        std::string assignees;
        for (const auto& person : view.issue.assignees)
            assignees += (assignees.empty() ? "" : ", ") + person.name;
        data.set("assignee_names", assignees);
    }
    if (context.signed_in()) {
        auto watch =
            TRY(services::issue_watch(web.services(), context.viewer(), page.path(), page.number));
        data.set("muted", watch.has_value() && !*watch);
        data.set("watching", watch.has_value() && *watch);
    }
    return web.page(context, "issue", std::move(data));
}

forge::Result<http::Response> edit_page(WebUi& web, Context& context)
{
    auto page = TRY(open_issue_page(web, context));
    if (!page.view.may_edit)
        return web.error(context, 403,
                         context.text("Only the author and maintainers may edit this issue."));
    Value data;
    data.set("title", std::string(context.text("Edit issue")));
    data.set("project", page.project.header(context, "issues"));
    data.set("url", page.url);
    data.set("number", page.number);
    data.set("title_value", page.view.issue.title);
    data.set("body", page.view.issue.body);
    return web.page(context, "issue_edit", std::move(data));
}

forge::Result<http::Response> comment_edit_page(WebUi& web, Context& context)
{
    auto page = TRY(open_issue_page(web, context));
    int64_t id = std::atoll(std::string(context.request.param("comment")).c_str());
    for (const auto& comment : page.view.comments) {
        if (comment.id != id)
            continue;
        if (!comment.may_change)
            return web.error(context, 403,
                             context.text("Only its author and maintainers may change a comment."));
        Value data;
        data.set("title", std::string(context.text("Edit comment")));
        data.set("project", page.project.header(context, "issues"));
        data.set("url", page.url);
        data.set("id", id);
        data.set("body", comment.body);
        return web.page(context, "issue_comment_edit", std::move(data));
    }
    return forge::Error::not_found("no such comment");
}

forge::Result<http::Response> history_page(WebUi& web, Context& context)
{
    auto page = TRY(open_issue_page(web, context));
    auto query = http::FormFields::parse(context.request.query);
    int64_t comment = std::atoll(query.get("comment").c_str());
    auto edits = TRY(services::issue_history(web.services(), context.viewer(), page.path(),
                                             page.number, comment));
    Value::List items;
    for (const auto& edit : edits) {
        Value item;
        item.set("editor", edit.editor.name);
        item.set("time", display_time(edit.edited_at));
        item.set("datetime", machine_time(edit.edited_at));
        item.set("previous", edit.previous);
        items.push_back(std::move(item));
    }
    Value data;
    data.set("title", std::string(context.text("Edit history")));
    data.set("project", page.project.header(context, "issues"));
    data.set("url", page.url);
    data.set("number", page.number);
    data.set("edits", std::move(items));
    return web.page(context, "issue_history", std::move(data));
}

forge::Result<http::Response> labels_page(WebUi& web, Context& context)
{
    auto project = TRY(open_project_view(web, context));
    auto labels =
        TRY(services::list_labels(web.services(), context.viewer(), {project.owner, project.name}));
    Value::List items;
    for (const auto& label : labels)
        items.push_back(label_value(label));
    Value data;
    data.set("title", std::string(context.text("Labels")));
    data.set("project", project.header(context, "issues"));
    data.set("labels", std::move(items));
    data.set("may_manage", project.access.level >= auth::AccessLevel::maintain);
    return web.page(context, "labels", std::move(data));
}

forge::Result<http::Response> milestones_page(WebUi& web, Context& context)
{
    auto project = TRY(open_project_view(web, context));
    auto milestones = TRY(
        services::list_milestones(web.services(), context.viewer(), {project.owner, project.name}));
    Value::List items;
    for (const auto& milestone : milestones)
        items.push_back(milestone_value(context, milestone));
    Value data;
    data.set("title", std::string(context.text("Milestones")));
    data.set("project", project.header(context, "issues"));
    data.set("milestones", std::move(items));
    data.set("may_manage", project.access.level >= auth::AccessLevel::maintain);
    return web.page(context, "milestones", std::move(data));
}

forge::Result<http::Response> inbox_page(WebUi& web, Context& context)
{
    auto query = http::FormFields::parse(context.request.query);
    bool all = query.get("all") == "1";
    auto paging = paging_of(context, 50);
    auto items = TRY(services::inbox(web.services(), context.viewer(), !all,
                                     static_cast<int64_t>(paging.offset()),
                                     static_cast<int64_t>(paging.per_page + 1)));
    bool more = items.size() > paging.per_page;
    if (more)
        items.pop_back();
    static const std::map<std::string, std::string_view, std::less<>> reasons = {
        {"mention", "mentioned you"},   {"assigned", "assigned you"}, {"comment", "commented"},
        {"state", "changed the state"}, {"opened", "opened"},         {"answer", "answered"},
    };
    Value::List list;
    for (const auto& item : items) {
        Value value;
        value.set("id", item.id);
        value.set("subject", item.subject);
        value.set("title", item.title);
        value.set("url", item.url);
        value.set("actor", item.actor ? item.actor->name : std::string("Forge"));
        auto reason = reasons.find(item.reason);
        value.set("reason",
                  std::string(context.text(reason == reasons.end() ? std::string_view(item.reason)
                                                                   : reason->second)));
        value.set("read", item.read);
        value.set("time", display_time(item.created_at));
        value.set("datetime", machine_time(item.created_at));
        list.push_back(std::move(value));
    }
    Value data;
    data.set("title", std::string(context.text("Notifications")));
    data.set("items", std::move(list));
    data.set("all", all);
    paging.add_links(data, std::string("/notifications?all=") + (all ? "1" : "0"), more);
    return web.page(context, "notifications", std::move(data));
}

} // namespace

forge::Result<http::Response> new_issue_form(WebUi& web, Context& context, const std::string& title,
                                             const std::string& body, std::string failure)
{
    auto project = TRY(open_project_view(web, context));
    services::ProjectPath path{project.owner, project.name};
    auto templates = TRY(services::issue_templates(web.services(), context.viewer(), path));
    Value::List template_items;
    for (const auto& item : templates) {
        Value value;
        value.set("name", item.name);
        value.set("url",
                  project.base + "/issues/new?template=" + http::percent_encode(item.name, false));
        template_items.push_back(std::move(value));
    }
    Value data;
    data.set("title", std::string(context.text("New issue")));
    data.set("project", project.header(context, "issues"));
    data.set("templates", std::move(template_items));
    data.set("title_value", title);
    data.set("body", body);
    bool manage = project.access.level >= auth::AccessLevel::maintain;
    data.set("may_manage", manage);
    if (manage) {
        auto labels = TRY(services::list_labels(web.services(), context.viewer(), path));
        data.set("label_options", label_options(labels, {}));
        auto milestones = TRY(services::list_milestones(web.services(), context.viewer(), path));
        data.set("milestone_options", milestone_options(context, milestones, 0));
    }
    int status = failure.empty() ? 200 : 422;
    if (!failure.empty())
        data.set("failure", std::move(failure));
    return web.page(context, "issue_new", std::move(data), status);
}

void add_issue_pages(WebUi& web, http::Router& router)
{
    const std::string base = "/{owner}/{project}/issues";
    web.get(router, base, list_page);
    web.get(router, base + "/new", new_page, WebUi::Access::signed_in);
    web.get(router, base + "/{number}", issue_page);
    web.get(router, base + "/{number}/edit", edit_page, WebUi::Access::signed_in);
    web.get(router, base + "/{number}/history", history_page);
    web.get(router, base + "/{number}/comments/{comment}/edit", comment_edit_page,
            WebUi::Access::signed_in);
    web.get(router, "/{owner}/{project}/labels", labels_page);
    web.get(router, "/{owner}/{project}/milestones", milestones_page);
    web.get(router, "/notifications", inbox_page, WebUi::Access::signed_in);
    add_issue_actions(web, router);
}

} // namespace ui
