// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/review_store.h"

#include "forge/db/database.h"
#include "forge/db/statement.h"

namespace forge::db::review_store {

namespace {

std::optional<int64_t> positive(int64_t value)
{
    return value > 0 ? std::optional<int64_t>(value) : std::nullopt;
}

std::optional<std::string_view> non_empty(std::string_view text)
{
    return text.empty() ? std::nullopt : std::optional<std::string_view>(text);
}

void bind_text_or_null(Statement& s, int index, std::string_view text)
{
    if (auto value = non_empty(text))
        s.bind(index, *value);
    else
        s.bind_null(index);
}

CommentRow read_comment(const Statement& s)
{
    CommentRow row;
    row.id = s.int_at(0);
    row.merge_request_id = s.int_at(1);
    row.thread_id = s.optional_int_at(2);
    row.author_id = s.int_at(3);
    row.body = s.text_at(4);
    row.review_id = s.optional_int_at(5);
    row.revision = s.optional_int_at(6).value_or(0);
    row.path = s.text_at(7);
    row.side = s.text_at(8);
    row.line = s.optional_int_at(9).value_or(0);
    row.resolved = s.int_at(10) != 0;
    row.resolved_by = s.optional_int_at(11);
    row.created_at = s.int_at(12);
    row.updated_at = s.int_at(13);
    return row;
}

#define COMMENT_SELECT                                                                             \
    "SELECT id, merge_request_id, thread_id, author_id, body, review_id, revision, "               \
    "coalesce(path, ''), coalesce(side, ''), line, resolved, resolved_by, created_at, "            \
    "updated_at FROM merge_request_comments "

} // namespace

Result<int64_t> insert_review(Connection& c, const ReviewRow& row)
{
    auto s = TRY(c.prepare("INSERT INTO merge_request_reviews (merge_request_id, reviewer_id, "
                           "state, body, revision, head_id, created_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    s.bind(1, row.merge_request_id).bind(2, row.reviewer_id).bind(3, row.state).bind(4, row.body);
    s.bind(5, row.revision).bind(6, row.head_id).bind(7, row.created_at);
    TRY(s.run());
    return c.last_insert_id();
}

Result<std::vector<ReviewRow>> reviews(Connection& c, int64_t merge_request_id)
{
    auto s = TRY(c.prepare("SELECT id, merge_request_id, reviewer_id, state, body, revision, "
                           "head_id, dismissed, created_at FROM merge_request_reviews "
                           "WHERE merge_request_id = ?1 ORDER BY id"));
    s.bind(1, merge_request_id);
    std::vector<ReviewRow> rows;
    while (TRY(s.step()))
        rows.push_back({s.int_at(0), s.int_at(1), s.int_at(2), s.text_at(3), s.text_at(4),
                        s.int_at(5), s.text_at(6), s.int_at(7) != 0, s.int_at(8)});
    return rows;
}

Result<void> dismiss_verdicts(Connection& c, int64_t merge_request_id)
{
    auto s = TRY(c.prepare("UPDATE merge_request_reviews SET dismissed = 1 WHERE "
                           "merge_request_id = ?1 AND state <> 'commented'"));
    s.bind(1, merge_request_id);
    return s.run();
}

Result<int64_t> insert_comment(Connection& c, const CommentRow& row)
{
    auto s = TRY(c.prepare("INSERT INTO merge_request_comments (merge_request_id, thread_id, "
                           "author_id, body, review_id, revision, path, side, line, created_at, "
                           "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)"));
    s.bind(1, row.merge_request_id).bind(2, row.thread_id).bind(3, row.author_id);
    s.bind(4, row.body).bind(5, row.review_id);
    bool anchored = !row.path.empty();
    s.bind(6, anchored ? positive(row.revision) : std::nullopt);
    bind_text_or_null(s, 7, row.path);
    bind_text_or_null(s, 8, anchored ? std::string_view(row.side) : std::string_view());
    s.bind(9, anchored ? std::optional<int64_t>(row.line) : std::nullopt);
    s.bind(10, row.created_at);
    TRY(s.run());
    return c.last_insert_id();
}

Result<std::optional<CommentRow>> comment(Connection& c, int64_t merge_request_id, int64_t id)
{
    auto s = TRY(c.prepare(COMMENT_SELECT "WHERE merge_request_id = ?1 AND id = ?2"));
    s.bind(1, merge_request_id).bind(2, id);
    if (!TRY(s.step()))
        return std::optional<CommentRow>();
    return std::optional<CommentRow>(read_comment(s));
}

Result<std::vector<CommentRow>> comments(Connection& c, int64_t merge_request_id)
{
    auto s = TRY(c.prepare(COMMENT_SELECT "WHERE merge_request_id = ?1 ORDER BY id"));
    s.bind(1, merge_request_id);
    std::vector<CommentRow> rows;
    while (TRY(s.step()))
        rows.push_back(read_comment(s));
    return rows;
}

Result<int64_t> count_comments(Connection& c, int64_t merge_request_id)
{
    auto s = TRY(c.prepare("SELECT count(*) FROM merge_request_comments WHERE "
                           "merge_request_id = ?1"));
    s.bind(1, merge_request_id);
    TRY(s.step());
    return s.int_at(0);
}

Result<void> update_body(Connection& c, int64_t id, std::string_view body, int64_t now)
{
    auto s = TRY(
        c.prepare("UPDATE merge_request_comments SET body = ?2, updated_at = ?3 WHERE id = ?1"));
    s.bind(1, id).bind(2, body).bind(3, now);
    return s.run();
}

Result<void> delete_comment(Connection& c, int64_t id)
{
    auto s = TRY(c.prepare("DELETE FROM merge_request_comments WHERE id = ?1"));
    s.bind(1, id);
    return s.run();
}

Result<void> set_resolved(Connection& c, int64_t thread_id, std::optional<int64_t> resolved_by)
{
    auto s = TRY(c.prepare("UPDATE merge_request_comments SET resolved = ?2, resolved_by = ?3 "
                           "WHERE id = ?1"));
    s.bind(1, thread_id).bind(2, int64_t(resolved_by ? 1 : 0)).bind(3, resolved_by);
    return s.run();
}

} // namespace forge::db::review_store
