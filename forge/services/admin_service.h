// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/db/audit_store.h"
#include "forge/db/user_store.h"
#include "forge/services/explore_service.h"
#include "forge/services/services.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Site administration. Every function fails with forbidden unless the actor is a site
// administrator who is not blocked, or the operator.
namespace forge::services {

// Users whose name, e-mail or display name contains `query` (any case), by name, without
// password hashes.
Result<std::vector<db::UserRow>> list_users(Services&, const Actor&, std::string_view query,
                                            size_t offset, size_t limit);

// Blocking ends the user's sessions; a blocked user's tokens and passwords stop working
// at once. Administrators cannot block themselves (invalid_argument). not_found for an
// unknown user.
Result<void> set_user_blocked(Services&, const Actor&, std::string_view name, bool blocked);

// conflict when it would leave the site without an administrator who is not blocked.
Result<void> set_user_admin(Services&, const Actor&, std::string_view name, bool admin);

// Gives the user a new random password, returned once, and ends their sessions.
Result<std::string> reset_password(Services&, const Actor&, std::string_view name);

struct AuditQuery {
    std::string actor;                   // exact actor name; empty: anyone
    std::string action;                  // prefix, e.g. "project." or "ref.update"
    std::string target;                  // substring, any case
    std::optional<int64_t> since, until; // inclusive bounds on the time
    size_t offset = 0;
    size_t limit = 50;
};

// Matching audit entries, newest first.
Result<std::vector<db::AuditEntry>> list_audit(Services&, const Actor&, const AuditQuery&);

// Every group and every project, as explore lists them for a site administrator.
Result<std::vector<GroupSummary>> list_all_groups(Services&, const Actor&, std::string_view text,
                                                  size_t offset, size_t limit);
Result<std::vector<ProjectSummary>> list_all_projects(Services&, const Actor&, const ProjectQuery&);

} // namespace forge::services
