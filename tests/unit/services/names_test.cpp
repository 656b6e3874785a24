// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/services/services_fixture.h"

#include "forge/common/result.h"
#include "forge/services/names.h"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

using forge::ErrorCode;
using forge::services::is_reserved_name;
using forge::services::validate_email;
using forge::services::validate_name;
using forge::test::code_of;
using forge::test::message_of;

namespace {

struct NameCase {
    std::string name;
    const char* why;
};

const NameCase bad_names[] = {
    {"", "empty"},
    {std::string(65, 'a'), "65 characters"},
    {"Alice", "upper case"},
    {"ALICE", "all upper case"},
    {"-x", "starts with '-'"},
    {".x", "starts with '.'"},
    {"x.git", "ends in .git"},
    {".git", "only .git"},
    {"a/b", "slash"},
    {"a b", "space"},
    {"a\tb", "tab"},
    {"\xc3\xa4", "a-umlaut (UTF-8)"},
    {"caf\xc3\xa9", "e-acute (UTF-8) after ASCII"},
    {"a:b", "colon"},
    {"a%2fb", "percent"},
    {"..", "dot dot"},
    {"admin", "reserved: admin"},
    {"api", "reserved: api"},
    {"explore", "reserved: explore"},
    {"login", "reserved: login"},
    {"logout", "reserved: logout"},
    {"settings", "reserved: settings"},
    {"static", "reserved: static"},
};

const NameCase good_names[] = {
    {"a", "one letter"},
    {"a-b.c_d", "every punctuation allowed"},
    {"x.gitx", ".git not at the end"},
    {"git", "git without a dot"},
    {std::string(64, 'a'), "64 characters"},
    {"0", "one digit"},
    {"2024-project", "starts with a digit"},
    {"admins", "a reserved word with a suffix"},
    {"x_", "ends in '_'"},
};

} // namespace

TEST_CASE("validate_name rejects bad names for every kind", "[services][names]")
{
    for (const char* kind : {"user", "group", "project"}) {
        for (const auto& bad : bad_names) {
            INFO("kind " << kind << ", case: " << bad.why << " ('" << bad.name << "')");
            auto result = validate_name(kind, bad.name);
            REQUIRE(code_of(result) == "invalid_argument");
            // The message starts with the kind, so a form can say which field is wrong.
            CHECK(message_of(result).rfind(kind, 0) == 0);
            CHECK(message_of(result).find(kind) != std::string::npos);
        }
    }
}

TEST_CASE("validate_name accepts good names", "[services][names]")
{
    for (const char* kind : {"user", "group", "project"}) {
        for (const auto& good : good_names) {
            INFO("kind " << kind << ", case: " << good.why << " ('" << good.name << "')");
            auto result = validate_name(kind, good.name);
            CHECK(code_of(result) == "ok");
            CHECK(message_of(result).empty());
        }
    }
}

TEST_CASE("validate_name bounds the length at exactly 64", "[services][names]")
{
    CHECK(code_of(validate_name("user", std::string(63, 'b'))) == "ok");
    CHECK(code_of(validate_name("user", std::string(64, 'b'))) == "ok");
    CHECK(code_of(validate_name("user", std::string(65, 'b'))) == "invalid_argument");
    CHECK(code_of(validate_name("user", std::string(1000, 'b'))) == "invalid_argument");
}

TEST_CASE("validate_name handles an embedded NUL", "[services][names]")
{
    using namespace std::string_view_literals;
    CHECK(code_of(validate_name("user", "a\0b"sv)) == "invalid_argument");
}

TEST_CASE("is_reserved_name knows the URL words and nothing else", "[services][names]")
{
    for (const char* word : {"admin", "api", "explore", "login", "logout", "settings", "static"}) {
        INFO(word);
        CHECK(is_reserved_name(word));
    }
    for (const char* word : {"alice", "admins", "apis", "a", "forge"}) {
        INFO(word);
        CHECK_FALSE(is_reserved_name(word));
    }
}

namespace {

struct EmailCase {
    std::string email;
    const char* why;
};

const EmailCase bad_emails[] = {
    {"", "empty"},
    {"alice", "no @"},
    {"@example.org", "nothing before @"},
    {"alice@", "nothing after @"},
    {"alice@example", "no dot in the domain"},
    {"alice@.org", "domain starts with a dot"},
    {"alice@example.", "domain ends with a dot"},
    {"alice@@example.org", "two @ in a row"},
    {"al@ice@example.org", "two @"},
    {"al ice@example.org", "space"},
    {"alice@exam ple.org", "space in the domain"},
    {" alice@example.org", "leading space"},
    {"alice@example.org ", "trailing space"},
    {"alice\t@example.org", "tab"},
    {"alice\n@example.org", "newline"},
    {"alice@example.org\r\nBcc: x@y.z", "header injection"},
    {"ali\x7f"
     "ce@example.org",
     "DEL"},
    {"<alice@example.org>", "angle brackets"},
    {std::string(255 - 12, 'x') + "@example.org", "255 characters"},
};

const EmailCase good_emails[] = {
    {"a@b.c", "shortest"},
    {"alice@example.org", "plain"},
    {"first.last+tag@example.org", "dots and plus"},
    {"alice@mail.example.co.uk", "sub-domains"},
    {"ALICE@EXAMPLE.ORG", "upper case"},
    {"j\xc3\xbcrgen@example.de", "UTF-8 local part"},
    {std::string(254 - 12, 'x') + "@example.org", "254 characters"},
};

} // namespace

TEST_CASE("validate_email rejects implausible addresses", "[services][names][email]")
{
    for (const auto& bad : bad_emails) {
        INFO("case: " << bad.why << " ('" << bad.email << "')");
        auto result = validate_email(bad.email);
        CHECK(code_of(result) == "invalid_argument");
    }
}

TEST_CASE("validate_email accepts plausible addresses", "[services][names][email]")
{
    for (const auto& good : good_emails) {
        INFO("case: " << good.why << " ('" << good.email << "')");
        CHECK(code_of(validate_email(good.email)) == "ok");
    }
}
