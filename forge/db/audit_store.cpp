// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/audit_store.h"

#include "forge/db/database.h"
#include "forge/db/query_helpers.h"

namespace forge::db::audit_store {

namespace {

#define AUDIT_COLUMNS                                                                              \
    "a.id, a.at, a.actor_id, a.actor_name, a.action, a.target, a.detail, a.address, a.project_id"

AuditEntry read_entry(const Statement& s)
{
    AuditEntry entry;
    entry.id = s.int_at(0);
    entry.at = s.int_at(1);
    entry.actor_id = s.optional_int_at(2);
    entry.actor_name = s.text_at(3);
    entry.action = s.text_at(4);
    entry.target = s.text_at(5);
    entry.detail = s.text_at(6);
    entry.address = s.text_at(7);
    entry.project_id = s.optional_int_at(8);
    return entry;
}

Result<std::vector<AuditEntry>> all_entries(Statement& s)
{
    std::vector<AuditEntry> entries;
    while (TRY(s.step()))
        entries.push_back(read_entry(s));
    return entries;
}

} // namespace

Result<void> append(Connection& c, const AuditEntry& entry)
{
    auto s = TRY(c.prepare("INSERT INTO audit_log (at, actor_id, actor_name, action, target, "
                           "detail, address, project_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    s.bind(1, entry.at).bind(2, entry.actor_id).bind(3, entry.actor_name).bind(4, entry.action);
    s.bind(5, entry.target).bind(6, entry.detail).bind(7, entry.address).bind(8, entry.project_id);
    return s.run();
}

Result<std::vector<AuditEntry>> recent(Connection& c, int64_t limit)
{
    auto s =
        TRY(c.prepare("SELECT " AUDIT_COLUMNS " FROM audit_log a ORDER BY a.id DESC LIMIT ?1"));
    s.bind(1, limit);
    return all_entries(s);
}

Result<std::vector<AuditEntry>> query(Connection& c, const AuditFilter& filter)
{
    auto s = TRY(c.prepare("SELECT " AUDIT_COLUMNS " FROM audit_log a "
                           "WHERE (?1 = '' OR a.actor_name = ?1) "
                           "AND substr(a.action, 1, length(?2)) = ?2 "
                           "AND (?3 = '' OR a.target LIKE ?4 ESCAPE '\\') "
                           "AND (?5 IS NULL OR a.at >= ?5) AND (?6 IS NULL OR a.at <= ?6) "
                           "ORDER BY a.id DESC LIMIT ?7 OFFSET ?8"));
    s.bind(1, filter.actor).bind(2, filter.action);
    s.bind(3, filter.target).bind(4, contains_pattern(filter.target));
    s.bind(5, filter.since).bind(6, filter.until).bind(7, filter.limit).bind(8, filter.offset);
    return all_entries(s);
}

Result<std::vector<RefEvent>> ref_events(Connection& c, const ProjectReader& reader, int64_t limit)
{
    if (reader.kind == ProjectReader::Kind::nothing) // would read the whole log to find nothing
        return std::vector<RefEvent>();
    auto s = TRY(c.prepare("SELECT " AUDIT_COLUMNS ", coalesce(u.name, g.name) || '/' || p.name "
                           "FROM audit_log a JOIN projects p ON p.id = a.project_id "
                           "LEFT JOIN users u ON u.id = p.owner_user_id "
                           "LEFT JOIN \"groups\" g ON g.id = p.owner_group_id "
                           "WHERE a.action IN ('ref.create', 'ref.update', 'ref.delete') "
                           "AND " FORGE_READABLE_PROJECT " ORDER BY a.id DESC LIMIT ?1"));
    bind_reader(s, reader);
    s.bind(1, limit);
    std::vector<RefEvent> events;
    while (TRY(s.step()))
        events.push_back({read_entry(s), s.text_at(9)});
    return events;
}

Result<std::vector<AuditEntry>> pushes_by(Connection& c, int64_t project_id, int64_t actor_id,
                                          int64_t since, int64_t limit)
{
    auto s = TRY(c.prepare("SELECT " AUDIT_COLUMNS " FROM audit_log a WHERE a.project_id = ?1 "
                           "AND a.actor_id = ?2 AND a.at >= ?3 AND a.action IN ('ref.create', "
                           "'ref.update') ORDER BY a.id DESC LIMIT ?4"));
    s.bind(1, project_id).bind(2, actor_id).bind(3, since).bind(4, limit);
    return all_entries(s);
}

} // namespace forge::db::audit_store
