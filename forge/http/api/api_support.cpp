// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/api/api_support.h"

#include "forge/common/log.h"
#include "forge/http/errors.h"
#include "forge/http/form.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace forge::http::api {

namespace {

bool starts_with_word(std::string_view text, std::string_view word)
{
    if (text.size() <= word.size() || text[word.size()] != ' ')
        return false;
    for (size_t i = 0; i < word.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != word[i])
            return false;
    return true;
}

// "Authorization: token <token>" as Gitea clients send it, or "bearer <token>"; anything
// else goes to the Basic check (which also takes a token as the password).
std::optional<std::string_view> token_of(const Request& request)
{
    auto header = request.header("authorization");
    if (!header)
        return std::nullopt;
    for (std::string_view scheme : {"token", "bearer"})
        if (starts_with_word(*header, scheme))
            return header->substr(scheme.size() + 1);
    return std::nullopt;
}

Result<Caller> authenticate(services::Services& services, const Request& request)
{
    if (auto token = token_of(request)) {
        auto identity = TRY(services.authenticator().with_token(*token));
        return Caller{identity.viewer(), identity.user.name, identity.may_write};
    }
    return authenticate_basic(services, request);
}

Response run(services::Services& services, const std::string& base_url, Request& request,
             ApiHandler handler, Access access)
{
    auto caller = authenticate(services, request);
    if (caller.is_error())
        return error_response(caller.error());
    ApiContext context(services, base_url, caller.release_value(), request.remote_address);
    if (access == Access::write) {
        if (!context.caller.viewer.signed_in())
            return error_response(Error::unauthenticated("sign in with a token first"));
        if (!context.caller.may_write)
            return error_response(Error::forbidden("this token may only read"));
        if (request.body.find_first_not_of(" \t\r\n") != std::string::npos) {
            context.body = Json::parse(request.body, nullptr, false);
            if (context.body.is_discarded() || !context.body.is_object())
                return refusal(400, "the body must be a JSON object");
        }
    }
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
             Method method, const std::string& pattern, ApiHandler handler, Access access)
{
    router.add(method, "/api/v1" + pattern, [&services, base_url, handler, access](Request& r) {
        return run(services, base_url, r, handler, access);
    });
}

void add_api(Router& router, services::Services& services, const std::string& base_url,
             Method method, const std::string& pattern, ApiHandler handler)
{
    add_api(router, services, base_url, method, pattern, handler,
            method == Method::get ? Access::read : Access::write);
}

Response json_response(int status, const Json& value)
{
    Response response;
    response.status = status;
    // Invalid UTF-8 from git (commit messages, paths) becomes U+FFFD instead of an error.
    response.body = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    response.set_header("Content-Type", "application/json;charset=utf-8");
    response.set_header("Cache-Control", "no-store");
    return response;
}

Response refusal(int status, const std::string& message)
{
    return json_response(status, Json{{"message", message}, {"url", ""}});
}

Response error_response(const Error& error)
{
    if (error.code == ErrorCode::internal)
        return refusal(500, "internal error");
    int status = error.code == ErrorCode::invalid_argument ? 422 : status_for(error.code);
    auto response = refusal(status, error.message);
    if (error.code == ErrorCode::unauthenticated)
        response.set_header("WWW-Authenticate", "Basic realm=\"Forge\", charset=\"UTF-8\"");
    return response;
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
        return Error::invalid_argument(std::string(name) + " must be a number from 0 up");
    return found->get<int64_t>();
}

Result<std::vector<std::string>> strings_field(const Json& body, const char* name)
{
    std::vector<std::string> values;
    auto found = body.find(name);
    if (found == body.end() || found->is_null())
        return values;
    if (!found->is_array())
        return Error::invalid_argument(std::string(name) + " must be a list of names");
    for (const auto& item : *found) {
        if (!item.is_string())
            return Error::invalid_argument(std::string(name) + " must be a list of names");
        values.push_back(item.get<std::string>());
    }
    return values;
}

services::ProjectPath project_path(const Request& request)
{
    return services::ProjectPath{percent_decode(request.param("owner")),
                                 percent_decode(request.param("repo"))};
}

std::optional<int64_t> whole_number(std::string_view text)
{
    int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

Result<int64_t> number_param(const Request& request, std::string_view name, std::string_view what)
{
    auto value = whole_number(request.param(name));
    if (!value || *value <= 0)
        return Error::not_found("no such " + std::string(what));
    return *value;
}

std::string query_value(const Request& request, std::string_view name)
{
    return FormFields::parse(request.query).get(name);
}

PageRequest page_request(const Request& request)
{
    auto number = [&](std::string_view name) {
        return whole_number(query_value(request, name)).value_or(0);
    };
    PageRequest page;
    auto limit = number("limit");
    page.limit = limit > 0 ? std::min<int64_t>(limit, 50) : 30;
    // Far beyond any list, and far from overflowing.
    page.offset = (std::clamp<int64_t>(number("page"), 1, 1'000'000) - 1) * page.limit;
    return page;
}

Response page_response(const Json& items, const PageRequest& page)
{
    Json slice = Json::array();
    auto total = static_cast<int64_t>(items.size());
    for (int64_t i = page.offset; i < total && i < page.offset + page.limit; ++i)
        slice.push_back(items[static_cast<size_t>(i)]);
    auto response = json_response(200, slice);
    response.set_header("X-Total-Count", std::to_string(total));
    return response;
}

Response paged_response(const ApiContext& context, const Request& request, const Json& page_items,
                        const PageRequest& page, int64_t total)
{
    auto response = json_response(200, page_items);
    response.set_header("X-Total-Count", std::to_string(total));
    int64_t current = page.offset / page.limit + 1;
    int64_t last = std::max<int64_t>(1, (total + page.limit - 1) / page.limit);
    // The request's query without its page, to which each link adds its own.
    std::string query;
    for (size_t at = 0; at <= request.query.size();) {
        size_t end = std::min(request.query.find('&', at), request.query.size());
        auto part = std::string_view(request.query).substr(at, end - at);
        if (!part.empty() && !part.starts_with("page=") && part != "page")
            query.append(part).append("&");
        at = end + 1;
    }
    auto link = [&](int64_t number, std::string_view relation) {
        return "<" + context.base_url + request.path + "?" + query +
               "page=" + std::to_string(number) + ">; rel=\"" + std::string(relation) + "\"";
    };
    std::vector<std::string> links;
    if (current < last)
        links.push_back(link(current + 1, "next"));
    if (current != last)
        links.push_back(link(last, "last"));
    if (current != 1)
        links.push_back(link(1, "first"));
    if (current > 1)
        links.push_back(link(std::min(current - 1, last), "prev"));
    if (!links.empty()) {
        std::string header;
        for (const auto& one : links)
            header += (header.empty() ? "" : ",") + one;
        response.set_header("Link", header);
    }
    return response;
}

Response paged_response(const ApiContext& context, const Request& request, const Json& items,
                        const PageRequest& page)
{
    Json slice = Json::array();
    auto total = static_cast<int64_t>(items.size());
    for (int64_t i = page.offset; i < total && i < page.offset + page.limit; ++i)
        slice.push_back(items[static_cast<size_t>(i)]);
    return paged_response(context, request, slice, page, total);
}

} // namespace forge::http::api
