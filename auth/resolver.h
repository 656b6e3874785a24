// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "auth/access.h"
#include "forge/common/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace forge::db {
class Database;
class Connection;
struct ProjectRow;
} // namespace forge::db

namespace auth {

// The caller of a request or command, as far as rights are concerned.
struct Viewer {
    std::optional<int64_t> user_id; // none: anonymous
    bool is_admin = false;
    bool is_blocked = false;

    static Viewer anonymous() { return {}; }
    bool signed_in() const { return user_id.has_value(); }
};

// Everything about one viewer and one project that rights depend on.
struct ProjectFacts {
    Visibility visibility = Visibility::private_;
    bool viewer_is_owner = false;                  // the project belongs to the viewer
    std::optional<GroupRole> role_in_owning_group; // the project belongs to a group
    std::optional<AccessLevel> direct_grant;       // granted to the viewer by name
    std::vector<AccessLevel> group_grants;         // granted to groups the viewer is in
};

// The one rule of DESIGN.md §3: the highest of what visibility gives, the direct grant,
// the group grants, the role in the owning group and ownership; site administrators get
// admin; blocked users get nothing, not even what public visibility gives.
AccessLevel decide(const Viewer&, const ProjectFacts&);

// Which projects a viewer may read at all, in terms a listing query can filter on: the
// rule of decide() at level read. Blocked users read nothing, anonymous viewers public
// projects, site administrators everything; other signed-in users read public and
// internal projects and those they are involved in: owned, owned by a group they belong
// to (any role), granted to them or to a group they belong to (any level).
enum class ReadScope { nothing, public_only, signed_in, everything };
ReadScope read_scope(const Viewer&);

// Rights on a group itself (its members, projects created in it): its owners and site
// administrators; never a blocked user.
bool may_manage_group(const Viewer&, std::optional<GroupRole> role_in_group);

// Pushing needs write access and, for a token, the write scope.
bool may_push(AccessLevel level);

// What a push to a protected branch needs; "" when allowed, else the reason: protected
// branches take pushes from maintain and above only, and nobody force-pushes or deletes
// them.
enum class BranchChange { update, force_update, deletion };
std::string protected_branch_refusal(AccessLevel level, BranchChange change);

// Answers "what may this viewer do with this project" from the database. All access
// checks of the forge go through here.
class Resolver {
  public:
    explicit Resolver(forge::db::Database& database)
        : m_database(database)
    {
    }

    forge::Result<AccessLevel> access(const Viewer&, const forge::db::ProjectRow&);
    // For callers already inside a transaction.
    static forge::Result<AccessLevel> access(forge::db::Connection&, const Viewer&,
                                             const forge::db::ProjectRow&);
    // The viewer for a user id (current admin and blocked flags); anonymous when the user
    // no longer exists.
    forge::Result<Viewer> viewer_for(int64_t user_id);

  private:
    forge::db::Database& m_database;
};

} // namespace auth
