// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

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
    std::string body;
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

    void set_header(std::string name, std::string value);
    std::optional<std::string_view> header(std::string_view name) const;

    static Response text(int status, std::string body);
    static Response html(int status, std::string body);
};

// The reason phrase of a status code ("Not Found").
std::string_view reason_phrase(int status);

} // namespace forge::http
