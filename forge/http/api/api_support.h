// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// For the API files only: callers, JSON bodies and answers, and the JSON shapes of the
// things several resources embed (users, repositories).

#include "forge/common/result.h"
#include "forge/db/project_store.h"
#include "forge/http/credentials.h"
#include "forge/http/message.h"
#include "forge/http/router.h"
#include "forge/services/merge_request_types.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"

#include <nlohmann/json.hpp>
#include <string>

namespace forge::http::api {

using Json = nlohmann::json;

// What every handler gets: the services, the caller and the site's address.
struct ApiContext {
    services::Services& services;
    std::string base_url;
    Caller caller;
    std::string address;

    services::Actor actor() const;
};

using ApiHandler = Result<Response> (*)(ApiContext&, Request&);

// Registers a route whose handler gets an authenticated ApiContext. The API takes
// `Authorization: token ...` or HTTP Basic, never the web session cookie, so that a page
// cannot be made to call it on a visitor's behalf (no CSRF exposure). `writes`: the caller
// must be signed in with a token or password that may write.
void add_api(Router&, services::Services&, const std::string& base_url, Method, std::string pattern,
             ApiHandler, bool writes);

Response json_response(int status, const Json&);
// Gitea's error shape: {"message": ..., "url": ...} with the status of the error's code.
Response error_response(const Error&);

// The request body as JSON; invalid_argument when it is not a JSON object.
Result<Json> json_body(const Request&);
// A field of a JSON object as the type wanted, or `fallback` when absent or null;
// invalid_argument when present with another type.
Result<std::string> string_field(const Json&, const char* name, std::string fallback = {});
Result<bool> bool_field(const Json&, const char* name, bool fallback);
// A whole number in [0, 10^9].
Result<int64_t> count_field(const Json&, const char* name);

services::ProjectPath project_path(const Request&); // from {owner} and {repo}
Result<int64_t> index_param(const Request&);        // {index}, a positive number
// The query parameter's value ("" when absent).
std::string query_value(const Request&, std::string_view name);

std::string rfc3339(int64_t unix_seconds); // null for 0 is left to the caller
Json time_or_null(int64_t unix_seconds);

Json user_json(const ApiContext&, const services::Person&, const std::string& email = "");
Json repository_json(ApiContext&, const db::ProjectRow&);

} // namespace forge::http::api
