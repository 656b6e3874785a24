// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/services/person.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"

#include <optional>
#include <string>
#include <vector>

// The in-app inbox and what users follow. Notifications are written by the services of
// issues and discussions, in the transaction of what they report; with a mail relay
// configured they are queued as e-mail too (mail/outbox sends them).
namespace forge::services {

struct Notification {
    int64_t id = 0;
    std::string reason;  // "mention", "assigned", "comment", "state", "opened", "answer"
    std::string subject; // "owner/project#12"
    std::string title;
    std::string url; // a path of the web UI
    std::optional<Person> actor;
    int64_t created_at = 0;
    bool read = false;
};

// unauthenticated for anonymous viewers.
Result<std::vector<Notification>> inbox(Services&, const auth::Viewer&, bool unread_only,
                                        int64_t offset, int64_t limit);
Result<int64_t> unread_notifications(Services&, const auth::Viewer&); // 0 for anonymous
// id 0 marks every notification of the actor read.
Result<void> mark_notifications_read(Services&, const Actor&, int64_t id);

// Following a project (every new issue and discussion thread and their activity) or one
// issue: true follows, false mutes, nullopt returns to the default (participants of an
// issue follow it). not_found when the actor may not see it.
Result<void> watch_project(Services&, const Actor&, const ProjectPath&, std::optional<bool>);
Result<std::optional<bool>> project_watch(Services&, const auth::Viewer&, const ProjectPath&);
Result<void> watch_issue(Services&, const Actor&, const ProjectPath&, int64_t number,
                         std::optional<bool>);
Result<std::optional<bool>> issue_watch(Services&, const auth::Viewer&, const ProjectPath&,
                                        int64_t number);

} // namespace forge::services
