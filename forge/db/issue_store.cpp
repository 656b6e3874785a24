// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/issue_store.h"

#include "forge/db/database.h"
#include "forge/db/query_helpers.h"

namespace forge::db::issue_store {

namespace {

#define ISSUE_COLUMNS                                                                              \
    "i.id, i.project_id, i.number, i.author_id, i.title, i.body, i.state, i.close_reason, "        \
    "i.duplicate_of, i.closed_by, i.closing_commit, i.closed_at, i.confidential, i.locked, "       \
    "i.milestone_id, i.comment_count, i.first_reply_at, i.created_at, i.updated_at "

#define ISSUE_SELECT "SELECT " ISSUE_COLUMNS "FROM issues i "

// The filter of a listing: ?1 project, ?2 state, ?3 milestone, ?4 assignee, ?5 author,
// ?6 full-text query, ?7 whether every confidential issue is visible, ?8 the viewer,
// ?9 label ids as a JSON array (the issue must carry all of them), ?10 their number.
#define ISSUE_FILTER ISSUE_FILTER_IN("(?2 = '' OR i.state = ?2)")
// With the state bound as an equality, SQLite walks the index of (project, state, order)
// and stops after the page instead of sorting every issue of the project.
#define ISSUE_FILTER_IN_STATE ISSUE_FILTER_IN("i.state = ?2")
#define ISSUE_FILTER_IN(state_term)                                                                \
    "WHERE i.project_id = ?1 AND " state_term " "                                                  \
    "AND (?3 IS NULL OR i.milestone_id = ?3) "                                                     \
    "AND (?4 IS NULL OR EXISTS (SELECT 1 FROM issue_assignees a WHERE a.issue_id = i.id "          \
    "AND a.user_id = ?4)) "                                                                        \
    "AND (?5 IS NULL OR i.author_id = ?5) "                                                        \
    "AND (?6 = '' OR i.id IN (SELECT rowid FROM issue_text WHERE issue_text MATCH ?6 "             \
    "UNION SELECT issue_id FROM issue_comment_text WHERE issue_comment_text MATCH ?6)) "           \
    "AND " ISSUE_VISIBLE                                                                           \
    " AND (?10 = 0 OR (SELECT count(*) FROM issue_labels l WHERE l.issue_id = i.id "               \
    "AND l.label_id IN (SELECT value FROM json_each(?9))) = ?10) "

// Confidential issues show to those allowed all of them (?7), their author and assignees.
#define ISSUE_VISIBLE                                                                              \
    "(?7 = 1 OR i.confidential = 0 OR i.author_id = ?8 OR EXISTS (SELECT 1 FROM "                  \
    "issue_assignees v WHERE v.issue_id = i.id AND v.user_id = ?8))"

IssueRow read_row(const Statement& s)
{
    IssueRow row;
    row.id = s.int_at(0);
    row.project_id = s.int_at(1);
    row.number = s.int_at(2);
    row.author_id = s.int_at(3);
    row.title = s.text_at(4);
    row.body = s.text_at(5);
    row.state = s.text_at(6);
    row.close_reason = s.text_at(7);
    row.duplicate_of = s.optional_int_at(8).value_or(0);
    row.closed_by = s.optional_int_at(9);
    row.closing_commit = s.text_at(10);
    row.closed_at = s.optional_int_at(11).value_or(0);
    row.confidential = s.int_at(12) != 0;
    row.locked = s.int_at(13) != 0;
    row.milestone_id = s.optional_int_at(14);
    row.comment_count = s.int_at(15);
    row.first_reply_at = s.optional_int_at(16).value_or(0);
    row.created_at = s.int_at(17);
    row.updated_at = s.int_at(18);
    return row;
}

Result<std::vector<IssueRow>> all_rows(Statement& s)
{
    std::vector<IssueRow> rows;
    while (TRY(s.step()))
        rows.push_back(read_row(s));
    return rows;
}

Result<std::optional<IssueRow>> one_row(Statement& s)
{
    if (!TRY(s.step()))
        return std::optional<IssueRow>();
    return std::optional<IssueRow>(read_row(s));
}

std::string json_ids(const std::vector<int64_t>& ids)
{
    std::string json = "[";
    for (size_t i = 0; i < ids.size(); ++i)
        json += (i ? "," : "") + std::to_string(ids[i]);
    return json + "]";
}

void bind_query(Statement& s, const IssueQuery& query)
{
    s.bind(1, query.project_id).bind(2, query.state).bind(3, query.milestone_id);
    s.bind(4, query.assignee_id).bind(5, query.author_id).bind(6, fts_words_query(query.text));
    s.bind(7, int64_t(query.all_confidential ? 1 : 0)).bind(8, query.viewer_id);
    s.bind(9, json_ids(query.label_ids)).bind(10, static_cast<int64_t>(query.label_ids.size()));
}

// One statement per sort order, each a constant text, so that SQLite can walk the
// matching index instead of sorting.
const char* list_sql(const IssueQuery& query)
{
#define ISSUE_LIST(filter, order) ISSUE_SELECT filter "ORDER BY " order " LIMIT ?11 OFFSET ?12"
#define ISSUE_LISTS(filter)                                                                        \
    if (query.sort == "updated")                                                                   \
        return query.ascending ? ISSUE_LIST(filter, "i.updated_at, i.id")                          \
                               : ISSUE_LIST(filter, "i.updated_at DESC, i.id DESC");               \
    if (query.sort == "comments")                                                                  \
        return query.ascending ? ISSUE_LIST(filter, "i.comment_count, i.id")                       \
                               : ISSUE_LIST(filter, "i.comment_count DESC, i.id DESC");            \
    return query.ascending ? ISSUE_LIST(filter, "i.created_at, i.id")                              \
                           : ISSUE_LIST(filter, "i.created_at DESC, i.id DESC");
    if (!query.state.empty()) {
        ISSUE_LISTS(ISSUE_FILTER_IN_STATE)
    }
    ISSUE_LISTS(ISSUE_FILTER)
#undef ISSUE_LISTS
#undef ISSUE_LIST
}

Result<std::vector<int64_t>> ids_of(Statement& s)
{
    std::vector<int64_t> ids;
    while (TRY(s.step()))
        ids.push_back(s.int_at(0));
    return ids;
}

} // namespace

Result<int64_t> insert(Connection& c, const IssueRow& row)
{
    auto s = TRY(c.prepare("INSERT INTO issues (project_id, number, author_id, title, body, "
                           "confidential, milestone_id, created_at, updated_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)"));
    s.bind(1, row.project_id).bind(2, row.number).bind(3, row.author_id).bind(4, row.title);
    s.bind(5, row.body).bind(6, int64_t(row.confidential ? 1 : 0)).bind(7, row.milestone_id);
    s.bind(8, row.created_at);
    TRY(s.run());
    return c.last_insert_id();
}

Result<std::optional<IssueRow>> by_number(Connection& c, int64_t project_id, int64_t number)
{
    auto s = TRY(c.prepare(ISSUE_SELECT "WHERE i.project_id = ?1 AND i.number = ?2"));
    s.bind(1, project_id).bind(2, number);
    return one_row(s);
}

Result<std::optional<IssueRow>> by_id(Connection& c, int64_t id)
{
    auto s = TRY(c.prepare(ISSUE_SELECT "WHERE i.id = ?1"));
    s.bind(1, id);
    return one_row(s);
}

Result<std::vector<IssueRow>> list(Connection& c, const IssueQuery& query)
{
    auto s = TRY(c.prepare(list_sql(query)));
    bind_query(s, query);
    s.bind(11, query.limit).bind(12, query.offset);
    return all_rows(s);
}

Result<int64_t> count(Connection& c, const IssueQuery& query)
{
    auto s = TRY(c.prepare("SELECT count(*) FROM issues i " ISSUE_FILTER));
    bind_query(s, query);
    TRY(s.step());
    return s.int_at(0);
}

Result<std::pair<int64_t, int64_t>> state_counts(Connection& c, const IssueQuery& query)
{
    auto s = TRY(c.prepare("SELECT coalesce(sum(i.state = 'open'), 0), "
                           "coalesce(sum(i.state = 'closed'), 0) FROM issues i "
                           "WHERE i.project_id = ?1 AND " ISSUE_VISIBLE));
    s.bind(1, query.project_id).bind(7, int64_t(query.all_confidential ? 1 : 0));
    s.bind(8, query.viewer_id);
    TRY(s.step());
    return std::pair<int64_t, int64_t>(s.int_at(0), s.int_at(1));
}

Result<std::vector<IssueRow>> assigned_to(Connection& c, const ProjectReader& reader,
                                          int64_t user_id, int64_t limit)
{
    if (reader.kind == ProjectReader::Kind::nothing)
        return std::vector<IssueRow>();
    auto s = TRY(c.prepare(ISSUE_SELECT "JOIN issue_assignees a ON a.issue_id = i.id "
                                        "JOIN projects p ON p.id = i.project_id "
                                        "WHERE a.user_id = ?1 AND i.state = 'open' "
                                        "AND " FORGE_READABLE_PROJECT
                                        " ORDER BY i.updated_at DESC, i.id DESC LIMIT ?2"));
    s.bind(1, user_id).bind(2, limit);
    bind_reader(s, reader);
    return all_rows(s);
}

Result<void> update_text(Connection& c, int64_t id, std::string_view title, std::string_view body,
                         int64_t now)
{
    auto s =
        TRY(c.prepare("UPDATE issues SET title = ?2, body = ?3, updated_at = ?4 WHERE id = ?1"));
    s.bind(1, id).bind(2, title).bind(3, body).bind(4, now);
    return s.run();
}

Result<void> set_closed(Connection& c, int64_t id, std::string_view reason, int64_t duplicate_of,
                        std::optional<int64_t> closed_by, std::string_view commit, int64_t now)
{
    auto s = TRY(c.prepare("UPDATE issues SET state = 'closed', close_reason = ?2, "
                           "duplicate_of = nullif(?3, 0), closed_by = ?4, closing_commit = ?5, "
                           "closed_at = ?6, updated_at = ?6 WHERE id = ?1"));
    s.bind(1, id).bind(2, reason).bind(3, duplicate_of).bind(4, closed_by).bind(5, commit);
    s.bind(6, now);
    return s.run();
}

Result<void> set_open(Connection& c, int64_t id, int64_t now)
{
    auto s = TRY(c.prepare("UPDATE issues SET state = 'open', close_reason = '', "
                           "duplicate_of = NULL, closed_by = NULL, closing_commit = '', "
                           "closed_at = NULL, updated_at = ?2 WHERE id = ?1"));
    s.bind(1, id).bind(2, now);
    return s.run();
}

Result<void> set_flags(Connection& c, int64_t id, bool confidential, bool locked, int64_t now)
{
    auto s = TRY(c.prepare("UPDATE issues SET confidential = ?2, locked = ?3, updated_at = ?4 "
                           "WHERE id = ?1"));
    s.bind(1, id).bind(2, int64_t(confidential ? 1 : 0)).bind(3, int64_t(locked ? 1 : 0));
    s.bind(4, now);
    return s.run();
}

Result<void> set_milestone(Connection& c, int64_t id, std::optional<int64_t> milestone_id,
                           int64_t now)
{
    auto s = TRY(c.prepare("UPDATE issues SET milestone_id = ?2, updated_at = ?3 WHERE id = ?1"));
    s.bind(1, id).bind(2, milestone_id).bind(3, now);
    return s.run();
}

Result<void> touch(Connection& c, int64_t id, int64_t now)
{
    auto s = TRY(c.prepare("UPDATE issues SET updated_at = max(updated_at, ?2) WHERE id = ?1"));
    s.bind(1, id).bind(2, now);
    return s.run();
}

Result<void> note_first_reply(Connection& c, int64_t id, int64_t at)
{
    auto s = TRY(c.prepare(
        "UPDATE issues SET first_reply_at = ?2 WHERE id = ?1 AND first_reply_at IS NULL"));
    s.bind(1, id).bind(2, at);
    return s.run();
}

Result<void> move(Connection& c, int64_t id, int64_t project_id, int64_t number, int64_t now)
{
    TRY(set_labels(c, id, {}));
    auto s = TRY(c.prepare("UPDATE issues SET project_id = ?2, number = ?3, milestone_id = NULL, "
                           "updated_at = ?4 WHERE id = ?1"));
    s.bind(1, id).bind(2, project_id).bind(3, number).bind(4, now);
    return s.run();
}

Result<std::vector<int64_t>> label_ids(Connection& c, int64_t issue_id)
{
    auto s = TRY(c.prepare("SELECT l.label_id FROM issue_labels l JOIN labels b ON b.id = "
                           "l.label_id WHERE l.issue_id = ?1 ORDER BY b.name"));
    s.bind(1, issue_id);
    return ids_of(s);
}

Result<void> set_labels(Connection& c, int64_t issue_id, const std::vector<int64_t>& ids)
{
    auto clear = TRY(c.prepare("DELETE FROM issue_labels WHERE issue_id = ?1"));
    clear.bind(1, issue_id);
    TRY(clear.run());
    for (int64_t id : ids) {
        auto s = TRY(
            c.prepare("INSERT OR IGNORE INTO issue_labels (issue_id, label_id) VALUES (?1, ?2)"));
        s.bind(1, issue_id).bind(2, id);
        TRY(s.run());
    }
    return {};
}

Result<std::vector<int64_t>> assignee_ids(Connection& c, int64_t issue_id)
{
    auto s = TRY(c.prepare("SELECT a.user_id FROM issue_assignees a JOIN users u ON u.id = "
                           "a.user_id WHERE a.issue_id = ?1 ORDER BY u.name"));
    s.bind(1, issue_id);
    return ids_of(s);
}

Result<void> set_assignees(Connection& c, int64_t issue_id, const std::vector<int64_t>& ids)
{
    auto clear = TRY(c.prepare("DELETE FROM issue_assignees WHERE issue_id = ?1"));
    clear.bind(1, issue_id);
    TRY(clear.run());
    for (int64_t id : ids) {
        auto s = TRY(
            c.prepare("INSERT OR IGNORE INTO issue_assignees (issue_id, user_id) VALUES (?1, ?2)"));
        s.bind(1, issue_id).bind(2, id);
        TRY(s.run());
    }
    return {};
}

Result<int64_t> insert_comment(Connection& c, int64_t issue_id, int64_t author_id,
                               std::string_view body, int64_t now)
{
    auto s = TRY(c.prepare("INSERT INTO issue_comments (issue_id, author_id, body, created_at, "
                           "updated_at) VALUES (?1, ?2, ?3, ?4, ?4)"));
    s.bind(1, issue_id).bind(2, author_id).bind(3, body).bind(4, now);
    TRY(s.run());
    int64_t id = c.last_insert_id();
    auto counted = TRY(c.prepare("UPDATE issues SET comment_count = comment_count + 1, "
                                 "updated_at = max(updated_at, ?2) WHERE id = ?1"));
    counted.bind(1, issue_id).bind(2, now);
    TRY(counted.run());
    return id;
}

#define COMMENT_SELECT                                                                             \
    "SELECT c.id, c.issue_id, c.author_id, c.body, c.created_at, c.updated_at, "                   \
    "(SELECT count(*) FROM issue_edits e WHERE e.comment_id = c.id) FROM issue_comments c "

Result<std::optional<IssueCommentRow>> comment(Connection& c, int64_t issue_id, int64_t id)
{
    auto s = TRY(c.prepare(COMMENT_SELECT "WHERE c.issue_id = ?1 AND c.id = ?2"));
    s.bind(1, issue_id).bind(2, id);
    if (!TRY(s.step()))
        return std::optional<IssueCommentRow>();
    return std::optional<IssueCommentRow>(IssueCommentRow{s.int_at(0), s.int_at(1), s.int_at(2),
                                                          s.text_at(3), s.int_at(4), s.int_at(5),
                                                          s.int_at(6)});
}

Result<std::vector<IssueCommentRow>> comments(Connection& c, int64_t issue_id)
{
    auto s = TRY(c.prepare(COMMENT_SELECT "WHERE c.issue_id = ?1 ORDER BY c.id"));
    s.bind(1, issue_id);
    std::vector<IssueCommentRow> rows;
    while (TRY(s.step()))
        rows.push_back({s.int_at(0), s.int_at(1), s.int_at(2), s.text_at(3), s.int_at(4),
                        s.int_at(5), s.int_at(6)});
    return rows;
}

Result<std::optional<int64_t>> issue_of_comment(Connection& c, int64_t comment_id)
{
    auto s = TRY(c.prepare("SELECT issue_id FROM issue_comments WHERE id = ?1"));
    s.bind(1, comment_id);
    if (!TRY(s.step()))
        return std::optional<int64_t>();
    return std::optional<int64_t>(s.int_at(0));
}

Result<void> edit_comment(Connection& c, const IssueCommentRow& comment, int64_t editor_id,
                          std::string_view body, int64_t now)
{
    auto history = TRY(c.prepare("INSERT INTO issue_edits (issue_id, comment_id, editor_id, "
                                 "previous, edited_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
    history.bind(1, comment.issue_id).bind(2, comment.id).bind(3, editor_id);
    history.bind(4, comment.body).bind(5, now);
    TRY(history.run());
    auto s = TRY(c.prepare("UPDATE issue_comments SET body = ?2, updated_at = ?3 WHERE id = ?1"));
    s.bind(1, comment.id).bind(2, body).bind(3, now);
    TRY(s.run());
    return touch(c, comment.issue_id, now);
}

Result<void> delete_comment(Connection& c, int64_t issue_id, int64_t id)
{
    auto s = TRY(c.prepare("DELETE FROM issue_comments WHERE issue_id = ?1 AND id = ?2"));
    s.bind(1, issue_id).bind(2, id);
    TRY(s.run());
    if (c.changes() == 0)
        return {};
    auto counted =
        TRY(c.prepare("UPDATE issues SET comment_count = comment_count - 1 WHERE id = ?1"));
    counted.bind(1, issue_id);
    return counted.run();
}

Result<void> record_body_edit(Connection& c, int64_t issue_id, int64_t editor_id,
                              std::string_view previous, int64_t now)
{
    auto s = TRY(c.prepare("INSERT INTO issue_edits (issue_id, comment_id, editor_id, previous, "
                           "edited_at) VALUES (?1, NULL, ?2, ?3, ?4)"));
    s.bind(1, issue_id).bind(2, editor_id).bind(3, previous).bind(4, now);
    return s.run();
}

Result<std::vector<IssueEditRow>> edits(Connection& c, int64_t issue_id,
                                        std::optional<int64_t> comment_id)
{
    auto s = TRY(c.prepare("SELECT editor_id, previous, edited_at FROM issue_edits "
                           "WHERE issue_id = ?1 AND comment_id IS ?2 ORDER BY id DESC"));
    s.bind(1, issue_id).bind(2, comment_id);
    std::vector<IssueEditRow> rows;
    while (TRY(s.step()))
        rows.push_back({s.int_at(0), s.text_at(1), s.int_at(2)});
    return rows;
}

Result<void> add_event(Connection& c, int64_t issue_id, std::optional<int64_t> actor_id,
                       std::string_view kind, std::string_view detail, int64_t now)
{
    auto s = TRY(c.prepare("INSERT INTO issue_events (issue_id, actor_id, kind, detail, "
                           "created_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
    s.bind(1, issue_id).bind(2, actor_id).bind(3, kind).bind(4, detail).bind(5, now);
    TRY(s.run());
    return touch(c, issue_id, now);
}

Result<std::vector<IssueEventRow>> events(Connection& c, int64_t issue_id)
{
    auto s = TRY(c.prepare("SELECT id, actor_id, kind, detail, created_at FROM issue_events "
                           "WHERE issue_id = ?1 ORDER BY id"));
    s.bind(1, issue_id);
    std::vector<IssueEventRow> rows;
    while (TRY(s.step()))
        rows.push_back(
            {s.int_at(0), s.optional_int_at(1), s.text_at(2), s.text_at(3), s.int_at(4)});
    return rows;
}

Result<bool> has_event(Connection& c, int64_t issue_id, std::string_view kind,
                       std::string_view detail)
{
    auto s = TRY(c.prepare("SELECT 1 FROM issue_events WHERE issue_id = ?1 AND kind = ?2 "
                           "AND detail = ?3 LIMIT 1"));
    s.bind(1, issue_id).bind(2, kind).bind(3, detail);
    return s.step();
}

} // namespace forge::db::issue_store
