// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// For the issue service files only: loading issues with the rights of the caller, and
// turning rows into what the services return.

#include "auth/access.h"
#include "forge/common/result.h"
#include "forge/db/database.h"
#include "forge/db/issue_store.h"
#include "forge/db/label_store.h"
#include "forge/db/project_store.h"
#include "forge/services/issue_types.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"

#include <string>
#include <vector>

namespace forge::services {

struct LoadedIssue {
    db::IssueRow row;
    db::ProjectRow project;
    auth::AccessLevel level = auth::AccessLevel::none;
};

// Whether the viewer may see the issue: every issue but confidential ones, which only
// their author, their assignees and maintain+ see.
Result<bool> may_see_issue(db::Connection&, const auth::Viewer&, auth::AccessLevel,
                           const db::IssueRow&);

// not_found when the project is unreadable, there is no such issue, or the viewer may not
// see it.
Result<LoadedIssue> load_issue(db::Connection&, const auth::Viewer&, const ProjectPath&,
                               int64_t number);
// The same for a change: unauthenticated for anonymous actors, forbidden for blocked ones.
Result<LoadedIssue> load_issue_for_change(db::Connection&, const Actor&, const ProjectPath&,
                                          int64_t number);

bool may_manage_issues(const Actor&, auth::AccessLevel);
bool is_author(const Actor&, const db::IssueRow&);

Result<Issue> to_issue(db::Connection&, const db::IssueRow&, const db::ProjectRow&);
Label to_label(const db::LabelRow&);
Milestone to_milestone(const db::MilestoneRow&);

// The group owning the project, 0 when a user owns it.
int64_t owning_group(const db::ProjectRow&);

// Label ids for names usable in the project: invalid_argument for an unknown name.
Result<std::vector<int64_t>> label_ids_named(db::Connection&, const db::ProjectRow&,
                                             const std::vector<std::string>& names);
// invalid_argument unless the milestone belongs to the project (0 passes).
Result<void> check_milestone(db::Connection&, const db::ProjectRow&, int64_t milestone_id);

// "owner/name#12", as audit entries and timelines name an issue.
std::string issue_target(const db::ProjectRow&, int64_t number);

} // namespace forge::services
