// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// For the API files only (nlohmann/json stays out of headers other layers include):
// callers, JSON bodies, parameters and answers.

#include "forge/common/result.h"
#include "forge/http/credentials.h"
#include "forge/http/message.h"
#include "forge/http/router.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forge::http::api {

using Json = nlohmann::json;

// What every handler gets: the services, the caller, the site's address and, for routes
// that write, the request body as a JSON object.
struct ApiContext {
    ApiContext(services::Services& all, std::string site, Caller who, std::string from)
        : services(all)
        , base_url(std::move(site))
        , caller(std::move(who))
        , address(std::move(from))
    {
    }

    services::Services& services;
    std::string base_url;
    Caller caller;
    std::string address;
    Json body = Json::object();
    // What one answer needs several times: repositories by id, branch heads by project id
    // and branch.
    std::map<int64_t, Json> repositories;
    std::map<std::pair<int64_t, std::string>, std::string> branch_heads;

    services::Actor actor() const;
};

using ApiHandler = Result<Response> (*)(ApiContext&, Request&);

enum class Access { read, write };

// Registers a route under /api/v1 whose handler gets an authenticated ApiContext.
//
// The API takes `Authorization: token ...` (or `bearer ...`) and HTTP Basic (a password or
// a token as the password), never the web session cookie: a page on another site cannot
// make a browser call the API on its visitor's behalf, so the API needs no CSRF tokens.
//
// Access::write: the caller must be signed in (401) with credentials that may write (403
// for a read-only token), and the body must be a JSON object (400); an empty body counts
// as {}.
void add_api(Router&, services::Services&, const std::string& base_url, Method,
             const std::string& pattern, ApiHandler, Access);
// The same with Access::read for GET and Access::write for every other method.
void add_api(Router&, services::Services&, const std::string& base_url, Method,
             const std::string& pattern, ApiHandler);

Response json_response(int status, const Json&);
// Gitea's error shape, {"message": ..., "url": ...}, with the status of the error's code;
// invalid_argument is a validation error (422), as in Gitea. Internal errors do not show
// their message.
Response error_response(const Error&);
// The same shape with a status no error code has (405, 412).
Response refusal(int status, const std::string& message);

// A field of a JSON object as the type wanted, or `fallback` when absent or null;
// invalid_argument when present with another type.
Result<std::string> string_field(const Json&, const char* name, std::string fallback = {});
Result<bool> bool_field(const Json&, const char* name, bool fallback);
// A whole number in [0, 10^9]; 0 when absent.
Result<int64_t> count_field(const Json&, const char* name);
// A list of strings; empty when absent.
Result<std::vector<std::string>> strings_field(const Json&, const char* name);

// The text as a decimal number, if it is one that fits.
std::optional<int64_t> whole_number(std::string_view);

services::ProjectPath project_path(const Request&); // from {owner} and {repo}
// A path parameter that must be a positive number; not_found (naming `what`) otherwise.
Result<int64_t> number_param(const Request&, std::string_view name, std::string_view what);
// The query parameter's value ("" when absent).
std::string query_value(const Request&, std::string_view name);

// ?page= (from 1) and ?limit= as Gitea reads them: missing or wrong values fall back to
// page 1 and 30 items; at most 50 items.
struct PageRequest {
    int64_t offset = 0;
    int64_t limit = 30;
};
PageRequest page_request(const Request&);

// The page's slice of `items`, with X-Total-Count set to their number.
Response page_response(const Json& items, const PageRequest&);

// One page of a list of `total` items, with Gitea's X-Total-Count and Link headers (rel
// "next", "last", "first" and "prev" as far as they exist, each the request's address with
// another ?page=).
Response paged_response(const ApiContext&, const Request&, const Json& page_items,
                        const PageRequest&, int64_t total);
// The same for a whole list, of which the page is sliced out.
Response paged_response(const ApiContext&, const Request&, const Json& items, const PageRequest&);

} // namespace forge::http::api
