// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// A repository's labels, in Gitea API v1's paths and shapes. The list takes in the labels
// of the group owning the repository; only the repository's own can be changed here.
#include "forge/http/api/json_shapes.h"
#include "forge/http/api/resource_routes.h"
#include "forge/services/label_service.h"

#include <algorithm>

namespace forge::http::api {

namespace {

// Gitea takes "rrggbb", "#rrggbb" and the short "rgb" forms; Forge keeps "#rrggbb". Other
// text stays as it is, for the service to refuse.
std::string stored_colour(std::string colour)
{
    if (!colour.empty() && colour[0] == '#')
        colour.erase(0, 1);
    if (colour.size() == 3)
        colour = std::string{colour[0], colour[0], colour[1], colour[1], colour[2], colour[2]};
    return "#" + colour;
}

Result<services::Label> label_of(ApiContext& context, const Request& request)
{
    auto id = TRY(number_param(request, "id", "label"));
    auto labels =
        TRY(services::list_labels(context.services, context.caller.viewer, project_path(request)));
    auto found = std::find_if(labels.begin(), labels.end(),
                              [&](const services::Label& label) { return label.id == id; });
    if (found == labels.end())
        return Error::not_found("no label " + std::to_string(id));
    return *found;
}

Result<Response> list_labels(ApiContext& context, Request& request)
{
    auto path = project_path(request);
    auto labels = TRY(services::list_labels(context.services, context.caller.viewer, path));
    Json items = Json::array();
    for (const auto& label : labels)
        items.push_back(label_json(context, path, label));
    return paged_response(context, request, items, page_request(request));
}

Result<Response> get_label(ApiContext& context, Request& request)
{
    auto label = TRY(label_of(context, request));
    return json_response(200, label_json(context, project_path(request), label));
}

// CreateLabelOption: name, color, description (exclusive and is_archived are ignored).
Result<Response> create_label(ApiContext& context, Request& request)
{
    const auto& body = context.body;
    auto path = project_path(request);
    services::LabelInput input;
    input.name = TRY(string_field(body, "name"));
    input.color = stored_colour(TRY(string_field(body, "color")));
    input.description = TRY(string_field(body, "description"));
    auto label = TRY(services::create_label(context.services, context.actor(), path, input));
    return json_response(201, label_json(context, path, label));
}

// EditLabelOption: what is given of name, color and description. 200, as in Gitea.
Result<Response> edit_label(ApiContext& context, Request& request)
{
    const auto& body = context.body;
    auto path = project_path(request);
    auto label = TRY(label_of(context, request));
    services::LabelInput input{label.name, label.color, label.description};
    input.name = TRY(string_field(body, "name", input.name));
    if (body.contains("color") && !body["color"].is_null())
        input.color = stored_colour(TRY(string_field(body, "color")));
    input.description = TRY(string_field(body, "description", input.description));
    auto changed =
        TRY(services::update_label(context.services, context.actor(), path, label.id, input));
    return json_response(200, label_json(context, path, changed));
}

Result<Response> delete_label(ApiContext& context, Request& request)
{
    auto id = TRY(number_param(request, "id", "label"));
    TRY(services::delete_label(context.services, context.actor(), project_path(request), id));
    Response response;
    response.status = 204;
    return response;
}

} // namespace

void add_label_routes(Router& router, services::Services& services, const std::string& base_url)
{
    const std::string labels = "/repos/{owner}/{repo}/labels";
    auto add = [&](Method method, const std::string& pattern, ApiHandler handler) {
        add_api(router, services, base_url, method, pattern, handler);
    };
    add(Method::get, labels, list_labels);
    add(Method::post, labels, create_label);
    add(Method::get, labels + "/{id}", get_label);
    add(Method::patch, labels + "/{id}", edit_label);
    add(Method::delete_, labels + "/{id}", delete_label);
}

} // namespace forge::http::api
