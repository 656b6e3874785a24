// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace forge::db {

class Connection;

struct GroupRow {
    int64_t id = 0;
    std::string name;
    std::string display_name;
    std::string description;
    int64_t created_at = 0;
};

namespace group_store {

// Fails with conflict when the name is taken.
Result<int64_t> insert(Connection&, std::string_view name, int64_t now);
Result<std::optional<GroupRow>> by_id(Connection&, int64_t id);
Result<std::optional<GroupRow>> by_name(Connection&, std::string_view name);
// Adds the user or changes the role of a member already there.
Result<void> set_member(Connection&, int64_t group_id, int64_t user_id, std::string_view role);
// The user's role in the group ("owner", "maintainer", "member", "reporter"), if any.
Result<std::optional<std::string>> role_of(Connection&, int64_t group_id, int64_t user_id);

} // namespace group_store
} // namespace forge::db
