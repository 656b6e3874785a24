// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/audit_store.h"

#include "forge/db/database.h"

namespace forge::db::audit_store {

Result<void> append(Connection& c, const AuditEntry& entry)
{
    auto s = TRY(c.prepare("INSERT INTO audit_log (at, actor_id, actor_name, action, target, "
                           "detail, address) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    s.bind(1, entry.at).bind(2, entry.actor_id).bind(3, entry.actor_name).bind(4, entry.action);
    s.bind(5, entry.target).bind(6, entry.detail).bind(7, entry.address);
    return s.run();
}

Result<std::vector<AuditEntry>> recent(Connection& c, int64_t limit)
{
    auto s = TRY(c.prepare("SELECT id, at, actor_id, actor_name, action, target, detail, address "
                           "FROM audit_log ORDER BY id DESC LIMIT ?1"));
    s.bind(1, limit);
    std::vector<AuditEntry> entries;
    while (TRY(s.step()))
        entries.push_back({s.int_at(0), s.int_at(1), s.optional_int_at(2), s.text_at(3),
                           s.text_at(4), s.text_at(5), s.text_at(6), s.text_at(7), std::nullopt});
    return entries;
}

} // namespace forge::db::audit_store
