// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/db/test_database.h"

#include "forge/common/clock.h"
#include "forge/db/notification_store.h"
#include "forge/mail/outbox.h"

#include <catch2/catch.hpp>

#include <limits>
#include <vector>

using namespace forge;
using forge::test::TempDatabase;
using forge::test::unwrap;

namespace {

void enqueue(db::Database& database, const std::string& to, int64_t now)
{
    unwrap(database.write([&](db::Connection& c) {
        return db::notification_store::enqueue_mail(c, to, "[a/b#1] Title", "Body\r\n", now);
    }));
}

struct Row {
    int64_t attempts;
    bool sent;
    int64_t next_attempt_at;
    std::string last_error;
};

Row row(db::Database& database, int64_t id)
{
    return unwrap(database.read([&](db::Connection& c) -> Result<Row> {
        auto s = TRY(c.prepare("SELECT attempts, sent_at IS NOT NULL, next_attempt_at, "
                               "last_error FROM mail_outbox WHERE id = ?1"));
        s.bind(1, id);
        if (!TRY(s.step()))
            return Error::not_found("no row");
        return Row{s.int_at(0), s.int_at(1) != 0, s.int_at(2), s.text_at(3)};
    }));
}

mail::OutboxOptions options()
{
    mail::OutboxOptions o;
    o.from = {"Forge", "forge@example.org"};
    return o;
}

} // namespace

TEST_CASE("retries wait 1 min, 5 min, 30 min, 2 h, 2 h, then stop after 6 attempts")
{
    CHECK(mail::retry_delay(1) == 60);
    CHECK(mail::retry_delay(2) == 300);
    CHECK(mail::retry_delay(3) == 1800);
    CHECK(mail::retry_delay(4) == 7200);
    CHECK(mail::retry_delay(5) == 7200);
    CHECK(mail::retry_delay(6) == -1);
}

TEST_CASE("a claimed row is not claimed again until its lease ends")
{
    TempDatabase database;
    enqueue(*database, "bob@example.org", 100);
    enqueue(*database, "carol@example.org", 100);
    auto first = unwrap(database->write(
        [](db::Connection& c) { return db::notification_store::claim_mail(c, 100, 700, 10); }));
    REQUIRE(first.size() == 2);
    CHECK(first[0].recipient == "bob@example.org");
    auto second = unwrap(database->write(
        [](db::Connection& c) { return db::notification_store::claim_mail(c, 100, 700, 10); }));
    CHECK(second.empty());
    auto after_lease = unwrap(database->write(
        [](db::Connection& c) { return db::notification_store::claim_mail(c, 700, 1300, 1); }));
    CHECK(after_lease.size() == 1);
}

TEST_CASE("the sender marks sent mail and schedules failed mail with backoff")
{
    TempDatabase database;
    enqueue(*database, "bob@example.org", 100);
    enqueue(*database, "carol@example.org", 100);
    enqueue(*database, "nobody@example.org", 100);
    std::vector<mail::Message> seen;
    mail::Transport transport = [&](const mail::Message& m, const std::atomic<bool>*) {
        seen.push_back(m);
        if (m.to == "carol@example.org")
            return mail::SendOutcome{mail::Delivery::retry, "connecting: refused"};
        if (m.to == "nobody@example.org")
            return mail::SendOutcome{mail::Delivery::give_up, "RCPT TO: 550 no such user"};
        return mail::SendOutcome{mail::Delivery::sent, {}};
    };
    auto report = unwrap(mail::deliver_due(*database, options(), transport, nullptr, 100));
    CHECK(report.sent == 1);
    CHECK(report.failed == 1);
    CHECK(report.given_up == 1);
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].from.address == "forge@example.org");
    CHECK(seen[0].subject == "[a/b#1] Title");
    CHECK(seen[0].message_id.find("@example.org") != std::string::npos);

    CHECK(row(*database, 1).sent);
    CHECK(row(*database, 1).attempts == 1);
    Row failed = row(*database, 2);
    CHECK_FALSE(failed.sent);
    CHECK(failed.attempts == 1);
    CHECK(failed.last_error == "connecting: refused");
    CHECK(failed.next_attempt_at >= unix_now() + 59);
    CHECK(failed.next_attempt_at <= unix_now() + 61);
    Row given_up = row(*database, 3);
    CHECK(given_up.next_attempt_at == std::numeric_limits<int64_t>::max());

    // Nothing is due again at once: the next round sends nothing.
    seen.clear();
    report = unwrap(mail::deliver_due(*database, options(), transport, nullptr, 100));
    CHECK(seen.empty());
}

TEST_CASE("the sixth failed attempt is the last")
{
    TempDatabase database;
    enqueue(*database, "carol@example.org", 0);
    mail::Transport failing = [](const mail::Message&, const std::atomic<bool>*) {
        return mail::SendOutcome{mail::Delivery::retry, "timed out"};
    };
    for (int attempt = 1; attempt <= 6; ++attempt) {
        int64_t due = row(*database, 1).next_attempt_at;
        REQUIRE(due != std::numeric_limits<int64_t>::max());
        auto report = unwrap(mail::deliver_due(*database, options(), failing, nullptr, due));
        CHECK(report.failed + report.given_up == 1);
        CHECK(row(*database, 1).attempts == attempt);
    }
    CHECK(row(*database, 1).next_attempt_at == std::numeric_limits<int64_t>::max());
}

TEST_CASE("an interrupted send gives the row back without counting an attempt")
{
    TempDatabase database;
    enqueue(*database, "bob@example.org", 100);
    std::atomic<bool> stop{false};
    mail::Transport interrupted = [&](const mail::Message&, const std::atomic<bool>*) {
        stop = true;
        return mail::SendOutcome{mail::Delivery::interrupted, "stopped"};
    };
    unwrap(mail::deliver_due(*database, options(), interrupted, &stop, 100));
    Row back = row(*database, 1);
    CHECK(back.attempts == 0);
    CHECK(back.next_attempt_at == 100);
    CHECK_FALSE(back.sent);
}

TEST_CASE("a message with a line break in its subject is given up, never sent")
{
    TempDatabase database;
    unwrap(database->write([&](db::Connection& c) {
        return db::notification_store::enqueue_mail(c, "bob@example.org",
                                                    "Hi\r\nBcc: eve@example.org", "Body", 1);
    }));
    // The real SMTP client refuses before it connects anywhere.
    mail::SmtpSettings settings;
    settings.host = "192.0.2.1"; // TEST-NET-1: would hang if it were contacted
    settings.timeout_seconds = 1;
    mail::Transport smtp = [&](const mail::Message& m, const std::atomic<bool>* stop) {
        return mail::send_mail(settings, m, stop);
    };
    auto report = unwrap(mail::deliver_due(*database, options(), smtp, nullptr, 1));
    CHECK(report.given_up == 1);
    CHECK(row(*database, 1).last_error.find("line break") != std::string::npos);
}
