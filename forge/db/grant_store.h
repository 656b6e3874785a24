// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forge::db {

class Connection;

struct GrantRow {
    int64_t project_id = 0;
    std::optional<int64_t> user_id;
    std::optional<int64_t> group_id;
    std::string grantee_name;
    std::string level; // "read", "write", "maintain" or "admin"
};

namespace grant_store {

// Grants `level` on the project, replacing an earlier grant to the same grantee.
Result<void> set_user_grant(Connection&, int64_t project_id, int64_t user_id,
                            std::string_view level);
Result<void> set_group_grant(Connection&, int64_t project_id, int64_t group_id,
                             std::string_view level);
Result<void> revoke_user(Connection&, int64_t project_id, int64_t user_id);
Result<void> revoke_group(Connection&, int64_t project_id, int64_t group_id);
// Whether the user or group holds a grant on the project.
Result<bool> has_user_grant(Connection&, int64_t project_id, int64_t user_id);
Result<bool> has_group_grant(Connection&, int64_t project_id, int64_t group_id);
Result<std::vector<GrantRow>> for_project(Connection&, int64_t project_id);

// The direct grant to the user, if any.
Result<std::optional<std::string>> user_level(Connection&, int64_t project_id, int64_t user_id);
// The levels granted to groups the user belongs to (any role), one per grant.
Result<std::vector<std::string>> group_levels_for_user(Connection&, int64_t project_id,
                                                       int64_t user_id);

} // namespace grant_store
} // namespace forge::db
