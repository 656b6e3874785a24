// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// For the merge request service files only: loading merge requests with the rights of
// the caller, and turning rows into what the services return.

#include "auth/access.h"
#include "forge/common/result.h"
#include "forge/db/database.h"
#include "forge/db/merge_request_store.h"
#include "forge/db/project_store.h"
#include "forge/services/merge_request_types.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"

#include <optional>
#include <string>

namespace forge::services {

// A merge request row with its target project and the caller's access there.
struct LoadedRequest {
    db::MergeRequestRow row;
    db::ProjectRow project;
    auth::AccessLevel level = auth::AccessLevel::none;
};

// not_found when the project is unreadable for the viewer or has no such merge request.
Result<LoadedRequest> load_request(db::Connection&, const auth::Viewer&, const ProjectPath&,
                                   int64_t number);

// The viewer of a user, as the resolver needs it, read inside the caller's transaction;
// anonymous when the user no longer exists.
Result<auth::Viewer> viewer_of(db::Connection&, int64_t user_id);

Result<Person> person(db::Connection&, int64_t user_id);
Result<MergeRequest> to_merge_request(db::Connection&, const db::MergeRequestRow&,
                                      const db::ProjectRow& target);

MergeSettings to_settings(const db::MergeSettingsRow&);

// Revision `number` of the list, the latest for 0; not_found when there is none.
Result<db::RevisionRow> revision_numbered(const std::vector<db::RevisionRow>&, int64_t number);

// unauthenticated for anonymous actors, forbidden for blocked ones.
Result<void> require_signed_in(const Actor&);

// "owner/name!12", as audit entries name a merge request.
std::string request_target(const db::ProjectRow&, int64_t number);

// The ref a merge request's latest head is kept under in the target repository, and the
// ref of its trial merge.
std::string head_ref(int64_t number);
std::string merge_ref(int64_t number);

} // namespace forge::services
