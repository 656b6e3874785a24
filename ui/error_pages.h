// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/http/message.h"

namespace forge::http {
class Router;
}

namespace ui {

// A complete HTML error page for `status`; the requested path is shown, escaped.
forge::http::Response error_page(int status, std::string_view path);

// Installs the HTML 404 page as the router's fallback.
void add_error_pages(forge::http::Router&);

} // namespace ui
