// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forge::db {

class Connection;

struct MergeRequestRow {
    int64_t id = 0;
    int64_t project_id = 0;
    int64_t number = 0;
    int64_t author_id = 0;
    std::string title;
    std::string description;
    std::optional<int64_t> source_project_id; // none: the source project was deleted
    std::string source_branch;
    std::string target_branch;
    std::string state; // "open", "closed", "merged"
    std::string head_id;
    std::string base_id;
    std::string merge_status; // "unchecked", "mergeable", "conflict", "up_to_date", "unrelated"
    bool fast_forward = false;
    std::string conflicts; // paths, one per line
    std::optional<int64_t> merged_by;
    int64_t merged_at = 0;
    std::string merge_commit_id;
    int64_t closed_at = 0;
    int64_t created_at = 0;
    int64_t updated_at = 0;
};

struct MergeRequestQuery {
    int64_t project_id = 0;
    std::string state;                // empty: any
    std::optional<int64_t> author_id; // none: anyone
    std::optional<int64_t> reviewer_id;
    std::string target_branch; // empty: any
    int64_t offset = 0;
    int64_t limit = 50;
};

struct RevisionRow {
    int64_t number = 0;
    std::string head_id;
    std::string base_id;
    std::string target_id;
    bool forced = false;
    int64_t created_at = 0;
};

struct MergeSettingsRow {
    int64_t required_approvals = 0;
    bool reset_approvals = false;
    bool allow_merge_commit = true;
    bool allow_squash = true;
    bool allow_fast_forward = true;
};

struct ProjectReader;

namespace merge_request_store {

// The next number of the project's shared sequence of issues and merge requests, taken
// for `kind` ("issue" or "merge_request"). Inside the caller's write transaction.
Result<int64_t> take_number(Connection&, int64_t project_id, std::string_view kind);

Result<int64_t> insert(Connection&, const MergeRequestRow&);
Result<std::optional<MergeRequestRow>> by_number(Connection&, int64_t project_id, int64_t number);

// Newest first.
Result<std::vector<MergeRequestRow>> list(Connection&, const MergeRequestQuery&);
Result<int64_t> count(Connection&, const MergeRequestQuery&); // ignores offset and limit
// How many are open, merged, closed.
Result<std::vector<int64_t>> state_counts(Connection&, int64_t project_id);

// Open merge requests whose source is this branch of this project.
Result<std::vector<MergeRequestRow>> open_from(Connection&, int64_t source_project_id,
                                               std::string_view branch);
// Open merge requests into this branch of this project.
Result<std::vector<MergeRequestRow>> open_into(Connection&, int64_t project_id,
                                               std::string_view branch);
// The open merge request with this source and target, if any.
Result<std::optional<int64_t>> open_duplicate(Connection&, int64_t project_id,
                                              std::optional<int64_t> source_project_id,
                                              std::string_view source_branch,
                                              std::string_view target_branch);

// Open merge requests in projects the reader may read that ask `user_id` for a review the
// user has not given at the current head. Newest first.
Result<std::vector<MergeRequestRow>> awaiting_review(Connection&, const ProjectReader&,
                                                     int64_t user_id, int64_t limit);

Result<void> update_text(Connection&, int64_t id, std::string_view title,
                         std::string_view description, std::string_view target_branch, int64_t now);
// closed_at 0 clears it (reopening).
Result<void> set_state(Connection&, int64_t id, std::string_view state, int64_t closed_at,
                       int64_t now);
Result<void> set_merged(Connection&, int64_t id, std::optional<int64_t> merged_by,
                        std::string_view merge_commit_id, int64_t now);
Result<void> set_head(Connection&, int64_t id, std::string_view head_id, std::string_view base_id,
                      int64_t now);
// Stores what a mergeability check found for head `head_id`; does nothing when the head
// moved on meanwhile (a later check will store its own finding).
Result<void> set_merge_status(Connection&, int64_t id, std::string_view head_id,
                              std::string_view base_id, std::string_view status, bool fast_forward,
                              std::string_view conflicts);

// Appends a revision; returns its number (1 for the first).
Result<int64_t> add_revision(Connection&, int64_t merge_request_id, const RevisionRow&);
Result<std::vector<RevisionRow>> revisions(Connection&, int64_t merge_request_id); // oldest first

Result<void> set_reviewers(Connection&, int64_t merge_request_id, const std::vector<int64_t>&);
Result<std::vector<int64_t>> reviewers(Connection&, int64_t merge_request_id);

// The defaults when the project has never saved its settings.
Result<MergeSettingsRow> settings(Connection&, int64_t project_id);
Result<void> save_settings(Connection&, int64_t project_id, const MergeSettingsRow&);

} // namespace merge_request_store
} // namespace forge::db
