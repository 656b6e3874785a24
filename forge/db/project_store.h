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

// Whose rights a listing of projects respects. The services build it from
// auth::read_scope(), so that the SQL filter (readable_sql.h) says what auth::decide()
// says at level read; a test compares the two project by project.
struct ProjectReader {
    enum class Kind {
        nothing,     // blocked users
        public_only, // anonymous viewers
        signed_in,   // public and internal projects, and those the user is involved in
        everything,  // site administrators
        involved,    // only those the user owns, is granted, or reaches through a group
    };
    Kind kind = Kind::public_only;
    int64_t user_id = 0; // for signed_in and involved
};

struct ProjectListing {
    ProjectReader reader;
    std::string text;  // substring of name or description, ASCII letters in any case
    std::string owner; // only this user's or group's projects; empty: all
    int64_t offset = 0;
    int64_t limit = 50;
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

// The projects the reader may read that match, by updated_at (newest first), then id.
Result<std::vector<ProjectRow>> list(Connection&, const ProjectListing&);
// Marks activity: sets updated_at.
Result<void> touch(Connection&, int64_t id, int64_t now);
Result<void> update_settings(Connection&, int64_t id, std::string_view description,
                             std::string_view visibility, std::string_view default_branch,
                             int64_t now);
// Both fail with conflict when the owner already has a project of that name.
Result<void> rename(Connection&, int64_t id, std::string_view name, int64_t now);
Result<void> set_owner(Connection&, int64_t id, const OwnerRef&, int64_t now);

} // namespace project_store
} // namespace forge::db
