// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/notification_store.h"

#include "forge/db/database.h"
#include "forge/db/statement.h"

#include <algorithm>

namespace forge::db::notification_store {

Result<void> set_watch(Connection& c, int64_t user_id, std::string_view subject,
                       std::optional<bool> watching)
{
    if (!watching) {
        auto s = TRY(c.prepare("DELETE FROM watches WHERE user_id = ?1 AND subject = ?2"));
        s.bind(1, user_id).bind(2, subject);
        return s.run();
    }
    auto s = TRY(c.prepare("INSERT INTO watches (user_id, subject, watching) VALUES (?1, ?2, ?3) "
                           "ON CONFLICT (user_id, subject) DO UPDATE SET watching = ?3"));
    s.bind(1, user_id).bind(2, subject).bind(3, int64_t(*watching ? 1 : 0));
    return s.run();
}

Result<std::optional<bool>> watch(Connection& c, int64_t user_id, std::string_view subject)
{
    auto s = TRY(c.prepare("SELECT watching FROM watches WHERE user_id = ?1 AND subject = ?2"));
    s.bind(1, user_id).bind(2, subject);
    if (!TRY(s.step()))
        return std::optional<bool>();
    return std::optional<bool>(s.int_at(0) != 0);
}

Result<std::vector<int64_t>> watchers(Connection& c, std::string_view subject, bool watching)
{
    auto s = TRY(c.prepare("SELECT user_id FROM watches WHERE subject = ?1 AND watching = ?2"));
    s.bind(1, subject).bind(2, int64_t(watching ? 1 : 0));
    std::vector<int64_t> ids;
    while (TRY(s.step()))
        ids.push_back(s.int_at(0));
    return ids;
}

Result<void> insert(Connection& c, const NotificationRow& row)
{
    auto s = TRY(c.prepare("INSERT INTO notifications (user_id, reason, subject, title, url, "
                           "actor_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    s.bind(1, row.user_id).bind(2, row.reason).bind(3, row.subject).bind(4, row.title);
    s.bind(5, row.url).bind(6, row.actor_id).bind(7, row.created_at);
    return s.run();
}

Result<std::vector<NotificationRow>> inbox(Connection& c, int64_t user_id, bool unread_only,
                                           int64_t offset, int64_t limit)
{
    auto s = TRY(c.prepare("SELECT id, user_id, reason, subject, title, url, actor_id, "
                           "created_at, read_at FROM notifications WHERE user_id = ?1 "
                           "AND (?2 = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT ?3 OFFSET ?4"));
    s.bind(1, user_id).bind(2, int64_t(unread_only ? 1 : 0)).bind(3, limit).bind(4, offset);
    std::vector<NotificationRow> rows;
    while (TRY(s.step()))
        rows.push_back({s.int_at(0), s.int_at(1), s.text_at(2), s.text_at(3), s.text_at(4),
                        s.text_at(5), s.optional_int_at(6), s.int_at(7),
                        s.optional_int_at(8).value_or(0)});
    return rows;
}

Result<int64_t> unread_count(Connection& c, int64_t user_id)
{
    auto s =
        TRY(c.prepare("SELECT count(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL"));
    s.bind(1, user_id);
    TRY(s.step());
    return s.int_at(0);
}

Result<void> mark_read(Connection& c, int64_t user_id, int64_t id, int64_t now)
{
    auto s = TRY(c.prepare("UPDATE notifications SET read_at = ?3 WHERE user_id = ?1 "
                           "AND (?2 = 0 OR id = ?2) AND read_at IS NULL"));
    s.bind(1, user_id).bind(2, id).bind(3, now);
    return s.run();
}

Result<void> enqueue_mail(Connection& c, std::string_view recipient, std::string_view subject,
                          std::string_view body, int64_t now)
{
    auto s = TRY(c.prepare("INSERT INTO mail_outbox (recipient, subject, body, created_at, "
                           "next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?4)"));
    s.bind(1, recipient).bind(2, subject).bind(3, body).bind(4, now);
    return s.run();
}

Result<std::vector<MailRow>> due_mail(Connection& c, int64_t now, int64_t limit)
{
    auto s = TRY(c.prepare("SELECT id, recipient, subject, body, attempts FROM mail_outbox "
                           "WHERE sent_at IS NULL AND next_attempt_at <= ?1 ORDER BY id "
                           "LIMIT ?2"));
    s.bind(1, now).bind(2, limit);
    std::vector<MailRow> rows;
    while (TRY(s.step()))
        rows.push_back({s.int_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.int_at(4)});
    return rows;
}

Result<std::vector<MailRow>> claim_mail(Connection& c, int64_t now, int64_t lease_until,
                                        int64_t limit)
{
    auto s = TRY(c.prepare("UPDATE mail_outbox SET next_attempt_at = ?2 WHERE id IN ("
                           "SELECT id FROM mail_outbox WHERE sent_at IS NULL AND "
                           "next_attempt_at <= ?1 ORDER BY id LIMIT ?3) "
                           "RETURNING id, recipient, subject, body, attempts"));
    s.bind(1, now).bind(2, lease_until).bind(3, limit);
    std::vector<MailRow> rows;
    while (TRY(s.step()))
        rows.push_back({s.int_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.int_at(4)});
    // RETURNING promises no order.
    std::sort(rows.begin(), rows.end(),
              [](const MailRow& a, const MailRow& b) { return a.id < b.id; });
    return rows;
}

Result<void> release_mail(Connection& c, int64_t id, int64_t next_attempt_at)
{
    auto s = TRY(c.prepare("UPDATE mail_outbox SET next_attempt_at = ?2 "
                           "WHERE id = ?1 AND sent_at IS NULL"));
    s.bind(1, id).bind(2, next_attempt_at);
    return s.run();
}

Result<void> mail_sent(Connection& c, int64_t id, int64_t now)
{
    auto s = TRY(c.prepare("UPDATE mail_outbox SET sent_at = ?2, attempts = attempts + 1, "
                           "last_error = '' WHERE id = ?1"));
    s.bind(1, id).bind(2, now);
    return s.run();
}

Result<void> mail_failed(Connection& c, int64_t id, std::string_view error, int64_t next_attempt_at)
{
    auto s = TRY(c.prepare("UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?2, "
                           "next_attempt_at = ?3 WHERE id = ?1"));
    s.bind(1, id).bind(2, error).bind(3, next_attempt_at);
    return s.run();
}

} // namespace forge::db::notification_store
