// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/db/group_store.h"
#include "forge/services/services.h"

#include <string>

namespace forge::services {

// Creates a group. A signed-in creator becomes its owner. Errors: invalid_argument (name),
// conflict (name taken by a user or group), unauthenticated (anonymous caller).
Result<db::GroupRow> create_group(Services&, const Actor&, const std::string& name);

// Adds a user to a group with a role, or changes the role of a member. Operators, site
// administrators and owners of the group may. Errors: not_found (group or user),
// invalid_argument (role), forbidden.
Result<void> set_group_member(Services&, const Actor&, const std::string& group,
                              const std::string& user, const std::string& role);

} // namespace forge::services
