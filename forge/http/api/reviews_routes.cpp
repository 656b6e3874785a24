// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// Reviews of pull requests and their line comments, in Gitea API v1's paths and shapes.
#include "forge/http/api/json_shapes.h"
#include "forge/http/api/resource_routes.h"
#include "forge/services/merge_request_service.h"
#include "forge/services/review_service.h"

#include <algorithm>
#include <map>

namespace forge::http::api {

namespace {

// A pull request with its reviews and the line threads posted with them.
struct Reviewed {
    services::MergeRequest pull;
    std::vector<services::Review> reviews;
    std::vector<services::Thread> threads; // those of a review only
};

Result<Reviewed> reviewed(ApiContext& context, const Request& request)
{
    auto pull = TRY(pull_of(context, request));
    auto path = project_path(request);
    auto& services = context.services;
    const auto& viewer = context.caller.viewer;
    auto reviews = TRY(services::list_reviews(services, viewer, path, pull.number));
    auto threads = TRY(services::list_threads(services, viewer, path, pull.number));
    std::erase_if(threads, [](const services::Thread& thread) {
        return thread.review_id == 0 || !thread.anchor || thread.comments.empty();
    });
    return Reviewed{std::move(pull), std::move(reviews), std::move(threads)};
}

int64_t comment_count(const Reviewed& reviewed, int64_t review_id)
{
    return std::count_if(reviewed.threads.begin(), reviewed.threads.end(),
                         [&](const services::Thread& t) { return t.review_id == review_id; });
}

Result<const services::Review*> review_in(const Reviewed& reviewed, const Request& request)
{
    auto id = TRY(number_param(request, "id", "review"));
    for (const auto& review : reviewed.reviews)
        if (review.id == id)
            return &review;
    return Error::not_found("no such review");
}

Result<Response> list_reviews(ApiContext& context, Request& request)
{
    auto found = TRY(reviewed(context, request));
    Json items = Json::array();
    for (const auto& review : found.reviews)
        items.push_back(review_json(context, found.pull, review, comment_count(found, review.id)));
    return page_response(items, page_request(request));
}

Result<Response> get_review(ApiContext& context, Request& request)
{
    auto found = TRY(reviewed(context, request));
    auto review = TRY(review_in(found, request));
    return json_response(
        200, review_json(context, found.pull, *review, comment_count(found, review->id)));
}

Result<Response> review_comments(ApiContext& context, Request& request)
{
    auto found = TRY(reviewed(context, request));
    auto review = TRY(review_in(found, request));
    auto revisions = TRY(services::list_revisions(context.services, context.caller.viewer,
                                                  project_path(request), found.pull.number));
    std::map<int64_t, std::string> heads;
    for (const auto& revision : revisions)
        heads[revision.number] = revision.head_id;
    Json items = Json::array();
    for (const auto& thread : found.threads)
        if (thread.review_id == review->id)
            items.push_back(
                review_comment_json(context, found.pull, thread, heads[thread.anchor->revision]));
    return json_response(200, items);
}

// CreatePullReviewComment: path, body, and new_position (a line of the new file) or
// old_position (a line of the old file).
Result<services::NewComment> line_comment(const Json& item)
{
    if (!item.is_object())
        return Error::invalid_argument("each comment must be an object");
    services::NewComment comment;
    comment.body = TRY(string_field(item, "body"));
    services::LineAnchor anchor;
    anchor.path = TRY(string_field(item, "path"));
    auto new_line = TRY(count_field(item, "new_position"));
    auto old_line = TRY(count_field(item, "old_position"));
    if (new_line == 0 && old_line == 0)
        return Error::invalid_argument("a comment needs new_position or old_position");
    anchor.side = new_line > 0 ? services::DiffSide::new_side : services::DiffSide::old_side;
    anchor.line = static_cast<int>(new_line > 0 ? new_line : old_line);
    comment.anchor = anchor;
    return comment;
}

// CreatePullReviewOptions: body, event (APPROVED, REQUEST_CHANGES or COMMENT; Forge has
// no pending reviews), commit_id (refused with 409 when the pull request moved on since),
// comments.
Result<Response> create_review(ApiContext& context, Request& request)
{
    const auto& body = context.body;
    services::NewReview review;
    auto event = TRY(string_field(body, "event", "COMMENT"));
    if (event == "APPROVED" || event == "APPROVE")
        review.state = services::ReviewState::approved;
    else if (event == "REQUEST_CHANGES")
        review.state = services::ReviewState::changes_requested;
    else if (event == "COMMENT" || event.empty())
        review.state = services::ReviewState::commented;
    else
        return Error::invalid_argument("event must be APPROVED, REQUEST_CHANGES or COMMENT");
    review.body = TRY(string_field(body, "body"));
    review.head_id = TRY(string_field(body, "commit_id"));
    if (auto comments = body.find("comments"); comments != body.end() && !comments->is_null()) {
        if (!comments->is_array())
            return Error::invalid_argument("comments must be a list");
        for (const auto& item : *comments) {
            auto comment = TRY(line_comment(item));
            review.comments.push_back(std::move(comment));
        }
    }
    auto pull = TRY(pull_of(context, request));
    auto made = TRY(services::submit_review(context.services, context.actor(),
                                            project_path(request), pull.number, review));
    auto count = static_cast<int64_t>(review.comments.size());
    return json_response(200, review_json(context, pull, made, count));
}

} // namespace

void add_review_routes(Router& router, services::Services& services, const std::string& base_url)
{
    const std::string reviews = "/repos/{owner}/{repo}/pulls/{index}/reviews";
    add_api(router, services, base_url, Method::get, reviews, list_reviews);
    add_api(router, services, base_url, Method::post, reviews, create_review);
    add_api(router, services, base_url, Method::get, reviews + "/{id}", get_review);
    add_api(router, services, base_url, Method::get, reviews + "/{id}/comments", review_comments);
}

} // namespace forge::http::api
