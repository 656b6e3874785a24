// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/io.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Plain request and response views: handlers in forge/http and ui see these, never
// Beast's types, so that Beast stays inside the server's own translation units.
namespace forge::http {

enum class Method { get, head, post, put, patch, delete_, options, unknown };

Method parse_method(std::string_view);
std::string_view to_string(Method);

struct Request {
    Method method = Method::get;
    std::string method_text; // as sent, also for unknown methods
    std::string target;      // path and query as sent
    std::string path;        // percent-decoding is left to handlers
    std::string query;       // after '?', without it
    std::vector<std::pair<std::string, std::string>> headers; // names in lower case
    std::string body;                  // the whole body, for routes that do not stream it
    ByteSource* body_stream = nullptr; // the body as it arrives, for routes that stream it
    std::string remote_address;
    std::map<std::string, std::string, std::less<>> params; // filled by the router

    // The first header of that name (case-insensitive), if any.
    std::optional<std::string_view> header(std::string_view name) const;
    std::string_view param(std::string_view name) const;
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // When set, the body is produced by this function as it goes (chunked encoding) and
    // `body` is ignored. It runs on a worker thread after the head has been sent; an error
    // it returns cuts the connection, since the status is out already.
    std::function<Result<void>(ByteSink&)> stream;

    void set_header(std::string name, std::string value);
    std::optional<std::string_view> header(std::string_view name) const;

    static Response text(int status, std::string body);
    static Response html(int status, std::string body);
};

// The reason phrase of a status code ("Not Found").
std::string_view reason_phrase(int status);

} // namespace forge::http
