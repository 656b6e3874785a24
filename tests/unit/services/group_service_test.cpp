// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/services/services_fixture.h"

#include "auth/resolver.h"
#include "forge/common/result.h"
#include "forge/db/group_store.h"
#include "forge/services/account_service.h"
#include "forge/services/group_service.h"
#include "forge/services/services.h"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

using forge::Result;
using forge::db::Connection;
using forge::db::GroupRow;
using forge::services::Actor;
using forge::services::create_group;
using forge::services::set_group_member;
using forge::test::code_of;
using forge::test::scalar;
using forge::test::TempServices;
using forge::test::unwrap;
namespace group_store = forge::db::group_store;

namespace {

// The user's role in the group, or "(none)".
std::string role_of(TempServices& s, const std::string& group, int64_t user_id)
{
    return unwrap(s->database().read([&](Connection& c) -> Result<std::string> {
        auto row = TRY(group_store::by_name(c, group));
        if (!row)
            return forge::Error::not_found("no group " + group);
        return TRY(group_store::role_of(c, row->id, user_id)).value_or("(none)");
    }));
}

int64_t membership_count(TempServices& s)
{
    return unwrap(s->database().read(
        [](Connection& c) { return scalar(c, "SELECT COUNT(*) FROM group_members"); }));
}

} // namespace

TEST_CASE("create_group by a user makes that user its owner", "[services][group]")
{
    TempServices s;
    auto alice = s.add_user("alice");
    auto group = unwrap(create_group(*s, Actor::user(alice, "192.0.2.1"), "team"));
    CHECK(group.id > 0);
    CHECK(group.name == "team");
    CHECK(role_of(s, "team", alice.id) == "owner");
    CHECK(membership_count(s) == 1);

    auto log = s.audit();
    REQUIRE_FALSE(log.empty());
    CHECK(log.front().action == "group.create");
    CHECK(log.front().target == "team");
    CHECK(log.front().actor_id == alice.id);
    CHECK(log.front().address == "192.0.2.1");
}

TEST_CASE("a blocked user creates no group", "[services][group]")
{
    TempServices s;
    auto mallory = s.add_user("mallory");
    mallory.is_blocked = true;
    CHECK(code_of(create_group(*s, Actor::user(mallory, ""), "team")) == "forbidden");
    CHECK(membership_count(s) == 0);
}

TEST_CASE("create_group on the command line makes a group without members", "[services][group]")
{
    TempServices s;
    auto group = unwrap(create_group(*s, Actor::command_line(), "team"));
    CHECK(group.name == "team");
    CHECK(membership_count(s) == 0);
    auto stored =
        unwrap(s->database().read([](Connection& c) { return group_store::by_name(c, "team"); }));
    REQUIRE(stored);
    CHECK(stored->id == group.id);
}

TEST_CASE("create_group refuses bad and taken names, and anonymous callers", "[services][group]")
{
    TempServices s;
    s.add_user("alice");
    unwrap(create_group(*s, Actor::command_line(), "team"));

    CHECK(code_of(create_group(*s, Actor::command_line(), "alice")) == "conflict");
    CHECK(code_of(create_group(*s, Actor::command_line(), "team")) == "conflict");
    CHECK(code_of(create_group(*s, Actor::command_line(), "Team")) == "invalid_argument");
    CHECK(code_of(create_group(*s, Actor::command_line(), "api")) == "invalid_argument");
    CHECK(code_of(create_group(*s, Actor::command_line(), "")) == "invalid_argument");

    Actor anonymous{auth::Viewer::anonymous(), "anonymous", "192.0.2.7", false};
    CHECK(code_of(create_group(*s, anonymous, "other")) == "unauthenticated");
    auto other =
        unwrap(s->database().read([](Connection& c) { return group_store::by_name(c, "other"); }));
    CHECK_FALSE(other);
}

TEST_CASE("set_group_member checks role, group and user", "[services][group][members]")
{
    TempServices s;
    auto alice = s.add_user("alice");
    unwrap(create_group(*s, Actor::command_line(), "team"));

    for (const char* bad : {"boss", "Owner", "", "admin", "none"}) {
        INFO("role '" << bad << "'");
        CHECK(code_of(set_group_member(*s, Actor::command_line(), "team", "alice", bad)) ==
              "invalid_argument");
    }
    CHECK(code_of(set_group_member(*s, Actor::command_line(), "nogroup", "alice", "member")) ==
          "not_found");
    CHECK(code_of(set_group_member(*s, Actor::command_line(), "team", "nobody", "member")) ==
          "not_found");
    // A user is not a group.
    CHECK(code_of(set_group_member(*s, Actor::command_line(), "alice", "alice", "member")) ==
          "not_found");
    CHECK(role_of(s, "team", alice.id) == "(none)");
}

TEST_CASE("set_group_member adds a member and replaces a role", "[services][group][members]")
{
    TempServices s;
    auto alice = s.add_user("alice");
    unwrap(create_group(*s, Actor::command_line(), "team"));

    for (const char* role : {"reporter", "member", "maintainer", "owner", "member"}) {
        INFO("role " << role);
        REQUIRE(code_of(set_group_member(*s, Actor::command_line(), "team", "alice", role)) ==
                "ok");
        CHECK(role_of(s, "team", alice.id) == std::string(role));
        CHECK(membership_count(s) == 1);
    }

    auto log = s.audit();
    REQUIRE_FALSE(log.empty());
    CHECK(log.front().action == "group.member");
    CHECK(log.front().target == "team");
    CHECK(log.front().detail == "alice as member");
}

TEST_CASE("only owners, operators and site administrators manage members",
          "[services][group][members][rights]")
{
    TempServices s;
    auto alice = s.add_user("alice");
    auto bob = s.add_user("bob");
    auto carol = s.add_user("carol");
    auto maint = s.add_user("maint");
    auto admin = s.add_user("boss", true);
    unwrap(create_group(*s, Actor::user(alice, ""), "team"));
    unwrap(set_group_member(*s, Actor::command_line(), "team", "bob", "member"));
    unwrap(set_group_member(*s, Actor::command_line(), "team", "maint", "maintainer"));

    CHECK(code_of(set_group_member(*s, Actor::user(bob, ""), "team", "carol", "member")) ==
          "forbidden");
    CHECK(code_of(set_group_member(*s, Actor::user(bob, ""), "team", "bob", "owner")) ==
          "forbidden");
    CHECK(code_of(set_group_member(*s, Actor::user(maint, ""), "team", "carol", "member")) ==
          "forbidden");
    CHECK(code_of(set_group_member(*s, Actor::user(carol, ""), "team", "carol", "owner")) ==
          "forbidden");
    CHECK(role_of(s, "team", carol.id) == "(none)");
    CHECK(role_of(s, "team", bob.id) == "member");

    CHECK(code_of(set_group_member(*s, Actor::user(alice, ""), "team", "carol", "reporter")) ==
          "ok");
    CHECK(role_of(s, "team", carol.id) == "reporter");
    CHECK(code_of(set_group_member(*s, Actor::user(admin, ""), "team", "carol", "maintainer")) ==
          "ok");
    CHECK(role_of(s, "team", carol.id) == "maintainer");
}
