// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace forge::db {

class Connection;

struct IssueRow {
    int64_t id = 0;
    int64_t project_id = 0;
    int64_t number = 0;
    int64_t author_id = 0;
    std::string title;
    std::string body;
    std::string state = "open"; // "open", "closed"
    std::string close_reason;   // "", "done", "not_planned", "duplicate"
    int64_t duplicate_of = 0;   // the number of the issue this one duplicates
    std::optional<int64_t> closed_by;
    std::string closing_commit;
    int64_t closed_at = 0;
    bool confidential = false;
    bool locked = false;
    std::optional<int64_t> milestone_id;
    int64_t comment_count = 0;
    int64_t first_reply_at = 0;
    int64_t created_at = 0;
    int64_t updated_at = 0;
};

struct IssueQuery {
    int64_t project_id = 0;
    std::string state;                   // empty: any
    std::vector<int64_t> label_ids;      // all of them
    std::optional<int64_t> milestone_id; // none: any
    std::optional<int64_t> assignee_id;  // none: anyone
    std::optional<int64_t> author_id;    // none: anyone
    std::string text;                    // an FTS5 query over titles, bodies, comments
    // Confidential issues only when true, or when the viewer wrote them or is assigned.
    bool all_confidential = false;
    std::optional<int64_t> viewer_id;
    std::string sort = "created"; // "created", "updated", "comments"
    bool ascending = false;
    int64_t offset = 0;
    int64_t limit = 50;
};

struct IssueCommentRow {
    int64_t id = 0;
    int64_t issue_id = 0;
    int64_t author_id = 0;
    std::string body;
    int64_t created_at = 0;
    int64_t updated_at = 0;
    int64_t edit_count = 0;
};

struct IssueEditRow {
    int64_t editor_id = 0;
    std::string previous;
    int64_t edited_at = 0;
};

struct IssueEventRow {
    int64_t id = 0;
    std::optional<int64_t> actor_id;
    std::string kind;
    std::string detail;
    int64_t created_at = 0;
};

struct ProjectReader;

namespace issue_store {

Result<int64_t> insert(Connection&, const IssueRow&);
Result<std::optional<IssueRow>> by_number(Connection&, int64_t project_id, int64_t number);
Result<std::optional<IssueRow>> by_id(Connection&, int64_t id);

Result<std::vector<IssueRow>> list(Connection&, const IssueQuery&);
Result<int64_t> count(Connection&, const IssueQuery&); // ignores offset and limit
// Open and closed issues of the project that the query's viewer may see (state ignored).
Result<std::pair<int64_t, int64_t>> state_counts(Connection&, const IssueQuery&);

// Open issues assigned to the user in projects the reader may read, newest update first.
Result<std::vector<IssueRow>> assigned_to(Connection&, const ProjectReader&, int64_t user_id,
                                          int64_t limit);

Result<void> update_text(Connection&, int64_t id, std::string_view title, std::string_view body,
                         int64_t now);
Result<void> set_closed(Connection&, int64_t id, std::string_view reason, int64_t duplicate_of,
                        std::optional<int64_t> closed_by, std::string_view commit, int64_t now);
Result<void> set_open(Connection&, int64_t id, int64_t now);
Result<void> set_flags(Connection&, int64_t id, bool confidential, bool locked, int64_t now);
Result<void> set_milestone(Connection&, int64_t id, std::optional<int64_t> milestone_id,
                           int64_t now);
Result<void> touch(Connection&, int64_t id, int64_t now);
// Records the first reply by someone with write or more, once.
Result<void> note_first_reply(Connection&, int64_t id, int64_t at);
// Moves the issue to another project under a new number.
Result<void> move(Connection&, int64_t id, int64_t project_id, int64_t number, int64_t now);

Result<std::vector<int64_t>> label_ids(Connection&, int64_t issue_id);
Result<void> set_labels(Connection&, int64_t issue_id, const std::vector<int64_t>&);
Result<std::vector<int64_t>> assignee_ids(Connection&, int64_t issue_id);
Result<void> set_assignees(Connection&, int64_t issue_id, const std::vector<int64_t>&);

Result<int64_t> insert_comment(Connection&, int64_t issue_id, int64_t author_id,
                               std::string_view body, int64_t now);
Result<std::optional<IssueCommentRow>> comment(Connection&, int64_t issue_id, int64_t id);
Result<std::vector<IssueCommentRow>> comments(Connection&, int64_t issue_id); // oldest first
// The issue the comment belongs to, if the comment exists.
Result<std::optional<int64_t>> issue_of_comment(Connection&, int64_t comment_id);
// Keeps the previous text in the history.
Result<void> edit_comment(Connection&, const IssueCommentRow&, int64_t editor_id,
                          std::string_view body, int64_t now);
Result<void> delete_comment(Connection&, int64_t issue_id, int64_t id);
// Keeps the previous description in the history; the caller updates the issue.
Result<void> record_body_edit(Connection&, int64_t issue_id, int64_t editor_id,
                              std::string_view previous, int64_t now);
// Newest first; comment_id none: the description's.
Result<std::vector<IssueEditRow>> edits(Connection&, int64_t issue_id,
                                        std::optional<int64_t> comment_id);

Result<void> add_event(Connection&, int64_t issue_id, std::optional<int64_t> actor_id,
                       std::string_view kind, std::string_view detail, int64_t now);
Result<std::vector<IssueEventRow>> events(Connection&, int64_t issue_id); // oldest first
// Whether an event of this kind and detail exists already (references are noted once).
Result<bool> has_event(Connection&, int64_t issue_id, std::string_view kind,
                       std::string_view detail);

} // namespace issue_store
} // namespace forge::db
