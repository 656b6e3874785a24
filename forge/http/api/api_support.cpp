// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/api/api_support.h"

#include "forge/common/log.h"
#include "forge/http/errors.h"
#include "forge/http/form.h"
#include "forge/services/fork_service.h"

#include <cctype>
#include <ctime>

namespace forge::http::api {

namespace {

// "Authorization: token <token>" as Gitea clients send it; anything else goes to the
// Basic check (which also takes a token as the password).
std::optional<std::string_view> token_of(const Request& request)
{
    auto header = request.header("authorization");
    constexpr std::string_view scheme = "token ";
    if (!header || header->size() <= scheme.size())
        return std::nullopt;
    for (size_t i = 0; i < scheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>((*header)[i])) != scheme[i])
            return std::nullopt;
    return header->substr(scheme.size());
}

Result<Caller> authenticate(services::Services& services, const Request& request)
{
    if (auto token = token_of(request)) {
        auto identity = TRY(services.authenticator().with_token(std::string(*token)));
        return Caller{identity.viewer(), identity.user.name, identity.may_write};
    }
    return authenticate_basic(services, request);
}

Response run(services::Services& services, const std::string& base_url, Request& request,
             ApiHandler handler, bool writes)
{
    auto caller = authenticate(services, request);
    if (caller.is_error())
        return error_response(caller.error());
    if (writes && !caller.value().viewer.signed_in())
        return error_response(Error::unauthenticated("sign in with a token first"));
    if (writes && !caller.value().may_write)
        return error_response(Error::forbidden("this token may only read"));
    ApiContext context{services, base_url, caller.release_value(), request.remote_address};
    auto response = handler(context, request);
    if (response.is_error()) {
        if (response.error().code == ErrorCode::internal)
            log::error("API " + request.path + ": " + response.error().message);
        return error_response(response.error());
    }
    return response.release_value();
}

} // namespace

services::Actor ApiContext::actor() const
{
    return services::Actor{caller.viewer, caller.name, address, false};
}

void add_api(Router& router, services::Services& services, const std::string& base_url,
             Method method, std::string pattern, ApiHandler handler, bool writes)
{
    router.add(method, "/api/v1" + pattern, [&services, base_url, handler, writes](Request& r) {
        return run(services, base_url, r, handler, writes);
    });
}

Response json_response(int status, const Json& value)
{
    Response response;
    response.status = status;
    response.body = value.dump();
    response.set_header("Content-Type", "application/json;charset=utf-8");
    response.set_header("Cache-Control", "no-store");
    return response;
}

Response error_response(const Error& error)
{
    std::string message = error.code == ErrorCode::internal ? "internal error" : error.message;
    auto response = json_response(status_for(error.code), Json{{"message", message}, {"url", ""}});
    if (error.code == ErrorCode::unauthenticated)
        response.set_header("WWW-Authenticate", "Basic realm=\"Forge\", charset=\"UTF-8\"");
    return response;
}

Result<Json> json_body(const Request& request)
{
    auto parsed = Json::parse(request.body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object())
        return Error::invalid_argument("the body must be a JSON object");
    return parsed;
}

Result<std::string> string_field(const Json& body, const char* name, std::string fallback)
{
    auto found = body.find(name);
    if (found == body.end() || found->is_null())
        return fallback;
    if (!found->is_string())
        return Error::invalid_argument(std::string(name) + " must be a string");
    return found->get<std::string>();
}

Result<bool> bool_field(const Json& body, const char* name, bool fallback)
{
    auto found = body.find(name);
    if (found == body.end() || found->is_null())
        return fallback;
    if (!found->is_boolean())
        return Error::invalid_argument(std::string(name) + " must be true or false");
    return found->get<bool>();
}

Result<int64_t> count_field(const Json& body, const char* name)
{
    auto found = body.find(name);
    if (found == body.end() || found->is_null())
        return 0;
    if (!found->is_number_integer() || found->get<int64_t>() < 0 ||
        found->get<int64_t>() > 1'000'000'000)
        return Error::invalid_argument(std::string(name) + " must be a line number");
    return found->get<int64_t>();
}

services::ProjectPath project_path(const Request& request)
{
    return services::ProjectPath{percent_decode(request.param("owner")),
                                 percent_decode(request.param("repo"))};
}

Result<int64_t> index_param(const Request& request)
{
    auto text = request.param("index");
    int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9' || value > 1'000'000'000)
            return Error::not_found("no such pull request");
        value = value * 10 + (c - '0');
    }
    if (value <= 0)
        return Error::not_found("no such pull request");
    return value;
}

std::string query_value(const Request& request, std::string_view name)
{
    auto fields = FormFields::parse(request.query);
    return std::string(fields.get(name));
}

std::string rfc3339(int64_t unix_seconds)
{
    std::time_t time = static_cast<std::time_t>(unix_seconds);
    std::tm parts{};
    gmtime_r(&time, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

Json time_or_null(int64_t unix_seconds)
{
    return unix_seconds > 0 ? Json(rfc3339(unix_seconds)) : Json(nullptr);
}

Json user_json(const ApiContext& context, const services::Person& person, const std::string& email)
{
    return Json{{"id", person.id},
                {"login", person.name},
                {"username", person.name},
                {"full_name", person.display_name},
                {"email", email},
                {"avatar_url", ""},
                {"html_url", context.base_url + "/" + person.name}};
}

Json repository_json(ApiContext& context, const db::ProjectRow& project)
{
    std::string full_name = project.owner.name + "/" + project.name;
    Json owner{{"id", project.owner.id},
               {"login", project.owner.name},
               {"username", project.owner.name},
               {"full_name", ""},
               {"email", ""},
               {"avatar_url", ""},
               {"html_url", context.base_url + "/" + project.owner.name}};
    Json repo{{"id", project.id},
              {"owner", owner},
              {"name", project.name},
              {"full_name", full_name},
              {"description", project.description},
              {"private", project.visibility == "private"},
              {"internal", project.visibility == "internal"},
              {"fork", false},
              {"parent", nullptr},
              {"default_branch", project.default_branch},
              {"html_url", context.base_url + "/" + full_name},
              {"clone_url", context.base_url + "/" + full_name + ".git"},
              {"created_at", rfc3339(project.created_at)},
              {"updated_at", rfc3339(project.updated_at)},
              {"has_pull_requests", true}};
    auto origin = services::fork_origin(context.services, context.caller.viewer, project.id);
    if (!origin.is_error() && origin.value().is_fork) {
        repo["fork"] = true;
        if (origin.value().parent) {
            const auto& parent = *origin.value().parent;
            repo["parent"] =
                Json{{"id", parent.id},
                     {"name", parent.name},
                     {"full_name", parent.owner.name + "/" + parent.name},
                     {"html_url", context.base_url + "/" + parent.owner.name + "/" + parent.name}};
        }
    }
    auto access = services::open_project(context.services, context.caller.viewer,
                                         services::ProjectPath{project.owner.name, project.name});
    auto level = access.is_error() ? auth::AccessLevel::none : access.value().level;
    repo["permissions"] = Json{{"admin", level >= auth::AccessLevel::admin},
                               {"push", level >= auth::AccessLevel::write},
                               {"pull", level >= auth::AccessLevel::read}};
    return repo;
}

} // namespace forge::http::api
