// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/auth/test_printers.h"

#include "auth/access.h"

#include <catch2/catch.hpp>

#include <optional>
#include <string_view>

using auth::AccessLevel;
using auth::GroupRole;
using auth::Visibility;

TEST_CASE("access levels are ordered, each including the ones before", "[auth][access]")
{
    CHECK(AccessLevel::none < AccessLevel::read);
    CHECK(AccessLevel::read < AccessLevel::write);
    CHECK(AccessLevel::write < AccessLevel::maintain);
    CHECK(AccessLevel::maintain < AccessLevel::admin);
}

TEST_CASE("visibilities parse and print", "[auth][access]")
{
    for (auto visibility : {Visibility::public_, Visibility::internal, Visibility::private_}) {
        INFO(to_string(visibility));
        CHECK(auth::parse_visibility(to_string(visibility)) == visibility);
    }
    CHECK(to_string(Visibility::public_) == "public");
    CHECK(to_string(Visibility::internal) == "internal");
    CHECK(to_string(Visibility::private_) == "private");
    for (std::string_view bad : {"", "Public", "PRIVATE", "public ", "secret", "public_"}) {
        INFO('"' << bad << '"');
        CHECK_FALSE(auth::parse_visibility(bad).has_value());
    }
}

TEST_CASE("access levels parse and print; none is not accepted", "[auth][access]")
{
    for (auto level :
         {AccessLevel::read, AccessLevel::write, AccessLevel::maintain, AccessLevel::admin}) {
        INFO(to_string(level));
        CHECK(auth::parse_access_level(to_string(level)) == level);
    }
    CHECK(to_string(AccessLevel::none) == "none");
    CHECK(to_string(AccessLevel::read) == "read");
    CHECK(to_string(AccessLevel::write) == "write");
    CHECK(to_string(AccessLevel::maintain) == "maintain");
    CHECK(to_string(AccessLevel::admin) == "admin");
    for (std::string_view bad : {"none", "", "Read", "owner", "push", "admin\n"}) {
        INFO('"' << bad << '"');
        CHECK_FALSE(auth::parse_access_level(bad).has_value());
    }
}

TEST_CASE("group roles parse, print and map to levels", "[auth][access]")
{
    struct Row {
        GroupRole role;
        std::string_view text;
        AccessLevel level;
    };
    for (auto row : {Row{GroupRole::owner, "owner", AccessLevel::admin},
                     Row{GroupRole::maintainer, "maintainer", AccessLevel::maintain},
                     Row{GroupRole::member, "member", AccessLevel::write},
                     Row{GroupRole::reporter, "reporter", AccessLevel::read}}) {
        INFO(row.text);
        CHECK(to_string(row.role) == row.text);
        CHECK(auth::parse_group_role(row.text) == row.role);
        CHECK(auth::level_of(row.role) == row.level);
    }
    for (std::string_view bad : {"", "Owner", "admin", "guest", "maintain"}) {
        INFO('"' << bad << '"');
        CHECK_FALSE(auth::parse_group_role(bad).has_value());
    }
}
