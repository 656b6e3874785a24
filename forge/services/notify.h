// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// For the service files only: handing a notice to the users it concerns.

#include "forge/common/result.h"
#include "forge/db/database.h"
#include "forge/services/services.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace forge::services {

struct Notice {
    std::string reason;  // see Notification::reason
    std::string subject; // "owner/project#12"
    std::string title;   // of the issue or thread
    std::string url;     // path of the web UI
    std::string text;    // what happened, one line, for the e-mail
};

// Writes the notice to the inbox of each user (once, never to the actor, and only to those
// `may_see` admits) and, with mail configured, queues an e-mail to their address.
Result<void> deliver(Services&, db::Connection&, const Actor&, const std::vector<int64_t>& users,
                     const Notice&, const std::function<Result<bool>(int64_t user_id)>& may_see);

// The users that `@name` mentions in the text name, groups standing for their members.
Result<std::vector<int64_t>> mentioned_users(db::Connection&, std::string_view text);

// Watch subjects.
std::string project_subject(int64_t project_id);
std::string issue_subject(int64_t issue_id);

} // namespace forge::services
