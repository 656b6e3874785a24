// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/discussion_store.h"

#include "forge/db/database.h"
#include "forge/db/query_helpers.h"

namespace forge::db::discussion_store {

namespace {

// ?1 the project, ?2 the group of the forum (one of them NULL).
#define IN_FORUM "project_id IS ?1 AND group_id IS ?2"

void bind_forum(Statement& s, const ForumKey& forum)
{
    s.bind(1, forum.project_id).bind(2, forum.group_id);
}

#define DISCUSSION_SELECT                                                                          \
    "SELECT d.id, d.number, d.category_id, d.author_id, d.title, d.body, d.pinned, d.locked, "     \
    "coalesce(d.answer_id, 0), d.reply_count, d.created_at, d.updated_at FROM discussions d "

// ?3 category (0: any), ?4 the full-text query ('' : none).
#define DISCUSSION_FILTER                                                                          \
    "WHERE d." IN_FORUM " AND (?3 = 0 OR d.category_id = ?3) AND (?4 = '' OR d.id IN "             \
    "(SELECT rowid FROM discussion_text WHERE discussion_text MATCH ?4 UNION "                     \
    "SELECT discussion_id FROM discussion_reply_text WHERE discussion_reply_text MATCH ?4)) "

DiscussionRow read_row(const Statement& s)
{
    return {s.int_at(0),  s.int_at(1),  s.int_at(2),      s.int_at(3),
            s.text_at(4), s.text_at(5), s.int_at(6) != 0, s.int_at(7) != 0,
            s.int_at(8),  s.int_at(9),  s.int_at(10),     s.int_at(11)};
}

void bind_query(Statement& s, const DiscussionQuery& query)
{
    bind_forum(s, query.forum);
    s.bind(3, query.category_id).bind(4, fts_words_query(query.text));
}

#define REPLY_SELECT                                                                               \
    "SELECT id, discussion_id, author_id, body, created_at, updated_at FROM discussion_replies "

ReplyRow read_reply(const Statement& s)
{
    return {s.int_at(0), s.int_at(1), s.int_at(2), s.text_at(3), s.int_at(4), s.int_at(5)};
}

} // namespace

Result<std::vector<CategoryRow>> categories(Connection& c, const ForumKey& forum)
{
    auto s = TRY(c.prepare("SELECT k.id, k.name, k.description, k.kind, k.position, "
                           "(SELECT count(*) FROM discussions d WHERE d.category_id = k.id) "
                           "FROM discussion_categories k WHERE k." IN_FORUM
                           " ORDER BY k.position, k.id"));
    bind_forum(s, forum);
    std::vector<CategoryRow> rows;
    while (TRY(s.step()))
        rows.push_back(
            {s.int_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.int_at(4), s.int_at(5)});
    return rows;
}

Result<int64_t> insert_category(Connection& c, const ForumKey& forum, const CategoryRow& row)
{
    auto s = TRY(c.prepare("INSERT INTO discussion_categories (project_id, group_id, name, "
                           "description, kind, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    bind_forum(s, forum);
    s.bind(3, row.name).bind(4, row.description).bind(5, row.kind).bind(6, row.position);
    TRY(s.run());
    return c.last_insert_id();
}

Result<void> delete_category(Connection& c, int64_t id)
{
    auto s = TRY(c.prepare("DELETE FROM discussion_categories WHERE id = ?1"));
    s.bind(1, id);
    return s.run();
}

Result<int64_t> insert(Connection& c, const ForumKey& forum, DiscussionRow& row)
{
    auto s = TRY(c.prepare("INSERT INTO discussions (project_id, group_id, number, category_id, "
                           "author_id, title, body, created_at, updated_at) "
                           "SELECT ?1, ?2, coalesce(max(number), 0) + 1, ?3, ?4, ?5, ?6, ?7, ?7 "
                           "FROM discussions WHERE " IN_FORUM " RETURNING id, number"));
    bind_forum(s, forum);
    s.bind(3, row.category_id).bind(4, row.author_id).bind(5, row.title).bind(6, row.body);
    s.bind(7, row.created_at);
    TRY(s.step());
    row.id = s.int_at(0);
    row.number = s.int_at(1);
    return row.id;
}

Result<std::optional<DiscussionRow>> by_number(Connection& c, const ForumKey& forum, int64_t number)
{
    auto s = TRY(c.prepare(DISCUSSION_SELECT "WHERE d." IN_FORUM " AND d.number = ?3"));
    bind_forum(s, forum);
    s.bind(3, number);
    if (!TRY(s.step()))
        return std::optional<DiscussionRow>();
    return std::optional<DiscussionRow>(read_row(s));
}

Result<std::vector<DiscussionRow>> list(Connection& c, const DiscussionQuery& query)
{
    auto s = TRY(c.prepare(DISCUSSION_SELECT DISCUSSION_FILTER
                           "ORDER BY d.pinned DESC, d.updated_at DESC, d.id DESC "
                           "LIMIT ?5 OFFSET ?6"));
    bind_query(s, query);
    s.bind(5, query.limit).bind(6, query.offset);
    std::vector<DiscussionRow> rows;
    while (TRY(s.step()))
        rows.push_back(read_row(s));
    return rows;
}

Result<int64_t> count(Connection& c, const DiscussionQuery& query)
{
    auto s = TRY(c.prepare("SELECT count(*) FROM discussions d " DISCUSSION_FILTER));
    bind_query(s, query);
    TRY(s.step());
    return s.int_at(0);
}

Result<void> update_text(Connection& c, int64_t id, std::string_view title, std::string_view body,
                         int64_t now)
{
    auto s = TRY(
        c.prepare("UPDATE discussions SET title = ?2, body = ?3, updated_at = ?4 WHERE id = ?1"));
    s.bind(1, id).bind(2, title).bind(3, body).bind(4, now);
    return s.run();
}

Result<void> set_flags(Connection& c, int64_t id, bool pinned, bool locked)
{
    auto s = TRY(c.prepare("UPDATE discussions SET pinned = ?2, locked = ?3 WHERE id = ?1"));
    s.bind(1, id).bind(2, int64_t(pinned ? 1 : 0)).bind(3, int64_t(locked ? 1 : 0));
    return s.run();
}

Result<void> set_answer(Connection& c, int64_t id, int64_t reply_id)
{
    auto s = TRY(c.prepare("UPDATE discussions SET answer_id = nullif(?2, 0) WHERE id = ?1"));
    s.bind(1, id).bind(2, reply_id);
    return s.run();
}

Result<int64_t> insert_reply(Connection& c, int64_t discussion_id, int64_t author_id,
                             std::string_view body, int64_t now)
{
    auto s = TRY(c.prepare("INSERT INTO discussion_replies (discussion_id, author_id, body, "
                           "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)"));
    s.bind(1, discussion_id).bind(2, author_id).bind(3, body).bind(4, now);
    TRY(s.run());
    int64_t id = c.last_insert_id();
    auto counted = TRY(c.prepare("UPDATE discussions SET reply_count = reply_count + 1, "
                                 "updated_at = max(updated_at, ?2) WHERE id = ?1"));
    counted.bind(1, discussion_id).bind(2, now);
    TRY(counted.run());
    return id;
}

Result<std::optional<ReplyRow>> reply(Connection& c, int64_t discussion_id, int64_t id)
{
    auto s = TRY(c.prepare(REPLY_SELECT "WHERE discussion_id = ?1 AND id = ?2"));
    s.bind(1, discussion_id).bind(2, id);
    if (!TRY(s.step()))
        return std::optional<ReplyRow>();
    return std::optional<ReplyRow>(read_reply(s));
}

Result<std::vector<ReplyRow>> replies(Connection& c, int64_t discussion_id)
{
    auto s = TRY(c.prepare(REPLY_SELECT "WHERE discussion_id = ?1 ORDER BY id"));
    s.bind(1, discussion_id);
    std::vector<ReplyRow> rows;
    while (TRY(s.step()))
        rows.push_back(read_reply(s));
    return rows;
}

Result<void> update_reply(Connection& c, int64_t id, std::string_view body, int64_t now)
{
    auto s =
        TRY(c.prepare("UPDATE discussion_replies SET body = ?2, updated_at = ?3 WHERE id = ?1"));
    s.bind(1, id).bind(2, body).bind(3, now);
    return s.run();
}

Result<void> delete_reply(Connection& c, int64_t discussion_id, int64_t id)
{
    auto s = TRY(c.prepare("DELETE FROM discussion_replies WHERE discussion_id = ?1 AND id = ?2"));
    s.bind(1, discussion_id).bind(2, id);
    TRY(s.run());
    if (c.changes() == 0)
        return {};
    auto counted = TRY(c.prepare("UPDATE discussions SET reply_count = reply_count - 1, "
                                 "answer_id = CASE WHEN answer_id = ?2 THEN NULL ELSE answer_id "
                                 "END WHERE id = ?1"));
    counted.bind(1, discussion_id).bind(2, id);
    return counted.run();
}

} // namespace forge::db::discussion_store
