// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

namespace forge::services {
class Services;
}

namespace forge::http {

class Router;

// GET /healthz: 200 "ok" when the database and repository store answer, 503 otherwise, so that load
// balancers and systemd watchdogs take a broken node out.
void add_health_routes(Router&, services::Services&);

} // namespace forge::http
