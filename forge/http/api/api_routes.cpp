// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/api/api_routes.h"

#include "forge/http/api/api_support.h"
#include "forge/http/api/pulls_routes.h"
#include "forge/http/api/repository_routes.h"

namespace forge::http {

void add_api_routes(Router& router, services::Services& services, std::string base_url)
{
    api::add_repository_routes(router, services, base_url);
    api::add_pulls_routes(router, services, base_url);
    // Everything else under /api/v1 is a JSON 404, not a web page.
    api::add_api(
        router, services, base_url, Method::get, "/{rest...}",
        [](api::ApiContext&, Request&) -> Result<Response> {
            return Error::not_found("no such API endpoint");
        },
        false);
}

} // namespace forge::http
