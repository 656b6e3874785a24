// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "auth/resolver.h"
#include "forge/common/result.h"
#include "forge/db/group_store.h"
#include "forge/services/services.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace forge::services {

struct NewGroup {
    std::string name;
    std::string description; // at most 2000 characters
};

// Creates a group. A signed-in creator becomes its owner. Errors: invalid_argument (name,
// description), conflict (name taken by a user or group), unauthenticated (anonymous
// caller), forbidden (blocked caller).
Result<db::GroupRow> create_group(Services&, const Actor&, const NewGroup&);
Result<db::GroupRow> create_group(Services&, const Actor&, const std::string& name);

// Adds a user to a group with a role, or changes the role of a member. Operators, site
// administrators and owners of the group may. Errors: not_found (group or user),
// invalid_argument (role), forbidden, conflict (would demote the group's last owner;
// only the operator may).
Result<void> set_group_member(Services&, const Actor&, const std::string& group,
                              const std::string& user, const std::string& role);

// Removes a member. Same rights as set_group_member. Errors: not_found (group, user, or
// not a member), forbidden, conflict (the last owner; only the operator may).
Result<void> remove_group_member(Services&, const Actor&, std::string_view group,
                                 std::string_view user);

// Same rights as set_group_member. Errors: not_found, forbidden, invalid_argument
// (display name over 100 characters or with control characters, description over 2000).
Result<void> update_group(Services&, const Actor&, std::string_view group, std::string display_name,
                          std::string description);

struct MemberRow {
    std::string user;
    std::string display_name;
    std::string role; // "owner", "maintainer", "member" or "reporter"
};

struct GroupPage {
    db::GroupRow group;
    std::vector<MemberRow> members; // owners first, then by role, then by name
    bool may_manage = false;        // auth::may_manage_group for the viewer
    std::string viewer_role;        // the viewer's role; empty when not a member
};

// Groups are visible to everyone (their private projects are not). not_found for an
// unknown group.
Result<GroupPage> open_group(Services&, const auth::Viewer&, std::string_view name);

// The groups the user may create projects in: those they own, or every group for a site
// administrator; by name. Empty for unknown and blocked users.
Result<std::vector<db::GroupRow>> groups_where_owner(Services&, int64_t user_id);

} // namespace forge::services
