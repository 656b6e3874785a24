// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// For the service files only: the checks several services share. Each asks auth for the
// rule and turns its answer into the error the services promise.

#include "auth/access.h"
#include "auth/resolver.h"
#include "forge/common/result.h"
#include "forge/db/database.h"
#include "forge/db/group_store.h"
#include "forge/db/project_store.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forge::services {

// The operator, or a site administrator who is not blocked.
bool may_administer_site(const Actor&);
// forbidden unless may_administer_site.
Result<void> require_site_admin(const Actor&);
// How a site administrator (or the operator) sees projects: everything.
auth::Viewer site_admin_viewer(const Actor&);

// The viewer's role in the group; none for anonymous viewers and non-members.
Result<std::optional<auth::GroupRole>> role_in_group(db::Connection&, int64_t group_id,
                                                     const auth::Viewer&);

// forbidden unless the actor may manage the group (auth::may_manage_group) or is the
// operator.
Result<void> require_group_manager(db::Connection&, const Actor&, const db::GroupRow&);

// Whether the actor may create projects under `owner`: their own name, a group they
// manage, or anything for site administrators and the operator. unauthenticated for
// anonymous actors, forbidden otherwise.
Result<void> check_may_create_under(db::Connection&, const Actor&, const db::OwnerRef&);

// The project, when the actor has `needed` on it: not_found when it does not exist or the
// actor may not even read it, forbidden when the actor may read it but needs more.
Result<db::ProjectRow> project_for_change(db::Connection&, const Actor&, const ProjectPath&,
                                          auth::AccessLevel needed);

// The project as the viewer sees it, inside the caller's transaction: not_found when it
// does not exist or the viewer may not read it.
Result<ProjectAccess> readable_project(db::Connection&, const auth::Viewer&, const ProjectPath&);

// The ids of the named users (repeats and empty names dropped), each of whom must be able
// to read the project: invalid_argument naming `role` ("reviewer", "assignee") otherwise.
Result<std::vector<int64_t>> readers_named(db::Connection&, const db::ProjectRow&,
                                           const std::vector<std::string>& names,
                                           std::string_view role);

// What listings filter on for this viewer (auth::read_scope in the store's terms).
db::ProjectReader reader_for(const auth::Viewer&);

} // namespace forge::services
