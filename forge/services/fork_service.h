// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/db/project_store.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"

#include <optional>
#include <string>
#include <vector>

// Forks: a project copied into another namespace, to propose changes back through merge
// requests. A fork's repository shares nothing with its parent's; it keeps working when
// the parent is deleted.
namespace forge::services {

struct ForkRequest {
    std::string owner; // the actor's own name or a group the actor owns; empty: the actor
    std::string name;  // empty: the parent's name
};

// Needs read on the parent. The fork is private when the parent is, else public (it can
// only be as visible as the actor chooses later). Errors: not_found, forbidden (owner not
// yours), conflict (name taken), invalid_argument (name). Recorded in the audit log.
Result<db::ProjectRow> fork_project(Services&, const Actor&, const ProjectPath& parent,
                                    const ForkRequest&);

struct ForkOrigin {
    bool is_fork = false;
    std::optional<db::ProjectRow> parent; // nullopt: deleted, or the viewer may not read it
};

Result<ForkOrigin> fork_origin(Services&, const auth::Viewer&, int64_t project_id);

// The forks of a project the viewer may read, newest first.
Result<std::vector<db::ProjectRow>> list_forks(Services&, const auth::Viewer&, const ProjectPath&);

} // namespace forge::services
