// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// For the issue service files only: the timeline, references and notifications that
// follow a change to an issue, written in the change's transaction.

#include "forge/common/result.h"
#include "forge/db/database.h"
#include "forge/services/issue_records.h"
#include "forge/services/services.h"

#include <string_view>

namespace forge::services {

Result<void> add_issue_event(db::Connection&, const Actor&, const LoadedIssue&,
                             std::string_view kind, std::string_view detail, int64_t now);

// For each issue the text references (`#12`, `owner/project#12`) other than this one, a
// "referenced" event on it (once per referencing issue); each user mentioned gets a
// notification.
Result<void> note_references(Services&, db::Connection&, const Actor&, const LoadedIssue&,
                             std::string_view text, int64_t now);

Result<void> notify_new_issue(Services&, db::Connection&, const Actor&, const LoadedIssue&);
Result<void> notify_assignment(Services&, db::Connection&, const Actor&, const LoadedIssue&,
                               int64_t assignee_id);
Result<void> notify_state_change(Services&, db::Connection&, const Actor&, const LoadedIssue&,
                                 bool reopened);
Result<void> notify_comment(Services&, db::Connection&, const Actor&, const LoadedIssue&,
                            std::string_view body);

} // namespace forge::services
