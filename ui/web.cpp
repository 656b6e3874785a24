// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/web.h"

#include "auth/secret.h"
#include "forge/common/log.h"
#include "forge/http/errors.h"
#include "forge/http/router.h"
#include "forge/services/notification_service.h"
#include "ui/embedded.h"

namespace ui {

namespace http = forge::http;

namespace {

constexpr std::string_view session_cookie = "forge_session";
constexpr std::string_view visitor_cookie = "forge_visitor";
constexpr std::string_view notice_cookie = "forge_notice";
constexpr std::string_view failure_cookie = "forge_failure";
constexpr std::string_view form_refused =
    "The form has expired or came from another site. Reload the page and try again.";

std::string cookie_of(const http::Request& request, std::string_view name)
{
    auto header = request.header("cookie");
    if (!header)
        return {};
    return http::cookie_value(*header, name).value_or(std::string{});
}

// Our secrets are 43 characters of base64url; anything else is not worth a lookup.
bool plausible_secret(std::string_view value)
{
    if (value.size() < 32 || value.size() > 128)
        return false;
    for (char c : value)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    return true;
}

std::string local_target(const http::Request& request)
{
    return request.query.empty() ? request.path : request.path + "?" + request.query;
}

} // namespace

auth::Viewer Context::viewer() const
{
    return identity ? identity->viewer() : auth::Viewer{};
}

forge::services::Actor Context::actor() const
{
    if (!identity)
        return forge::services::Actor{auth::Viewer{}, "", request.remote_address, false};
    return forge::services::Actor::user(identity->user, request.remote_address);
}

// The token is derived from the secret in the cookie, so no server state is needed
// (several processes can serve the same forge), and a page of another site, which can
// neither read our cookies nor our pages, cannot know it.
std::string Context::csrf_token() const
{
    const std::string& secret = signed_in() ? session_id : visitor_token;
    return auth::sha256_hex("forge csrf\n" + secret);
}

forge::Result<std::unique_ptr<WebUi>> WebUi::create(forge::services::Services& services,
                                                    WebOptions options)
{
    while (options.base_url.ends_with('/'))
        options.base_url.pop_back();
    std::unique_ptr<WebUi> web(new WebUi(services, std::move(options)));
    for (const auto& file : embedded_files()) {
        if (!file.path.starts_with("templates/") || !file.path.ends_with(".html"))
            continue;
        std::string name(file.path.substr(10, file.path.size() - 15));
        TRY(web->m_templates.add(name, file.content));
    }
    TRY(web->m_templates.check_partials());
    return web;
}

Context WebUi::make_context(http::Request& request)
{
    Context context{request, std::nullopt, {}, {}, false, Language::en, nullptr};
    std::string session = cookie_of(request, session_cookie);
    if (plausible_secret(session)) {
        auto identity = m_services.authenticator().with_session(session);
        if (!identity.is_error()) {
            context.identity = std::move(identity.value());
            context.session_id = std::move(session);
        }
    }
    if (!context.signed_in()) {
        context.visitor_token = cookie_of(request, visitor_cookie);
        if (!plausible_secret(context.visitor_token)) {
            auto secret = auth::random_secret();
            context.visitor_token = !secret.is_error() ? secret.value() : std::string{};
            context.new_visitor = true;
        }
    }
    std::string setting = context.identity ? context.identity->user.language : std::string{};
    context.language = negotiate_language(setting, request.header("accept-language").value_or(""));
    context.translations = &translations_for(context.language);
    return context;
}

void WebUi::add_security_headers(http::Response& response) const
{
    response.set_header("Content-Security-Policy",
                        "default-src 'none'; style-src 'self'; img-src 'self'; "
                        "script-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                        "base-uri 'none'");
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("X-Frame-Options", "DENY");
    response.set_header("Referrer-Policy", "same-origin");
    if (uses_tls())
        response.set_header("Strict-Transport-Security", "max-age=31536000");
}

void WebUi::finish(Context& context, http::Response& response) const
{
    add_security_headers(response);
    std::string attributes = "; Path=/; HttpOnly; SameSite=Lax";
    if (uses_tls())
        attributes += "; Secure";
    if (context.new_visitor && !context.visitor_token.empty())
        response.headers.emplace_back("Set-Cookie", std::string(visitor_cookie) + "=" +
                                                        context.visitor_token + attributes);
    if (!response.header("Cache-Control"))
        response.set_header("Cache-Control", "no-cache, private");
    response.set_header("Vary", "Cookie, Accept-Language");
}

Value WebUi::common_data(Context& context) const
{
    Value data;
    data.set("lang", std::string(language_code(context.language)));
    data.set("csrf", context.csrf_token());
    data.set("base_url", m_options.base_url);
    data.set("here", local_target(context.request));
    if (context.identity) {
        Value user;
        user.set("name", context.identity->user.name);
        user.set("is_admin", context.identity->user.is_admin);
        // A failing count must not break every page: it only hides the number.
        auto unread = forge::services::unread_notifications(m_services, context.viewer());
        if (!unread.is_error() && unread.value() > 0)
            user.set("unread", unread.value());
        data.set("me", std::move(user));
    }
    std::string notice = http::percent_decode(cookie_of(context.request, notice_cookie));
    if (!notice.empty())
        data.set("notice", std::string(context.text(notice)));
    std::string failure = http::percent_decode(cookie_of(context.request, failure_cookie));
    if (!failure.empty())
        data.set("failure_notice", failure);
    return data;
}

http::Response WebUi::page(Context& context, std::string_view name, Value data, int status)
{
    Value common = common_data(context);
    for (std::string_view key : {"csrf", "me", "lang", "base_url"})
        if (const Value* value = common.member(key))
            data.set(std::string(key), *value);
    SafeHtml content = m_templates.render(name, data, *context.translations);
    common.set("content", std::move(content));
    if (const Value* title = data.member("title"))
        common.set("title", *title);
    if (const Value* project = data.member("project"))
        common.set("project", *project);
    http::Response response;
    response.status = status;
    response.body = m_templates.render("layout", common, *context.translations).str();
    response.set_header("Content-Type", "text/html; charset=utf-8");
    for (auto [key, cookie] :
         {std::pair{"notice", notice_cookie}, std::pair{"failure_notice", failure_cookie}})
        if (common.member(key))
            response.headers.emplace_back("Set-Cookie",
                                          std::string(cookie) + "=; Path=/; Max-Age=0; HttpOnly");
    finish(context, response);
    return response;
}

http::Response WebUi::error(Context& context, int status, std::string_view message)
{
    Value data;
    std::string_view heading = status == 404   ? "Page not found"
                               : status == 403 ? "Not allowed"
                               : status == 429 ? "Too many requests"
                               : status == 400 ? "Bad request"
                               : status == 409 ? "Conflict"
                                               : "Something went wrong";
    data.set("title", std::string(context.text(heading)));
    data.set("status", status);
    if (!message.empty())
        data.set("message", std::string(message));
    return page(context, "error", std::move(data), status);
}

http::Response WebUi::error_for(Context& context, const forge::Error& error)
{
    int status = http::status_for(error.code);
    if (status >= 500) {
        forge::log::error("web: " + context.request.path + ": " + error.message);
        return WebUi::error(context, status);
    }
    if (status == 404)
        return WebUi::error(context, 404);
    return WebUi::error(context, status, error.message);
}

http::Response WebUi::respond(Context& context, forge::Result<http::Response> result)
{
    if (result.is_error())
        return error_for(context, result.error());
    return std::move(result.value());
}

http::Response WebUi::redirect(Context& context, std::string location)
{
    http::Response response;
    response.status = 303;
    response.set_header("Location", std::move(location));
    finish(context, response);
    return response;
}

http::Response WebUi::redirect_with_notice(Context& context, std::string location,
                                           std::string_view notice)
{
    http::Response response = redirect(context, std::move(location));
    response.headers.emplace_back("Set-Cookie", std::string(notice_cookie) + "=" +
                                                    http::percent_encode(notice) +
                                                    "; Path=/; HttpOnly; SameSite=Lax");
    return response;
}

http::Response WebUi::refused(Context& context, std::string location, const forge::Error& error)
{
    int status = http::status_for(error.code);
    if (status != 400 && status != 404 && status != 409 && status != 422)
        return error_for(context, error);
    http::Response response = redirect(context, std::move(location));
    // Capped so that the cookie stays well within what browsers keep.
    std::string message = error.message.substr(0, 300);
    response.headers.emplace_back("Set-Cookie", std::string(failure_cookie) + "=" +
                                                    http::percent_encode(message) +
                                                    "; Path=/; HttpOnly; SameSite=Lax");
    return response;
}

bool WebUi::origin_allowed(const http::Request& request) const
{
    // Browsers send Origin with every cross-site POST; a mismatch is a forged request.
    // Fetch metadata says the same for browsers behind proxies that rewrite the host.
    if (auto site = request.header("sec-fetch-site"); site && *site == "cross-site")
        return false;
    auto origin = request.header("origin");
    if (!origin || *origin == "null")
        return !origin.has_value();
    if (*origin == m_options.base_url)
        return true;
    auto host = request.header("host");
    std::string scheme = uses_tls() ? "https://" : "http://";
    return host && *origin == scheme + std::string(*host);
}

bool WebUi::form_token_valid(const Context& context, const http::FormFields& form) const
{
    // Without a secret (the random source failed) the token would be guessable.
    const std::string& secret = context.signed_in() ? context.session_id : context.visitor_token;
    auto token = form.find("csrf");
    return !secret.empty() && token && auth::constant_time_equals(*token, context.csrf_token());
}

void WebUi::get(http::Router& router, std::string pattern, GetHandler handler, Access access)
{
    router.add(http::Method::get, std::move(pattern),
               [this, handler = std::move(handler), access](http::Request& request) {
                   Context context = make_context(request);
                   if (access == Access::signed_in && !context.signed_in())
                       return redirect(context, "/login?next=" +
                                                    http::percent_encode(local_target(request)));
                   return handler(context);
               });
}

void WebUi::post(http::Router& router, std::string pattern, PostHandler handler, Access access)
{
    router.add(http::Method::post, std::move(pattern),
               [this, handler = std::move(handler), access](http::Request& request) {
                   Context context = make_context(request);
                   auto form = http::FormFields::parse(request.body);
                   if (!origin_allowed(request) || !form_token_valid(context, form))
                       return error(context, 403, context.text(form_refused));
                   if (access == Access::signed_in && !context.signed_in())
                       return redirect(context, "/login");
                   return handler(context, form);
               });
}

void WebUi::get(http::Router& router, std::string pattern, Page render, Access access)
{
    get(
        router, std::move(pattern),
        [this, render](Context& context) { return respond(context, render(*this, context)); },
        access);
}

void WebUi::post(http::Router& router, std::string pattern, Action act, Access access)
{
    post(
        router, std::move(pattern),
        [this, act](Context& context, const http::FormFields& form) {
            return respond(context, act(*this, context, form));
        },
        access);
}

} // namespace ui
