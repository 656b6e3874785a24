// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/services/merge_request_types.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"
#include "gitcore/commit_diff.h"
#include "gitcore/commit_info.h"
#include "gitcore/merge.h"

#include <optional>
#include <string>
#include <vector>

// Merge requests: opening, reading, listing, editing, closing. Reviews and comments are in
// review_service.h, merging in merge_service.h. Every function decides rights through
// the resolver: a project the viewer may not read is not_found, and so is its merge
// request.
namespace forge::services {

struct NewMergeRequest {
    // The project holding the source branch: the target project itself when empty, or a
    // fork of it.
    std::optional<ProjectPath> source;
    std::string source_branch;
    std::string target_branch; // empty: the target project's default branch
    std::string title;
    std::string description;
    std::vector<std::string> reviewers; // user names
};

// Opens a merge request into `target`. From a branch of the same project this needs
// write there; from a fork, read on the target and write on the fork (so that people of
// other authorities contribute through forks). Errors: invalid_argument (empty title,
// missing branch, same branch, source not a fork of the target, unknown reviewer),
// conflict (an open merge request for the same source and target exists), forbidden,
// not_found. Writes refs/merge-requests/<n>/head (and /merge when mergeable).
Result<MergeRequest> open_merge_request(Services&, const Actor&, const ProjectPath& target,
                                        const NewMergeRequest&);

Result<MergeRequestView> get_merge_request(Services&, const auth::Viewer&, const ProjectPath&,
                                           int64_t number);

struct MergeRequestFilter {
    std::optional<MergeState> state; // nullopt: all
    std::string author;              // user name; empty: anyone
    std::string reviewer;            // user name asked to review; empty: anyone
    std::string target_branch;       // empty: any
    int64_t offset = 0;
    int64_t limit = 50;
};

struct MergeRequestList {
    std::vector<MergeRequest> items;                            // newest first
    int64_t total = 0;                                          // matching, before offset and limit
    int64_t open_count = 0, merged_count = 0, closed_count = 0; // of the project, unfiltered
};

Result<MergeRequestList> list_merge_requests(Services&, const auth::Viewer&, const ProjectPath&,
                                             const MergeRequestFilter&);

// Open merge requests, in projects the viewer may still read, that ask the viewer for a
// review and that the viewer has not reviewed at their latest revision. Newest first.
Result<std::vector<MergeRequest>> needs_my_review(Services&, const auth::Viewer&, int64_t limit);

struct MergeRequestEdit {
    std::optional<std::string> title;
    std::optional<std::string> description;
    std::optional<std::string> target_branch;
    std::optional<std::vector<std::string>> reviewers; // replaces the list
};

// The author, and write+ on the target, may edit. forbidden otherwise; invalid_argument
// for bad values; conflict when the merge request is merged.
Result<MergeRequest> edit_merge_request(Services&, const Actor&, const ProjectPath&, int64_t number,
                                        const MergeRequestEdit&);

// Close and reopen: the author or write+. Reopening fails with conflict when the source
// branch is gone or another open merge request has the same source and target. Recorded in
// the audit log.
Result<MergeRequest> close_merge_request(Services&, const Actor&, const ProjectPath&,
                                         int64_t number);
Result<MergeRequest> reopen_merge_request(Services&, const Actor&, const ProjectPath&,
                                          int64_t number);

Result<std::vector<Revision>> list_revisions(Services&, const auth::Viewer&, const ProjectPath&,
                                             int64_t number);

// The commits of the latest revision (merge base .. head), oldest first, at most 250.
Result<std::vector<gitcore::CommitInfo>> merge_request_commits(Services&, const auth::Viewer&,
                                                               const ProjectPath&, int64_t number);

// The changes of revision `to` (0: the latest) against its merge base; with `from` > 0,
// the changes between the heads of revisions `from` and `to` instead.
Result<gitcore::CommitDiff> merge_request_changes(Services&, const auth::Viewer&,
                                                  const ProjectPath&, int64_t number, int64_t from,
                                                  int64_t to, gitcore::DiffLimits);

// Branches the viewer pushed to this project within the last day that have no open merge
// request, newest first: the summary page offers to open one.
Result<std::vector<std::string>> branches_to_propose(Services&, const auth::Viewer&,
                                                     const ProjectPath&);

} // namespace forge::services
