// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/mail/outbox.h"

#include "forge/common/clock.h"
#include "forge/common/log.h"
#include "forge/db/database.h"
#include "forge/db/notification_store.h"

#include <array>
#include <chrono>
#include <limits>

namespace forge::mail {

namespace {

// next_attempt_at of a message given up on: never due again.
constexpr int64_t never = std::numeric_limits<int64_t>::max();

std::string in_words(int64_t seconds)
{
    if (seconds % 3600 == 0)
        return std::to_string(seconds / 3600) + " h";
    if (seconds % 60 == 0)
        return std::to_string(seconds / 60) + " min";
    return std::to_string(seconds) + " s";
}

} // namespace

int64_t retry_delay(int64_t attempts)
{
    static constexpr std::array<int64_t, 5> delays = {60, 5 * 60, 30 * 60, 2 * 3600, 2 * 3600};
    if (attempts < 1 || attempts >= max_attempts)
        return -1;
    return delays[static_cast<size_t>(std::min<int64_t>(attempts, delays.size()) - 1)];
}

Result<RoundReport> deliver_due(db::Database& database, const OutboxOptions& options,
                                const Transport& transport, const std::atomic<bool>* stop,
                                int64_t now)
{
    auto claimed = TRY(database.write([&](db::Connection& c) {
        return db::notification_store::claim_mail(c, now, now + options.lease_seconds,
                                                  options.batch);
    }));
    RoundReport report;
    for (const auto& row : claimed) {
        if (stop && stop->load()) {
            TRY(database.write([&](db::Connection& c) {
                return db::notification_store::release_mail(c, row.id, now);
            }));
            continue;
        }
        Message message;
        message.from = options.from;
        message.to = row.recipient;
        message.subject = row.subject;
        message.body = row.body;
        message.date = unix_now();
        message.message_id = new_message_id(options.from.address);
        SendOutcome outcome = transport(message, stop);
        int64_t attempts = row.attempts + 1;
        if (outcome.delivery == Delivery::sent) {
            TRY(database.write([&](db::Connection& c) {
                return db::notification_store::mail_sent(c, row.id, unix_now());
            }));
            ++report.sent;
            continue;
        }
        if (outcome.delivery == Delivery::interrupted) {
            // Unknown whether it arrived; due again at once for the next start.
            TRY(database.write([&](db::Connection& c) {
                return db::notification_store::release_mail(c, row.id, now);
            }));
            continue;
        }
        int64_t delay = outcome.delivery == Delivery::retry ? retry_delay(attempts) : -1;
        int64_t next = delay < 0 ? never : unix_now() + delay;
        TRY(database.write([&](db::Connection& c) {
            return db::notification_store::mail_failed(c, row.id, outcome.error, next);
        }));
        std::string what = "mail " + std::to_string(row.id) + " to " + row.recipient +
                           " failed (attempt " + std::to_string(attempts) + "): " + outcome.error;
        if (delay < 0) {
            ++report.given_up;
            log::error(what + "; giving up");
        } else {
            ++report.failed;
            log::warning(what + "; next attempt in " + in_words(delay));
        }
    }
    return report;
}

OutboxSender::OutboxSender(db::Database& database, OutboxOptions options, Transport transport)
    : m_database(database)
    , m_options(std::move(options))
    , m_transport(std::move(transport))
{
}

OutboxSender::~OutboxSender()
{
    stop();
}

void OutboxSender::start()
{
    if (m_thread.joinable())
        return;
    m_stop = false;
    m_thread = std::thread([this] { run(); });
}

void OutboxSender::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void OutboxSender::run()
{
    while (!m_stop) {
        bool full = false;
        auto round = deliver_due(m_database, m_options, m_transport, &m_stop, unix_now());
        if (round.is_error()) {
            log::error("mail outbox: " + round.error().message);
        } else {
            const auto& r = round.value();
            full = r.sent + r.failed + r.given_up >= m_options.batch;
        }
        std::unique_lock lock(m_mutex);
        if (full)
            continue;
        m_wake.wait_for(lock, std::chrono::seconds(m_options.poll_seconds),
                        [this] { return m_stop.load(); });
    }
}

} // namespace forge::mail
