// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/router.h"
#include "ui/embedded.h"
#include "ui/pages/pages.h"
#include "ui/web.h"

namespace ui {

namespace http = forge::http;

namespace {

std::string_view content_type_of(std::string_view path)
{
    if (path.ends_with(".css"))
        return "text/css; charset=utf-8";
    if (path.ends_with(".js"))
        return "text/javascript; charset=utf-8";
    if (path.ends_with(".svg"))
        return "image/svg+xml";
    return "application/octet-stream";
}

} // namespace

// Assets are compiled in and change only with the binary, so clients may keep them for a
// day; the ETag (the binary's version and the file's size) lets them revalidate cheaply.
void add_static_assets(WebUi& web, http::Router& router)
{
    for (const auto& file : embedded_files()) {
        if (!file.path.starts_with("static/"))
            continue;
        std::string etag = "\"" FORGE_VERSION "-" + std::to_string(file.content.size()) + "\"";
        router.add(http::Method::get, "/" + std::string(file.path),
                   [&web, file, etag](http::Request& request) {
                       http::Response response;
                       response.set_header("ETag", etag);
                       response.set_header("Cache-Control", "public, max-age=86400");
                       web.add_security_headers(response);
                       if (request.header("if-none-match") ==
                           std::optional(std::string_view(etag))) {
                           response.status = 304;
                           return response;
                       }
                       response.set_header("Content-Type", std::string(content_type_of(file.path)));
                       response.body = std::string(file.content);
                       return response;
                   });
    }
}

} // namespace ui
