// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "auth/authenticator.h"

#include "auth/password.h"
#include "auth/secret.h"
#include "forge/common/clock.h"
#include "forge/db/credential_store.h"
#include "forge/db/database.h"

namespace auth {

namespace db = forge::db;

namespace {

constexpr int64_t touch_interval = 60; // seconds

forge::Error invalid_credentials()
{
    return forge::Error::unauthenticated("invalid credentials");
}

forge::Result<Identity> identity_of(std::optional<db::UserRow> user, bool may_write)
{
    if (!user)
        return invalid_credentials();
    if (user->is_blocked)
        return forge::Error::forbidden("account is blocked");
    return Identity{std::move(*user), may_write};
}

// Scopes are space-separated words; only the word "write" grants writing.
bool grants_write(std::string_view scopes)
{
    while (!scopes.empty()) {
        auto space = scopes.find(' ');
        if (scopes.substr(0, space) == "write")
            return true;
        if (space == std::string_view::npos)
            break;
        scopes.remove_prefix(space + 1);
    }
    return false;
}

} // namespace

forge::Result<Identity> Authenticator::with_password(std::string_view login,
                                                     std::string_view password,
                                                     std::string_view address)
{
    TRY(m_throttle.check(login, address));
    auto user =
        TRY(m_database.read([&](db::Connection& c) -> forge::Result<std::optional<db::UserRow>> {
            if (login.find('@') != std::string_view::npos)
                return db::user_store::by_email(c, login);
            return db::user_store::by_name(c, login);
        }));
    bool matches = false;
    if (!user || user->password_hash.empty())
        burn_verification_time(password);
    else
        matches = verify_password(password, user->password_hash);
    if (!matches) {
        TRY(m_throttle.record_failure(login, address));
        return invalid_credentials();
    }
    TRY(m_throttle.record_success(login));
    return identity_of(std::move(user), true);
}

forge::Result<Identity> Authenticator::with_token(std::string_view token)
{
    std::string hash = sha256_hex(token);
    int64_t now = forge::unix_now();
    return m_database.write([&](db::Connection& c) -> forge::Result<Identity> {
        auto row = TRY(db::token_store::by_hash(c, hash));
        if (!row || (row->expires_at && *row->expires_at <= now))
            return invalid_credentials();
        TRY(db::token_store::touch(c, row->id, now));
        return identity_of(TRY(db::user_store::by_id(c, row->user_id)), grants_write(row->scopes));
    });
}

forge::Result<std::string> Authenticator::start_session(int64_t user_id)
{
    std::string session_id = TRY(random_secret());
    int64_t now = forge::unix_now();
    TRY(m_database.write([&](db::Connection& c) -> forge::Result<void> {
        TRY(db::session_store::remove_expired(c, now));
        TRY(db::session_store::insert(c, user_id, sha256_hex(session_id), now,
                                      now + m_policy.absolute_seconds));
        return {};
    }));
    return session_id;
}

forge::Result<Identity> Authenticator::with_session(std::string_view session_id)
{
    std::string hash = sha256_hex(session_id);
    int64_t now = forge::unix_now();
    // Most page views only read: the idle expiry moves at most once a minute, so that a
    // busy user does not turn every page into a write transaction.
    auto fresh =
        TRY(m_database.read([&](db::Connection& c) -> forge::Result<std::optional<db::UserRow>> {
            auto row = TRY(db::session_store::by_hash(c, hash));
            if (!row || row->expires_at <= now || row->last_seen_at + touch_interval <= now ||
                row->last_seen_at + m_policy.idle_seconds <= now || row->last_seen_at > now)
                return std::optional<db::UserRow>();
            return db::user_store::by_id(c, row->user_id);
        }));
    if (fresh)
        return identity_of(std::move(fresh), true);
    // An expired session is deleted and the deletion committed; only then is the caller
    // told that the session is no good.
    auto user =
        TRY(m_database.write([&](db::Connection& c) -> forge::Result<std::optional<db::UserRow>> {
            auto row = TRY(db::session_store::by_hash(c, hash));
            if (!row)
                return std::optional<db::UserRow>();
            if (row->expires_at <= now || row->last_seen_at + m_policy.idle_seconds <= now) {
                TRY(db::session_store::remove(c, row->id));
                return std::optional<db::UserRow>();
            }
            TRY(db::session_store::touch(c, row->id, now));
            return db::user_store::by_id(c, row->user_id);
        }));
    return identity_of(std::move(user), true);
}

forge::Result<void> Authenticator::end_session(std::string_view session_id)
{
    std::string hash = sha256_hex(session_id);
    return m_database.write([&](db::Connection& c) -> forge::Result<void> {
        auto row = TRY(db::session_store::by_hash(c, hash));
        if (row)
            TRY(db::session_store::remove(c, row->id));
        return {};
    });
}

forge::Result<std::string> issue_token(db::Connection& c, int64_t user_id, std::string_view name,
                                       std::string_view scopes, std::optional<int64_t> expires_at)
{
    std::string token = TRY(random_secret());
    TRY(db::token_store::insert(c, user_id, name, sha256_hex(token), scopes, forge::unix_now(),
                                expires_at));
    return token;
}

} // namespace auth
