// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/db/project_store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace forge::db {

class Connection;

// Who did what to which thing. Names are copied as text so entries outlive deletions.
struct AuditEntry {
    int64_t id = 0;
    int64_t at = 0;
    std::optional<int64_t> actor_id; // none for the command line and the system itself
    std::string actor_name;
    std::string action; // dotted verb, e.g. "project.create", "ref.update"
    std::string target; // e.g. "alice/tool" or "refs/heads/main"
    std::string detail;
    std::string address;
    // The project concerned, if any. Not a foreign key: entries outlive the project, and
    // project ids are never reused.
    std::optional<int64_t> project_id;
};

struct AuditFilter {
    std::string actor;  // exact actor name; empty: anyone
    std::string action; // prefix of the action; empty: any
    std::string target; // substring of the target, ASCII letters in any case; empty: any
    std::optional<int64_t> since, until; // inclusive
    int64_t offset = 0;
    int64_t limit = 50;
};

// A ref update of a push, with the project's current path.
struct RefEvent {
    AuditEntry entry;
    std::string project_path; // "owner/name"
};

namespace audit_store {

Result<void> append(Connection&, const AuditEntry&);
// Newest first.
Result<std::vector<AuditEntry>> recent(Connection&, int64_t limit);
// Matching entries, newest first.
Result<std::vector<AuditEntry>> query(Connection&, const AuditFilter&);
// The newest ref.create, ref.update and ref.delete entries on existing projects the
// reader may read, newest first.
Result<std::vector<RefEvent>> ref_events(Connection&, const ProjectReader&, int64_t limit);
// The ref.create and ref.update entries of one user's pushes to one project since `since`,
// newest first.
Result<std::vector<AuditEntry>> pushes_by(Connection&, int64_t project_id, int64_t actor_id,
                                          int64_t since, int64_t limit);

} // namespace audit_store
} // namespace forge::db
