// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/group_store.h"

#include "forge/db/database.h"

namespace forge::db::group_store {

namespace {

Result<std::optional<GroupRow>> first_row(Statement& s)
{
    if (!TRY(s.step()))
        return std::optional<GroupRow>();
    return std::optional<GroupRow>(
        GroupRow{s.int_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.int_at(4)});
}

} // namespace

Result<int64_t> insert(Connection& c, std::string_view name, int64_t now)
{
    auto s = TRY(c.prepare(R"(INSERT INTO "groups" (name, created_at) VALUES (?1, ?2))"));
    s.bind(1, name).bind(2, now);
    TRY(s.run());
    return c.last_insert_id();
}

Result<std::optional<GroupRow>> by_id(Connection& c, int64_t id)
{
    auto s = TRY(c.prepare(
        R"(SELECT id, name, display_name, description, created_at FROM "groups" WHERE id = ?1)"));
    s.bind(1, id);
    return first_row(s);
}

Result<std::optional<GroupRow>> by_name(Connection& c, std::string_view name)
{
    auto s = TRY(c.prepare(
        R"(SELECT id, name, display_name, description, created_at FROM "groups" WHERE name = ?1)"));
    s.bind(1, name);
    return first_row(s);
}

Result<void> set_member(Connection& c, int64_t group_id, int64_t user_id, std::string_view role)
{
    auto s =
        TRY(c.prepare("INSERT INTO group_members (group_id, user_id, role) VALUES (?1, ?2, ?3) "
                      "ON CONFLICT (group_id, user_id) DO UPDATE SET role = excluded.role"));
    s.bind(1, group_id).bind(2, user_id).bind(3, role);
    return s.run();
}

Result<std::optional<std::string>> role_of(Connection& c, int64_t group_id, int64_t user_id)
{
    auto s = TRY(c.prepare("SELECT role FROM group_members WHERE group_id = ?1 AND user_id = ?2"));
    s.bind(1, group_id).bind(2, user_id);
    if (!TRY(s.step()))
        return std::optional<std::string>();
    return std::optional<std::string>(s.text_at(0));
}

} // namespace forge::db::group_store
