// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "auth/resolver.h"
#include "forge/common/result.h"
#include "forge/services/explore_service.h"
#include "forge/services/services.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace forge::services {

// One ref a push moved, as the audit log recorded it.
struct PushEvent {
    std::string project; // "owner/name" as the project is called now
    std::string actor;   // who pushed
    std::string ref;     // "refs/heads/main"
    int64_t at = 0;
    std::string detail; // "<old id> <new id>"
    std::string action; // "create", "update" or "delete"
    std::string old_id; // zero id when created
    std::string new_id; // zero id when deleted
};

// The newest ref updates on projects the viewer may read, newest first (at most
// maximum_page_size). Pushes to deleted projects are left out.
Result<std::vector<PushEvent>> recent_pushes(Services&, const auth::Viewer&, size_t limit);

// The projects the viewer owns, is granted, or reaches through a group (as a member of
// the owning group or of a granted group), most recent activity first; not those they
// see only because they are public or internal. Empty for anonymous and blocked viewers.
Result<std::vector<ProjectSummary>> my_projects(Services&, const auth::Viewer&, size_t limit);

} // namespace forge::services
