// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// /settings/...: the signed-in user's profile, password and personal access tokens.
#include "forge/http/form.h"
#include "forge/http/router.h"
#include "forge/services/account_service.h"
#include "forge/services/settings_service.h"
#include "ui/format.h"
#include "ui/pages/pages.h"
#include "ui/web.h"

#include <ctime>

namespace ui {

namespace http = forge::http;
namespace services = forge::services;

namespace {

int64_t my_id(const Context& context)
{
    return context.identity->user.id;
}

Value section(const Context& context, std::string_view title, std::string_view which)
{
    Value data;
    data.set("title", std::string(context.text(title)));
    data.set("section_" + std::string(which), true);
    return data;
}

forge::Result<http::Response> profile_page(WebUi& web, Context& context)
{
    auto user = TRY(services::user_by_id(web.services(), my_id(context)));
    Value data = section(context, "Profile", "profile");
    data.set("display_name", user.display_name);
    data.set("email", user.email);
    data.set("language_" + (user.language.empty() ? std::string("auto") : user.language), true);
    return web.page(context, "settings_profile", std::move(data));
}

forge::Result<http::Response> save_profile(WebUi& web, Context& context,
                                           const http::FormFields& form)
{
    services::ProfileUpdate update{form.get("display_name"), form.get("email"),
                                   form.get("language")};
    if (auto done =
            services::update_profile(web.services(), context.actor(), my_id(context), update);
        done.is_error())
        return web.refused(context, "/settings/profile", done.error());
    return web.redirect_with_notice(context, "/settings/profile", "Profile saved");
}

http::Response password_form(WebUi& web, Context& context, std::string failure)
{
    Value data = section(context, "Password", "password");
    int status = failure.empty() ? 200 : 422;
    if (!failure.empty())
        data.set("failure", std::move(failure));
    return web.page(context, "settings_password", std::move(data), status);
}

forge::Result<http::Response> password_page(WebUi& web, Context& context)
{
    return password_form(web, context, {});
}

forge::Result<http::Response> change_password(WebUi& web, Context& context,
                                              const http::FormFields& form)
{
    auto changed = services::change_password(web.services(), context.actor(), my_id(context),
                                             form.get("current"), form.get("new_password"),
                                             context.session_id);
    if (changed.is_error()) {
        auto code = changed.error().code;
        if (code == forge::ErrorCode::unauthenticated)
            return password_form(web, context,
                                 std::string(context.text("The current password is wrong")));
        if (code == forge::ErrorCode::invalid_argument)
            return password_form(web, context, changed.error().message);
        return changed.error();
    }
    return web.redirect_with_notice(context, "/settings/password", "Password changed");
}

Value token_rows(const Context& context, const std::vector<forge::db::TokenRow>& tokens)
{
    Value::List rows;
    for (const auto& token : tokens) {
        Value row;
        row.set("id", token.id);
        row.set("name", token.name);
        row.set("scopes", token.scopes);
        row.set("created", display_time(token.created_at));
        row.set("expires", token.expires_at ? display_time(*token.expires_at)
                                            : std::string(context.text("never")));
        row.set("last_used", token.last_used_at ? display_time(*token.last_used_at)
                                                : std::string(context.text("never")));
        rows.push_back(std::move(row));
    }
    return Value(std::move(rows));
}

forge::Result<http::Response> tokens_page(WebUi& web, Context& context, std::string new_token,
                                          std::string failure)
{
    auto tokens = TRY(services::list_tokens(web.services(), my_id(context)));
    Value data = section(context, "Access tokens", "tokens");
    data.set("tokens", token_rows(context, tokens));
    if (!new_token.empty())
        data.set("new_token", std::move(new_token));
    int status = failure.empty() ? 200 : 422;
    if (!failure.empty())
        data.set("failure", std::move(failure));
    return web.page(context, "settings_tokens", std::move(data), status);
}

forge::Result<http::Response> show_tokens(WebUi& web, Context& context)
{
    return tokens_page(web, context, {}, {});
}

// "2027-01-31" as the end of that day in UTC; none when empty or malformed.
std::optional<int64_t> parse_expiry(const std::string& date)
{
    std::tm parts{};
    if (date.size() != 10 || !strptime(date.c_str(), "%Y-%m-%d", &parts))
        return std::nullopt;
    return static_cast<int64_t>(timegm(&parts)) + 24 * 3600 - 1;
}

forge::Result<http::Response> create_token(WebUi& web, Context& context,
                                           const http::FormFields& form)
{
    services::NewToken token;
    token.user = context.identity->user.name;
    token.label = form.get("label");
    token.scopes = form.get("write") == "on" ? "read write" : "read";
    std::string expiry = form.get("expires");
    token.expires_at = parse_expiry(expiry);
    if (!expiry.empty() && !token.expires_at)
        return tokens_page(web, context, {}, std::string(context.text("Invalid expiry date")));
    auto made = services::create_token(web.services(), context.actor(), token);
    if (made.is_error()) {
        if (made.error().code == forge::ErrorCode::internal)
            return made.error();
        return tokens_page(web, context, {}, made.error().message);
    }
    // Shown once, on this response, which no cache may keep.
    auto response = TRY(tokens_page(web, context, made.value(), {}));
    response.set_header("Cache-Control", "no-store");
    return response;
}

forge::Result<http::Response> revoke_token(WebUi& web, Context& context,
                                           const http::FormFields& form)
{
    int64_t id = std::strtoll(form.get("id").c_str(), nullptr, 10);
    TRY(services::revoke_token(web.services(), context.actor(), my_id(context), id));
    return web.redirect_with_notice(context, "/settings/tokens", "Token revoked");
}

} // namespace

void add_account_pages(WebUi& web, http::Router& router)
{
    auto signed_in = WebUi::Access::signed_in;
    web.get(router, "/settings",
            [&web](Context& context) { return web.redirect(context, "/settings/profile"); });
    web.get(router, "/settings/profile", profile_page, signed_in);
    web.post(router, "/settings/profile", save_profile);
    web.get(router, "/settings/password", password_page, signed_in);
    web.post(router, "/settings/password", change_password);
    web.get(router, "/settings/tokens", show_tokens, signed_in);
    web.post(router, "/settings/tokens", create_token);
    web.post(router, "/settings/tokens/revoke", revoke_token);
}

} // namespace ui
