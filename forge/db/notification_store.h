// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forge::db {

class Connection;

struct NotificationRow {
    int64_t id = 0;
    int64_t user_id = 0;
    std::string reason;
    std::string subject; // "owner/project#12"
    std::string title;
    std::string url; // a path of the web UI
    std::optional<int64_t> actor_id;
    int64_t created_at = 0;
    int64_t read_at = 0; // 0: unread
};

struct MailRow {
    int64_t id = 0;
    std::string recipient;
    std::string subject;
    std::string body;
    int64_t attempts = 0;
};

namespace notification_store {

// watching: true to follow, false to mute, nullopt to forget the choice.
Result<void> set_watch(Connection&, int64_t user_id, std::string_view subject,
                       std::optional<bool> watching);
Result<std::optional<bool>> watch(Connection&, int64_t user_id, std::string_view subject);
// Users who follow the subject (watching 1), and those who muted it (watching 0).
Result<std::vector<int64_t>> watchers(Connection&, std::string_view subject, bool watching);

Result<void> insert(Connection&, const NotificationRow&);
// Newest first.
Result<std::vector<NotificationRow>> inbox(Connection&, int64_t user_id, bool unread_only,
                                           int64_t offset, int64_t limit);
Result<int64_t> unread_count(Connection&, int64_t user_id);
// id 0: all of the user's notifications.
Result<void> mark_read(Connection&, int64_t user_id, int64_t id, int64_t now);

Result<void> enqueue_mail(Connection&, std::string_view recipient, std::string_view subject,
                          std::string_view body, int64_t now);
// Unsent mail due at `now`, oldest first.
Result<std::vector<MailRow>> due_mail(Connection&, int64_t now, int64_t limit);
// Takes up to `limit` rows of due_mail for one sender: their next_attempt_at moves to
// `lease_until` in the same statement, so that another sender (another process on the same
// database) does not take them too. Run it inside Database::write. Oldest first.
Result<std::vector<MailRow>> claim_mail(Connection&, int64_t now, int64_t lease_until,
                                        int64_t limit);
// Gives a claimed row back, due at `next_attempt_at`, without counting an attempt.
Result<void> release_mail(Connection&, int64_t id, int64_t next_attempt_at);
Result<void> mail_sent(Connection&, int64_t id, int64_t now);
// Another attempt at `next_attempt_at`, or none after the last one (sent_at stays NULL and
// next_attempt_at moves out of reach).
Result<void> mail_failed(Connection&, int64_t id, std::string_view error, int64_t next_attempt_at);

} // namespace notification_store
} // namespace forge::db
