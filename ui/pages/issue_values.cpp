// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/pages/issue_values.h"

#include "forge/http/form.h"
#include "forge/services/issue_service.h"
#include "forge/services/reference_service.h"
#include "ui/format.h"
#include "ui/pages/git_values.h"
#include "ui/text/escape.h"
#include "ui/text/markdown.h"
#include "ui/web.h"

#include <map>

namespace ui {

namespace http = forge::http;
namespace services = forge::services;

forge::Result<IssuePage> open_issue_page(WebUi& web, Context& context)
{
    IssuePage page;
    page.project = TRY(open_project_view(web, context));
    std::string text(context.request.param("number"));
    if (text.empty() || text.size() > 9 ||
        text.find_first_not_of("0123456789") != std::string::npos)
        return forge::Error::not_found("no such issue");
    page.number = std::stoll(text);
    page.view =
        TRY(services::get_issue(web.services(), context.viewer(), page.path(), page.number));
    page.url = page.project.base + "/issues/" + text;
    return page;
}

namespace {

std::string project_url(const services::ProjectPath& path)
{
    return "/" + http::percent_encode(path.owner, false) + "/" +
           http::percent_encode(path.name, false);
}

std::string reference_url(const services::ResolvedReference& found)
{
    using Kind = services::ResolvedReference::Kind;
    switch (found.kind) {
    case Kind::issue:
        return project_url(found.project) + "/issues/" + std::to_string(found.number);
    case Kind::merge_request:
        return project_url(found.project) + "/merge_requests/" + std::to_string(found.number);
    case Kind::user:
    case Kind::group:
        return "/" + http::percent_encode(found.name, false);
    case Kind::commit:
        return project_url(found.project) + "/commit/" + found.commit;
    }
    return {};
}

} // namespace

SafeHtml linked_markdown(WebUi& web, const Context& context, const ProjectView& project,
                         const std::string& text)
{
    std::string ref = url_path(project.access.project.default_branch) + "/";
    text::LinkBase base{project.base + "/blob/" + ref, project.base + "/raw/" + ref, ""};
    services::ProjectPath here{project.owner, project.name};
    // One lookup per distinct reference of the text.
    std::map<std::string, std::string> known;
    text::ReferenceLinker linker = [&](const forge::Reference& reference) -> std::string {
        std::string key = std::to_string(static_cast<int>(reference.kind)) + reference.owner + "/" +
                          reference.project + "#" + std::to_string(reference.number) + "@" +
                          reference.name + ":" + reference.commit;
        auto cached = known.find(key);
        if (cached != known.end())
            return cached->second;
        auto found = services::resolve_reference(web.services(), context.viewer(), here, reference);
        std::string url;
        if (!found.is_error() && found.value())
            url = reference_url(*found.value());
        known.emplace(key, url);
        return url;
    };
    return SafeHtml::trusted(text::render_markdown(text, base, linker));
}

Value label_value(const services::Label& label)
{
    Value data;
    data.set("id", label.id);
    data.set("name", label.name);
    data.set("color", label.color);
    data.set("description", label.description);
    data.set("from_group", label.from_group);
    return data;
}

Value milestone_value(const Context& context, const services::Milestone& milestone)
{
    Value data;
    data.set("id", milestone.id);
    data.set("title", milestone.title);
    data.set("description", milestone.description);
    data.set("due_on", milestone.due_on);
    data.set("open", milestone.open);
    data.set("open_issues", milestone.open_issues);
    data.set("closed_issues", milestone.closed_issues);
    int64_t total = milestone.open_issues + milestone.closed_issues;
    data.set("total", total);
    data.set("percent", total ? milestone.closed_issues * 100 / total : int64_t{0});
    data.set("state_label", std::string(context.text(milestone.open ? "Open" : "Closed")));
    return data;
}

Value issue_value(const Context& context, const services::Issue& issue)
{
    Value data;
    std::string base = "/" + issue.project.owner.name + "/" + issue.project.name;
    data.set("number", issue.number);
    data.set("title", issue.title);
    data.set("url", base + "/issues/" + std::to_string(issue.number));
    data.set("project", issue.project.owner.name + "/" + issue.project.name);
    data.set("author", issue.author.name);
    data.set("open", issue.open);
    data.set("state", std::string(issue.open ? "open" : "closed"));
    data.set("state_label", std::string(context.text(issue.open ? "Open" : "Closed")));
    data.set("confidential", issue.confidential);
    data.set("locked", issue.locked);
    data.set("comments", issue.comment_count);
    data.set("time", display_time(issue.created_at));
    data.set("datetime", machine_time(issue.created_at));
    data.set("updated", display_time(issue.updated_at));
    Value::List labels;
    for (const auto& label : issue.labels)
        labels.push_back(label_value(label));
    data.set("labels", std::move(labels));
    Value::List assignees;
    for (const auto& person : issue.assignees) {
        Value item;
        item.set("name", person.name);
        assignees.push_back(std::move(item));
    }
    data.set("assignees", std::move(assignees));
    if (issue.milestone)
        data.set("milestone", milestone_value(context, *issue.milestone));
    if (issue.close_reason) {
        auto reason = *issue.close_reason;
        data.set("reason", std::string(context.text(
                               reason == services::CloseReason::done          ? "completed"
                               : reason == services::CloseReason::not_planned ? "not planned"
                                                                              : "duplicate")));
    }
    if (issue.duplicate_of)
        data.set("duplicate_of", issue.duplicate_of);
    if (issue.closed_by)
        data.set("closed_by", issue.closed_by->name);
    if (!issue.closing_commit.empty()) {
        data.set("closing_commit", std::string(short_id(issue.closing_commit)));
        data.set("closing_commit_url", base + "/commit/" + issue.closing_commit);
    }
    data.set("closed_time", display_time(issue.closed_at));
    return data;
}

namespace {

std::string escaped(std::string_view text)
{
    std::string out;
    text::append_escaped(out, text);
    return out;
}

// `pattern` (translated) with {0} as the actor in bold and {1} as the detail, linked when
// `link` is set; both escaped.
SafeHtml fill(std::string_view pattern, const std::string& actor, const std::string& detail,
              const std::string& link)
{
    std::string html;
    for (size_t at = 0; at < pattern.size(); ++at) {
        if (pattern.compare(at, 3, "{0}") == 0) {
            html += "<strong>" + escaped(actor) + "</strong>";
            at += 2;
        } else if (pattern.compare(at, 3, "{1}") == 0) {
            html += link.empty() ? "<code>" + escaped(detail) + "</code>"
                                 : "<a href=\"" + escaped(link) + "\">" + escaped(detail) + "</a>";
            at += 2;
        } else {
            html += escaped(pattern.substr(at, 1));
        }
    }
    return SafeHtml::trusted(std::move(html));
}

} // namespace

Value event_value(const Context& context, const services::IssueEvent& event)
{
    static const std::map<std::string, std::string_view, std::less<>> patterns = {
        {"labeled", "{0} added the label {1}"},
        {"unlabeled", "{0} removed the label {1}"},
        {"assigned", "{0} assigned {1}"},
        {"unassigned", "{0} unassigned {1}"},
        {"milestoned", "{0} added this to the milestone {1}"},
        {"demilestoned", "{0} removed this from the milestone {1}"},
        {"closed", "{0} closed this issue ({1})"},
        {"reopened", "{0} reopened this issue"},
        {"locked", "{0} locked the conversation"},
        {"unlocked", "{0} unlocked the conversation"},
        {"confidential", "{0} made this issue confidential"},
        {"public", "{0} made this issue visible to all readers"},
        {"retitled", "{0} changed the title from {1}"},
        {"referenced", "{0} referenced this issue in {1}"},
        {"commit_referenced", "{0} referenced this issue in commit {1}"},
        {"closed_by_commit", "{0} closed this issue with commit {1}"},
        {"moved_from", "{0} moved this issue here from {1}"},
        {"moved_to", "{0} moved this issue to {1}"},
    };
    auto found = patterns.find(event.kind);
    std::string_view pattern =
        context.text(found == patterns.end() ? std::string_view("{0}: {1}") : found->second);
    // What the detail names: another issue ("owner/project#12"), or a commit
    // ("owner/project@id"); closing reasons are translated.
    std::string detail = event.detail, link;
    auto at = detail.find('@');
    auto hash = detail.find('#');
    if ((event.kind == "commit_referenced" || event.kind == "closed_by_commit") &&
        at != std::string::npos) {
        link = "/" + detail.substr(0, at) + "/commit/" + detail.substr(at + 1);
        detail = detail.substr(0, at) + "@" + std::string(short_id(detail.substr(at + 1)));
    } else if ((event.kind == "referenced" || event.kind == "moved_from" ||
                event.kind == "moved_to") &&
               hash != std::string::npos) {
        link = "/" + detail.substr(0, hash) + "/issues/" + detail.substr(hash + 1);
    } else if (event.kind == "closed") {
        std::string reason = detail.substr(0, detail.find(' '));
        std::string rest = detail.size() > reason.size() ? detail.substr(reason.size()) : "";
        detail = std::string(context.text(reason == "not_planned" ? "not planned"
                                          : reason == "duplicate" ? "duplicate"
                                                                  : "completed")) +
                 rest;
    }
    Value data;
    data.set("html",
             fill(pattern, event.actor ? event.actor->name : std::string("Forge"), detail, link));
    data.set("time", display_time(event.created_at));
    data.set("datetime", machine_time(event.created_at));
    return data;
}

} // namespace ui
