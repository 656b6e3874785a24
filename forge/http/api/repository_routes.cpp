// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// The version, the signed-in user, repositories and forks, in Gitea API v1's shapes.
#include "forge/http/api/repository_routes.h"

#include "forge/http/api/api_support.h"
#include "forge/services/fork_service.h"
#include "forge/services/settings_service.h"

namespace forge::http::api {

namespace {

Result<Response> version(ApiContext&, Request&)
{
    return json_response(200, Json{{"version", FORGE_VERSION}});
}

Result<Response> current_user(ApiContext& context, Request&)
{
    if (!context.caller.viewer.signed_in())
        return Error::unauthenticated("sign in with a token first");
    auto user = TRY(services::user_by_id(context.services, *context.caller.viewer.user_id));
    auto json = user_json(context, {user.id, user.name, user.display_name}, user.email);
    json["is_admin"] = user.is_admin;
    return json_response(200, json);
}

Result<Response> get_repository(ApiContext& context, Request& request)
{
    auto access =
        TRY(services::open_project(context.services, context.caller.viewer, project_path(request)));
    return json_response(200, repository_json(context, access.project));
}

Result<Response> list_forks(ApiContext& context, Request& request)
{
    auto forks =
        TRY(services::list_forks(context.services, context.caller.viewer, project_path(request)));
    Json items = Json::array();
    for (const auto& fork : forks)
        items.push_back(repository_json(context, fork));
    return json_response(200, items);
}

Result<Response> create_fork(ApiContext& context, Request& request)
{
    auto body = TRY(json_body(request));
    services::ForkRequest fork;
    fork.owner = TRY(string_field(body, "organization"));
    fork.name = TRY(string_field(body, "name"));
    auto made =
        TRY(services::fork_project(context.services, context.actor(), project_path(request), fork));
    return json_response(202, repository_json(context, made));
}

} // namespace

void add_repository_routes(Router& router, services::Services& services,
                           const std::string& base_url)
{
    add_api(router, services, base_url, Method::get, "/version", version, false);
    add_api(router, services, base_url, Method::get, "/user", current_user, false);
    add_api(router, services, base_url, Method::get, "/repos/{owner}/{repo}", get_repository,
            false);
    add_api(router, services, base_url, Method::get, "/repos/{owner}/{repo}/forks", list_forks,
            false);
    add_api(router, services, base_url, Method::post, "/repos/{owner}/{repo}/forks", create_fork,
            true);
}

} // namespace forge::http::api
