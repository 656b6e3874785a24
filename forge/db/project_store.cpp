// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/project_store.h"

#include "forge/db/database.h"
#include "forge/db/query_helpers.h"

namespace forge::db::project_store {

namespace {

// The owner's name comes from whichever of users or groups owns the project.
#define PROJECT_SELECT                                                                             \
    "SELECT p.id, p.owner_user_id, p.owner_group_id, coalesce(u.name, g.name), p.name, "           \
    "p.description, p.visibility, p.default_branch, p.created_at, p.updated_at "                   \
    "FROM projects p LEFT JOIN users u ON u.id = p.owner_user_id "                                 \
    "LEFT JOIN \"groups\" g ON g.id = p.owner_group_id "

ProjectRow read_row(const Statement& s)
{
    ProjectRow row;
    row.id = s.int_at(0);
    if (s.is_null(1)) {
        row.owner = {OwnerRef::Kind::group, s.int_at(2), s.text_at(3)};
    } else {
        row.owner = {OwnerRef::Kind::user, s.int_at(1), s.text_at(3)};
    }
    row.name = s.text_at(4);
    row.description = s.text_at(5);
    row.visibility = s.text_at(6);
    row.default_branch = s.text_at(7);
    row.created_at = s.int_at(8);
    row.updated_at = s.int_at(9);
    return row;
}

Result<std::optional<ProjectRow>> first_row(Statement& s)
{
    if (!TRY(s.step()))
        return std::optional<ProjectRow>();
    return std::optional<ProjectRow>(read_row(s));
}

} // namespace

Result<std::optional<OwnerRef>> find_owner(Connection& c, std::string_view name)
{
    auto s = TRY(c.prepare("SELECT 0, id, name FROM users WHERE name = ?1 "
                           "UNION ALL SELECT 1, id, name FROM \"groups\" WHERE name = ?1"));
    s.bind(1, name);
    if (!TRY(s.step()))
        return std::optional<OwnerRef>();
    auto kind = s.int_at(0) == 0 ? OwnerRef::Kind::user : OwnerRef::Kind::group;
    return std::optional<OwnerRef>(OwnerRef{kind, s.int_at(1), s.text_at(2)});
}

Result<int64_t> insert(Connection& c, const NewProject& project, int64_t now)
{
    auto s = TRY(c.prepare("INSERT INTO projects (owner_user_id, owner_group_id, name, "
                           "description, visibility, created_at, updated_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)"));
    bool by_user = project.owner.kind == OwnerRef::Kind::user;
    s.bind(1, by_user ? std::optional<int64_t>(project.owner.id) : std::nullopt);
    s.bind(2, by_user ? std::nullopt : std::optional<int64_t>(project.owner.id));
    s.bind(3, project.name).bind(4, project.description).bind(5, project.visibility);
    s.bind(6, now);
    TRY(s.run());
    return c.last_insert_id();
}

Result<std::optional<ProjectRow>> by_id(Connection& c, int64_t id)
{
    auto s = TRY(c.prepare(PROJECT_SELECT "WHERE p.id = ?1"));
    s.bind(1, id);
    return first_row(s);
}

Result<std::optional<ProjectRow>> by_path(Connection& c, std::string_view owner,
                                          std::string_view name)
{
    auto s = TRY(c.prepare(PROJECT_SELECT "WHERE p.name = ?2 AND (u.name = ?1 OR g.name = ?1)"));
    s.bind(1, owner).bind(2, name);
    return first_row(s);
}

Result<void> remove(Connection& c, int64_t id)
{
    auto s = TRY(c.prepare("DELETE FROM projects WHERE id = ?1"));
    s.bind(1, id);
    return s.run();
}

Result<std::vector<ProjectRow>> list(Connection& c, const ProjectListing& listing)
{
    if (listing.reader.kind == ProjectReader::Kind::nothing)
        return std::vector<ProjectRow>();
    auto s =
        TRY(c.prepare(PROJECT_SELECT
                      "WHERE " FORGE_READABLE_PROJECT " AND (?1 = '' OR p.name LIKE ?2 ESCAPE '\\' "
                      "OR p.description LIKE ?2 ESCAPE '\\') "
                      "AND (?3 = '' OR p.owner_user_id = (SELECT id FROM users WHERE name = ?3) "
                      "OR p.owner_group_id = (SELECT id FROM \"groups\" WHERE name = ?3)) "
                      "ORDER BY p.updated_at DESC, p.id DESC LIMIT ?4 OFFSET ?5"));
    bind_reader(s, listing.reader);
    s.bind(1, listing.text).bind(2, contains_pattern(listing.text)).bind(3, listing.owner);
    s.bind(4, listing.limit).bind(5, listing.offset);
    std::vector<ProjectRow> rows;
    while (TRY(s.step()))
        rows.push_back(read_row(s));
    return rows;
}

Result<void> touch(Connection& c, int64_t id, int64_t now)
{
    auto s = TRY(c.prepare("UPDATE projects SET updated_at = ?2 WHERE id = ?1"));
    s.bind(1, id).bind(2, now);
    return s.run();
}

Result<void> update_settings(Connection& c, int64_t id, std::string_view description,
                             std::string_view visibility, std::string_view default_branch,
                             int64_t now)
{
    auto s = TRY(c.prepare("UPDATE projects SET description = ?2, visibility = ?3, "
                           "default_branch = ?4, updated_at = ?5 WHERE id = ?1"));
    s.bind(1, id).bind(2, description).bind(3, visibility).bind(4, default_branch).bind(5, now);
    return s.run();
}

Result<void> rename(Connection& c, int64_t id, std::string_view name, int64_t now)
{
    auto s = TRY(c.prepare("UPDATE projects SET name = ?2, updated_at = ?3 WHERE id = ?1"));
    s.bind(1, id).bind(2, name).bind(3, now);
    return s.run();
}

Result<void> set_owner(Connection& c, int64_t id, const OwnerRef& owner, int64_t now)
{
    auto s = TRY(c.prepare("UPDATE projects SET owner_user_id = ?2, owner_group_id = ?3, "
                           "updated_at = ?4 WHERE id = ?1"));
    bool by_user = owner.kind == OwnerRef::Kind::user;
    s.bind(1, id);
    s.bind(2, by_user ? std::optional<int64_t>(owner.id) : std::nullopt);
    s.bind(3, by_user ? std::nullopt : std::optional<int64_t>(owner.id));
    s.bind(4, now);
    return s.run();
}

} // namespace forge::db::project_store
