// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/http/router.h"

#include <string>

namespace forge::services {
class Services;
}

namespace forge::http {

// The REST API under /api/v1, with the paths and JSON shapes of Gitea's API v1 for what
// the forge has (DESIGN.md section 6). `base_url` makes the html_url fields. Register
// before the web routes, whose /{owner}/... patterns would otherwise take these paths.
void add_api_routes(Router&, services::Services&, std::string base_url);

} // namespace forge::http
