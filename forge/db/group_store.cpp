// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/group_store.h"

#include "forge/db/database.h"
#include "forge/db/query_helpers.h"

namespace forge::db::group_store {

namespace {

GroupRow read_row(const Statement& s)
{
    return GroupRow{s.int_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.int_at(4)};
}

Result<std::optional<GroupRow>> first_row(Statement& s)
{
    if (!TRY(s.step()))
        return std::optional<GroupRow>();
    return std::optional<GroupRow>(read_row(s));
}

Result<std::vector<GroupRow>> all_rows(Statement& s)
{
    std::vector<GroupRow> rows;
    while (TRY(s.step()))
        rows.push_back(read_row(s));
    return rows;
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

Result<bool> remove_member(Connection& c, int64_t group_id, int64_t user_id)
{
    auto s = TRY(c.prepare("DELETE FROM group_members WHERE group_id = ?1 AND user_id = ?2"));
    s.bind(1, group_id).bind(2, user_id);
    TRY(s.run());
    return c.changes() > 0;
}

Result<std::vector<MemberRow>> members(Connection& c, int64_t group_id)
{
    auto s = TRY(c.prepare("SELECT u.id, u.name, u.display_name, m.role FROM group_members m "
                           "JOIN users u ON u.id = m.user_id WHERE m.group_id = ?1 "
                           "ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'maintainer' THEN 1 "
                           "WHEN 'member' THEN 2 ELSE 3 END, u.name"));
    s.bind(1, group_id);
    std::vector<MemberRow> rows;
    while (TRY(s.step()))
        rows.push_back({s.int_at(0), s.text_at(1), s.text_at(2), s.text_at(3)});
    return rows;
}

Result<int64_t> count_owners(Connection& c, int64_t group_id)
{
    auto s = TRY(c.prepare("SELECT count(*) FROM group_members WHERE group_id = ?1 "
                           "AND role = 'owner'"));
    s.bind(1, group_id);
    TRY(s.step());
    return s.int_at(0);
}

Result<void> set_details(Connection& c, int64_t group_id, std::string_view display_name,
                         std::string_view description)
{
    auto s =
        TRY(c.prepare(R"(UPDATE "groups" SET display_name = ?2, description = ?3 WHERE id = ?1)"));
    s.bind(1, group_id).bind(2, display_name).bind(3, description);
    return s.run();
}

Result<std::vector<GroupRow>> where_owner(Connection& c, int64_t user_id)
{
    auto s = TRY(c.prepare(R"(SELECT g.id, g.name, g.display_name, g.description, g.created_at )"
                           R"(FROM "groups" g JOIN group_members m ON m.group_id = g.id )"
                           R"(WHERE m.user_id = ?1 AND m.role = 'owner' ORDER BY g.name)"));
    s.bind(1, user_id);
    return all_rows(s);
}

Result<std::vector<GroupRow>> all(Connection& c)
{
    auto s = TRY(c.prepare(
        R"(SELECT id, name, display_name, description, created_at FROM "groups" ORDER BY name)"));
    return all_rows(s);
}

Result<std::vector<GroupWithCount>> list(Connection& c, const ProjectReader& reader,
                                         std::string_view text, int64_t offset, int64_t limit)
{
    auto s = TRY(c.prepare(
        "SELECT g.id, g.name, g.display_name, g.description, g.created_at, "
        "(SELECT count(*) FROM projects p WHERE p.owner_group_id = g.id AND " FORGE_READABLE_PROJECT
        ") FROM \"groups\" g WHERE ?1 = '' OR g.name LIKE ?2 ESCAPE '\\' "
        "OR g.display_name LIKE ?2 ESCAPE '\\' OR g.description LIKE ?2 ESCAPE '\\' "
        "ORDER BY g.name LIMIT ?3 OFFSET ?4"));
    bind_reader(s, reader);
    s.bind(1, text).bind(2, contains_pattern(text)).bind(3, limit).bind(4, offset);
    std::vector<GroupWithCount> rows;
    while (TRY(s.step()))
        rows.push_back({read_row(s), s.int_at(5)});
    return rows;
}

} // namespace forge::db::group_store
