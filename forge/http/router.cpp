// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/router.h"

#include <algorithm>

namespace forge::http {

namespace {

// "/a/b" -> {"a", "b"}; "/" -> {""}; "/a/" -> {"a", ""}.
std::vector<std::string_view> split_segments(std::string_view path)
{
    std::vector<std::string_view> segments;
    std::string_view rest = path.substr(1);
    while (true) {
        auto slash = rest.find('/');
        segments.push_back(rest.substr(0, slash));
        if (slash == std::string_view::npos)
            return segments;
        rest = rest.substr(slash + 1);
    }
}

bool is_capture(std::string_view segment)
{
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool is_rest_capture(std::string_view segment)
{
    return segment.size() > 5 && segment.front() == '{' &&
           segment.substr(segment.size() - 4) == "...}";
}

} // namespace

bool Router::matches(std::string_view pattern, std::string_view path,
                     std::map<std::string, std::string, std::less<>>* captures)
{
    if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/')
        return false;
    auto expected = split_segments(pattern);
    auto actual = split_segments(path);
    std::map<std::string, std::string, std::less<>> found;
    size_t offset = 1; // where the current path segment starts in `path`
    for (size_t i = 0; i < expected.size(); ++i) {
        if (is_rest_capture(expected[i]) && i + 1 == expected.size()) {
            std::string_view rest =
                offset <= path.size() ? path.substr(offset) : std::string_view();
            found.emplace(std::string(expected[i].substr(1, expected[i].size() - 5)), rest);
            break;
        }
        if (i >= actual.size())
            return false;
        if (is_capture(expected[i])) {
            if (actual[i].empty())
                return false;
            found.emplace(std::string(expected[i].substr(1, expected[i].size() - 2)), actual[i]);
        } else if (expected[i] != actual[i]) {
            return false;
        }
        offset += actual[i].size() + 1;
        if (i + 1 == expected.size() && actual.size() != expected.size())
            return false;
    }
    if (captures)
        *captures = std::move(found);
    return true;
}

void Router::add(Method method, std::string pattern, Handler handler, RouteFlags flags)
{
    m_routes.push_back({method, std::move(pattern), std::move(handler), flags});
}

bool Router::streams_body(Method method, std::string_view path) const
{
    Method wanted = method == Method::head ? Method::get : method;
    for (const auto& route : m_routes) {
        if (route.method == wanted && matches(route.pattern, path, nullptr))
            return route.flags.stream_body;
    }
    return false;
}

void Router::set_fallback(Handler handler)
{
    m_fallback = std::move(handler);
}

Response Router::dispatch(Request& request) const
{
    Method wanted = request.method == Method::head ? Method::get : request.method;
    std::vector<Method> allowed;
    for (const auto& route : m_routes) {
        std::map<std::string, std::string, std::less<>> captures;
        if (!matches(route.pattern, request.path, &captures))
            continue;
        if (route.method == wanted) {
            request.params = std::move(captures);
            return route.handler(request);
        }
        allowed.push_back(route.method);
        if (route.method == Method::get)
            allowed.push_back(Method::head);
    }
    if (request.method == Method::unknown)
        return Response::text(501, "method not implemented\n");
    if (!allowed.empty()) {
        std::sort(allowed.begin(), allowed.end());
        allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
        std::string allow;
        for (Method method : allowed)
            allow += (allow.empty() ? "" : ", ") + std::string(to_string(method));
        auto response = Response::text(405, "method not allowed\n");
        response.set_header("Allow", allow);
        return response;
    }
    if (m_fallback)
        return m_fallback(request);
    return Response::text(404, "not found\n");
}

} // namespace forge::http
