// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// A repository's milestones with their issue counts, in Gitea API v1's paths and shapes.
// Forge keeps a due day, not a time: due_on is read as its date and written as the end of
// that day (UTC).
#include "forge/http/api/json_shapes.h"
#include "forge/http/api/resource_routes.h"
#include "forge/http/form.h"
#include "forge/services/label_service.h"

#include <algorithm>
#include <cctype>

namespace forge::http::api {

namespace {

// The date of an RFC 3339 time ("2027-03-31T00:00:00Z", "2027-03-31T09:00:00+02:00") or
// of a plain "2027-03-31"; "" for null or "". invalid_argument for anything else.
Result<std::string> due_day(const Json& body)
{
    auto text = TRY(string_field(body, "due_on"));
    if (text.empty())
        return text;
    bool shape = text.size() == 10 || (text.size() >= 20 && (text[10] == 'T' || text[10] == 't'));
    for (size_t i = 0; shape && i < 10; ++i)
        shape = i == 4 || i == 7 ? text[i] == '-'
                                 : std::isdigit(static_cast<unsigned char>(text[i])) != 0;
    if (!shape)
        return Error::invalid_argument("due_on must be a time as in RFC 3339");
    return text.substr(0, 10);
}

Result<bool> open_state(const Json& body, bool fallback)
{
    auto state = TRY(string_field(body, "state", fallback ? "open" : "closed"));
    if (state != "open" && state != "closed")
        return Error::invalid_argument("state must be open or closed");
    return state == "open";
}

// {id}: an id or, as Gitea also takes, a title.
Result<services::Milestone> milestone_of(ApiContext& context, const Request& request)
{
    auto wanted = percent_decode(request.param("id"));
    auto all = TRY(
        services::list_milestones(context.services, context.caller.viewer, project_path(request)));
    auto id = whole_number(wanted);
    auto found = std::find_if(all.begin(), all.end(), [&](const services::Milestone& m) {
        return id ? m.id == *id : m.title == wanted;
    });
    if (found == all.end() && id)
        found = std::find_if(all.begin(), all.end(),
                             [&](const services::Milestone& m) { return m.title == wanted; });
    if (found == all.end())
        return Error::not_found("no milestone " + wanted);
    return *found;
}

// ?state=open (the default), closed or all; ?name= (a part of the title, in any case);
// ?page and ?limit.
Result<Response> list_milestones(ApiContext& context, Request& request)
{
    auto state = query_value(request, "state");
    if (!state.empty() && state != "open" && state != "closed" && state != "all")
        return Error::invalid_argument("state must be open, closed or all");
    auto lower = [](std::string text) {
        for (char& c : text)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return text;
    };
    auto name = lower(query_value(request, "name"));
    auto milestones = TRY(
        services::list_milestones(context.services, context.caller.viewer, project_path(request)));
    Json items = Json::array();
    for (const auto& milestone : milestones) {
        bool state_fits = state == "all" || (state == "closed") == !milestone.open;
        if (state_fits && lower(milestone.title).find(name) != std::string::npos)
            items.push_back(milestone_json(milestone));
    }
    return paged_response(context, request, items, page_request(request));
}

Result<Response> get_milestone(ApiContext& context, Request& request)
{
    auto milestone = TRY(milestone_of(context, request));
    return json_response(200, milestone_json(milestone));
}

// CreateMilestoneOption: title, description, due_on, state.
Result<Response> create_milestone(ApiContext& context, Request& request)
{
    const auto& body = context.body;
    services::MilestoneInput input;
    input.title = TRY(string_field(body, "title"));
    input.description = TRY(string_field(body, "description"));
    input.due_on = TRY(due_day(body));
    input.open = TRY(open_state(body, true));
    auto milestone = TRY(services::create_milestone(context.services, context.actor(),
                                                    project_path(request), input));
    return json_response(201, milestone_json(milestone));
}

// EditMilestoneOption: what is given of title, description, due_on and state. 200.
Result<Response> edit_milestone(ApiContext& context, Request& request)
{
    const auto& body = context.body;
    auto milestone = TRY(milestone_of(context, request));
    services::MilestoneInput input{milestone.title, milestone.description, milestone.due_on,
                                   milestone.open};
    input.title = TRY(string_field(body, "title", input.title));
    input.description = TRY(string_field(body, "description", input.description));
    if (body.contains("due_on") && !body["due_on"].is_null())
        input.due_on = TRY(due_day(body));
    input.open = TRY(open_state(body, input.open));
    auto changed = TRY(services::update_milestone(context.services, context.actor(),
                                                  project_path(request), milestone.id, input));
    return json_response(200, milestone_json(changed));
}

Result<Response> delete_milestone(ApiContext& context, Request& request)
{
    auto milestone = TRY(milestone_of(context, request));
    TRY(services::delete_milestone(context.services, context.actor(), project_path(request),
                                   milestone.id));
    Response response;
    response.status = 204;
    return response;
}

} // namespace

void add_milestone_routes(Router& router, services::Services& services, const std::string& base_url)
{
    const std::string milestones = "/repos/{owner}/{repo}/milestones";
    auto add = [&](Method method, const std::string& pattern, ApiHandler handler) {
        add_api(router, services, base_url, method, pattern, handler);
    };
    add(Method::get, milestones, list_milestones);
    add(Method::post, milestones, create_milestone);
    add(Method::get, milestones + "/{id}", get_milestone);
    add(Method::patch, milestones + "/{id}", edit_milestone);
    add(Method::delete_, milestones + "/{id}", delete_milestone);
}

} // namespace forge::http::api
