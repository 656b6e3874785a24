// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// The sender of the mail outbox (table mail_outbox, written by the services in the
// transaction of what each message reports): a background thread that claims due rows,
// sends them and records the outcome, retrying with growing delays.

#include "forge/common/result.h"
#include "forge/mail/message.h"
#include "forge/mail/smtp_client.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace forge::db {
class Database;
}

namespace forge::mail {

struct OutboxOptions {
    Mailbox from;
    int poll_seconds = 5;    // between rounds when the outbox is empty
    int64_t batch = 20;      // rows claimed per round
    int lease_seconds = 600; // a claimed row is due again after this if the sender dies
};

// Sends one message; send_mail with fixed settings in production, a fake in tests.
using Transport = std::function<SendOutcome(const Message&, const std::atomic<bool>* stop)>;

// Attempts a message gets before the outbox gives up on it.
constexpr int64_t max_attempts = 6;

// Seconds until the next attempt after `attempts` failed ones (1 min, 5 min, 30 min, 2 h,
// 2 h), or -1 when there is to be none.
int64_t retry_delay(int64_t attempts);

struct RoundReport {
    int sent = 0;
    int failed = 0; // to be tried again
    int given_up = 0;
};

// One round: claims the mail due at `now`, sends it through `transport` and records each
// outcome; failures are logged. Stops early when `*stop` is set, giving back what it has
// not sent.
Result<RoundReport> deliver_due(db::Database&, const OutboxOptions&, const Transport&,
                                const std::atomic<bool>* stop, int64_t now);

// Runs deliver_due on its own thread: once right after start(), then every poll_seconds
// (at once again when a round found a full batch). Never touches request threads.
class OutboxSender {
  public:
    OutboxSender(db::Database&, OutboxOptions, Transport);
    ~OutboxSender();
    OutboxSender(const OutboxSender&) = delete;
    OutboxSender& operator=(const OutboxSender&) = delete;

    void start();
    // Aborts a conversation in progress and joins the thread; safe to call twice.
    void stop();

  private:
    void run();

    db::Database& m_database;
    OutboxOptions m_options;
    Transport m_transport;
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::thread m_thread;
};

} // namespace forge::mail
