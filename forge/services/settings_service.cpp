// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/settings_service.h"

#include "auth/password.h"
#include "auth/secret.h"
#include "forge/services/access_checks.h"
#include "forge/services/names.h"

#include <algorithm>

namespace forge::services {

namespace {

Result<void> check_self_or_admin(const Actor& actor, int64_t user_id, const char* what)
{
    if (may_administer_site(actor))
        return {};
    if (!actor.viewer.signed_in())
        return Error::unauthenticated("sign in first");
    if (actor.viewer.is_blocked)
        return Error::forbidden("account is blocked");
    if (actor.viewer.user_id != user_id)
        return Error::forbidden(std::string("you may only change your own ") + what);
    return {};
}

Result<db::UserRow> existing_user(db::Connection& c, int64_t user_id)
{
    auto user = TRY(db::user_store::by_id(c, user_id));
    if (!user)
        return Error::not_found("unknown user");
    return *user;
}

Result<void> validate_profile(const ProfileUpdate& update)
{
    TRY(validate_text("display name", update.display_name, maximum_display_name_length,
                      TextKind::line));
    TRY(validate_email(update.email));
    if (update.language != "" && update.language != "de" && update.language != "en")
        return Error::invalid_argument("unknown language '" + update.language + "' (de or en)");
    return {};
}

} // namespace

Result<void> update_profile(Services& services, const Actor& actor, int64_t user_id,
                            const ProfileUpdate& update)
{
    TRY(check_self_or_admin(actor, user_id, "profile"));
    TRY(validate_profile(update));
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto user = TRY(existing_user(c, user_id));
        auto holder = TRY(db::user_store::by_email(c, update.email));
        if (holder && holder->id != user.id)
            return Error::conflict("e-mail address '" + update.email + "' is already in use");
        TRY(db::user_store::update_profile(c, user.id, update.display_name, update.email,
                                           update.language));
        TRY(record(c, actor, "user.profile", user.name));
        return {};
    });
}

Result<void> change_password(Services& services, const Actor& actor, int64_t user_id,
                             std::string_view current, std::string_view replacement,
                             std::string_view keep_session_id)
{
    if (actor.viewer.is_blocked || actor.viewer.user_id != user_id)
        return Error::forbidden("you may only change your own password");
    TRY(auth::check_password_policy(replacement));
    auto user = TRY(user_by_id(services, user_id));
    // Through the authenticator, so that guessing here is throttled like signing in.
    auto checked = services.authenticator().with_password(user.name, current, actor.address);
    if (checked.is_error()) {
        if (checked.error().code == ErrorCode::unauthenticated)
            return Error::unauthenticated("the current password is wrong");
        return checked.release_error();
    }
    auto hash = TRY(auth::hash_password(replacement));
    std::string keep_hash = keep_session_id.empty() ? "" : auth::sha256_hex(keep_session_id);
    return services.database().write([&](db::Connection& c) -> Result<void> {
        TRY(db::user_store::set_password_hash(c, user.id, hash));
        // Whoever knew the old password may hold a session; only the caller's stays.
        auto ended = TRY(db::session_store::remove_for_user(c, user.id, keep_hash));
        TRY(record(c, actor, "user.password", user.name,
                   std::to_string(ended) + " other sessions ended"));
        return {};
    });
}

Result<std::vector<db::TokenRow>> list_tokens(Services& services, int64_t user_id)
{
    return services.database().read(
        [&](db::Connection& c) { return db::token_store::for_user(c, user_id); });
}

Result<void> revoke_token(Services& services, const Actor& actor, int64_t user_id, int64_t token_id)
{
    TRY(check_self_or_admin(actor, user_id, "tokens"));
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto user = TRY(existing_user(c, user_id));
        auto tokens = TRY(db::token_store::for_user(c, user_id));
        auto token = std::find_if(tokens.begin(), tokens.end(),
                                  [&](const db::TokenRow& row) { return row.id == token_id; });
        if (token == tokens.end())
            return Error::not_found("unknown token");
        TRY(db::token_store::remove(c, token_id, user_id));
        TRY(record(c, actor, "token.revoke", user.name, token->name));
        return {};
    });
}

Result<db::UserRow> user_by_id(Services& services, int64_t user_id)
{
    auto user =
        TRY(services.database().read([&](db::Connection& c) { return existing_user(c, user_id); }));
    user.password_hash.clear();
    return user;
}

} // namespace forge::services
