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

struct ReviewRow {
    int64_t id = 0;
    int64_t merge_request_id = 0;
    int64_t reviewer_id = 0;
    std::string state; // "approved", "changes_requested", "commented"
    std::string body;
    int64_t revision = 0;
    std::string head_id;
    bool dismissed = false;
    int64_t created_at = 0;
};

struct CommentRow {
    int64_t id = 0;
    int64_t merge_request_id = 0;
    std::optional<int64_t> thread_id; // none: the comment starts a thread
    int64_t author_id = 0;
    std::string body;
    std::optional<int64_t> review_id;
    // A line thread's anchor (first comments only); path empty for general comments.
    int64_t revision = 0;
    std::string path;
    std::string side; // "old" or "new"
    int64_t line = 0;
    bool resolved = false;
    std::optional<int64_t> resolved_by;
    int64_t created_at = 0;
    int64_t updated_at = 0;
};

namespace review_store {

Result<int64_t> insert_review(Connection&, const ReviewRow&);
Result<std::vector<ReviewRow>> reviews(Connection&, int64_t merge_request_id); // oldest first
// Marks the approvals and change requests of a merge request as no longer counting.
Result<void> dismiss_verdicts(Connection&, int64_t merge_request_id);

Result<int64_t> insert_comment(Connection&, const CommentRow&);
Result<std::optional<CommentRow>> comment(Connection&, int64_t merge_request_id, int64_t id);
Result<std::vector<CommentRow>> comments(Connection&, int64_t merge_request_id); // oldest first
Result<int64_t> count_comments(Connection&, int64_t merge_request_id);
Result<void> update_body(Connection&, int64_t id, std::string_view body, int64_t now);
// Deleting a thread's first comment deletes its replies too.
Result<void> delete_comment(Connection&, int64_t id);
Result<void> set_resolved(Connection&, int64_t thread_id, std::optional<int64_t> resolved_by);

} // namespace review_store
} // namespace forge::db
