// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// Pull requests (merge requests) and their reviews, in Gitea API v1's paths and shapes.
#include "forge/http/api/pulls_routes.h"

#include "forge/http/api/api_support.h"
#include "forge/services/fork_service.h"
#include "forge/services/merge_request_service.h"
#include "forge/services/merge_service.h"
#include "forge/services/review_service.h"

#include <algorithm>

namespace forge::http::api {

namespace {

using services::MergeRequest;

std::string html_url(const ApiContext& context, const MergeRequest& request)
{
    return context.base_url + "/" + request.project.owner.name + "/" + request.project.name +
           "/merge_requests/" + std::to_string(request.number);
}

Json branch_json(ApiContext& context, const std::optional<db::ProjectRow>& project,
                 const std::string& branch, const std::string& sha)
{
    Json side{{"label", branch}, {"ref", branch}, {"sha", sha}};
    if (project) {
        side["repo_id"] = project->id;
        side["repo"] = repository_json(context, *project);
    } else {
        side["repo_id"] = 0;
        side["repo"] = nullptr;
    }
    return side;
}

Json pull_json(ApiContext& context, const MergeRequest& request)
{
    bool merged = request.state == services::MergeState::merged;
    Json reviewers = Json::array();
    for (const auto& reviewer : request.reviewers)
        reviewers.push_back(user_json(context, reviewer));
    std::string url = html_url(context, request);
    return Json{
        {"id", request.id},
        {"number", request.number},
        {"url", url},
        {"html_url", url},
        {"diff_url", url + "/changes"},
        {"patch_url", url + "/changes"},
        {"user", user_json(context, request.author)},
        {"title", request.title},
        {"body", request.description},
        {"state", request.state == services::MergeState::open ? "open" : "closed"},
        {"is_locked", false},
        {"draft", false},
        {"labels", Json::array()},
        {"assignees", Json::array()},
        {"assignee", nullptr},
        {"milestone", nullptr},
        {"comments", request.comment_count},
        {"mergeable", request.merge_status == services::MergeStatus::mergeable},
        {"merge_status", std::string(to_string(request.merge_status))},
        {"conflicts", request.conflicts},
        {"merged", merged},
        {"merged_at", time_or_null(merged ? request.merged_at : 0)},
        {"merged_by", request.merged_by ? user_json(context, *request.merged_by) : Json(nullptr)},
        {"merge_commit_sha",
         request.merge_commit_id.empty() ? Json(nullptr) : Json(request.merge_commit_id)},
        {"merge_base", request.base_id},
        {"base", branch_json(context, request.project, request.target_branch, request.base_id)},
        {"head",
         branch_json(context, request.source_project, request.source_branch, request.head_id)},
        {"requested_reviewers", reviewers},
        {"created_at", rfc3339(request.created_at)},
        {"updated_at", rfc3339(request.updated_at)},
        {"closed_at", time_or_null(request.closed_at)},
    };
}

std::string_view review_state_name(services::ReviewState state)
{
    switch (state) {
    case services::ReviewState::approved:
        return "APPROVED";
    case services::ReviewState::changes_requested:
        return "REQUEST_CHANGES";
    case services::ReviewState::commented:
        return "COMMENT";
    }
    return "COMMENT";
}

Json review_json(ApiContext& context, const services::Review& review, const std::string& url)
{
    return Json{{"id", review.id},
                {"user", user_json(context, review.reviewer)},
                {"body", review.body},
                {"commit_id", review.head_id},
                {"state", review_state_name(review.state)},
                {"stale", review.stale},
                {"dismissed", review.dismissed},
                {"official", review.state != services::ReviewState::commented},
                {"html_url", url},
                {"submitted_at", rfc3339(review.created_at)}};
}

Result<MergeRequest> load(ApiContext& context, const Request& request)
{
    auto number = TRY(index_param(request));
    auto view = TRY(services::get_merge_request(context.services, context.caller.viewer,
                                                project_path(request), number));
    return view.request;
}

// "branch", "owner:branch" (the caller's or another fork named like the target) or
// "owner/repo:branch".
Result<services::NewMergeRequest>
source_of(ApiContext& context, const services::ProjectPath& target, const std::string& head)
{
    services::NewMergeRequest request;
    auto colon = head.find(':');
    if (colon == std::string::npos) {
        request.source_branch = head;
        return request;
    }
    request.source_branch = head.substr(colon + 1);
    auto owner = head.substr(0, colon);
    auto slash = owner.find('/');
    if (slash != std::string::npos) {
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

Result<Response> list_pulls(ApiContext& context, Request& request)
{
    services::MergeRequestFilter filter;
    auto state = query_value(request, "state");
    if (state.empty() || state == "open")
        filter.state = services::MergeState::open;
    else if (state != "all" && state != "closed")
        return Error::invalid_argument("state must be open, closed or all");
    auto limit = std::atoll(query_value(request, "limit").c_str());
    auto page = std::atoll(query_value(request, "page").c_str());
    filter.limit = std::clamp<int64_t>(limit > 0 ? limit : 30, 1, 50);
    filter.offset = (std::max<int64_t>(page, 1) - 1) * filter.limit;
    filter.target_branch = query_value(request, "base");
    auto list = TRY(services::list_merge_requests(context.services, context.caller.viewer,
                                                  project_path(request), filter));
    Json items = Json::array();
    for (const auto& item : list.items) {
        // Gitea's "closed" covers merged ones too.
        if (state == "closed" && item.state == services::MergeState::open)
            continue;
        items.push_back(pull_json(context, item));
    }
    auto response = json_response(200, items);
    response.set_header("X-Total-Count", std::to_string(list.total));
    return response;
}

Result<Response> create_pull(ApiContext& context, Request& request)
{
    auto body = TRY(json_body(request));
    auto target = project_path(request);
    auto head = TRY(string_field(body, "head"));
    if (head.empty())
        return Error::unprocessable("head is required");
    auto opening = TRY(source_of(context, target, head));
    opening.target_branch = TRY(string_field(body, "base"));
    opening.title = TRY(string_field(body, "title"));
    opening.description = TRY(string_field(body, "body"));
    if (auto reviewers = body.find("reviewers"); reviewers != body.end() && reviewers->is_array())
        for (const auto& name : *reviewers)
            if (name.is_string())
                opening.reviewers.push_back(name.get<std::string>());
    auto opened =
        TRY(services::open_merge_request(context.services, context.actor(), target, opening));
    return json_response(201, pull_json(context, opened));
}

Result<Response> get_pull(ApiContext& context, Request& request)
{
    auto pull = TRY(load(context, request));
    return json_response(200, pull_json(context, pull));
}

Result<Response> edit_pull(ApiContext& context, Request& request)
{
    auto body = TRY(json_body(request));
    auto number = TRY(index_param(request));
    auto path = project_path(request);
    services::MergeRequestEdit edit;
    if (body.contains("title"))
        edit.title = TRY(string_field(body, "title"));
    if (body.contains("body"))
        edit.description = TRY(string_field(body, "body"));
    if (body.contains("base"))
        edit.target_branch = TRY(string_field(body, "base"));
    auto state = TRY(string_field(body, "state"));
    if (!state.empty() && state != "open" && state != "closed")
        return Error::unprocessable("state must be open or closed");
    auto& services = context.services;
    auto actor = context.actor();
    auto edited = TRY(services::edit_merge_request(services, actor, path, number, edit));
    if (state == "closed" && edited.state == services::MergeState::open)
        edited = TRY(services::close_merge_request(services, actor, path, number));
    else if (state == "open" && edited.state == services::MergeState::closed)
        edited = TRY(services::reopen_merge_request(services, actor, path, number));
    return json_response(201, pull_json(context, edited));
}

Result<Response> pull_commits(ApiContext& context, Request& request)
{
    auto number = TRY(index_param(request));
    auto path = project_path(request);
    auto commits =
        TRY(services::merge_request_commits(context.services, context.caller.viewer, path, number));
    Json items = Json::array();
    for (const auto& commit : commits) {
        Json parents = Json::array();
        for (const auto& parent : commit.parents)
            parents.push_back(Json{{"sha", parent}});
        auto person = [](const gitcore::Signature& who) {
            return Json{{"name", who.name}, {"email", who.email}, {"date", rfc3339(who.time)}};
        };
        std::string url = context.base_url + "/" + path.to_string() + "/commit/" + commit.id;
        items.push_back(Json{{"sha", commit.id},
                             {"url", url},
                             {"html_url", url},
                             {"parents", parents},
                             {"commit", Json{{"message", commit.message},
                                             {"author", person(commit.author)},
                                             {"committer", person(commit.committer)}}}});
    }
    return json_response(200, items);
}

// Gitea says "changed" where git says "modified".
std::string_view file_status(gitcore::FileStatus status)
{
    return status == gitcore::FileStatus::modified || status == gitcore::FileStatus::type_changed
               ? "changed"
               : gitcore::to_string(status);
}

Result<Response> pull_files(ApiContext& context, Request& request)
{
    auto number = TRY(index_param(request));
    auto diff = TRY(services::merge_request_changes(context.services, context.caller.viewer,
                                                    project_path(request), number, 0, 0, {}));
    Json items = Json::array();
    for (const auto& file : diff.files)
        items.push_back(Json{{"filename", file.new_path},
                             {"previous_filename", file.old_path},
                             {"status", file_status(file.status)},
                             {"additions", file.additions},
                             {"deletions", file.deletions},
                             {"changes", file.additions + file.deletions}});
    return json_response(200, items);
}

Result<Response> is_merged(ApiContext& context, Request& request)
{
    auto pull = TRY(load(context, request));
    if (pull.state != services::MergeState::merged)
        return Error::not_found("the pull request is not merged");
    Response response;
    response.status = 204;
    return response;
}

Result<Response> merge_pull(ApiContext& context, Request& request)
{
    auto body = TRY(json_body(request));
    auto number = TRY(index_param(request));
    auto style = TRY(string_field(body, "Do"));
    services::MergeOptions options;
    if (style == "merge")
        options.style = gitcore::MergeStyle::merge_commit;
    else if (style == "squash")
        options.style = gitcore::MergeStyle::squash;
    else if (style == "fast-forward-only")
        options.style = gitcore::MergeStyle::fast_forward_only;
    else
        return Error::unprocessable("Do must be merge, squash or fast-forward-only");
    auto title = TRY(string_field(body, "MergeTitleField"));
    auto message = TRY(string_field(body, "MergeMessageField"));
    options.message = message.empty() ? title : title + "\n\n" + message;
    options.delete_source_branch = TRY(bool_field(body, "delete_branch_after_merge", false));
    options.expected_head_id = TRY(string_field(body, "head_commit_id"));
    TRY(services::merge_merge_request(context.services, context.actor(), project_path(request),
                                      number, options));
    Response response;
    response.status = 200;
    return response;
}

Result<Response> list_reviews(ApiContext& context, Request& request)
{
    auto pull = TRY(load(context, request));
    auto reviews = TRY(services::list_reviews(context.services, context.caller.viewer,
                                              project_path(request), pull.number));
    Json items = Json::array();
    for (const auto& review : reviews)
        items.push_back(review_json(context, review, html_url(context, pull)));
    return json_response(200, items);
}

Result<Response> get_review(ApiContext& context, Request& request)
{
    auto pull = TRY(load(context, request));
    auto reviews = TRY(services::list_reviews(context.services, context.caller.viewer,
                                              project_path(request), pull.number));
    auto wanted = std::atoll(std::string(request.param("id")).c_str());
    for (const auto& review : reviews)
        if (review.id == wanted)
            return json_response(200, review_json(context, review, html_url(context, pull)));
    return Error::not_found("no such review");
}

Result<std::vector<services::NewComment>> review_comments(const Json& body)
{
    std::vector<services::NewComment> comments;
    auto found = body.find("comments");
    if (found == body.end() || found->is_null())
        return comments;
    if (!found->is_array())
        return Error::invalid_argument("comments must be a list");
    for (const auto& item : *found) {
        if (!item.is_object())
            return Error::invalid_argument("each comment must be an object");
        services::NewComment comment;
        comment.body = TRY(string_field(item, "body"));
        services::LineAnchor anchor;
        anchor.path = TRY(string_field(item, "path"));
        auto new_line = TRY(count_field(item, "new_position"));
        auto old_line = TRY(count_field(item, "old_position"));
        anchor.side = new_line > 0 ? services::DiffSide::new_side : services::DiffSide::old_side;
        anchor.line = static_cast<int>(new_line > 0 ? new_line : old_line);
        comment.anchor = anchor;
        comments.push_back(std::move(comment));
    }
    return comments;
}

Result<Response> create_review(ApiContext& context, Request& request)
{
    auto body = TRY(json_body(request));
    auto number = TRY(index_param(request));
    services::NewReview review;
    auto event = TRY(string_field(body, "event", "COMMENT"));
    if (event == "APPROVED" || event == "APPROVE")
        review.state = services::ReviewState::approved;
    else if (event == "REQUEST_CHANGES")
        review.state = services::ReviewState::changes_requested;
    else if (event == "COMMENT")
        review.state = services::ReviewState::commented;
    else
        return Error::unprocessable("event must be APPROVED, REQUEST_CHANGES or COMMENT");
    review.body = TRY(string_field(body, "body"));
    review.head_id = TRY(string_field(body, "commit_id"));
    review.comments = TRY(review_comments(body));
    auto path = project_path(request);
    auto made =
        TRY(services::submit_review(context.services, context.actor(), path, number, review));
    auto pull = TRY(load(context, request));
    return json_response(200, review_json(context, made, html_url(context, pull)));
}

} // namespace

void add_pulls_routes(Router& router, services::Services& services, const std::string& base_url)
{
    const std::string pulls = "/repos/{owner}/{repo}/pulls";
    const std::string one = pulls + "/{index}";
    add_api(router, services, base_url, Method::get, pulls, list_pulls, false);
    add_api(router, services, base_url, Method::post, pulls, create_pull, true);
    add_api(router, services, base_url, Method::get, one, get_pull, false);
    add_api(router, services, base_url, Method::patch, one, edit_pull, true);
    add_api(router, services, base_url, Method::get, one + "/commits", pull_commits, false);
    add_api(router, services, base_url, Method::get, one + "/files", pull_files, false);
    add_api(router, services, base_url, Method::get, one + "/merge", is_merged, false);
    add_api(router, services, base_url, Method::post, one + "/merge", merge_pull, true);
    add_api(router, services, base_url, Method::get, one + "/reviews", list_reviews, false);
    add_api(router, services, base_url, Method::post, one + "/reviews", create_review, true);
    add_api(router, services, base_url, Method::get, one + "/reviews/{id}", get_review, false);
}

} // namespace forge::http::api
