// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "auth/access.h"
#include "forge/db/project_store.h"
#include "forge/services/person.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// What the merge request services hand to the web UI and the API.
namespace forge::services {

struct MergeSettings {
    int required_approvals = 0;   // from maintain+ users other than the author
    bool reset_approvals = false; // a new revision dismisses earlier approvals
    bool allow_merge_commit = true;
    bool allow_squash = true;
    bool allow_fast_forward = true;
};

enum class MergeState { open, closed, merged };
std::string_view to_string(MergeState); // "open", "closed", "merged"
std::optional<MergeState> parse_merge_state(std::string_view);

// Whether the source merges into the target, as last computed (on opening, on every push
// to either branch, and before a merge).
enum class MergeStatus { unchecked, mergeable, conflict, up_to_date, unrelated };
std::string_view to_string(MergeStatus); // the names above

struct MergeRequest {
    int64_t id = 0;
    int64_t number = 0;
    db::ProjectRow project;                       // the target project
    std::optional<db::ProjectRow> source_project; // nullopt: the source was deleted
    std::string source_branch;
    std::string target_branch;
    std::string title;
    std::string description; // Markdown
    MergeState state = MergeState::open;
    Person author;
    std::string head_id; // the latest revision's head (refs/merge-requests/<n>/head)
    std::string base_id; // its merge base with the target ("" when unrelated)
    int64_t revision_count = 0;
    MergeStatus merge_status = MergeStatus::unchecked;
    bool fast_forward = false;          // the target is an ancestor of the head
    std::vector<std::string> conflicts; // paths, when merge_status is conflict
    std::optional<Person> merged_by;
    int64_t merged_at = 0;
    std::string merge_commit_id;
    int64_t closed_at = 0; // also set when merged
    int64_t created_at = 0;
    int64_t updated_at = 0;
    std::vector<Person> reviewers; // asked to review
    int64_t comment_count = 0;
};

// A merge request as one viewer sees it, with what they may do there.
struct MergeRequestView {
    MergeRequest request;
    auth::AccessLevel level = auth::AccessLevel::none; // on the target project
    MergeSettings settings;
    int approvals = 0;              // counting ones (maintain+, not the author, current)
    bool changes_requested = false; // a current "request changes" by a maintain+ user
    bool may_edit = false;          // title, description, reviewers, close, reopen
    bool may_merge = false;         // rights and rules allow it now (mergeable, approvals)
    std::string merge_blocker;      // why not, when the viewer could merge otherwise
    bool may_review = false;        // signed in and may read
};

struct Revision {
    int64_t number = 0; // 1, 2, ...
    std::string head_id;
    std::string base_id;
    std::string target_id; // the target branch when the revision was made
    bool forced = false;   // the previous head is not an ancestor of this one
    int64_t created_at = 0;
};

enum class ReviewState { approved, changes_requested, commented };
std::string_view to_string(ReviewState); // "approved", "changes_requested", "commented"

struct Review {
    int64_t id = 0;
    Person reviewer;
    ReviewState state = ReviewState::commented;
    std::string body;
    int64_t revision = 0;
    std::string head_id;
    bool dismissed = false; // by a new revision (setting) or superseded
    bool stale = false;     // made on an earlier revision
    int64_t created_at = 0;
};

enum class DiffSide { old_side, new_side };

// Where a line thread sits: a line of a file on one side of the diff of one revision.
struct LineAnchor {
    std::string path;
    DiffSide side = DiffSide::new_side;
    int line = 0;
    int64_t revision = 0; // 0 in requests: the latest revision
};

struct Comment {
    int64_t id = 0;
    Person author;
    std::string body; // Markdown
    int64_t created_at = 0;
    int64_t updated_at = 0;  // > created_at when edited
    bool may_change = false; // the viewer wrote it (or is maintain+)
};

struct Thread {
    int64_t id = 0;                   // the first comment's id
    std::optional<LineAnchor> anchor; // nullopt: a general comment
    bool outdated = false;            // the anchored line changed in a later revision
    int current_line = 0;             // where the line is in the latest revision, if not outdated
    bool resolved = false;
    std::optional<Person> resolved_by;
    int64_t review_id = 0;         // posted as part of a review, 0 otherwise
    std::vector<Comment> comments; // first comment, then replies, oldest first
};

} // namespace forge::services
