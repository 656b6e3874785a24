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

// Users and groups share one namespace: the first path segment of every URL.
struct OwnerRef {
    enum class Kind { user, group };
    Kind kind = Kind::user;
    int64_t id = 0;
    std::string name;
};

struct ProjectRow {
    int64_t id = 0;
    OwnerRef owner;
    std::string name;
    std::string description;
    std::string visibility; // "public", "internal" or "private"
    std::string default_branch;
    int64_t created_at = 0;
    int64_t updated_at = 0;
};

struct NewProject {
    OwnerRef owner;
    std::string name;
    std::string description;
    std::string visibility;
};

namespace project_store {

// The user or group called `name`, if any.
Result<std::optional<OwnerRef>> find_owner(Connection&, std::string_view name);
// Fails with conflict when the owner already has a project of that name.
Result<int64_t> insert(Connection&, const NewProject&, int64_t now);
Result<std::optional<ProjectRow>> by_id(Connection&, int64_t id);
Result<std::optional<ProjectRow>> by_path(Connection&, std::string_view owner,
                                          std::string_view name);
Result<void> remove(Connection&, int64_t id);

} // namespace project_store
} // namespace forge::db
