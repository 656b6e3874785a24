// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/router.h"
#include "ui/pages/pages.h"
#include "ui/web.h"

namespace ui {

namespace http = forge::http;

namespace {

// Only paths of this site: "//evil.example" and "/\evil" would leave it.
std::string safe_next(std::string_view next)
{
    if (!next.starts_with('/') || next.starts_with("//") || next.starts_with("/\\"))
        return "/";
    for (char c : next)
        if (static_cast<unsigned char>(c) < 0x20)
            return "/";
    return std::string(next);
}

http::Response login_form(WebUi& web, Context& context, std::string next, std::string login,
                          std::string failure, int status)
{
    Value data;
    data.set("title", std::string(context.text("Sign in")));
    data.set("next", std::move(next));
    data.set("login", std::move(login));
    if (!failure.empty())
        data.set("failure", std::move(failure));
    return web.page(context, "login", std::move(data), status);
}

std::string session_cookie_header(const WebUi& web, const std::string& value, bool clear)
{
    std::string header = "forge_session=" + value + "; Path=/; HttpOnly; SameSite=Lax";
    if (clear)
        header += "; Max-Age=0";
    if (web.uses_tls())
        header += "; Secure";
    return header;
}

http::Response sign_in(WebUi& web, Context& context, const http::FormFields& form)
{
    std::string login = form.get("login");
    std::string next = safe_next(form.get("next"));
    auto identity = web.services().authenticator().with_password(login, form.get("password"),
                                                                 context.request.remote_address);
    if (identity.is_error()) {
        auto code = identity.error().code;
        std::string_view why = code == forge::ErrorCode::rate_limited
                                   ? "Too many failed sign-ins; try again in a few minutes"
                               : code == forge::ErrorCode::forbidden
                                   ? "This account is blocked"
                                   : "Invalid username or password";
        int status = code == forge::ErrorCode::rate_limited ? 429 : 200;
        return login_form(web, context, next, login, std::string(context.text(why)), status);
    }
    // A new session id at every sign-in, so an id planted before cannot be used after.
    auto session = web.services().authenticator().start_session(identity.value().user.id);
    if (session.is_error())
        return web.error_for(context, session.error());
    auto response = web.redirect(context, next);
    response.headers.emplace_back("Set-Cookie", session_cookie_header(web, session.value(), false));
    response.headers.emplace_back("Set-Cookie", "forge_visitor=; Path=/; Max-Age=0; HttpOnly");
    return response;
}

} // namespace

void add_session_pages(WebUi& web, http::Router& router)
{
    web.get(router, "/login", [&web](Context& context) {
        auto query = http::FormFields::parse(context.request.query);
        if (context.signed_in())
            return web.redirect(context, safe_next(query.get("next")));
        return login_form(web, context, safe_next(query.get("next")), {}, {}, 200);
    });
    web.post(
        router, "/login",
        [&web](Context& context, const http::FormFields& form) {
            return sign_in(web, context, form);
        },
        WebUi::Access::anyone);
    web.post(router, "/logout", [&web](Context& context, const http::FormFields&) {
        if (auto ended = web.services().authenticator().end_session(context.session_id);
            ended.is_error())
            return web.error_for(context, ended.error());
        auto response = web.redirect(context, "/");
        response.headers.emplace_back("Set-Cookie", session_cookie_header(web, "", true));
        return response;
    });
}

} // namespace ui
