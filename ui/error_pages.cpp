// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/error_pages.h"

#include "forge/http/router.h"
#include "ui/html.h"

#include <string>

namespace ui {

namespace http = forge::http;

http::Response error_page(int status, std::string_view path)
{
    std::string title = std::to_string(status) + " " + std::string(http::reason_phrase(status));
    SafeHtml page = SafeHtml::trusted("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                                      "<meta charset=\"utf-8\">\n"
                                      "<meta name=\"viewport\" content=\"width=device-width, "
                                      "initial-scale=1\">\n<title>");
    page += escape(title + " - Forge");
    page += SafeHtml::trusted("</title>\n</head>\n<body>\n<main>\n<h1>");
    page += escape(title);
    page += SafeHtml::trusted("</h1>\n<p>There is nothing at <code>");
    page += escape(path);
    page += SafeHtml::trusted("</code>, or you may not see it.</p>\n"
                              "<p><a href=\"/\">Go to the start page</a></p>\n"
                              "</main>\n</body>\n</html>\n");
    auto response = http::Response::html(status, page.str());
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    return response;
}

void add_error_pages(http::Router& router)
{
    router.set_fallback([](http::Request& request) { return error_page(404, request.path); });
}

} // namespace ui
