// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace forge::db {

class Connection;

namespace protected_branch_store {

// Idempotent: protecting a protected branch changes nothing.
Result<void> protect(Connection&, int64_t project_id, std::string_view branch, int64_t now);
Result<void> unprotect(Connection&, int64_t project_id, std::string_view branch);
Result<bool> is_protected(Connection&, int64_t project_id, std::string_view branch);
Result<std::vector<std::string>> for_project(Connection&, int64_t project_id);

} // namespace protected_branch_store
} // namespace forge::db
