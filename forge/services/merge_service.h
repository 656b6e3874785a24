// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/services/git_service.h"
#include "forge/services/merge_request_types.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"
#include "gitcore/merge.h"
#include "gitcore/receive_pack.h"

#include <optional>
#include <string>

// Merging merge requests, and keeping them current when branches move.
namespace forge::services {

struct MergeOptions {
    gitcore::MergeStyle style = gitcore::MergeStyle::merge_commit;
    std::string message; // empty: a default message naming the merge request
    bool delete_source_branch = false;
    std::string expected_head_id; // when set: conflict unless the head is still this one
};

// Merges into the target branch. Needs maintain+ on the target (or write+ when the
// target branch is not protected and the project allows it: never, for now), the style
// allowed by the project's settings, enough approvals, no current "request changes", and a
// clean merge. The target ref moves with compare-and-swap from the value the merge was
// computed on: a concurrent push makes it fail with conflict ("the target branch moved;
// try again") and nothing is lost. Errors: forbidden, conflict (not mergeable, moved,
// already merged or closed), unprocessable (approvals missing, style not allowed).
// Recorded in the audit log.
Result<MergeRequest> merge_merge_request(Services&, const Actor&, const ProjectPath&,
                                         int64_t number, const MergeOptions&);

Result<MergeSettings> merge_settings(Services&, const auth::Viewer&, const ProjectPath&);
// Needs admin on the project.
Result<void> update_merge_settings(Services&, const Actor&, const ProjectPath&,
                                   const MergeSettings&);

// After a push to `repository`: adds a revision to every open merge request whose source
// branch moved (dismissing approvals when the project says so), recomputes mergeability
// of those whose source or target branch moved, rewrites refs/merge-requests/<n>/head and
// /merge, and marks as merged those whose head the target branch now contains. Runs before
// the push's response is sent (DESIGN.md section 8).
Result<void> refresh_after_push(Services&, const Actor&, const GitRepository&,
                                const gitcore::PushOutcome&);

} // namespace forge::services
