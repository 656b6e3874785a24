// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// Pull requests (merge requests), in Gitea API v1's paths and shapes: list, open, read,
// edit, commits, changed files, the diff, and merging.
#include "forge/http/api/json_shapes.h"
#include "forge/http/api/resource_routes.h"
#include "forge/http/api/unified_diff.h"
#include "forge/services/fork_service.h"
#include "forge/services/merge_request_service.h"
#include "forge/services/merge_service.h"

#include <algorithm>

namespace forge::http::api {

namespace {

using services::MergeRequest;
using services::MergeState;

// Up to `count` merge requests in one state, newest first, and how many there are.
Result<std::vector<MergeRequest>> newest(ApiContext& context, const services::ProjectPath& path,
                                         services::MergeRequestFilter filter, MergeState state,
                                         int64_t count, int64_t& total)
{
    std::vector<MergeRequest> items;
    filter.state = state;
    filter.offset = 0;
    filter.limit = 100;
    while (static_cast<int64_t>(items.size()) < count) {
        auto list = TRY(
            services::list_merge_requests(context.services, context.caller.viewer, path, filter));
        total = list.total;
        if (list.items.empty())
            break;
        filter.offset += static_cast<int64_t>(list.items.size());
        for (auto& item : list.items)
            items.push_back(std::move(item));
    }
    return items;
}

// Gitea's "closed" takes in merged ones, but the services filter by one state: the two
// lists are merged here, newest (highest number) first, walking past the earlier pages.
Result<Response> closed_pulls(ApiContext& context, const services::ProjectPath& path,
                              const services::MergeRequestFilter& filter, const PageRequest& page)
{
    int64_t closed_total = 0, merged_total = 0;
    int64_t wanted = page.offset + page.limit;
    auto closed = TRY(newest(context, path, filter, MergeState::closed, wanted, closed_total));
    auto merged = TRY(newest(context, path, filter, MergeState::merged, wanted, merged_total));
    std::vector<MergeRequest> all;
    std::merge(std::make_move_iterator(closed.begin()), std::make_move_iterator(closed.end()),
               std::make_move_iterator(merged.begin()), std::make_move_iterator(merged.end()),
               std::back_inserter(all),
               [](const MergeRequest& a, const MergeRequest& b) { return a.number > b.number; });
    Json items = Json::array();
    for (int64_t i = page.offset; i < wanted && i < static_cast<int64_t>(all.size()); ++i)
        items.push_back(pull_json(context, all[static_cast<size_t>(i)]));
    auto response = json_response(200, items);
    response.set_header("X-Total-Count", std::to_string(closed_total + merged_total));
    return response;
}

// ?state=open (the default), closed or all; ?poster=<user>; ?page and ?limit.
Result<Response> list_pulls(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto page = page_request(request);
    auto state = query_value(request, "state");
    services::MergeRequestFilter filter;
    filter.author = query_value(request, "poster");
    if (state == "closed")
        return closed_pulls(context, path, filter, page);
    if (state.empty() || state == "open")
        filter.state = MergeState::open;
    else if (state != "all")
        return Error::invalid_argument("state must be open, closed or all");
    filter.offset = page.offset;
    filter.limit = page.limit;
    auto list =
        TRY(services::list_merge_requests(context.services, context.caller.viewer, path, filter));
    Json items = Json::array();
    for (const auto& item : list.items)
        items.push_back(pull_json(context, item));
    auto response = json_response(200, items);
    response.set_header("X-Total-Count", std::to_string(list.total));
    return response;
}

// CreatePullRequestOption's head: "branch" of the target project, or "owner:branch" of
// the owner's fork (the target's owner meaning the target itself); also "owner/repo:branch".
Result<services::NewMergeRequest>
source_of(ApiContext& context, const services::ProjectPath& target, const std::string& head)
{
    services::NewMergeRequest request;
    auto colon = head.find(':');
    request.source_branch = head.substr(colon == std::string::npos ? 0 : colon + 1);
    if (colon == std::string::npos)
        return request;
    auto owner = head.substr(0, colon);
    if (auto slash = owner.find('/'); slash != std::string::npos) {
        request.source = services::ProjectPath{owner.substr(0, slash), owner.substr(slash + 1)};
        return request;
    }
    if (owner == target.owner)
        return request;
    auto forks = TRY(services::list_forks(context.services, context.caller.viewer, target));
    auto fork = std::find_if(forks.begin(), forks.end(),
                             [&](const db::ProjectRow& row) { return row.owner.name == owner; });
    if (fork == forks.end())
        return Error::not_found("no fork of " + target.to_string() + " owned by " + owner);
    request.source = services::ProjectPath{fork->owner.name, fork->name};
    return request;
}

Result<Response> create_pull(ApiContext& context, Request& request)
{
    const auto& body = context.body;
    auto target = project_path(request);
    auto head = TRY(string_field(body, "head"));
    if (head.empty())
        return Error::invalid_argument("head is required");
    auto opening = TRY(source_of(context, target, head));
    opening.target_branch = TRY(string_field(body, "base"));
    opening.title = TRY(string_field(body, "title"));
    opening.description = TRY(string_field(body, "body"));
    opening.reviewers = TRY(strings_field(body, "reviewers"));
    auto opened =
        TRY(services::open_merge_request(context.services, context.actor(), target, opening));
    return json_response(201, pull_json(context, opened));
}

// /pulls/{index}.diff: the changes as `git diff` shows them (Gitea's diffType). No .patch:
// Forge does not write mailbox patches.
Result<Response> pull_diff(ApiContext& context, const Request& request, std::string_view number)
{
    auto value = whole_number(number).value_or(0);
    if (value <= 0)
        return Error::not_found("no such pull request");
    gitcore::DiffLimits limits{5000, 200'000, 100'000};
    auto diff = TRY(services::merge_request_changes(context.services, context.caller.viewer,
                                                    project_path(request), value, 0, 0, limits));
    if (diff.truncated)
        return Error::too_large("the diff is too large; fetch refs/merge-requests/" +
                                std::to_string(value) + "/head with git instead");
    auto response = Response::text(200, unified_diff(diff));
    response.set_header("Content-Type", "text/plain;charset=utf-8");
    return response;
}

Result<Response> get_pull(ApiContext& context, Request& request)
{
    std::string_view index = request.param("index");
    constexpr std::string_view diff_suffix = ".diff";
    if (index.size() > diff_suffix.size() && index.ends_with(diff_suffix))
        return pull_diff(context, request, index.substr(0, index.size() - diff_suffix.size()));
    auto pull = TRY(pull_of(context, request));
    return json_response(200, pull_json(context, pull));
}

// EditPullRequestOption: title, body, base, state ("open" or "closed"); other fields are
// ignored, as Forge has no labels, assignees or milestones on merge requests.
Result<Response> edit_pull(ApiContext& context, Request& request)
{
    const auto& body = context.body;
    services::MergeRequestEdit edit;
    if (body.contains("title"))
        edit.title = TRY(string_field(body, "title"));
    if (body.contains("body"))
        edit.description = TRY(string_field(body, "body"));
    if (body.contains("base"))
        edit.target_branch = TRY(string_field(body, "base"));
    auto state = TRY(string_field(body, "state"));
    if (!state.empty() && state != "open" && state != "closed")
        return Error::invalid_argument("state must be open or closed");
    auto pull = TRY(pull_of(context, request));
    if (!state.empty() && pull.state == MergeState::merged)
        return refusal(412, "the pull request is merged; its state cannot change");
    auto& services = context.services;
    auto actor = context.actor();
    auto path = project_path(request);
    if (edit.title || edit.description || edit.target_branch)
        pull = TRY(services::edit_merge_request(services, actor, path, pull.number, edit));
    if (state == "closed" && pull.state == MergeState::open)
        pull = TRY(services::close_merge_request(services, actor, path, pull.number));
    else if (state == "open" && pull.state == MergeState::closed)
        pull = TRY(services::reopen_merge_request(services, actor, path, pull.number));
    return json_response(201, pull_json(context, pull)); // 201 as in Gitea
}

Result<Response> pull_commits(ApiContext& context, Request& request)
{
    auto pull = TRY(pull_of(context, request));
    auto path = project_path(request);
    auto commits = TRY(services::merge_request_commits(context.services, context.caller.viewer,
                                                       path, pull.number));
    Json items = Json::array();
    for (const auto& commit : commits)
        items.push_back(commit_json(context, path.to_string(), commit));
    return page_response(items, page_request(request));
}

Result<Response> pull_files(ApiContext& context, Request& request)
{
    auto pull = TRY(pull_of(context, request));
    // Files and line counts only: no hunks are kept.
    gitcore::DiffLimits limits{5000, 0, 0};
    auto diff = TRY(services::merge_request_changes(
        context.services, context.caller.viewer, project_path(request), pull.number, 0, 0, limits));
    Json items = Json::array();
    for (const auto& file : diff.files)
        items.push_back(changed_file_json(file));
    return page_response(items, page_request(request));
}

// 204 when merged, 404 otherwise (also when it does not exist).
Result<Response> is_merged(ApiContext& context, Request& request)
{
    auto pull = TRY(pull_of(context, request));
    if (pull.state != MergeState::merged)
        return Error::not_found("the pull request is not merged");
    Response response;
    response.status = 204;
    return response;
}

// Gitea answers 405 when the pull request may not be merged as it stands (the caller's
// rights, the project's rules, a closed, merged or conflicting pull request) and 409 when
// the merge met a change on its way (the head is not head_commit_id, the target moved).
Response merge_refusal(ApiContext& context, const Request& request,
                       const services::MergeOptions& options, const Error& error)
{
    if (error.code == ErrorCode::forbidden || error.code == ErrorCode::unprocessable)
        return refusal(405, error.message);
    if (error.code != ErrorCode::conflict)
        return error_response(error);
    auto now = pull_of(context, request);
    if (now.is_error())
        return error_response(error);
    bool stale =
        !options.expected_head_id.empty() && options.expected_head_id != now.value().head_id;
    bool stuck = now.value().state != MergeState::open ||
                 now.value().merge_status != services::MergeStatus::mergeable;
    return !stale && stuck ? refusal(405, error.message) : error_response(error);
}

// MergePullRequestOption: Do (merge, squash or fast-forward-only), MergeTitleField,
// MergeMessageField, delete_branch_after_merge, head_commit_id. Without checks to wait for,
// merge_when_checks_succeed merges now, as Gitea does when its checks have passed.
Result<Response> merge_pull(ApiContext& context, Request& request)
{
    const auto& body = context.body;
    auto number = TRY(number_param(request, "index", "pull request"));
    auto style = TRY(string_field(body, "Do", "merge"));
    services::MergeOptions options;
    if (style == "merge" || style.empty())
        options.style = gitcore::MergeStyle::merge_commit;
    else if (style == "squash")
        options.style = gitcore::MergeStyle::squash;
    else if (style == "fast-forward-only")
        options.style = gitcore::MergeStyle::fast_forward_only;
    else if (style == "rebase" || style == "rebase-merge" || style == "manually-merged")
        return refusal(405, "Forge merges with merge, squash or fast-forward-only, not " + style);
    else
        return Error::invalid_argument("Do must be merge, squash or fast-forward-only");
    auto title = TRY(string_field(body, "MergeTitleField"));
    auto message = TRY(string_field(body, "MergeMessageField"));
    options.message = title.empty() || message.empty() ? title + message : title + "\n\n" + message;
    options.delete_source_branch = TRY(bool_field(body, "delete_branch_after_merge", false));
    options.expected_head_id = TRY(string_field(body, "head_commit_id"));
    auto merged = services::merge_merge_request(context.services, context.actor(),
                                                project_path(request), number, options);
    if (merged.is_error())
        return merge_refusal(context, request, options, merged.error());
    Response response;
    response.status = 200;
    return response;
}

} // namespace

Result<services::MergeRequest> pull_of(ApiContext& context, const Request& request)
{
    auto number = TRY(number_param(request, "index", "pull request"));
    auto view = TRY(services::get_merge_request(context.services, context.caller.viewer,
                                                project_path(request), number));
    return view.request;
}

void add_pull_routes(Router& router, services::Services& services, const std::string& base_url)
{
    const std::string pulls = "/repos/{owner}/{repo}/pulls";
    const std::string one = pulls + "/{index}";
    auto add = [&](Method method, const std::string& pattern, ApiHandler handler) {
        add_api(router, services, base_url, method, pattern, handler);
    };
    add(Method::get, pulls, list_pulls);
    add(Method::post, pulls, create_pull);
    add(Method::get, one, get_pull); // also {index}.diff
    add(Method::patch, one, edit_pull);
    add(Method::get, one + "/commits", pull_commits);
    add(Method::get, one + "/files", pull_files);
    add(Method::get, one + "/merge", is_merged);
    add(Method::post, one + "/merge", merge_pull);
}

} // namespace forge::http::api
