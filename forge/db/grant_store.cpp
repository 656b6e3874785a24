// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/grant_store.h"

#include "forge/db/database.h"

namespace forge::db::grant_store {

Result<void> set_user_grant(Connection& c, int64_t project_id, int64_t user_id,
                            std::string_view level)
{
    auto s = TRY(c.prepare("INSERT INTO project_grants (project_id, user_id, level) "
                           "VALUES (?1, ?2, ?3) ON CONFLICT (project_id, user_id) "
                           "WHERE user_id IS NOT NULL DO UPDATE SET level = excluded.level"));
    s.bind(1, project_id).bind(2, user_id).bind(3, level);
    return s.run();
}

Result<void> set_group_grant(Connection& c, int64_t project_id, int64_t group_id,
                             std::string_view level)
{
    auto s = TRY(c.prepare("INSERT INTO project_grants (project_id, group_id, level) "
                           "VALUES (?1, ?2, ?3) ON CONFLICT (project_id, group_id) "
                           "WHERE group_id IS NOT NULL DO UPDATE SET level = excluded.level"));
    s.bind(1, project_id).bind(2, group_id).bind(3, level);
    return s.run();
}

Result<void> revoke_user(Connection& c, int64_t project_id, int64_t user_id)
{
    auto s = TRY(c.prepare("DELETE FROM project_grants WHERE project_id = ?1 AND user_id = ?2"));
    s.bind(1, project_id).bind(2, user_id);
    return s.run();
}

Result<void> revoke_group(Connection& c, int64_t project_id, int64_t group_id)
{
    auto s = TRY(c.prepare("DELETE FROM project_grants WHERE project_id = ?1 AND group_id = ?2"));
    s.bind(1, project_id).bind(2, group_id);
    return s.run();
}

Result<bool> has_user_grant(Connection& c, int64_t project_id, int64_t user_id)
{
    auto s = TRY(c.prepare("SELECT 1 FROM project_grants WHERE project_id = ?1 AND user_id = ?2"));
    s.bind(1, project_id).bind(2, user_id);
    return s.step();
}

Result<bool> has_group_grant(Connection& c, int64_t project_id, int64_t group_id)
{
    auto s = TRY(c.prepare("SELECT 1 FROM project_grants WHERE project_id = ?1 AND group_id = ?2"));
    s.bind(1, project_id).bind(2, group_id);
    return s.step();
}

Result<std::vector<GrantRow>> for_project(Connection& c, int64_t project_id)
{
    auto s = TRY(c.prepare("SELECT pg.project_id, pg.user_id, pg.group_id, "
                           "coalesce(u.name, g.name), pg.level FROM project_grants pg "
                           "LEFT JOIN users u ON u.id = pg.user_id "
                           "LEFT JOIN \"groups\" g ON g.id = pg.group_id "
                           "WHERE pg.project_id = ?1 ORDER BY 4"));
    s.bind(1, project_id);
    std::vector<GrantRow> rows;
    while (TRY(s.step()))
        rows.push_back(
            {s.int_at(0), s.optional_int_at(1), s.optional_int_at(2), s.text_at(3), s.text_at(4)});
    return rows;
}

Result<std::optional<std::string>> user_level(Connection& c, int64_t project_id, int64_t user_id)
{
    auto s = TRY(c.prepare("SELECT level FROM project_grants WHERE project_id = ?1 "
                           "AND user_id = ?2"));
    s.bind(1, project_id).bind(2, user_id);
    if (!TRY(s.step()))
        return std::optional<std::string>();
    return std::optional<std::string>(s.text_at(0));
}

Result<std::vector<std::string>> group_levels_for_user(Connection& c, int64_t project_id,
                                                       int64_t user_id)
{
    auto s = TRY(c.prepare("SELECT pg.level FROM project_grants pg "
                           "JOIN group_members m ON m.group_id = pg.group_id "
                           "WHERE pg.project_id = ?1 AND m.user_id = ?2"));
    s.bind(1, project_id).bind(2, user_id);
    std::vector<std::string> levels;
    while (TRY(s.step()))
        levels.push_back(s.text_at(0));
    return levels;
}

} // namespace forge::db::grant_store
