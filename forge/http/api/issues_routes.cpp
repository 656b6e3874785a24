// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// Issues, their comments and labels, and the labels and milestones of a repository, in
// Gitea API v1's paths and shapes.
#include "forge/http/api/json_shapes.h"
#include "forge/http/api/resource_routes.h"
#include "forge/services/issue_service.h"
#include "forge/services/label_service.h"

#include <algorithm>

namespace forge::http::api {

namespace {

std::string repo_url(const ApiContext& context, const services::ProjectPath& path)
{
    return context.base_url + "/api/v1/repos/" + path.owner + "/" + path.name;
}

// Gitea writes colours without '#'.
Json label_json(const ApiContext& context, const services::ProjectPath& path,
                const services::Label& label)
{
    return Json{{"id", label.id},
                {"name", label.name},
                {"color", label.color.size() == 7 ? label.color.substr(1) : label.color},
                {"description", label.description},
                {"exclusive", false},
                {"is_archived", false},
                {"url", repo_url(context, path) + "/labels/" + std::to_string(label.id)}};
}

Json milestone_json(const services::Milestone& milestone)
{
    Json due = nullptr;
    if (!milestone.due_on.empty())
        due = milestone.due_on + "T23:59:59Z";
    return Json{{"id", milestone.id},
                {"title", milestone.title},
                {"description", milestone.description},
                {"state", milestone.open ? "open" : "closed"},
                {"open_issues", milestone.open_issues},
                {"closed_issues", milestone.closed_issues},
                {"due_on", due}};
}

Json issue_json(ApiContext& context, const services::Issue& issue)
{
    services::ProjectPath path{issue.project.owner.name, issue.project.name};
    Json labels = Json::array();
    for (const auto& label : issue.labels)
        labels.push_back(label_json(context, path, label));
    Json assignees = Json::array();
    for (const auto& person : issue.assignees)
        assignees.push_back(user_json(context, person));
    Json repository{{"id", issue.project.id},
                    {"name", issue.project.name},
                    {"owner", issue.project.owner.name},
                    {"full_name", path.to_string()}};
    return Json{
        {"id", issue.id},
        {"url", repo_url(context, path) + "/issues/" + std::to_string(issue.number)},
        {"html_url",
         context.base_url + "/" + path.to_string() + "/issues/" + std::to_string(issue.number)},
        {"number", issue.number},
        {"user", user_json(context, issue.author)},
        {"title", issue.title},
        {"body", issue.body},
        {"labels", labels},
        {"milestone", issue.milestone ? milestone_json(*issue.milestone) : Json(nullptr)},
        {"assignee", assignees.empty() ? Json(nullptr) : assignees[0]},
        {"assignees", assignees},
        {"state", issue.open ? "open" : "closed"},
        {"is_locked", issue.locked},
        {"comments", issue.comment_count},
        {"created_at", rfc3339(issue.created_at)},
        {"updated_at", rfc3339(issue.updated_at)},
        {"closed_at", time_or_null(issue.closed_at)},
        {"due_date", nullptr},
        {"pull_request", nullptr},
        {"repository", repository},
    };
}

Json comment_json(const ApiContext& context, const services::ProjectPath& path, int64_t number,
                  const services::IssueComment& comment)
{
    return Json{{"id", comment.id},
                {"html_url", context.base_url + "/" + path.to_string() + "/issues/" +
                                 std::to_string(number) + "#comment-" + std::to_string(comment.id)},
                {"issue_url", repo_url(context, path) + "/issues/" + std::to_string(number)},
                {"user", user_json(context, comment.author)},
                {"body", comment.body},
                {"created_at", rfc3339(comment.created_at)},
                {"updated_at", rfc3339(comment.updated_at)}};
}

// Label ids of the repository (Gitea's CreateIssueOption takes ids) to names.
Result<std::vector<std::string>> label_names(ApiContext& context, const services::ProjectPath& path,
                                             const Json& body)
{
    std::vector<std::string> names;
    if (!body.contains("labels") || body["labels"].is_null())
        return names;
    if (!body["labels"].is_array())
        return Error::invalid_argument("labels must be a list of label ids");
    auto labels = TRY(services::list_labels(context.services, context.caller.viewer, path));
    for (const auto& item : body["labels"]) {
        if (!item.is_number_integer() && !item.is_string())
            return Error::invalid_argument("labels must be a list of label ids");
        auto found = std::find_if(labels.begin(), labels.end(), [&](const services::Label& l) {
            return item.is_string() ? l.name == item.get<std::string>()
                                    : l.id == item.get<int64_t>();
        });
        if (found == labels.end())
            return Error::invalid_argument("unknown label " + item.dump());
        names.push_back(found->name);
    }
    return names;
}

Result<int64_t> issue_number(const Request& request)
{
    return number_param(request, "index", "issue");
}

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
    // Only issues here: pull requests are listed under /pulls.
    if (query_value(request, "type") == "pulls")
        return page_response(Json::array(), page);
    std::string labels = query_value(request, "labels");
    for (size_t at = 0; at < labels.size();) {
        size_t comma = std::min(labels.find(',', at), labels.size());
        if (comma > at)
            filter.labels.push_back(labels.substr(at, comma - at));
        at = comma + 1;
    }
    std::string milestone = query_value(request, "milestones");
    if (!milestone.empty()) {
        if (auto id = whole_number(milestone)) {
            filter.milestone_id = *id;
        } else {
            auto all =
                TRY(services::list_milestones(context.services, context.caller.viewer, path));
            auto found = std::find_if(all.begin(), all.end(),
                                      [&](const auto& m) { return m.title == milestone; });
            if (found == all.end())
                return page_response(Json::array(), page);
            filter.milestone_id = found->id;
        }
    }
    filter.assignee = query_value(request, "assigned_by");
    if (filter.assignee.empty())
        filter.assignee = query_value(request, "assignee");
    filter.author = query_value(request, "created_by");
    filter.text = query_value(request, "q");
    filter.offset = page.offset;
    filter.limit = page.limit;
    auto list = TRY(services::list_issues(context.services, context.caller.viewer, path, filter));
    Json items = Json::array();
    for (const auto& issue : list.items)
        items.push_back(issue_json(context, issue));
    auto response = json_response(200, items);
    response.set_header("X-Total-Count", std::to_string(list.total));
    return response;
}

Result<Response> create_issue(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    const auto& body = context.body;
    services::NewIssue opening;
    opening.title = TRY(string_field(body, "title"));
    opening.body = TRY(string_field(body, "body"));
    opening.assignees = TRY(strings_field(body, "assignees"));
    auto single = TRY(string_field(body, "assignee"));
    if (!single.empty())
        opening.assignees.push_back(single);
    opening.labels = TRY(label_names(context, path, body));
    opening.milestone_id = TRY(count_field(body, "milestone"));
    bool closed = TRY(bool_field(body, "closed", false));
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
    auto kind = TRY(services::item_kind(context.services, context.caller.viewer, path, number));
    if (kind == "merge_request") {
        // Gitea answers a pull request's number here too, as an issue that says so.
        auto pull = TRY(pull_of(context, request));
        Json json = pull_json(context, pull);
        json["pull_request"] = Json{{"merged", pull.state == services::MergeState::merged},
                                    {"merged_at", time_or_null(pull.merged_at)},
                                    {"html_url", pull_html_url(context, pull)}};
        return json_response(200, json);
    }
    auto view = TRY(services::get_issue(context.services, context.caller.viewer, path, number));
    return json_response(200, issue_json(context, view.issue));
}

Result<Response> edit_issue(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto number = TRY(issue_number(request));
    const auto& body = context.body;
    services::IssueChange change;
    if (body.contains("title"))
        change.title = TRY(string_field(body, "title"));
    if (body.contains("body"))
        change.body = TRY(string_field(body, "body"));
    if (body.contains("assignees"))
        change.assignees = TRY(strings_field(body, "assignees"));
    if (body.contains("milestone"))
        change.milestone_id = TRY(count_field(body, "milestone"));
    auto changed =
        TRY(services::change_issue(context.services, context.actor(), path, number, change));
    std::string state = TRY(string_field(body, "state"));
    if (state == "closed" && changed.open)
        changed = TRY(services::close_issue(context.services, context.actor(), path, number,
                                            services::CloseReason::done));
    else if (state == "open" && !changed.open)
        changed = TRY(services::reopen_issue(context.services, context.actor(), path, number));
    else if (!state.empty() && state != "open" && state != "closed")
        return Error::invalid_argument("state must be open or closed");
    return json_response(201, issue_json(context, changed));
}

Result<Response> list_comments(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto number = TRY(issue_number(request));
    auto view = TRY(services::get_issue(context.services, context.caller.viewer, path, number));
    Json items = Json::array();
    for (const auto& comment : view.comments)
        items.push_back(comment_json(context, path, number, comment));
    return json_response(200, items);
}

Result<Response> create_comment(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto number = TRY(issue_number(request));
    auto text = TRY(string_field(context.body, "body"));
    auto comment =
        TRY(services::add_issue_comment(context.services, context.actor(), path, number, text));
    return json_response(201, comment_json(context, path, number, comment));
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

// POST adds to the issue's labels, PUT replaces them, DELETE removes them all.
Result<Response> set_issue_labels(ApiContext& context, Request& request, bool replace, bool clear)
{
    auto path = project_path(request);
    auto number = TRY(issue_number(request));
    std::vector<std::string> names;
    if (!clear)
        names = TRY(label_names(context, path, context.body));
    if (!replace && !clear) {
        auto view = TRY(services::get_issue(context.services, context.caller.viewer, path, number));
        for (const auto& label : view.issue.labels)
            if (std::find(names.begin(), names.end(), label.name) == names.end())
                names.push_back(label.name);
    }
    services::IssueChange change;
    change.labels = names;
    auto changed =
        TRY(services::change_issue(context.services, context.actor(), path, number, change));
    if (clear) {
        Response response;
        response.status = 204;
        return response;
    }
    Json items = Json::array();
    for (const auto& label : changed.labels)
        items.push_back(label_json(context, path, label));
    return json_response(200, items);
}

Result<Response> add_issue_labels(ApiContext& context, Request& request)
{
    return set_issue_labels(context, request, false, false);
}

Result<Response> replace_issue_labels(ApiContext& context, Request& request)
{
    return set_issue_labels(context, request, true, false);
}

Result<Response> clear_issue_labels(ApiContext& context, Request& request)
{
    return set_issue_labels(context, request, false, true);
}

Result<Response> list_labels(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto labels = TRY(services::list_labels(context.services, context.caller.viewer, path));
    Json items = Json::array();
    for (const auto& label : labels)
        items.push_back(label_json(context, path, label));
    return page_response(items, page_request(request));
}

Result<services::LabelInput> label_input(const Json& body)
{
    services::LabelInput input;
    input.name = TRY(string_field(body, "name"));
    input.color = TRY(string_field(body, "color"));
    if (!input.color.empty() && input.color[0] != '#')
        input.color = "#" + input.color;
    input.description = TRY(string_field(body, "description"));
    return input;
}

Result<Response> create_label(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto input = TRY(label_input(context.body));
    auto label = TRY(services::create_label(context.services, context.actor(), path, input));
    return json_response(201, label_json(context, path, label));
}

Result<Response> delete_label(ApiContext& context, Request& request)
{
    auto id = TRY(number_param(request, "id", "label"));
    TRY(services::delete_label(context.services, context.actor(), project_path(request), id));
    Response response;
    response.status = 204;
    return response;
}

Result<Response> list_milestones(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    std::string state = query_value(request, "state");
    auto milestones = TRY(services::list_milestones(context.services, context.caller.viewer, path));
    Json items = Json::array();
    for (const auto& milestone : milestones)
        if (state == "all" || (state == "closed") == !milestone.open)
            items.push_back(milestone_json(milestone));
    return page_response(items, page_request(request));
}

Result<Response> get_milestone(ApiContext& context, Request& request)
{
    auto id = TRY(number_param(request, "id", "milestone"));
    auto milestone = TRY(services::get_milestone(context.services, context.caller.viewer,
                                                 project_path(request), id));
    return json_response(200, milestone_json(milestone));
}

Result<Response> create_milestone(ApiContext& context, Request& request)
{
    const auto& body = context.body;
    services::MilestoneInput input;
    input.title = TRY(string_field(body, "title"));
    input.description = TRY(string_field(body, "description"));
    auto due = TRY(string_field(body, "due_on"));
    input.due_on = due.substr(0, 10); // RFC 3339: the date part
    input.open = TRY(string_field(body, "state", "open")) != "closed";
    auto milestone = TRY(services::create_milestone(context.services, context.actor(),
                                                    project_path(request), input));
    return json_response(201, milestone_json(milestone));
}

} // namespace

void add_issue_routes(Router& router, services::Services& services, const std::string& base_url)
{
    const std::string repo = "/repos/{owner}/{repo}";
    const std::string issues = repo + "/issues";
    const std::string one = issues + "/{index}";
    auto add = [&](Method method, const std::string& pattern, ApiHandler handler) {
        add_api(router, services, base_url, method, pattern, handler);
    };
    add(Method::get, issues, list_issues);
    add(Method::post, issues, create_issue);
    add(Method::get, one, get_issue);
    add(Method::patch, one, edit_issue);
    add(Method::get, one + "/comments", list_comments);
    add(Method::post, one + "/comments", create_comment);
    add(Method::get, one + "/labels", issue_labels);
    add(Method::post, one + "/labels", add_issue_labels);
    add(Method::put, one + "/labels", replace_issue_labels);
    add(Method::delete_, one + "/labels", clear_issue_labels);
    add(Method::get, repo + "/labels", list_labels);
    add(Method::post, repo + "/labels", create_label);
    add(Method::delete_, repo + "/labels/{id}", delete_label);
    add(Method::get, repo + "/milestones", list_milestones);
    add(Method::post, repo + "/milestones", create_milestone);
    add(Method::get, repo + "/milestones/{id}", get_milestone);
}

} // namespace forge::http::api
