// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/health_routes.h"

#include "forge/common/log.h"
#include "forge/http/router.h"
#include "forge/services/services.h"

namespace forge::http {

void add_health_routes(Router& router, services::Services& services)
{
    router.add(Method::get, "/healthz", [&services](Request&) {
        auto health = services.check_health();
        if (health.is_error()) {
            log::error("health check failed: " + health.error().message);
            return Response::text(503, "unavailable\n");
        }
        auto response = Response::text(200, "ok\n");
        response.set_header("Cache-Control", "no-store");
        return response;
    });
}

} // namespace forge::http
