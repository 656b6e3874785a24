// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace forge::db {

class Connection;

struct ForkLink {
    std::optional<int64_t> parent_id; // none: the parent was deleted
};

namespace fork_store {

Result<void> insert(Connection&, int64_t project_id, int64_t parent_id, int64_t now);
// none when the project is not a fork.
Result<std::optional<ForkLink>> parent_of(Connection&, int64_t project_id);
// Newest first.
Result<std::vector<int64_t>> forks_of(Connection&, int64_t parent_id);

} // namespace fork_store
} // namespace forge::db
