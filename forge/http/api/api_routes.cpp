// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/api/api_routes.h"

#include "forge/http/api/api_support.h"
#include "forge/http/api/resource_routes.h"

namespace forge::http {

void add_api_routes(Router& router, services::Services& services, std::string base_url)
{
    while (!base_url.empty() && base_url.back() == '/')
        base_url.pop_back();
    api::add_repository_routes(router, services, base_url);
    api::add_fork_routes(router, services, base_url);
    api::add_pull_routes(router, services, base_url);
    api::add_review_routes(router, services, base_url);
    api::add_issue_routes(router, services, base_url);
    api::add_label_routes(router, services, base_url);
    api::add_milestone_routes(router, services, base_url);
    // Everything else under /api/v1 is a JSON 404, not a web page.
    auto unknown = [](api::ApiContext&, Request&) -> Result<Response> {
        return Error::not_found("no such API endpoint");
    };
    for (auto method : {Method::get, Method::post, Method::put, Method::patch, Method::delete_})
        api::add_api(router, services, base_url, method, "/{rest...}", unknown, api::Access::read);
}

} // namespace forge::http
