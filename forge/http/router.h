// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/http/message.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace forge::http {

using Handler = std::function<Response(Request&)>;

// What a route needs from the server before its handler runs.
struct RouteFlags {
    // The handler reads the body from Request::body_stream as it arrives, without the
    // server's body size limit (git pushes); otherwise the body is read whole, bounded.
    bool stream_body = false;
};

// The route table: each row is a method, a path pattern and a handler. A pattern is a
// '/'-separated list of literal segments, "{name}" (one non-empty segment) and, last
// only, "{name...}" (the rest of the path, possibly empty or with slashes). Captures land
// in Request::params. Rows are tried in the order added; the first match wins.
//
// dispatch() answers HEAD with the GET handler (the server drops the body), 405 with an
// Allow header when the path matches but the method does not, 501 for methods the forge
// does not know, and the fallback (a 404 page) when no pattern matches.
class Router {
  public:
    void add(Method, std::string pattern, Handler, RouteFlags flags = {});
    // Whether the route that would handle this request streams its body.
    bool streams_body(Method, std::string_view path) const;
    void set_fallback(Handler);

    Response dispatch(Request&) const;

    // For tests and diagnostics: whether a pattern matches a path, with its captures.
    static bool matches(std::string_view pattern, std::string_view path,
                        std::map<std::string, std::string, std::less<>>* captures);

  private:
    struct Route {
        Method method;
        std::string pattern;
        Handler handler;
        RouteFlags flags;
    };
    std::vector<Route> m_routes;
    Handler m_fallback;
};

} // namespace forge::http
