// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/merge_request_store.h"

#include "forge/db/database.h"
#include "forge/db/query_helpers.h"

namespace forge::db::merge_request_store {

namespace {

#define MERGE_REQUEST_COLUMNS                                                                      \
    "m.id, m.project_id, m.number, m.author_id, m.title, m.description, m.source_project_id, "     \
    "m.source_branch, m.target_branch, m.state, m.head_id, m.base_id, m.merge_status, "            \
    "m.fast_forward, m.conflicts, m.merged_by, m.merged_at, m.merge_commit_id, m.closed_at, "      \
    "m.created_at, m.updated_at "

#define MERGE_REQUEST_SELECT "SELECT " MERGE_REQUEST_COLUMNS "FROM merge_requests m "

// The filter of a listing: ?1 project, ?2 state, ?3 author, ?4 reviewer, ?5 target branch.
#define MERGE_REQUEST_FILTER                                                                       \
    "WHERE m.project_id = ?1 AND (?2 = '' OR m.state = ?2) "                                       \
    "AND (?3 IS NULL OR m.author_id = ?3) AND (?5 = '' OR m.target_branch = ?5) "                  \
    "AND (?4 IS NULL OR m.id IN (SELECT merge_request_id FROM merge_request_reviewers "            \
    "WHERE user_id = ?4)) "

MergeRequestRow read_row(const Statement& s)
{
    MergeRequestRow row;
    row.id = s.int_at(0);
    row.project_id = s.int_at(1);
    row.number = s.int_at(2);
    row.author_id = s.int_at(3);
    row.title = s.text_at(4);
    row.description = s.text_at(5);
    row.source_project_id = s.optional_int_at(6);
    row.source_branch = s.text_at(7);
    row.target_branch = s.text_at(8);
    row.state = s.text_at(9);
    row.head_id = s.text_at(10);
    row.base_id = s.text_at(11);
    row.merge_status = s.text_at(12);
    row.fast_forward = s.int_at(13) != 0;
    row.conflicts = s.text_at(14);
    row.merged_by = s.optional_int_at(15);
    row.merged_at = s.optional_int_at(16).value_or(0);
    row.merge_commit_id = s.text_at(17);
    row.closed_at = s.optional_int_at(18).value_or(0);
    row.created_at = s.int_at(19);
    row.updated_at = s.int_at(20);
    return row;
}

Result<std::vector<MergeRequestRow>> all_rows(Statement& s)
{
    std::vector<MergeRequestRow> rows;
    while (TRY(s.step()))
        rows.push_back(read_row(s));
    return rows;
}

void bind_query(Statement& s, const MergeRequestQuery& query)
{
    s.bind(1, query.project_id).bind(2, query.state).bind(3, query.author_id);
    s.bind(4, query.reviewer_id).bind(5, query.target_branch);
}

std::optional<int64_t> positive(int64_t value)
{
    return value > 0 ? std::optional<int64_t>(value) : std::nullopt;
}

} // namespace

Result<int64_t> take_number(Connection& c, int64_t project_id, std::string_view kind)
{
    auto s = TRY(c.prepare("INSERT INTO item_numbers (project_id, number, kind) "
                           "SELECT ?1, coalesce(max(number), 0) + 1, ?2 FROM item_numbers "
                           "WHERE project_id = ?1 RETURNING number"));
    s.bind(1, project_id).bind(2, kind);
    if (!TRY(s.step()))
        return Error::internal("no number taken");
    return s.int_at(0);
}

Result<int64_t> insert(Connection& c, const MergeRequestRow& row)
{
    auto s = TRY(c.prepare(
        "INSERT INTO merge_requests (project_id, number, author_id, title, description, "
        "source_project_id, source_branch, target_branch, state, head_id, base_id, created_at, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)"));
    s.bind(1, row.project_id).bind(2, row.number).bind(3, row.author_id).bind(4, row.title);
    s.bind(5, row.description).bind(6, row.source_project_id).bind(7, row.source_branch);
    s.bind(8, row.target_branch).bind(9, row.state).bind(10, row.head_id).bind(11, row.base_id);
    s.bind(12, row.created_at);
    TRY(s.run());
    return c.last_insert_id();
}

Result<std::optional<MergeRequestRow>> by_number(Connection& c, int64_t project_id, int64_t number)
{
    auto s = TRY(c.prepare(MERGE_REQUEST_SELECT "WHERE m.project_id = ?1 AND m.number = ?2"));
    s.bind(1, project_id).bind(2, number);
    if (!TRY(s.step()))
        return std::optional<MergeRequestRow>();
    return std::optional<MergeRequestRow>(read_row(s));
}

Result<std::vector<MergeRequestRow>> list(Connection& c, const MergeRequestQuery& query)
{
    auto s = TRY(c.prepare(MERGE_REQUEST_SELECT MERGE_REQUEST_FILTER
                           "ORDER BY m.number DESC LIMIT ?6 OFFSET ?7"));
    bind_query(s, query);
    s.bind(6, query.limit).bind(7, query.offset);
    return all_rows(s);
}

Result<int64_t> count(Connection& c, const MergeRequestQuery& query)
{
    auto s = TRY(c.prepare("SELECT count(*) FROM merge_requests m " MERGE_REQUEST_FILTER));
    bind_query(s, query);
    TRY(s.step());
    return s.int_at(0);
}

Result<std::vector<int64_t>> state_counts(Connection& c, int64_t project_id)
{
    auto s = TRY(c.prepare("SELECT count(*) FILTER (WHERE state = 'open'), "
                           "count(*) FILTER (WHERE state = 'merged'), "
                           "count(*) FILTER (WHERE state = 'closed') "
                           "FROM merge_requests WHERE project_id = ?1"));
    s.bind(1, project_id);
    TRY(s.step());
    return std::vector<int64_t>{s.int_at(0), s.int_at(1), s.int_at(2)};
}

Result<std::vector<MergeRequestRow>> open_from(Connection& c, int64_t source_project_id,
                                               std::string_view branch)
{
    auto s = TRY(c.prepare(MERGE_REQUEST_SELECT "WHERE m.source_project_id = ?1 AND "
                                                "m.source_branch = ?2 AND m.state = 'open'"));
    s.bind(1, source_project_id).bind(2, branch);
    return all_rows(s);
}

Result<std::vector<MergeRequestRow>> open_into(Connection& c, int64_t project_id,
                                               std::string_view branch)
{
    auto s = TRY(c.prepare(MERGE_REQUEST_SELECT "WHERE m.project_id = ?1 AND "
                                                "m.target_branch = ?2 AND m.state = 'open'"));
    s.bind(1, project_id).bind(2, branch);
    return all_rows(s);
}

Result<std::optional<int64_t>> open_duplicate(Connection& c, int64_t project_id,
                                              std::optional<int64_t> source_project_id,
                                              std::string_view source_branch,
                                              std::string_view target_branch)
{
    auto s = TRY(c.prepare("SELECT number FROM merge_requests WHERE project_id = ?1 AND "
                           "source_project_id IS ?2 AND source_branch = ?3 AND "
                           "target_branch = ?4 AND state = 'open'"));
    s.bind(1, project_id).bind(2, source_project_id).bind(3, source_branch).bind(4, target_branch);
    if (!TRY(s.step()))
        return std::optional<int64_t>();
    return std::optional<int64_t>(s.int_at(0));
}

Result<std::vector<MergeRequestRow>> awaiting_review(Connection& c, const ProjectReader& reader,
                                                     int64_t user_id, int64_t limit)
{
    if (reader.kind == ProjectReader::Kind::nothing)
        return std::vector<MergeRequestRow>();
    auto s = TRY(c.prepare(MERGE_REQUEST_SELECT
                           "JOIN merge_request_reviewers r ON r.merge_request_id = m.id "
                           "JOIN projects p ON p.id = m.project_id "
                           "WHERE r.user_id = ?1 AND m.state = 'open' AND " FORGE_READABLE_PROJECT
                           " AND NOT EXISTS (SELECT 1 FROM merge_request_reviews v WHERE "
                           "v.merge_request_id = m.id AND v.reviewer_id = ?1 AND "
                           "v.head_id = m.head_id) ORDER BY m.updated_at DESC, m.id DESC "
                           "LIMIT ?2"));
    s.bind(1, user_id).bind(2, limit);
    bind_reader(s, reader);
    return all_rows(s);
}

Result<void> update_text(Connection& c, int64_t id, std::string_view title,
                         std::string_view description, std::string_view target_branch, int64_t now)
{
    auto s = TRY(c.prepare("UPDATE merge_requests SET title = ?2, description = ?3, "
                           "target_branch = ?4, updated_at = ?5 WHERE id = ?1"));
    s.bind(1, id).bind(2, title).bind(3, description).bind(4, target_branch).bind(5, now);
    return s.run();
}

Result<void> set_state(Connection& c, int64_t id, std::string_view state, int64_t closed_at,
                       int64_t now)
{
    auto s = TRY(c.prepare(
        "UPDATE merge_requests SET state = ?2, closed_at = ?3, updated_at = ?4 WHERE id = ?1"));
    s.bind(1, id).bind(2, state).bind(3, positive(closed_at)).bind(4, now);
    return s.run();
}

Result<void> set_merged(Connection& c, int64_t id, std::optional<int64_t> merged_by,
                        std::string_view merge_commit_id, int64_t now)
{
    auto s = TRY(c.prepare("UPDATE merge_requests SET state = 'merged', merged_by = ?2, "
                           "merged_at = ?3, closed_at = ?3, updated_at = ?3, merge_commit_id = ?4 "
                           "WHERE id = ?1"));
    s.bind(1, id).bind(2, merged_by).bind(3, now).bind(4, merge_commit_id);
    return s.run();
}

Result<void> set_head(Connection& c, int64_t id, std::string_view head_id, std::string_view base_id,
                      int64_t now)
{
    auto s = TRY(c.prepare(
        "UPDATE merge_requests SET head_id = ?2, base_id = ?3, updated_at = ?4 WHERE id = ?1"));
    s.bind(1, id).bind(2, head_id).bind(3, base_id).bind(4, now);
    return s.run();
}

Result<void> set_merge_status(Connection& c, int64_t id, std::string_view head_id,
                              std::string_view base_id, std::string_view status, bool fast_forward,
                              std::string_view conflicts)
{
    auto s = TRY(c.prepare("UPDATE merge_requests SET base_id = ?3, merge_status = ?4, "
                           "fast_forward = ?5, conflicts = ?6 WHERE id = ?1 AND head_id = ?2"));
    s.bind(1, id).bind(2, head_id).bind(3, base_id).bind(4, status);
    s.bind(5, int64_t(fast_forward ? 1 : 0)).bind(6, conflicts);
    return s.run();
}

Result<int64_t> add_revision(Connection& c, int64_t merge_request_id, const RevisionRow& revision)
{
    auto s = TRY(c.prepare(
        "INSERT INTO merge_request_revisions (merge_request_id, number, head_id, base_id, "
        "target_id, forced, created_at) SELECT ?1, coalesce(max(number), 0) + 1, ?2, ?3, ?4, ?5, "
        "?6 FROM merge_request_revisions WHERE merge_request_id = ?1 RETURNING number"));
    s.bind(1, merge_request_id).bind(2, revision.head_id).bind(3, revision.base_id);
    s.bind(4, revision.target_id).bind(5, int64_t(revision.forced ? 1 : 0));
    s.bind(6, revision.created_at);
    if (!TRY(s.step()))
        return Error::internal("no revision added");
    return s.int_at(0);
}

Result<std::vector<RevisionRow>> revisions(Connection& c, int64_t merge_request_id)
{
    auto s = TRY(c.prepare("SELECT number, head_id, base_id, target_id, forced, created_at FROM "
                           "merge_request_revisions WHERE merge_request_id = ?1 ORDER BY number"));
    s.bind(1, merge_request_id);
    std::vector<RevisionRow> rows;
    while (TRY(s.step()))
        rows.push_back(
            {s.int_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.int_at(4) != 0, s.int_at(5)});
    return rows;
}

Result<void> set_reviewers(Connection& c, int64_t merge_request_id,
                           const std::vector<int64_t>& user_ids)
{
    auto clear = TRY(c.prepare("DELETE FROM merge_request_reviewers WHERE merge_request_id = ?1"));
    clear.bind(1, merge_request_id);
    TRY(clear.run());
    for (int64_t user_id : user_ids) {
        auto add = TRY(c.prepare("INSERT OR IGNORE INTO merge_request_reviewers "
                                 "(merge_request_id, user_id) VALUES (?1, ?2)"));
        add.bind(1, merge_request_id).bind(2, user_id);
        TRY(add.run());
    }
    return {};
}

Result<std::vector<int64_t>> reviewers(Connection& c, int64_t merge_request_id)
{
    auto s = TRY(c.prepare("SELECT user_id FROM merge_request_reviewers WHERE "
                           "merge_request_id = ?1 ORDER BY user_id"));
    s.bind(1, merge_request_id);
    std::vector<int64_t> ids;
    while (TRY(s.step()))
        ids.push_back(s.int_at(0));
    return ids;
}

Result<MergeSettingsRow> settings(Connection& c, int64_t project_id)
{
    auto s = TRY(c.prepare("SELECT required_approvals, reset_approvals, allow_merge_commit, "
                           "allow_squash, allow_fast_forward FROM merge_settings "
                           "WHERE project_id = ?1"));
    s.bind(1, project_id);
    if (!TRY(s.step()))
        return MergeSettingsRow{};
    return MergeSettingsRow{s.int_at(0), s.int_at(1) != 0, s.int_at(2) != 0, s.int_at(3) != 0,
                            s.int_at(4) != 0};
}

Result<void> save_settings(Connection& c, int64_t project_id, const MergeSettingsRow& row)
{
    auto s = TRY(c.prepare(
        "INSERT INTO merge_settings (project_id, required_approvals, reset_approvals, "
        "allow_merge_commit, allow_squash, allow_fast_forward) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT (project_id) DO UPDATE SET required_approvals = ?2, reset_approvals = ?3, "
        "allow_merge_commit = ?4, allow_squash = ?5, allow_fast_forward = ?6"));
    s.bind(1, project_id).bind(2, row.required_approvals);
    s.bind(3, int64_t(row.reset_approvals)).bind(4, int64_t(row.allow_merge_commit));
    s.bind(5, int64_t(row.allow_squash)).bind(6, int64_t(row.allow_fast_forward));
    return s.run();
}

} // namespace forge::db::merge_request_store
