// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/message.h"

#include <algorithm>
#include <cctype>

namespace forge::http {

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

template <typename Headers>
std::optional<std::string_view> find_header(const Headers& headers, std::string_view name)
{
    for (const auto& [key, value] : headers) {
        if (equals_ignoring_case(key, name))
            return std::string_view(value);
    }
    return std::nullopt;
}

} // namespace

Method parse_method(std::string_view text)
{
    static constexpr std::pair<std::string_view, Method> known[] = {
        {"GET", Method::get},         {"HEAD", Method::head},   {"POST", Method::post},
        {"PUT", Method::put},         {"PATCH", Method::patch}, {"DELETE", Method::delete_},
        {"OPTIONS", Method::options},
    };
    for (const auto& [name, method] : known) {
        if (name == text)
            return method;
    }
    return Method::unknown;
}

std::string_view to_string(Method method)
{
    switch (method) {
    case Method::get:
        return "GET";
    case Method::head:
        return "HEAD";
    case Method::post:
        return "POST";
    case Method::put:
        return "PUT";
    case Method::patch:
        return "PATCH";
    case Method::delete_:
        return "DELETE";
    case Method::options:
        return "OPTIONS";
    case Method::unknown:
        break;
    }
    return "UNKNOWN";
}

std::optional<std::string_view> Request::header(std::string_view name) const
{
    return find_header(headers, name);
}

std::string_view Request::param(std::string_view name) const
{
    auto found = params.find(name);
    return found == params.end() ? std::string_view() : std::string_view(found->second);
}

void Response::set_header(std::string name, std::string value)
{
    for (auto& [key, existing] : headers) {
        if (equals_ignoring_case(key, name)) {
            existing = std::move(value);
            return;
        }
    }
    headers.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string_view> Response::header(std::string_view name) const
{
    return find_header(headers, name);
}

Response Response::text(int status, std::string body)
{
    Response response;
    response.status = status;
    response.set_header("Content-Type", "text/plain; charset=utf-8");
    response.body = std::move(body);
    return response;
}

Response Response::html(int status, std::string body)
{
    Response response;
    response.status = status;
    response.set_header("Content-Type", "text/html; charset=utf-8");
    response.body = std::move(body);
    return response;
}

std::string_view reason_phrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}

} // namespace forge::http
