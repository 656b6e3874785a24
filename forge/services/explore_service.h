// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "auth/resolver.h"
#include "forge/common/result.h"
#include "forge/db/group_store.h"
#include "forge/db/project_store.h"
#include "forge/db/user_store.h"
#include "forge/services/services.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forge::services {

// Listings return at most this many rows, whatever the caller asks for.
inline constexpr size_t maximum_page_size = 500;
inline int64_t clamp_page_size(size_t limit)
{
    return static_cast<int64_t>(limit < maximum_page_size ? limit : maximum_page_size);
}

// A project as the lists of the web UI show it.
struct ProjectSummary {
    db::ProjectRow project;
    std::string owner; // name of the owning user or group
    bool owner_is_group = false;
    int64_t last_activity = 0; // projects.updated_at: creation, pushes, settings changes
};

struct ProjectQuery {
    std::string text;  // substring of name or description, any case; empty: every project
    std::string owner; // only this user's or group's projects; empty: every owner
    size_t offset = 0;
    size_t limit = 50;
};

// The projects the viewer may read (DESIGN.md section 3: anonymous viewers see public
// ones; signed-in users also internal ones and those they have access to; site
// administrators all; blocked users none), most recent activity first. The filter runs
// in SQL; every returned row is confirmed by auth::Resolver. An unknown owner gives an
// empty list.
Result<std::vector<ProjectSummary>> list_projects(Services&, const auth::Viewer&,
                                                  const ProjectQuery&);

struct GroupSummary {
    db::GroupRow group;
    int64_t project_count = 0; // projects of the group that the viewer may read
};

// Groups whose name, display name or description contains `text` (any case), by name.
// Groups themselves are visible to everyone; their hidden projects are not counted.
Result<std::vector<GroupSummary>> list_groups(Services&, const auth::Viewer&, std::string_view text,
                                              size_t offset, size_t limit);

// The page of a user or group: /{owner}.
struct OwnerPage {
    db::OwnerRef owner;
    // Set when the owner is a user. Never carries the password hash; the e-mail address
    // only when the viewer is that user or a site administrator.
    std::optional<db::UserRow> user;
    std::optional<db::GroupRow> group;    // set when the owner is a group
    std::vector<ProjectSummary> projects; // those the viewer may read, recent first
};

// not_found when no user or group has that name.
Result<OwnerPage> open_owner(Services&, const auth::Viewer&, std::string_view name,
                             size_t offset = 0, size_t limit = 50);

} // namespace forge::services
