// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// The forms of issues (opening, commenting, editing, closing, triage, locking, moving,
// watching), of labels and milestones, and of the notification inbox.
#include "forge/http/form.h"
#include "forge/services/issue_service.h"
#include "forge/services/label_service.h"
#include "forge/services/notification_service.h"
#include "ui/pages/issue_pages.h"
#include "ui/pages/issue_values.h"
#include "ui/web.h"

namespace ui {

namespace http = forge::http;
namespace services = forge::services;

namespace {

http::Response settle(WebUi& web, Context& context, const std::string& back,
                      const forge::Result<void>& outcome, std::string_view notice)
{
    if (outcome.is_error())
        return web.refused(context, back, outcome.error());
    return web.redirect_with_notice(context, back, notice);
}

template <typename T> forge::Result<void> done(const forge::Result<T>& result)
{
    if (result.is_error())
        return result.error();
    return {};
}

std::vector<std::string> names(const std::string& text)
{
    std::vector<std::string> list;
    std::string word;
    for (char c : text + ",") {
        if (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            if (!word.empty())
                list.push_back(word.front() == '@' ? word.substr(1) : word);
            word.clear();
        } else {
            word += c;
        }
    }
    return list;
}

int64_t number_param(const Context& context, std::string_view name)
{
    return std::atoll(std::string(context.request.param(name)).c_str());
}

forge::Result<http::Response> create_issue(WebUi& web, Context& context,
                                           const http::FormFields& form)
{
    auto project = TRY(open_project_view(web, context));
    services::NewIssue request;
    request.title = form.get("title");
    request.body = form.get("body");
    request.confidential = form.get("confidential") == "1";
    request.labels = form.all("labels");
    request.assignees = names(form.get("assignees"));
    request.milestone_id = std::atoll(form.get("milestone").c_str());
    auto opened = services::open_issue(web.services(), context.actor(),
                                       {project.owner, project.name}, request);
    if (opened.is_error()) {
        if (opened.error().code == forge::ErrorCode::internal)
            return opened.error();
        return new_issue_form(web, context, request.title, request.body, opened.error().message);
    }
    return web.redirect_with_notice(
        context, project.base + "/issues/" + std::to_string(opened.value().number), "Issue opened");
}

forge::Result<http::Response> add_comment(WebUi& web, Context& context,
                                          const http::FormFields& form)
{
    auto page = TRY(open_issue_page(web, context));
    auto added = services::add_issue_comment(web.services(), context.actor(), page.path(),
                                             page.number, form.get("body"));
    std::string back = page.url;
    if (!added.is_error())
        back += "#comment-" + std::to_string(added.value().id);
    // Closing with a comment, as the comment form's second button offers.
    if (!added.is_error() && form.get("close") == "1") {
        auto closed = services::close_issue(web.services(), context.actor(), page.path(),
                                            page.number, services::CloseReason::done);
        return settle(web, context, back, done(closed), "Issue closed");
    }
    return settle(web, context, back, done(added), "Comment added");
}

forge::Result<http::Response> edit_comment(WebUi& web, Context& context,
                                           const http::FormFields& form)
{
    auto page = TRY(open_issue_page(web, context));
    int64_t id = number_param(context, "comment");
    auto edited = services::edit_issue_comment(web.services(), context.actor(), page.path(),
                                               page.number, id, form.get("body"));
    return settle(web, context, page.url + "#comment-" + std::to_string(id), done(edited),
                  "Comment saved");
}

forge::Result<http::Response> delete_comment(WebUi& web, Context& context, const http::FormFields&)
{
    auto page = TRY(open_issue_page(web, context));
    auto deleted = services::delete_issue_comment(web.services(), context.actor(), page.path(),
                                                  page.number, number_param(context, "comment"));
    return settle(web, context, page.url, deleted, "Comment deleted");
}

forge::Result<http::Response> edit_issue(WebUi& web, Context& context, const http::FormFields& form)
{
    auto page = TRY(open_issue_page(web, context));
    services::IssueChange change;
    change.title = form.get("title");
    change.body = form.get("body");
    auto changed =
        services::change_issue(web.services(), context.actor(), page.path(), page.number, change);
    return settle(web, context, page.url, done(changed), "Issue saved");
}

forge::Result<http::Response> triage(WebUi& web, Context& context, const http::FormFields& form)
{
    auto page = TRY(open_issue_page(web, context));
    services::IssueChange change;
    change.labels = form.all("labels");
    change.assignees = names(form.get("assignees"));
    change.milestone_id = std::atoll(form.get("milestone").c_str());
    auto changed =
        services::change_issue(web.services(), context.actor(), page.path(), page.number, change);
    return settle(web, context, page.url, done(changed), "Issue saved");
}

forge::Result<http::Response> set_flag(WebUi& web, Context& context, const http::FormFields& form)
{
    auto page = TRY(open_issue_page(web, context));
    services::IssueChange change;
    bool on = form.get("value") == "1";
    if (form.get("flag") == "locked")
        change.locked = on;
    else
        change.confidential = on;
    auto changed =
        services::change_issue(web.services(), context.actor(), page.path(), page.number, change);
    return settle(web, context, page.url, done(changed), "Issue saved");
}

forge::Result<http::Response> close(WebUi& web, Context& context, const http::FormFields& form)
{
    auto page = TRY(open_issue_page(web, context));
    std::string reason = form.get("reason");
    auto parsed = services::parse_close_reason(reason).value_or(services::CloseReason::done);
    auto closed = services::close_issue(web.services(), context.actor(), page.path(), page.number,
                                        parsed, std::atoll(form.get("duplicate_of").c_str()));
    return settle(web, context, page.url, done(closed), "Issue closed");
}

forge::Result<http::Response> reopen(WebUi& web, Context& context, const http::FormFields&)
{
    auto page = TRY(open_issue_page(web, context));
    auto reopened =
        services::reopen_issue(web.services(), context.actor(), page.path(), page.number);
    return settle(web, context, page.url, done(reopened), "Issue reopened");
}

forge::Result<http::Response> move(WebUi& web, Context& context, const http::FormFields& form)
{
    auto page = TRY(open_issue_page(web, context));
    auto target = services::parse_project_path(form.get("target"));
    if (target.is_error())
        return web.refused(context, page.url, target.error());
    auto moved = services::move_issue(web.services(), context.actor(), page.path(), page.number,
                                      target.value());
    if (moved.is_error())
        return web.refused(context, page.url, moved.error());
    const auto& issue = moved.value();
    return web.redirect_with_notice(context,
                                    "/" + issue.project.owner.name + "/" + issue.project.name +
                                        "/issues/" + std::to_string(issue.number),
                                    "Issue moved");
}

forge::Result<http::Response> watch(WebUi& web, Context& context, const http::FormFields& form)
{
    auto page = TRY(open_issue_page(web, context));
    std::string value = form.get("value");
    std::optional<bool> watching;
    if (value == "1" || value == "0")
        watching = value == "1";
    auto changed =
        services::watch_issue(web.services(), context.actor(), page.path(), page.number, watching);
    return settle(web, context, page.url, changed, "Notification setting saved");
}

forge::Result<http::Response> watch_project(WebUi& web, Context& context,
                                            const http::FormFields& form)
{
    auto project = TRY(open_project_view(web, context));
    std::string value = form.get("value");
    std::optional<bool> watching;
    if (value == "1" || value == "0")
        watching = value == "1";
    auto changed = services::watch_project(web.services(), context.actor(),
                                           {project.owner, project.name}, watching);
    return settle(web, context, project.base, changed, "Notification setting saved");
}

services::LabelInput label_input(const http::FormFields& form)
{
    return {form.get("name"), form.get("color"), form.get("description")};
}

forge::Result<http::Response> create_label(WebUi& web, Context& context,
                                           const http::FormFields& form)
{
    auto project = TRY(open_project_view(web, context));
    auto created = services::create_label(web.services(), context.actor(),
                                          {project.owner, project.name}, label_input(form));
    return settle(web, context, project.base + "/labels", done(created), "Label saved");
}

forge::Result<http::Response> update_label(WebUi& web, Context& context,
                                           const http::FormFields& form)
{
    auto project = TRY(open_project_view(web, context));
    auto updated =
        services::update_label(web.services(), context.actor(), {project.owner, project.name},
                               number_param(context, "id"), label_input(form));
    return settle(web, context, project.base + "/labels", done(updated), "Label saved");
}

forge::Result<http::Response> delete_label(WebUi& web, Context& context, const http::FormFields&)
{
    auto project = TRY(open_project_view(web, context));
    auto deleted =
        services::delete_label(web.services(), context.actor(), {project.owner, project.name},
                               number_param(context, "id"));
    return settle(web, context, project.base + "/labels", deleted, "Label deleted");
}

services::MilestoneInput milestone_input(const http::FormFields& form)
{
    return {form.get("title"), form.get("description"), form.get("due_on"),
            form.get("state") != "closed"};
}

forge::Result<http::Response> create_milestone(WebUi& web, Context& context,
                                               const http::FormFields& form)
{
    auto project = TRY(open_project_view(web, context));
    auto created = services::create_milestone(web.services(), context.actor(),
                                              {project.owner, project.name}, milestone_input(form));
    return settle(web, context, project.base + "/milestones", done(created), "Milestone saved");
}

forge::Result<http::Response> update_milestone(WebUi& web, Context& context,
                                               const http::FormFields& form)
{
    auto project = TRY(open_project_view(web, context));
    auto updated =
        services::update_milestone(web.services(), context.actor(), {project.owner, project.name},
                                   number_param(context, "id"), milestone_input(form));
    return settle(web, context, project.base + "/milestones", done(updated), "Milestone saved");
}

forge::Result<http::Response> delete_milestone(WebUi& web, Context& context,
                                               const http::FormFields&)
{
    auto project = TRY(open_project_view(web, context));
    auto deleted =
        services::delete_milestone(web.services(), context.actor(), {project.owner, project.name},
                                   number_param(context, "id"));
    return settle(web, context, project.base + "/milestones", deleted, "Milestone deleted");
}

forge::Result<http::Response> mark_read(WebUi& web, Context& context, const http::FormFields& form)
{
    auto marked = services::mark_notifications_read(web.services(), context.actor(),
                                                    std::atoll(form.get("id").c_str()));
    std::string back = form.get("url");
    // Only a path of this site, so that the form cannot redirect elsewhere.
    if (back.empty() || back[0] != '/' || back.rfind("//", 0) == 0 ||
        back.find_first_of("\r\n\\") != std::string::npos)
        back = "/notifications";
    return settle(web, context, back, marked, "Marked as read");
}

} // namespace

void add_issue_actions(WebUi& web, http::Router& router)
{
    const std::string base = "/{owner}/{project}/issues";
    const std::string one = base + "/{number}";
    web.post(router, base, create_issue);
    web.post(router, one + "/comments", add_comment);
    web.post(router, one + "/comments/{comment}/edit", edit_comment);
    web.post(router, one + "/comments/{comment}/delete", delete_comment);
    web.post(router, one + "/edit", edit_issue);
    web.post(router, one + "/triage", triage);
    web.post(router, one + "/flag", set_flag);
    web.post(router, one + "/close", close);
    web.post(router, one + "/reopen", reopen);
    web.post(router, one + "/move", move);
    web.post(router, one + "/watch", watch);
    web.post(router, "/{owner}/{project}/watch", watch_project);
    web.post(router, "/{owner}/{project}/labels", create_label);
    web.post(router, "/{owner}/{project}/labels/{id}/edit", update_label);
    web.post(router, "/{owner}/{project}/labels/{id}/delete", delete_label);
    web.post(router, "/{owner}/{project}/milestones", create_milestone);
    web.post(router, "/{owner}/{project}/milestones/{id}/edit", update_milestone);
    web.post(router, "/{owner}/{project}/milestones/{id}/delete", delete_milestone);
    web.post(router, "/notifications/read", mark_read);
}

} // namespace ui
