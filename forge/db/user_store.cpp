// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/user_store.h"

#include "forge/db/database.h"
#include "forge/db/query_helpers.h"

namespace forge::db::user_store {

namespace {

#define USER_COLUMNS                                                                               \
    "id, name, email, display_name, coalesce(password_hash, ''), is_admin, is_blocked, "           \
    "language, created_at"

UserRow read_row(const Statement& s)
{
    UserRow row;
    row.id = s.int_at(0);
    row.name = s.text_at(1);
    row.email = s.text_at(2);
    row.display_name = s.text_at(3);
    row.password_hash = s.text_at(4);
    row.is_admin = s.int_at(5) != 0;
    row.is_blocked = s.int_at(6) != 0;
    row.language = s.text_at(7);
    row.created_at = s.int_at(8);
    return row;
}

Result<std::optional<UserRow>> first_row(Statement& statement)
{
    if (!TRY(statement.step()))
        return std::optional<UserRow>();
    return std::optional<UserRow>(read_row(statement));
}

} // namespace

Result<int64_t> insert(Connection& c, const NewUser& user, int64_t now)
{
    auto s = TRY(c.prepare("INSERT INTO users (name, email, password_hash, is_admin, created_at) "
                           "VALUES (?1, ?2, nullif(?3, ''), ?4, ?5)"));
    s.bind(1, user.name).bind(2, user.email).bind(3, user.password_hash);
    s.bind(4, int64_t{user.is_admin}).bind(5, now);
    TRY(s.run());
    return c.last_insert_id();
}

Result<std::optional<UserRow>> by_id(Connection& c, int64_t id)
{
    auto s = TRY(c.prepare("SELECT " USER_COLUMNS " FROM users WHERE id = ?1"));
    s.bind(1, id);
    return first_row(s);
}

Result<std::optional<UserRow>> by_name(Connection& c, std::string_view name)
{
    auto s = TRY(c.prepare("SELECT " USER_COLUMNS " FROM users WHERE name = ?1"));
    s.bind(1, name);
    return first_row(s);
}

Result<std::optional<UserRow>> by_email(Connection& c, std::string_view email)
{
    auto s = TRY(c.prepare("SELECT " USER_COLUMNS " FROM users WHERE email = ?1"));
    s.bind(1, email);
    return first_row(s);
}

Result<int64_t> count_admins(Connection& c)
{
    auto s = TRY(c.prepare("SELECT count(*) FROM users WHERE is_admin = 1"));
    TRY(s.step());
    return s.int_at(0);
}

Result<int64_t> count(Connection& c)
{
    auto s = TRY(c.prepare("SELECT count(*) FROM users"));
    TRY(s.step());
    return s.int_at(0);
}

Result<void> set_blocked(Connection& c, int64_t id, bool blocked)
{
    auto s = TRY(c.prepare("UPDATE users SET is_blocked = ?2 WHERE id = ?1"));
    s.bind(1, id).bind(2, int64_t{blocked});
    return s.run();
}

Result<void> set_admin(Connection& c, int64_t id, bool admin)
{
    auto s = TRY(c.prepare("UPDATE users SET is_admin = ?2 WHERE id = ?1"));
    s.bind(1, id).bind(2, int64_t{admin});
    return s.run();
}

Result<void> set_password_hash(Connection& c, int64_t id, std::string_view hash)
{
    auto s = TRY(c.prepare("UPDATE users SET password_hash = ?2 WHERE id = ?1"));
    s.bind(1, id).bind(2, hash);
    return s.run();
}

Result<int64_t> count_active_admins(Connection& c)
{
    auto s = TRY(c.prepare("SELECT count(*) FROM users WHERE is_admin = 1 AND is_blocked = 0"));
    TRY(s.step());
    return s.int_at(0);
}

Result<void> update_profile(Connection& c, int64_t id, std::string_view display_name,
                            std::string_view email, std::string_view language)
{
    auto s = TRY(c.prepare("UPDATE users SET display_name = ?2, email = ?3, language = ?4 "
                           "WHERE id = ?1"));
    s.bind(1, id).bind(2, display_name).bind(3, email).bind(4, language);
    return s.run();
}

Result<std::vector<UserRow>> search(Connection& c, std::string_view text, int64_t offset,
                                    int64_t limit)
{
    auto s = TRY(c.prepare("SELECT " USER_COLUMNS " FROM users WHERE ?1 = '' "
                           "OR name LIKE ?2 ESCAPE '\\' OR email LIKE ?2 ESCAPE '\\' "
                           "OR display_name LIKE ?2 ESCAPE '\\' ORDER BY name LIMIT ?3 OFFSET ?4"));
    s.bind(1, text).bind(2, contains_pattern(text)).bind(3, limit).bind(4, offset);
    std::vector<UserRow> rows;
    while (TRY(s.step()))
        rows.push_back(read_row(s));
    return rows;
}

} // namespace forge::db::user_store
