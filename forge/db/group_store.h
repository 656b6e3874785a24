// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/db/project_store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forge::db {

class Connection;

struct GroupRow {
    int64_t id = 0;
    std::string name;
    std::string display_name;
    std::string description;
    int64_t created_at = 0;
};

struct MemberRow {
    int64_t user_id = 0;
    std::string user_name;
    std::string display_name;
    std::string role;
};

struct GroupWithCount {
    GroupRow group;
    int64_t project_count = 0; // projects of the group the reader may read
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
// Removes the membership; false when the user was no member.
Result<bool> remove_member(Connection&, int64_t group_id, int64_t user_id);
// Owners first (then maintainers, members, reporters), each by user name.
Result<std::vector<MemberRow>> members(Connection&, int64_t group_id);
Result<int64_t> count_owners(Connection&, int64_t group_id);
Result<void> set_details(Connection&, int64_t group_id, std::string_view display_name,
                         std::string_view description);
// The groups in which the user is an owner, by name.
Result<std::vector<GroupRow>> where_owner(Connection&, int64_t user_id);
Result<std::vector<GroupRow>> all(Connection&);
// Groups whose name, display name or description contains `text` (ASCII letters in any
// case), by name, each with the number of its projects the reader may read.
Result<std::vector<GroupWithCount>> list(Connection&, const ProjectReader&, std::string_view text,
                                         int64_t offset, int64_t limit);

} // namespace group_store
} // namespace forge::db
