// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// For the merge request service files only: keeping a merge request's refs, revisions
// and mergeability in step with its branches. Git work happens outside transactions, so
// that a slow merge check never holds the database's write lock.

#include "forge/common/result.h"
#include "forge/db/merge_request_store.h"
#include "forge/db/project_store.h"
#include "forge/services/services.h"

#include <filesystem>
#include <string>

namespace forge::services {

// The commit refs/heads/<branch> points at; zero_id when the branch does not exist.
Result<std::string> branch_head(const std::filesystem::path& repository, const std::string& branch);

// Recomputes whether the request merges into its target branch as it is now, rewrites
// refs/merge-requests/<n>/merge (a trial merge, only while mergeable) and stores the
// finding.
Result<void> refresh_status(Services&, const db::MergeRequestRow&, const db::ProjectRow& target);

// Makes `head_id` (a commit of the source project) the request's new revision: copies it
// into the target repository when the source is a fork, moves /head, records the
// revision (forced when the old head is not its ancestor), dismisses verdicts when the
// project's settings say so, then refreshes the status.
Result<void> add_revision(Services&, const db::MergeRequestRow&, const db::ProjectRow& target,
                          const std::string& head_id);

// After the target branch moved: a request whose head the target now contains is marked
// merged (someone merged it by pushing); the others get their status refreshed.
Result<void> follow_target(Services&, const Actor&, const db::MergeRequestRow&,
                           const db::ProjectRow& target);

// The same for every open request into `branch` of the project.
Result<void> follow_target_branch(Services&, const Actor&, const db::ProjectRow& target,
                                  const std::string& branch);

} // namespace forge::services
