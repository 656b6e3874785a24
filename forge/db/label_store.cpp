// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/label_store.h"

#include "forge/db/database.h"
#include "forge/db/statement.h"

namespace forge::db::label_store {

namespace {

#define LABEL_SELECT "SELECT id, project_id, group_id, name, color, description FROM labels "

Result<std::vector<LabelRow>> label_rows(Statement& s)
{
    std::vector<LabelRow> rows;
    while (TRY(s.step()))
        rows.push_back({s.int_at(0), s.optional_int_at(1), s.optional_int_at(2), s.text_at(3),
                        s.text_at(4), s.text_at(5)});
    return rows;
}

#define MILESTONE_SELECT                                                                           \
    "SELECT m.id, m.project_id, m.title, m.description, m.due_on, m.state, m.created_at, "         \
    "(SELECT count(*) FROM issues i WHERE i.milestone_id = m.id AND i.state = 'open'), "           \
    "(SELECT count(*) FROM issues i WHERE i.milestone_id = m.id AND i.state = 'closed') "          \
    "FROM milestones m "

MilestoneRow read_milestone(const Statement& s)
{
    return {s.int_at(0),  s.int_at(1), s.text_at(2), s.text_at(3), s.text_at(4),
            s.text_at(5), s.int_at(6), s.int_at(7),  s.int_at(8)};
}

} // namespace

Result<int64_t> insert(Connection& c, const LabelRow& row)
{
    auto s = TRY(c.prepare("INSERT INTO labels (project_id, group_id, name, color, description) "
                           "VALUES (?1, ?2, ?3, ?4, ?5)"));
    s.bind(1, row.project_id).bind(2, row.group_id).bind(3, row.name).bind(4, row.color);
    s.bind(5, row.description);
    TRY(s.run());
    return c.last_insert_id();
}

Result<void> update(Connection& c, const LabelRow& row)
{
    auto s =
        TRY(c.prepare("UPDATE labels SET name = ?2, color = ?3, description = ?4 WHERE id = ?1"));
    s.bind(1, row.id).bind(2, row.name).bind(3, row.color).bind(4, row.description);
    return s.run();
}

Result<void> remove(Connection& c, int64_t id)
{
    auto s = TRY(c.prepare("DELETE FROM labels WHERE id = ?1"));
    s.bind(1, id);
    return s.run();
}

Result<std::optional<LabelRow>> by_id(Connection& c, int64_t id)
{
    auto s = TRY(c.prepare(LABEL_SELECT "WHERE id = ?1"));
    s.bind(1, id);
    auto rows = TRY(label_rows(s));
    if (rows.empty())
        return std::optional<LabelRow>();
    return std::optional<LabelRow>(rows.front());
}

Result<std::vector<LabelRow>> usable(Connection& c, int64_t project_id, int64_t group_id)
{
    auto s = TRY(c.prepare(LABEL_SELECT "WHERE project_id = ?1 OR group_id = ?2 "
                                        "ORDER BY name, group_id IS NOT NULL"));
    s.bind(1, project_id).bind(2, group_id);
    return label_rows(s);
}

Result<std::vector<LabelRow>> of_group(Connection& c, int64_t group_id)
{
    auto s = TRY(c.prepare(LABEL_SELECT "WHERE group_id = ?1 ORDER BY name"));
    s.bind(1, group_id);
    return label_rows(s);
}

Result<std::vector<LabelRow>> by_ids(Connection& c, const std::vector<int64_t>& ids)
{
    std::vector<LabelRow> rows;
    for (int64_t id : ids)
        if (auto row = TRY(by_id(c, id)))
            rows.push_back(std::move(*row));
    return rows;
}

Result<int64_t> insert_milestone(Connection& c, const MilestoneRow& row)
{
    auto s = TRY(c.prepare("INSERT INTO milestones (project_id, title, description, due_on, "
                           "state, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    s.bind(1, row.project_id).bind(2, row.title).bind(3, row.description).bind(4, row.due_on);
    s.bind(5, row.state).bind(6, row.created_at);
    TRY(s.run());
    return c.last_insert_id();
}

Result<void> update_milestone(Connection& c, const MilestoneRow& row)
{
    auto s = TRY(c.prepare("UPDATE milestones SET title = ?2, description = ?3, due_on = ?4, "
                           "state = ?5 WHERE id = ?1"));
    s.bind(1, row.id).bind(2, row.title).bind(3, row.description).bind(4, row.due_on);
    s.bind(5, row.state);
    return s.run();
}

Result<void> remove_milestone(Connection& c, int64_t id)
{
    auto s = TRY(c.prepare("DELETE FROM milestones WHERE id = ?1"));
    s.bind(1, id);
    return s.run();
}

Result<std::vector<MilestoneRow>> milestones(Connection& c, int64_t project_id)
{
    auto s = TRY(c.prepare(MILESTONE_SELECT "WHERE m.project_id = ?1 ORDER BY m.state DESC, "
                                            "m.due_on = '', m.due_on, m.title"));
    s.bind(1, project_id);
    std::vector<MilestoneRow> rows;
    while (TRY(s.step()))
        rows.push_back(read_milestone(s));
    return rows;
}

Result<std::optional<MilestoneRow>> milestone(Connection& c, int64_t project_id, int64_t id)
{
    auto s = TRY(c.prepare(MILESTONE_SELECT "WHERE m.project_id = ?1 AND m.id = ?2"));
    s.bind(1, project_id).bind(2, id);
    if (!TRY(s.step()))
        return std::optional<MilestoneRow>();
    return std::optional<MilestoneRow>(read_milestone(s));
}

Result<std::optional<MilestoneRow>> milestone_brief(Connection& c, int64_t project_id, int64_t id)
{
    auto s = TRY(c.prepare("SELECT id, project_id, title, description, due_on, state, created_at, "
                           "0, 0 FROM milestones WHERE project_id = ?1 AND id = ?2"));
    s.bind(1, project_id).bind(2, id);
    if (!TRY(s.step()))
        return std::optional<MilestoneRow>();
    return std::optional<MilestoneRow>(read_milestone(s));
}

} // namespace forge::db::label_store
