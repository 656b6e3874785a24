// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/pages/merge_request_values.h"

#include "forge/http/form.h"
#include "forge/services/fork_service.h"
#include "forge/services/group_service.h"
#include "forge/services/merge_request_service.h"
#include "forge/services/notification_service.h"
#include "ui/format.h"
#include "ui/pages/git_values.h"
#include "ui/pages/issue_values.h"
#include "ui/web.h"

namespace ui {

namespace http = forge::http;
namespace services = forge::services;

forge::Result<MergeRequestPage> open_merge_request_page(WebUi& web, Context& context)
{
    MergeRequestPage page;
    page.project = TRY(open_project_view(web, context));
    std::string text(context.request.param("number"));
    if (text.empty() || text.size() > 9 ||
        text.find_first_not_of("0123456789") != std::string::npos)
        return forge::Error::not_found("no such merge request");
    page.number = std::stoll(text);
    page.view = TRY(
        services::get_merge_request(web.services(), context.viewer(), page.path(), page.number));
    page.url = page.project.base + "/merge_requests/" + text;
    return page;
}

Value request_value(const Context& context, const services::MergeRequest& request,
                    const std::string& base)
{
    Value data;
    data.set("number", request.number);
    data.set("title", request.title);
    data.set("url", base + "/merge_requests/" + std::to_string(request.number));
    data.set("author", request.author.name);
    std::string source = request.source_branch;
    if (request.source_project && request.source_project->id != request.project.id)
        source =
            request.source_project->owner.name + "/" + request.source_project->name + ":" + source;
    data.set("source", source);
    data.set("target_branch", request.target_branch);
    std::string_view state = to_string(request.state);
    data.set("state", std::string(state));
    data.set("state_label", std::string(context.text(state == "open"     ? "Open"
                                                     : state == "merged" ? "Merged"
                                                                         : "Closed")));
    data.set(std::string(state), true);
    data.set("time", display_time(request.created_at));
    data.set("datetime", machine_time(request.created_at));
    data.set("head_id", request.head_id);
    data.set("mergeable", request.merge_status == services::MergeStatus::mergeable);
    data.set("conflict", request.merge_status == services::MergeStatus::conflict);
    Value::List conflicts;
    for (const auto& path : request.conflicts) {
        Value item;
        item.set("path", path);
        conflicts.push_back(std::move(item));
    }
    data.set("conflicts", std::move(conflicts));
    if (request.merged_by)
        data.set("merged_by", request.merged_by->name);
    data.set("merge_commit", std::string(short_id(request.merge_commit_id)));
    Value::List reviewers;
    for (const auto& reviewer : request.reviewers) {
        Value item;
        item.set("name", reviewer.name);
        reviewers.push_back(std::move(item));
    }
    data.set("reviewers", std::move(reviewers));
    return data;
}

Value page_data(const Context& context, const MergeRequestPage& page, std::string_view tab)
{
    Value data;
    data.set("title", "!" + std::to_string(page.number) + " " + page.view.request.title);
    data.set("project", page.project.header(context, "merge_requests"));
    data.set("own_heading", true);
    Value mr = request_value(context, page.view.request, page.project.base);
    mr.set("may_comment", page.view.may_review);
    data.set("mr", std::move(mr));
    data.set("tab_" + std::string(tab), true);
    return data;
}

Value collaboration_value(WebUi& web, Context& context, const ProjectView& project)
{
    Value data;
    services::ProjectPath path{project.owner, project.name};
    auto origin =
        services::fork_origin(web.services(), context.viewer(), project.access.project.id);
    if (!origin.is_error() && origin.value().is_fork) {
        data.set("is_fork", true);
        if (const auto& parent = origin.value().parent) {
            data.set("parent", parent->owner.name + "/" + parent->name);
            data.set("parent_url", "/" + parent->owner.name + "/" + parent->name);
        }
    }
    if (!context.signed_in())
        return data;
    auto branches = services::branches_to_propose(web.services(), context.viewer(), path);
    Value::List proposals;
    if (!branches.is_error())
        for (const auto& branch : branches.value()) {
            Value item;
            item.set("branch", branch);
            item.set("url", project.base + "/merge_requests/new?source=" +
                                http::percent_encode(branch, false));
            proposals.push_back(std::move(item));
        }
    data.set("proposals", std::move(proposals));
    Value::List owners;
    Value me;
    me.set("name", context.identity->user.name);
    owners.push_back(std::move(me));
    auto groups = services::groups_where_owner(web.services(), context.identity->user.id);
    if (!groups.is_error())
        for (const auto& group : groups.value()) {
            Value item;
            item.set("name", group.name);
            owners.push_back(std::move(item));
        }
    data.set("fork_owners", std::move(owners));
    data.set("may_fork", true);
    auto watch = services::project_watch(web.services(), context.viewer(), path);
    data.set("signed_in", true);
    data.set("watching", !watch.is_error() && watch.value().value_or(false));
    return data;
}

Value thread_value(WebUi& web, const Context& context, const ProjectView& project,
                   const services::Thread& thread, const std::string& back)
{
    Value data;
    data.set("id", thread.id);
    data.set("back", back);
    data.set("resolved", thread.resolved);
    if (thread.anchor) {
        data.set("path", thread.anchor->path);
        data.set("line", thread.outdated ? thread.anchor->line : thread.current_line);
        data.set("outdated", thread.outdated);
        bool old_side = thread.anchor->side == services::DiffSide::old_side;
        data.set("line_anchor", (old_side ? "o" : "n") + std::to_string(thread.current_line));
    }
    Value::List comments;
    for (const auto& comment : thread.comments) {
        Value item;
        item.set("id", comment.id);
        item.set("author", comment.author.name);
        item.set("body", linked_markdown(web, context, project, comment.body));
        item.set("time", display_time(comment.created_at));
        item.set("datetime", machine_time(comment.created_at));
        item.set("edited", comment.updated_at > comment.created_at);
        item.set("may_change", comment.may_change);
        comments.push_back(std::move(item));
    }
    data.set("comments", std::move(comments));
    return data;
}

} // namespace ui
