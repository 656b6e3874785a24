// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/http/router.h"

#include <string>

namespace forge::services {
class Services;
}

namespace forge::http::api {

void add_pulls_routes(Router&, services::Services&, const std::string& base_url);

} // namespace forge::http::api
