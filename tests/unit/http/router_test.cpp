// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/errors.h"
#include "forge/http/router.h"

#include <catch2/catch.hpp>

using forge::http::Method;
using forge::http::Request;
using forge::http::Response;
using forge::http::Router;

namespace {

Request make_request(Method method, std::string path, std::string method_text = "")
{
    Request request;
    request.method = method;
    request.method_text =
        method_text.empty() ? std::string(forge::http::to_string(method)) : method_text;
    request.path = std::move(path);
    return request;
}

Router sample_router()
{
    Router router;
    auto echo = [](const char* name) {
        return [name](Request& request) {
            std::string body = name;
            for (const auto& [key, value] : request.params)
                body += " " + key + "=" + value;
            return Response::text(200, body);
        };
    };
    router.add(Method::get, "/", echo("home"));
    router.add(Method::get, "/healthz", echo("health"));
    router.add(Method::post, "/{owner}/{project}/issues", echo("new-issue"));
    router.add(Method::get, "/{owner}/{project}/issues", echo("issues"));
    router.add(Method::get, "/{owner}/{project}/tree/{path...}", echo("tree"));
    router.add(Method::get, "/{owner}/{project}", echo("project"));
    router.add(Method::delete_, "/{owner}/{project}", echo("delete"));
    router.set_fallback([](Request&) { return Response::html(404, "<html>gone</html>"); });
    return router;
}

} // namespace

TEST_CASE("patterns match literal segments, single captures and rest captures", "[http][router]")
{
    struct Row {
        const char* pattern;
        const char* path;
        bool matches;
        const char* capture; // "name=value" or ""
    };
    const Row rows[] = {
        {"/", "/", true, ""},
        {"/", "/x", false, ""},
        {"/healthz", "/healthz", true, ""},
        {"/healthz", "/healthz/", false, ""},
        {"/healthz", "/health", false, ""},
        {"/{owner}", "/alice", true, "owner=alice"},
        {"/{owner}", "/", false, ""},
        {"/{owner}", "/alice/x", false, ""},
        {"/{a}/{b}", "/x/y", true, "b=y"},
        {"/{a}/{b}", "/x//", false, ""},
        {"/{a}/tree/{path...}", "/x/tree/src/main.cpp", true, "path=src/main.cpp"},
        {"/{a}/tree/{path...}", "/x/tree/", true, "path="},
        {"/{a}/tree/{path...}", "/x/tree", true, "path="},
        {"/{a}/tree/{path...}", "/x/blob/y", false, ""},
        {"relative", "relative", false, ""},
        {"/x", "", false, ""},
    };
    for (const auto& row : rows) {
        INFO(row.pattern << " vs " << row.path);
        std::map<std::string, std::string, std::less<>> captures;
        REQUIRE(Router::matches(row.pattern, row.path, &captures) == row.matches);
        std::string capture = row.capture;
        if (!capture.empty()) {
            auto equals = capture.find('=');
            CHECK(captures[capture.substr(0, equals)] == capture.substr(equals + 1));
        }
    }
}

TEST_CASE("dispatch picks the route by path and method", "[http][router]")
{
    Router router = sample_router();
    auto request = make_request(Method::get, "/alice/tool/tree/src/a.cpp");
    auto response = router.dispatch(request);
    CHECK(response.status == 200);
    CHECK(response.body == "tree owner=alice path=src/a.cpp project=tool");

    auto post = make_request(Method::post, "/alice/tool/issues");
    CHECK(router.dispatch(post).body == "new-issue owner=alice project=tool");
    auto get = make_request(Method::get, "/alice/tool/issues");
    CHECK(router.dispatch(get).body == "issues owner=alice project=tool");
}

TEST_CASE("HEAD is answered by the GET handler", "[http][router]")
{
    Router router = sample_router();
    auto request = make_request(Method::head, "/healthz");
    auto response = router.dispatch(request);
    CHECK(response.status == 200);
    CHECK(response.body == "health");
}

TEST_CASE("a known method on a known path without a route gets 405 and Allow", "[http][router]")
{
    Router router = sample_router();
    auto request = make_request(Method::put, "/alice/tool");
    auto response = router.dispatch(request);
    CHECK(response.status == 405);
    REQUIRE(response.header("allow"));
    CHECK(*response.header("Allow") == "GET, HEAD, DELETE");

    auto health = make_request(Method::post, "/healthz");
    auto health_response = router.dispatch(health);
    CHECK(health_response.status == 405);
    CHECK(*health_response.header("Allow") == "GET, HEAD");
}

TEST_CASE("an unknown method gets 501 and an unknown path the fallback", "[http][router]")
{
    Router router = sample_router();
    auto brew = make_request(Method::unknown, "/healthz", "BREW");
    CHECK(router.dispatch(brew).status == 501);
    auto missing = make_request(Method::get, "/a/b/c/d");
    auto response = router.dispatch(missing);
    CHECK(response.status == 404);
    CHECK(response.body == "<html>gone</html>");
}

TEST_CASE("methods parse exactly and error codes map to one status each", "[http][errors]")
{
    CHECK(forge::http::parse_method("GET") == Method::get);
    CHECK(forge::http::parse_method("get") == Method::unknown);
    CHECK(forge::http::parse_method("DELETE") == Method::delete_);
    CHECK(forge::http::parse_method("") == Method::unknown);
    using forge::ErrorCode;
    CHECK(forge::http::status_for(ErrorCode::invalid_argument) == 400);
    CHECK(forge::http::status_for(ErrorCode::unauthenticated) == 401);
    CHECK(forge::http::status_for(ErrorCode::forbidden) == 403);
    CHECK(forge::http::status_for(ErrorCode::not_found) == 404);
    CHECK(forge::http::status_for(ErrorCode::conflict) == 409);
    CHECK(forge::http::status_for(ErrorCode::too_large) == 413);
    CHECK(forge::http::status_for(ErrorCode::unprocessable) == 422);
    CHECK(forge::http::status_for(ErrorCode::rate_limited) == 429);
    CHECK(forge::http::status_for(ErrorCode::internal) == 500);
}

TEST_CASE("response headers are set once, case-insensitively", "[http][message]")
{
    Response response = Response::text(200, "x");
    response.set_header("X-Test", "1");
    response.set_header("x-test", "2");
    CHECK(*response.header("X-TEST") == "2");
    CHECK(response.headers.size() == 2); // Content-Type and X-Test
    Request request;
    request.headers = {{"content-type", "text/plain"}};
    CHECK(*request.header("Content-Type") == "text/plain");
    CHECK_FALSE(request.header("accept"));
}
