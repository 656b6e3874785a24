// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// The pages of merge requests: the list, the form to open one, and the review tabs
// (conversation, commits, changes) of DESIGN.md section 6.
#include "ui/pages/merge_request_pages.h"

#include "forge/http/form.h"
#include "forge/services/merge_request_service.h"
#include "forge/services/review_service.h"
#include "ui/format.h"
#include "ui/pages/diff_values.h"
#include "ui/pages/git_values.h"
#include "ui/pages/issue_values.h"
#include "ui/pages/list_values.h"
#include "ui/pages/merge_request_values.h"
#include "ui/pages/pages.h"
#include "ui/web.h"

#include <map>
#include <tuple>

namespace ui {

namespace http = forge::http;
namespace services = forge::services;

namespace {

forge::Result<http::Response> list_page(WebUi& web, Context& context)
{
    auto project = TRY(open_project_view(web, context));
    auto query = http::FormFields::parse(context.request.query);
    std::string state = query.get("state");
    if (state != "merged" && state != "closed")
        state = "open";
    auto paging = paging_of(context);
    services::MergeRequestFilter filter;
    filter.state = services::parse_merge_state(state);
    filter.author = query.get("author");
    filter.reviewer = query.get("reviewer");
    filter.target_branch = query.get("target");
    filter.offset = static_cast<int64_t>(paging.offset());
    filter.limit = static_cast<int64_t>(paging.per_page);
    auto list = TRY(services::list_merge_requests(web.services(), context.viewer(),
                                                  {project.owner, project.name}, filter));
    Value::List items;
    for (const auto& item : list.items)
        items.push_back(request_value(context, item, project.base));
    Value data;
    data.set("title", std::string(context.text("Merge requests")));
    data.set("project", project.header(context, "merge_requests"));
    data.set("items", std::move(items));
    data.set("state", state);
    data.set("state_" + state, true);
    data.set("open_count", list.open_count);
    data.set("merged_count", list.merged_count);
    data.set("closed_count", list.closed_count);
    data.set("author", filter.author);
    data.set("reviewer", filter.reviewer);
    data.set("target", filter.target_branch);
    data.set("may_open", context.signed_in());
    std::string here = project.base + "/merge_requests?state=" + state +
                       "&author=" + http::percent_encode(filter.author, false) +
                       "&reviewer=" + http::percent_encode(filter.reviewer, false) +
                       "&target=" + http::percent_encode(filter.target_branch, false);
    paging.add_links(data, here,
                     static_cast<int64_t>(paging.offset() + list.items.size()) < list.total);
    return web.page(context, "merge_requests", std::move(data));
}

forge::Result<http::Response> new_page(WebUi& web, Context& context)
{
    return new_request_form(web, context, http::FormFields::parse(context.request.query), {});
}

forge::Result<http::Response> conversation_page(WebUi& web, Context& context)
{
    auto page = TRY(open_merge_request_page(web, context));
    const auto& view = page.view;
    Value data = page_data(context, page, "conversation");
    Value mr = *data.member("mr");
    mr.set("description", linked_markdown(web, context, page.project, view.request.description));
    data.set("mr", std::move(mr));
    data.set("approvals", view.approvals);
    data.set("required", view.settings.required_approvals);
    data.set("changes_requested", view.changes_requested);
    data.set("may_merge", view.may_merge);
    data.set("may_edit", view.may_edit);
    data.set("blocker", view.merge_blocker);
    data.set("is_author",
             context.signed_in() && context.viewer().user_id == view.request.author.id);
    Value::List styles;
    bool first = true;
    auto style = [&](bool allowed, const char* value, std::string_view label) {
        if (!allowed)
            return;
        Value item;
        item.set("value", value);
        item.set("label", std::string(context.text(label)));
        item.set("checked", first);
        first = false;
        styles.push_back(std::move(item));
    };
    style(view.settings.allow_merge_commit, "merge", "Merge commit");
    style(view.settings.allow_squash, "squash", "Squash into one commit");
    style(view.settings.allow_fast_forward && view.request.fast_forward, "fast-forward-only",
          "Fast-forward");
    data.set("styles", std::move(styles));
    auto reviews =
        TRY(services::list_reviews(web.services(), context.viewer(), page.path(), page.number));
    Value::List review_items;
    for (const auto& review : reviews) {
        Value item;
        item.set("reviewer", review.reviewer.name);
        item.set("state", std::string(context.text(
                              review.state == services::ReviewState::approved ? "approved"
                              : review.state == services::ReviewState::changes_requested
                                  ? "requested changes"
                                  : "commented")));
        item.set("stale", review.stale);
        if (!review.body.empty())
            item.set("body", linked_markdown(web, context, page.project, review.body));
        review_items.push_back(std::move(item));
    }
    data.set("reviews", std::move(review_items));
    auto threads =
        TRY(services::list_threads(web.services(), context.viewer(), page.path(), page.number));
    Value::List thread_items;
    for (const auto& thread : threads)
        thread_items.push_back(thread_value(web, context, page.project, thread, page.url));
    data.set("threads", std::move(thread_items));
    return web.page(context, "merge_request", std::move(data));
}

forge::Result<http::Response> commits_page(WebUi& web, Context& context)
{
    auto page = TRY(open_merge_request_page(web, context));
    Value data = page_data(context, page, "commits");
    auto commits = TRY(services::merge_request_commits(web.services(), context.viewer(),
                                                       page.path(), page.number));
    Value::List items;
    for (const auto& commit : commits)
        items.push_back(commit_value(commit, page.project));
    data.set("commits", std::move(items));
    auto revisions =
        TRY(services::list_revisions(web.services(), context.viewer(), page.path(), page.number));
    Value::List revision_items;
    for (const auto& revision : revisions) {
        Value item;
        item.set("head", std::string(short_id(revision.head_id)));
        item.set("time", display_time(revision.created_at));
        item.set("datetime", machine_time(revision.created_at));
        item.set("forced", revision.forced);
        revision_items.push_back(std::move(item));
    }
    data.set("revisions", std::move(revision_items));
    return web.page(context, "merge_request_commits", std::move(data));
}

// Line threads by where they show in the latest diff: path, side ('o'/'n'), line.
using ThreadPlaces = std::map<std::tuple<std::string, char, int>, Value::List>;

forge::Result<http::Response> changes_page(WebUi& web, Context& context)
{
    auto page = TRY(open_merge_request_page(web, context));
    auto query = http::FormFields::parse(context.request.query);
    int64_t from = std::atoll(query.get("from").c_str());
    int64_t to = std::atoll(query.get("to").c_str());
    auto revisions =
        TRY(services::list_revisions(web.services(), context.viewer(), page.path(), page.number));
    int64_t latest = revisions.empty() ? 0 : revisions.back().number;
    if (to <= 0 || to > latest)
        to = latest;
    if (from < 0 || from >= to)
        from = 0;
    auto diff = TRY(services::merge_request_changes(web.services(), context.viewer(), page.path(),
                                                    page.number, from, to, {}));
    Value data = page_data(context, page, "changes");
    Value::List revision_items;
    for (const auto& revision : revisions) {
        Value item;
        item.set("number", revision.number);
        item.set("is_from", revision.number == from);
        item.set("is_to", revision.number == to);
        revision_items.push_back(std::move(item));
    }
    data.set("revisions", std::move(revision_items));
    bool comparing = from > 0 || to != latest;
    data.set("comparing", comparing);
    std::string back = page.url + "/changes" + (query.get("view") == "split" ? "?view=split" : "");
    ThreadPlaces places;
    if (!comparing) {
        auto threads =
            TRY(services::list_threads(web.services(), context.viewer(), page.path(), page.number));
        for (const auto& thread : threads) {
            if (!thread.anchor || thread.outdated)
                continue;
            char side = thread.anchor->side == services::DiffSide::old_side ? 'o' : 'n';
            places[{thread.anchor->path, side, thread.current_line}].push_back(
                thread_value(web, context, page.project, thread, back));
        }
    }
    // ?comment=<side><line>:<path> opens the comment form under that line.
    std::string wanted = query.get("comment");
    bool may_comment = page.view.may_review && !comparing;
    LineNotes notes;
    notes.split = query.get("view") == "split";
    data.set("split", notes.split);
    notes.comment_url = [&](const std::string& path, bool old_side, int line) {
        if (!may_comment)
            return std::string();
        return back + (back.find('?') == std::string::npos ? "?" : "&") +
               "comment=" + (old_side ? "o" : "n") + std::to_string(line) + ":" +
               http::percent_encode(path, false) + "#comment-form";
    };
    notes.below = [&](const std::string& path, bool old_side, int line) {
        Value below;
        char side = old_side ? 'o' : 'n';
        auto found = places.find({path, side, line});
        if (found != places.end())
            below.set("threads", found->second);
        if (may_comment && wanted == std::string(1, side) + std::to_string(line) + ":" + path) {
            below.set("form", true);
            below.set("path", path);
            below.set("side", old_side ? "old" : "new");
            below.set("line", line);
            below.set("revision", to);
        }
        return below;
    };
    data.set("back", back);
    data.set("diff",
             diff_value(context, diff,
                        page.project.base + "/raw/" + page.view.request.head_id + "/", notes));
    return web.page(context, "merge_request_changes", std::move(data));
}

forge::Result<http::Response> edit_page(WebUi& web, Context& context)
{
    auto page = TRY(open_merge_request_page(web, context));
    if (!page.view.may_edit)
        return forge::Error::not_found("no such page");
    Value data = page_data(context, page, "conversation");
    data.set("editing_request", true);
    data.set("action", page.url + "/edit");
    data.set("title_value", page.view.request.title);
    data.set("body", page.view.request.description);
    return web.page(context, "merge_request_edit", std::move(data));
}

forge::Result<http::Response> edit_comment_page(WebUi& web, Context& context)
{
    auto page = TRY(open_merge_request_page(web, context));
    int64_t id = std::atoll(std::string(context.request.param("comment")).c_str());
    auto threads =
        TRY(services::list_threads(web.services(), context.viewer(), page.path(), page.number));
    for (const auto& thread : threads)
        for (const auto& comment : thread.comments)
            if (comment.id == id && comment.may_change &&
                comment.author.id == context.viewer().user_id) {
                Value data = page_data(context, page, "conversation");
                data.set("action", page.url + "/comments/" + std::to_string(id) + "/edit");
                data.set("body", comment.body);
                return web.page(context, "merge_request_edit", std::move(data));
            }
    return forge::Error::not_found("no such comment");
}

} // namespace

void add_merge_request_pages(WebUi& web, http::Router& router)
{
    const std::string base = "/{owner}/{project}/merge_requests";
    web.get(router, base, list_page);
    web.get(router, base + "/new", new_page, WebUi::Access::signed_in);
    web.get(router, base + "/{number}", conversation_page);
    web.get(router, base + "/{number}/commits", commits_page);
    web.get(router, base + "/{number}/changes", changes_page);
    web.get(router, base + "/{number}/edit", edit_page, WebUi::Access::signed_in);
    web.get(router, base + "/{number}/comments/{comment}/edit", edit_comment_page,
            WebUi::Access::signed_in);
    add_merge_request_actions(web, router);
}

} // namespace ui
