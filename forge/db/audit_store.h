// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

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
};

namespace audit_store {

Result<void> append(Connection&, const AuditEntry&);
// Newest first.
Result<std::vector<AuditEntry>> recent(Connection&, int64_t limit);

} // namespace audit_store
} // namespace forge::db
