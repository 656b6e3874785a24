// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// The version, the signed-in user and repositories, in Gitea API v1's shapes.
#include "forge/http/api/json_shapes.h"
#include "forge/http/api/resource_routes.h"
#include "forge/services/fork_service.h"
#include "forge/services/merge_request_service.h"
#include "forge/services/merge_service.h"
#include "forge/services/settings_service.h"

namespace forge::http::api {

namespace {

// Gitea clients decide from the version which calls the server knows, so it names the
// Gitea API level whose paths and shapes the forge follows, with the forge's own version
// as build metadata.
constexpr const char* api_version = "1.21.0+forge-" FORGE_VERSION;

Result<Response> version(ApiContext&, Request&)
{
    return json_response(200, Json{{"version", api_version}});
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
    auto path = project_path(request);
    auto access = TRY(services::open_project(context.services, context.caller.viewer, path));
    auto json = repository_json(context, access.project);
    auto settings = TRY(services::merge_settings(context.services, context.caller.viewer, path));
    json["allow_merge_commits"] = settings.allow_merge_commit;
    json["allow_squash_merge"] = settings.allow_squash;
    json["allow_fast_forward_only_merge"] = settings.allow_fast_forward;
    json["allow_rebase"] = false;
    json["allow_rebase_explicit"] = false;
    json["allow_rebase_update"] = false;
    json["default_merge_style"] = settings.allow_merge_commit ? "merge"
                                  : settings.allow_squash     ? "squash"
                                                              : "fast-forward-only";
    services::MergeRequestFilter filter;
    filter.limit = 1;
    auto pulls =
        TRY(services::list_merge_requests(context.services, context.caller.viewer, path, filter));
    json["open_pr_counter"] = pulls.open_count;
    auto forks = TRY(services::list_forks(context.services, context.caller.viewer, path));
    json["forks_count"] = forks.size();
    return json_response(200, json);
}

} // namespace

void add_repository_routes(Router& router, services::Services& services,
                           const std::string& base_url)
{
    add_api(router, services, base_url, Method::get, "/version", version);
    add_api(router, services, base_url, Method::get, "/user", current_user);
    add_api(router, services, base_url, Method::get, "/repos/{owner}/{repo}", get_repository);
}

} // namespace forge::http::api
