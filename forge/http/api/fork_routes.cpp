// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// Forks of a repository, in Gitea API v1's paths and shapes.
#include "forge/http/api/json_shapes.h"
#include "forge/http/api/resource_routes.h"
#include "forge/services/fork_service.h"

namespace forge::http::api {

namespace {

Result<Response> list_forks(ApiContext& context, Request& request)
{
    auto forks =
        TRY(services::list_forks(context.services, context.caller.viewer, project_path(request)));
    Json items = Json::array();
    for (const auto& fork : forks)
        items.push_back(repository_json(context, fork));
    return page_response(items, page_request(request));
}

// CreateForkOption: {organization, name}, both optional.
Result<Response> create_fork(ApiContext& context, Request& request)
{
    services::ForkRequest fork;
    fork.owner = TRY(string_field(context.body, "organization"));
    fork.name = TRY(string_field(context.body, "name"));
    auto made =
        TRY(services::fork_project(context.services, context.actor(), project_path(request), fork));
    return json_response(202, repository_json(context, made)); // 202 as in Gitea
}

} // namespace

void add_fork_routes(Router& router, services::Services& services, const std::string& base_url)
{
    const std::string forks = "/repos/{owner}/{repo}/forks";
    add_api(router, services, base_url, Method::get, forks, list_forks);
    add_api(router, services, base_url, Method::post, forks, create_fork);
}

} // namespace forge::http::api
