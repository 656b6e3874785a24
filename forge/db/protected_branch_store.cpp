// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/protected_branch_store.h"

#include "forge/db/database.h"

namespace forge::db::protected_branch_store {

Result<void> protect(Connection& c, int64_t project_id, std::string_view branch, int64_t now)
{
    auto s = TRY(c.prepare("INSERT INTO protected_branches (project_id, branch, created_at) "
                           "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING"));
    s.bind(1, project_id).bind(2, branch).bind(3, now);
    return s.run();
}

Result<void> unprotect(Connection& c, int64_t project_id, std::string_view branch)
{
    auto s = TRY(c.prepare("DELETE FROM protected_branches WHERE project_id = ?1 AND branch = ?2"));
    s.bind(1, project_id).bind(2, branch);
    return s.run();
}

Result<bool> is_protected(Connection& c, int64_t project_id, std::string_view branch)
{
    auto s = TRY(c.prepare("SELECT 1 FROM protected_branches WHERE project_id = ?1 "
                           "AND branch = ?2"));
    s.bind(1, project_id).bind(2, branch);
    return s.step();
}

Result<std::vector<std::string>> for_project(Connection& c, int64_t project_id)
{
    auto s = TRY(c.prepare("SELECT branch FROM protected_branches WHERE project_id = ?1 "
                           "ORDER BY branch"));
    s.bind(1, project_id);
    std::vector<std::string> branches;
    while (TRY(s.step()))
        branches.push_back(s.text_at(0));
    return branches;
}

} // namespace forge::db::protected_branch_store
