// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/fork_store.h"

#include "forge/db/database.h"
#include "forge/db/statement.h"

namespace forge::db::fork_store {

Result<void> insert(Connection& c, int64_t project_id, int64_t parent_id, int64_t now)
{
    auto s =
        TRY(c.prepare("INSERT INTO forks (project_id, parent_id, created_at) VALUES (?1, ?2, ?3)"));
    s.bind(1, project_id).bind(2, parent_id).bind(3, now);
    return s.run();
}

Result<std::optional<ForkLink>> parent_of(Connection& c, int64_t project_id)
{
    auto s = TRY(c.prepare("SELECT parent_id FROM forks WHERE project_id = ?1"));
    s.bind(1, project_id);
    if (!TRY(s.step()))
        return std::optional<ForkLink>();
    return std::optional<ForkLink>(ForkLink{s.optional_int_at(0)});
}

Result<std::vector<int64_t>> forks_of(Connection& c, int64_t parent_id)
{
    auto s = TRY(c.prepare("SELECT project_id FROM forks WHERE parent_id = ?1 ORDER BY created_at "
                           "DESC, project_id DESC"));
    s.bind(1, parent_id);
    std::vector<int64_t> ids;
    while (TRY(s.step()))
        ids.push_back(s.int_at(0));
    return ids;
}

} // namespace forge::db::fork_store
