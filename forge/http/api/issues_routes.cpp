// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// Issues, their comments and their labels, in Gitea API v1's paths and shapes. A merge
// request's number answers as Gitea's pull request does among issues: read, edited and
// commented on in the issue's shape. The repository's labels and milestones are in
// labels_routes.cpp and milestones_routes.cpp.
#include "forge/http/api/json_shapes.h"
#include "forge/http/api/resource_routes.h"
#include "forge/services/issue_service.h"
#include "forge/services/label_service.h"
#include "forge/services/merge_request_service.h"
#include "forge/services/review_service.h"

#include <algorithm>

namespace forge::http::api {

namespace {

bool given(const Json& body, const char* name)
{
    auto found = body.find(name);
    return found != body.end() && !found->is_null();
}

Response no_content()
{
    Response response;
    response.status = 204;
    return response;
}

Result<int64_t> issue_number(const Request& request)
{
    return number_param(request, "index", "issue");
}

Result<bool> is_merge_request(ApiContext& context, const services::ProjectPath& path,
                              int64_t number)
{
    auto kind = TRY(services::item_kind(context.services, context.caller.viewer, path, number));
    return kind == "merge_request";
}

// "a,b,c" without empty parts.
std::vector<std::string> comma_list(const std::string& text)
{
    std::vector<std::string> parts;
    for (size_t at = 0; at < text.size();) {
        size_t comma = std::min(text.find(',', at), text.size());
        if (comma > at)
            parts.push_back(text.substr(at, comma - at));
        at = comma + 1;
    }
    return parts;
}

// Gitea's label lists (IssueLabelsOption, CreateIssueOption) name labels by id; names are
// taken too. invalid_argument for another type or a label the repository does not have.
Result<std::vector<std::string>> label_names(ApiContext& context, const services::ProjectPath& path,
                                             const Json& body)
{
    std::vector<std::string> names;
    if (!given(body, "labels"))
        return names;
    const auto& wanted = body["labels"];
    if (!wanted.is_array())
        return Error::invalid_argument("labels must be a list of label ids");
    auto labels = TRY(services::list_labels(context.services, context.caller.viewer, path));
    for (const auto& item : wanted) {
        if (!item.is_number_integer() && !item.is_string())
            return Error::invalid_argument("labels must be a list of label ids");
        auto found = std::find_if(labels.begin(), labels.end(), [&](const services::Label& l) {
            return item.is_string() ? l.name == item.get<std::string>()
                                    : l.id == item.get<int64_t>();
        });
        if (found == labels.end())
            return Error::invalid_argument("no label " + item.dump() + " in this repository");
        if (std::find(names.begin(), names.end(), found->name) == names.end())
            names.push_back(found->name);
    }
    return names;
}

// ?milestones= (Gitea) or ?milestone=: a title or, failing that, an id. An unknown one
// matches nothing (-1).
Result<int64_t> milestone_filter(ApiContext& context, const services::ProjectPath& path,
                                 const Request& request)
{
    auto text = query_value(request, "milestones");
    if (text.empty())
        text = query_value(request, "milestone");
    auto wanted = comma_list(text);
    if (wanted.empty())
        return 0;
    if (wanted.size() > 1)
        return Error::invalid_argument("issues can be listed for one milestone at a time");
    auto all = TRY(services::list_milestones(context.services, context.caller.viewer, path));
    auto found =
        std::find_if(all.begin(), all.end(), [&](const auto& m) { return m.title == wanted[0]; });
    if (found == all.end())
        if (auto id = whole_number(wanted[0]))
            found =
                std::find_if(all.begin(), all.end(), [&](const auto& m) { return m.id == *id; });
    return found == all.end() ? -1 : found->id;
}

// Gitea's sort names (of its issue search), newest first when absent or unknown.
void apply_sort(services::IssueFilter& filter, const std::string& sort)
{
    if (sort == "recentupdate" || sort == "leastupdate")
        filter.sort = services::IssueSort::updated;
    else if (sort == "mostcomment" || sort == "leastcomment")
        filter.sort = services::IssueSort::comments;
    filter.ascending = sort == "oldest" || sort == "leastupdate" || sort == "leastcomment";
}

// ?state=open (the default), closed or all; ?labels=a,b (all of them); ?milestones=;
// ?assigned_by= or ?assignee=; ?created_by=; ?q= (words in the title, text or comments);
// ?type=issues or pulls; ?sort=; ?page and ?limit. Only issues: pull requests are listed
// under /pulls, and ?type=pulls answers an empty list.
Result<Response> list_issues(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto page = page_request(request);
    services::IssueFilter filter;
    std::string state = query_value(request, "state");
    if (state.empty() || state == "open")
        filter.open = true;
    else if (state == "closed")
        filter.open = false;
    else if (state != "all")
        return Error::invalid_argument("state must be open, closed or all");
    std::string type = query_value(request, "type");
    if (!type.empty() && type != "issues" && type != "pulls")
        return Error::invalid_argument("type must be issues or pulls");
    filter.labels = comma_list(query_value(request, "labels"));
    auto milestone = TRY(milestone_filter(context, path, request));
    if (type == "pulls" || milestone < 0)
        return paged_response(context, request, Json::array(), page, 0);
    filter.milestone_id = milestone;
    filter.assignee = query_value(request, "assigned_by");
    if (filter.assignee.empty())
        filter.assignee = query_value(request, "assignee");
    filter.author = query_value(request, "created_by");
    filter.text = query_value(request, "q");
    apply_sort(filter, query_value(request, "sort"));
    filter.offset = page.offset;
    filter.limit = page.limit;
    auto list = TRY(services::list_issues(context.services, context.caller.viewer, path, filter));
    Json items = Json::array();
    for (const auto& issue : list.items)
        items.push_back(issue_json(context, issue));
    return paged_response(context, request, items, page, list.total);
}

// CreateIssueOption: title, body, assignees (and the older assignee), labels (ids),
// milestone (an id), closed. ref and due_date are ignored. Labels, assignees and the
// milestone are set only for maintainers, as in Gitea.
Result<Response> create_issue(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    const auto& body = context.body;
    services::NewIssue opening;
    opening.title = TRY(string_field(body, "title"));
    opening.body = TRY(string_field(body, "body"));
    opening.assignees = TRY(strings_field(body, "assignees"));
    auto single = TRY(string_field(body, "assignee"));
    if (!single.empty() && std::find(opening.assignees.begin(), opening.assignees.end(), single) ==
                               opening.assignees.end())
        opening.assignees.push_back(single);
    opening.labels = TRY(label_names(context, path, body));
    opening.milestone_id = TRY(count_field(body, "milestone"));
    bool closed = TRY(bool_field(body, "closed", false));
    TRY(string_field(body, "ref"));
    auto opened = TRY(services::open_issue(context.services, context.actor(), path, opening));
    if (closed)
        opened = TRY(services::close_issue(context.services, context.actor(), path, opened.number,
                                           services::CloseReason::done));
    return json_response(201, issue_json(context, opened));
}

Result<Response> get_issue(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto number = TRY(issue_number(request));
    if (TRY(is_merge_request(context, path, number))) {
        auto pull = TRY(pull_of(context, request));
        return json_response(200, pull_issue_json(context, pull));
    }
    auto view = TRY(services::get_issue(context.services, context.caller.viewer, path, number));
    return json_response(200, issue_json(context, view.issue));
}

// A pull request edited through its issue: title, body and state.
Result<Response> edit_pull_as_issue(ApiContext& context, const Request& request,
                                    const std::string& state)
{
    const auto& body = context.body;
    auto path = project_path(request);
    services::MergeRequestEdit edit;
    if (given(body, "title"))
        edit.title = TRY(string_field(body, "title"));
    if (given(body, "body"))
        edit.description = TRY(string_field(body, "body"));
    auto pull = TRY(pull_of(context, request));
    if (!state.empty() && pull.state == services::MergeState::merged)
        return refusal(412, "the pull request is merged; its state cannot change");
    auto& services = context.services;
    auto actor = context.actor();
    if (edit.title || edit.description)
        pull = TRY(services::edit_merge_request(services, actor, path, pull.number, edit));
    if (state == "closed" && pull.state == services::MergeState::open)
        pull = TRY(services::close_merge_request(services, actor, path, pull.number));
    else if (state == "open" && pull.state == services::MergeState::closed)
        pull = TRY(services::reopen_merge_request(services, actor, path, pull.number));
    return json_response(201, pull_issue_json(context, pull));
}

// EditIssueOption: title, body, state (open or closed), assignees (or assignee), milestone
// (an id; 0 clears it). Absent and null fields stay as they are; labels have their own
// endpoints. 201, as in Gitea.
Result<Response> edit_issue(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto number = TRY(issue_number(request));
    const auto& body = context.body;
    std::string state = TRY(string_field(body, "state"));
    if (!state.empty() && state != "open" && state != "closed")
        return Error::invalid_argument("state must be open or closed");
    services::IssueChange change;
    if (given(body, "title"))
        change.title = TRY(string_field(body, "title"));
    if (given(body, "body"))
        change.body = TRY(string_field(body, "body"));
    if (given(body, "assignees")) {
        change.assignees = TRY(strings_field(body, "assignees"));
    } else if (given(body, "assignee")) {
        auto single = TRY(string_field(body, "assignee"));
        change.assignees =
            single.empty() ? std::vector<std::string>{} : std::vector<std::string>{single};
    }
    if (given(body, "milestone"))
        change.milestone_id = TRY(count_field(body, "milestone"));
    if (TRY(is_merge_request(context, path, number)))
        return edit_pull_as_issue(context, request, state);
    auto changed =
        TRY(services::change_issue(context.services, context.actor(), path, number, change));
    if (state == "closed" && changed.open)
        changed = TRY(services::close_issue(context.services, context.actor(), path, number,
                                            services::CloseReason::done));
    else if (state == "open" && !changed.open)
        changed = TRY(services::reopen_issue(context.services, context.actor(), path, number));
    return json_response(201, issue_json(context, changed));
}

// A merge request's general comment in the shape of an issue comment.
Json pull_comment_json(const ApiContext& context, const services::MergeRequest& pull,
                       const services::Comment& comment)
{
    services::ProjectPath path{pull.project.owner.name, pull.project.name};
    std::string url = pull_html_url(context, pull);
    return Json{
        {"id", comment.id},
        {"html_url", url + "#comment-" + std::to_string(comment.id)},
        {"pull_request_url", url},
        {"issue_url", repo_api_url(context, path) + "/issues/" + std::to_string(pull.number)},
        {"user", user_json(context, comment.author)},
        {"original_author", ""},
        {"original_author_id", 0},
        {"body", comment.body},
        {"assets", Json::array()},
        {"created_at", rfc3339(comment.created_at)},
        {"updated_at", rfc3339(comment.updated_at)}};
}

// Oldest first. For a merge request: its general comments (not line comments).
Result<Response> list_comments(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto number = TRY(issue_number(request));
    Json items = Json::array();
    if (TRY(is_merge_request(context, path, number))) {
        auto pull = TRY(pull_of(context, request));
        auto threads =
            TRY(services::list_threads(context.services, context.caller.viewer, path, number));
        std::vector<services::Comment> comments;
        for (const auto& thread : threads)
            if (!thread.anchor)
                comments.insert(comments.end(), thread.comments.begin(), thread.comments.end());
        std::stable_sort(comments.begin(), comments.end(),
                         [](const auto& a, const auto& b) { return a.created_at < b.created_at; });
        for (const auto& comment : comments)
            items.push_back(pull_comment_json(context, pull, comment));
        return json_response(200, items);
    }
    auto view = TRY(services::get_issue(context.services, context.caller.viewer, path, number));
    for (const auto& comment : view.comments)
        items.push_back(issue_comment_json(context, path, number, comment));
    return json_response(200, items);
}

Result<Response> create_comment(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto number = TRY(issue_number(request));
    auto text = TRY(string_field(context.body, "body"));
    if (TRY(is_merge_request(context, path, number))) {
        auto thread = TRY(services::add_comment(context.services, context.actor(), path, number,
                                                services::NewComment{text, std::nullopt, 0}));
        auto pull = TRY(pull_of(context, request));
        return json_response(201, pull_comment_json(context, pull, thread.comments.front()));
    }
    auto comment =
        TRY(services::add_issue_comment(context.services, context.actor(), path, number, text));
    return json_response(201, issue_comment_json(context, path, number, comment));
}

// /issues/comments/{id}: comments on issues (not those on merge requests).
Result<int64_t> comment_id(const Request& request)
{
    return number_param(request, "id", "comment");
}

Result<Response> get_comment(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto id = TRY(comment_id(request));
    auto number =
        TRY(services::issue_of_comment(context.services, context.caller.viewer, path, id));
    auto view = TRY(services::get_issue(context.services, context.caller.viewer, path, number));
    for (const auto& comment : view.comments)
        if (comment.id == id)
            return json_response(200, issue_comment_json(context, path, number, comment));
    return Error::not_found("no comment " + std::to_string(id));
}

// EditIssueCommentOption: body. 200, as in Gitea.
Result<Response> edit_comment(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto id = TRY(comment_id(request));
    if (!given(context.body, "body"))
        return Error::invalid_argument("body is required");
    auto text = TRY(string_field(context.body, "body"));
    auto number =
        TRY(services::issue_of_comment(context.services, context.caller.viewer, path, id));
    auto comment = TRY(
        services::edit_issue_comment(context.services, context.actor(), path, number, id, text));
    return json_response(200, issue_comment_json(context, path, number, comment));
}

Result<Response> delete_comment(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto id = TRY(comment_id(request));
    auto number =
        TRY(services::issue_of_comment(context.services, context.caller.viewer, path, id));
    TRY(services::delete_issue_comment(context.services, context.actor(), path, number, id));
    return no_content();
}

Result<Response> issue_labels(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto number = TRY(issue_number(request));
    auto view = TRY(services::get_issue(context.services, context.caller.viewer, path, number));
    Json items = Json::array();
    for (const auto& label : view.issue.labels)
        items.push_back(label_json(context, path, label));
    return json_response(200, items);
}

// Sets the issue's labels (maintain+) and answers them, 200.
Result<Response> set_labels(ApiContext& context, const services::ProjectPath& path, int64_t number,
                            std::vector<std::string> names)
{
    services::IssueChange change;
    change.labels = std::move(names);
    auto changed =
        TRY(services::change_issue(context.services, context.actor(), path, number, change));
    Json items = Json::array();
    for (const auto& label : changed.labels)
        items.push_back(label_json(context, path, label));
    return json_response(200, items);
}

std::vector<std::string> names_of(const std::vector<services::Label>& labels)
{
    std::vector<std::string> names;
    for (const auto& label : labels)
        names.push_back(label.name);
    return names;
}

// POST: adds to the issue's labels.
Result<Response> add_issue_labels(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto number = TRY(issue_number(request));
    auto added = TRY(label_names(context, path, context.body));
    auto view = TRY(services::get_issue(context.services, context.caller.viewer, path, number));
    auto names = names_of(view.issue.labels);
    for (const auto& name : added)
        if (std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    return set_labels(context, path, number, names);
}

// PUT: replaces them.
Result<Response> replace_issue_labels(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto number = TRY(issue_number(request));
    auto names = TRY(label_names(context, path, context.body));
    return set_labels(context, path, number, names);
}

// DELETE: removes them all.
Result<Response> clear_issue_labels(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto number = TRY(issue_number(request));
    TRY(set_labels(context, path, number, {}));
    return no_content();
}

// DELETE .../labels/{id}: 422 for a label the repository does not have, 204 otherwise
// (also when the issue did not carry it).
Result<Response> remove_issue_label(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto number = TRY(issue_number(request));
    auto id = whole_number(request.param("id")).value_or(0);
    auto view = TRY(services::get_issue(context.services, context.caller.viewer, path, number));
    auto labels = TRY(services::list_labels(context.services, context.caller.viewer, path));
    auto label = std::find_if(labels.begin(), labels.end(),
                              [&](const services::Label& l) { return l.id == id; });
    if (label == labels.end())
        return Error::invalid_argument("no label " + std::string(request.param("id")) +
                                       " in this repository");
    auto names = names_of(view.issue.labels);
    std::erase(names, label->name);
    TRY(set_labels(context, path, number, names));
    return no_content();
}

} // namespace

void add_issue_routes(Router& router, services::Services& services, const std::string& base_url)
{
    const std::string issues = "/repos/{owner}/{repo}/issues";
    const std::string one = issues + "/{index}";
    auto add = [&](Method method, const std::string& pattern, ApiHandler handler) {
        add_api(router, services, base_url, method, pattern, handler);
    };
    add(Method::get, issues, list_issues);
    add(Method::post, issues, create_issue);
    add(Method::get, issues + "/comments/{id}", get_comment);
    add(Method::patch, issues + "/comments/{id}", edit_comment);
    add(Method::delete_, issues + "/comments/{id}", delete_comment);
    add(Method::get, one, get_issue);
    add(Method::patch, one, edit_issue);
    add(Method::get, one + "/comments", list_comments);
    add(Method::post, one + "/comments", create_comment);
    add(Method::get, one + "/labels", issue_labels);
    add(Method::post, one + "/labels", add_issue_labels);
    add(Method::put, one + "/labels", replace_issue_labels);
    add(Method::delete_, one + "/labels", clear_issue_labels);
    add(Method::delete_, one + "/labels/{id}", remove_issue_label);
}

} // namespace forge::http::api
