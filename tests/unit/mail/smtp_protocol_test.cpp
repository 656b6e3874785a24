// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/mail/smtp_protocol.h"

#include <catch2/catch.hpp>

using namespace forge::mail;

TEST_CASE("reply lines have three digits and a separator")
{
    auto last = parse_reply_line("250 OK");
    REQUIRE(last);
    CHECK(last->code == 250);
    CHECK(last->last);
    CHECK(last->text == "OK");
    auto more = parse_reply_line("250-STARTTLS");
    REQUIRE(more);
    CHECK_FALSE(more->last);
    CHECK(parse_reply_line("354")->last);
    for (const char* bad : {"", "25", "2500 x", "abc def", "150 no", "650 no"})
        CHECK_FALSE(parse_reply_line(bad));
}

TEST_CASE("EHLO replies announce STARTTLS, AUTH mechanisms and 8BITMIME")
{
    auto caps = parse_capabilities(
        make_reply({"250-sink.test Nice to meet you", "250-PIPELINING", "250-8BITMIME",
                    "250-starttls", "250-AUTH LOGIN PLAIN", "250 SIZE 10485760"}));
    CHECK(caps.starttls);
    CHECK(caps.eight_bit_mime);
    CHECK(caps.auth_plain);
    CHECK(caps.auth_login);
    auto old = parse_capabilities(make_reply({"250-old.example", "250 AUTH=LOGIN"}));
    CHECK(old.auth_login);
    CHECK_FALSE(old.auth_plain);
    CHECK_FALSE(old.starttls);
    // The greeting line is not a keyword.
    auto greeting = parse_capabilities(make_reply({"250 STARTTLS"}));
    CHECK_FALSE(greeting.starttls);
}

TEST_CASE("replies are described for the log on one bounded line")
{
    CHECK(describe(make_reply({"550-5.1.1 No such user", "550 here"})) ==
          "550 5.1.1 No such user here");
    CHECK(printable("a\x01"
                    "b") == "a?b");
    CHECK(printable(std::string(300, 'x')).size() == 203);
}
