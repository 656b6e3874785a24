// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/credential_store.h"

#include "forge/db/database.h"

namespace forge::db {

namespace token_store {

namespace {

TokenRow read_token(const Statement& s)
{
    return {s.int_at(0), s.int_at(1),          s.text_at(2),        s.text_at(3),
            s.int_at(4), s.optional_int_at(5), s.optional_int_at(6)};
}

} // namespace

Result<int64_t> insert(Connection& c, int64_t user_id, std::string_view name, std::string_view hash,
                       std::string_view scopes, int64_t now, std::optional<int64_t> expires_at)
{
    auto s = TRY(c.prepare("INSERT INTO tokens (user_id, name, hash, scopes, created_at, "
                           "expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    s.bind(1, user_id).bind(2, name).bind(3, hash).bind(4, scopes).bind(5, now);
    s.bind(6, expires_at);
    TRY(s.run());
    return c.last_insert_id();
}

Result<std::optional<TokenRow>> by_hash(Connection& c, std::string_view hash)
{
    auto s = TRY(c.prepare("SELECT id, user_id, name, scopes, created_at, expires_at, "
                           "last_used_at FROM tokens WHERE hash = ?1"));
    s.bind(1, hash);
    if (!TRY(s.step()))
        return std::optional<TokenRow>();
    return std::optional<TokenRow>(read_token(s));
}

Result<std::vector<TokenRow>> for_user(Connection& c, int64_t user_id)
{
    auto s = TRY(c.prepare("SELECT id, user_id, name, scopes, created_at, expires_at, "
                           "last_used_at FROM tokens WHERE user_id = ?1 ORDER BY id"));
    s.bind(1, user_id);
    std::vector<TokenRow> rows;
    while (TRY(s.step()))
        rows.push_back(read_token(s));
    return rows;
}

Result<void> touch(Connection& c, int64_t id, int64_t now)
{
    auto s = TRY(c.prepare("UPDATE tokens SET last_used_at = ?2 WHERE id = ?1"));
    s.bind(1, id).bind(2, now);
    return s.run();
}

Result<bool> remove(Connection& c, int64_t id, int64_t user_id)
{
    auto s = TRY(c.prepare("DELETE FROM tokens WHERE id = ?1 AND user_id = ?2"));
    s.bind(1, id).bind(2, user_id);
    TRY(s.run());
    return c.changes() > 0;
}

} // namespace token_store

namespace session_store {

Result<int64_t> insert(Connection& c, int64_t user_id, std::string_view hash, int64_t now,
                       int64_t expires_at)
{
    auto s = TRY(c.prepare("INSERT INTO sessions (user_id, hash, created_at, last_seen_at, "
                           "expires_at) VALUES (?1, ?2, ?3, ?3, ?4)"));
    s.bind(1, user_id).bind(2, hash).bind(3, now).bind(4, expires_at);
    TRY(s.run());
    return c.last_insert_id();
}

Result<std::optional<SessionRow>> by_hash(Connection& c, std::string_view hash)
{
    auto s = TRY(c.prepare("SELECT id, user_id, created_at, last_seen_at, expires_at "
                           "FROM sessions WHERE hash = ?1"));
    s.bind(1, hash);
    if (!TRY(s.step()))
        return std::optional<SessionRow>();
    return std::optional<SessionRow>(
        SessionRow{s.int_at(0), s.int_at(1), s.int_at(2), s.int_at(3), s.int_at(4)});
}

Result<void> touch(Connection& c, int64_t id, int64_t now)
{
    auto s = TRY(c.prepare("UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1"));
    s.bind(1, id).bind(2, now);
    return s.run();
}

Result<void> remove(Connection& c, int64_t id)
{
    auto s = TRY(c.prepare("DELETE FROM sessions WHERE id = ?1"));
    s.bind(1, id);
    return s.run();
}

Result<void> remove_expired(Connection& c, int64_t now)
{
    auto s = TRY(c.prepare("DELETE FROM sessions WHERE expires_at <= ?1"));
    s.bind(1, now);
    return s.run();
}

Result<int64_t> remove_for_user(Connection& c, int64_t user_id, std::string_view keep_hash)
{
    auto s = TRY(c.prepare("DELETE FROM sessions WHERE user_id = ?1 AND hash <> ?2"));
    s.bind(1, user_id).bind(2, keep_hash);
    TRY(s.run());
    return c.changes();
}

Result<std::vector<SessionRow>> for_user(Connection& c, int64_t user_id)
{
    auto s = TRY(c.prepare("SELECT id, user_id, created_at, last_seen_at, expires_at "
                           "FROM sessions WHERE user_id = ?1 ORDER BY id"));
    s.bind(1, user_id);
    std::vector<SessionRow> rows;
    while (TRY(s.step()))
        rows.push_back({s.int_at(0), s.int_at(1), s.int_at(2), s.int_at(3), s.int_at(4)});
    return rows;
}

} // namespace session_store
} // namespace forge::db
