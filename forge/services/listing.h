// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// For the service files only: project listings shared by explore, activity and admin.

#include "auth/resolver.h"
#include "forge/common/result.h"
#include "forge/db/database.h"
#include "forge/db/project_store.h"
#include "forge/services/explore_service.h"

#include <vector>

namespace forge::services {

ProjectSummary summarise(db::ProjectRow);

// The projects of the listing that auth::Resolver lets the viewer read, as summaries. The
// listing's own filter has already left out the others; this is the resolver's word on it.
Result<std::vector<ProjectSummary>> list_projects_for(db::Connection&, const auth::Viewer&,
                                                      const db::ProjectListing&);

} // namespace forge::services
