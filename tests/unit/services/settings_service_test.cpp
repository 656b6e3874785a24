// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/services/services_fixture.h"

#include "auth/password.h"
#include "forge/db/credential_store.h"
#include "forge/services/account_service.h"
#include "forge/services/settings_service.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using forge::db::Connection;
using forge::db::UserRow;
using forge::services::Actor;
using forge::services::ProfileUpdate;
using forge::test::actor_of;
using forge::test::code_of;
using forge::test::TempServices;
using forge::test::unwrap;
namespace svc = forge::services;

namespace {

// A user with a real password, so that it can be checked.
UserRow user_with_password(TempServices& s, const std::string& name, const std::string& password)
{
    auto created = unwrap(svc::create_account(
        *s, Actor::command_line(), svc::NewAccount{name, name + "@example.org", password, false}));
    return created.user;
}

} // namespace

TEST_CASE("update_profile stores name, e-mail and language", "[services][settings][profile]")
{
    TempServices s;
    auto alice = s.add_user("alice");
    REQUIRE(code_of(svc::update_profile(*s, actor_of(alice), alice.id,
                                        {"Alice Example", "alice@town.example", "de"})) == "ok");
    auto row = unwrap(svc::user_by_id(*s, alice.id));
    CHECK(row.display_name == "Alice Example");
    CHECK(row.email == "alice@town.example");
    CHECK(row.language == "de");
    CHECK(row.password_hash.empty());
    CHECK(s.audit().front().action == "user.profile");
    CHECK(s.audit().front().target == "alice");

    // Keeping one's own address (in another case, too) is no conflict.
    CHECK(code_of(svc::update_profile(*s, actor_of(alice), alice.id,
                                      {"", "ALICE@town.example", ""})) == "ok");
    CHECK(unwrap(svc::user_by_id(*s, alice.id)).language.empty());

    auto root = s.add_user("root", true);
    CHECK(code_of(svc::update_profile(*s, actor_of(root), alice.id,
                                      {"A.", "a@town.example", "en"})) == "ok");
    CHECK(unwrap(svc::user_by_id(*s, alice.id)).display_name == "A.");
}

TEST_CASE("update_profile refuses others, bad values and taken addresses",
          "[services][settings][profile]")
{
    TempServices s;
    auto alice = s.add_user("alice");
    auto bob = s.add_user("bob");
    auto refused = [&](const Actor& actor, int64_t id, ProfileUpdate update) {
        return code_of(svc::update_profile(*s, actor, id, update));
    };
    CHECK(refused(actor_of(bob), alice.id, {"Bob", "bob@x.example", ""}) == "forbidden");
    Actor anonymous{auth::Viewer::anonymous(), "", "", false};
    CHECK(refused(anonymous, alice.id, {"", "a@x.example", ""}) == "unauthenticated");
    CHECK(refused(actor_of(alice), alice.id, {"", "not an address", ""}) == "invalid_argument");
    CHECK(refused(actor_of(alice), alice.id, {"", "a@x.example", "fr"}) == "invalid_argument");
    CHECK(refused(actor_of(alice), alice.id, {"two\nlines", "a@x.example", ""}) ==
          "invalid_argument");
    CHECK(refused(actor_of(alice), alice.id, {std::string(101, 'a'), "a@x.example", ""}) ==
          "invalid_argument");
    CHECK(refused(actor_of(alice), alice.id, {"", "BOB@example.org", ""}) == "conflict");
    auto root = s.add_user("root", true);
    CHECK(refused(actor_of(root), 9999, {"", "x@x.example", ""}) == "not_found");
    auto blocked = alice;
    blocked.is_blocked = true;
    CHECK(refused(actor_of(blocked), alice.id, {"", "a@x.example", ""}) == "forbidden");

    auto row = unwrap(svc::user_by_id(*s, alice.id));
    CHECK(row.email == "alice@example.org");
    CHECK(row.display_name.empty());
}

TEST_CASE("change_password checks the current one and ends the other sessions",
          "[services][settings][password]")
{
    TempServices s;
    auto alice = user_with_password(s, "alice", "old password 1");
    auto kept = unwrap(s->authenticator().start_session(alice.id));
    unwrap(s->authenticator().start_session(alice.id));
    unwrap(s->authenticator().start_session(alice.id));
    REQUIRE(s.session_count(alice.id) == 3);

    CHECK(code_of(svc::change_password(*s, actor_of(alice), alice.id, "wrong password",
                                       "new password 2", kept)) == "unauthenticated");
    CHECK(code_of(svc::change_password(*s, actor_of(alice), alice.id, "old password 1", "short",
                                       kept)) == "invalid_argument");
    auto bob = s.add_user("bob");
    CHECK(code_of(svc::change_password(*s, actor_of(bob), alice.id, "old password 1",
                                       "new password 2", kept)) == "forbidden");
    auto root = s.add_user("root", true);
    CHECK(code_of(svc::change_password(*s, actor_of(root), alice.id, "old password 1",
                                       "new password 2", kept)) == "forbidden");
    CHECK(s.session_count(alice.id) == 3);
    CHECK(code_of(s->authenticator().with_password("alice", "old password 1")) == "ok");

    REQUIRE(code_of(svc::change_password(*s, actor_of(alice), alice.id, "old password 1",
                                         "new password 2", kept)) == "ok");
    CHECK(code_of(s->authenticator().with_password("alice", "old password 1")) ==
          "unauthenticated");
    CHECK(code_of(s->authenticator().with_password("alice", "new password 2")) == "ok");
    CHECK(s.session_count(alice.id) == 1);
    CHECK(code_of(s->authenticator().with_session(kept)) == "ok");
    CHECK(s.audit().front().action == "user.password");

    // Without a session to keep, all go.
    REQUIRE(code_of(svc::change_password(*s, actor_of(alice), alice.id, "new password 2",
                                         "third password", "")) == "ok");
    CHECK(s.session_count(alice.id) == 0);
}

TEST_CASE("tokens: listed for their user, revoked only by their user or an administrator",
          "[services][settings][tokens]")
{
    TempServices s;
    auto alice = s.add_user("alice");
    auto bob = s.add_user("bob");
    unwrap(svc::create_token(*s, actor_of(alice), {"alice", "laptop", "read write", std::nullopt}));
    unwrap(svc::create_token(*s, actor_of(alice), {"alice", "ci", "read", std::nullopt}));
    unwrap(svc::create_token(*s, actor_of(bob), {"bob", "bobs", "read", std::nullopt}));

    auto tokens = unwrap(svc::list_tokens(*s, alice.id));
    REQUIRE(tokens.size() == 2);
    CHECK(tokens[0].name == "laptop");
    CHECK(tokens[1].name == "ci");
    CHECK(tokens[1].scopes == "read");
    auto bobs = unwrap(svc::list_tokens(*s, bob.id));
    REQUIRE(bobs.size() == 1);

    CHECK(code_of(svc::revoke_token(*s, actor_of(bob), alice.id, tokens[0].id)) == "forbidden");
    CHECK(code_of(svc::revoke_token(*s, actor_of(alice), alice.id, bobs[0].id)) == "not_found");
    CHECK(code_of(svc::revoke_token(*s, actor_of(bob), bob.id, tokens[0].id)) == "not_found");
    CHECK(unwrap(svc::list_tokens(*s, alice.id)).size() == 2);

    REQUIRE(code_of(svc::revoke_token(*s, actor_of(alice), alice.id, tokens[0].id)) == "ok");
    tokens = unwrap(svc::list_tokens(*s, alice.id));
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0].name == "ci");
    CHECK(s.audit().front().action == "token.revoke");
    CHECK(s.audit().front().detail == "laptop");

    auto root = s.add_user("root", true);
    CHECK(code_of(svc::revoke_token(*s, actor_of(root), alice.id, tokens[0].id)) == "ok");
    CHECK(unwrap(svc::list_tokens(*s, alice.id)).empty());
    CHECK(unwrap(svc::list_tokens(*s, bob.id)).size() == 1);
}

TEST_CASE("user_by_id hides the password hash", "[services][settings]")
{
    TempServices s;
    auto alice = user_with_password(s, "alice", "a long password");
    auto row = unwrap(svc::user_by_id(*s, alice.id));
    CHECK(row.name == "alice");
    CHECK(row.password_hash.empty());
    CHECK(code_of(svc::user_by_id(*s, 4242)) == "not_found");
}
