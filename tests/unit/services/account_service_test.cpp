// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/services/services_fixture.h"

#include "auth/password.h"
#include "forge/common/result.h"
#include "forge/db/audit_store.h"
#include "forge/db/user_store.h"
#include "forge/services/account_service.h"
#include "forge/services/group_service.h"
#include "forge/services/services.h"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

using forge::Result;
using forge::db::Connection;
using forge::db::NewUser;
using forge::services::Actor;
using forge::services::create_account;
using forge::services::create_group;
using forge::services::create_token;
using forge::services::ensure_first_administrator;
using forge::services::NewAccount;
using forge::services::NewToken;
using forge::test::code_of;
using forge::test::TempServices;
using forge::test::unwrap;
namespace user_store = forge::db::user_store;

namespace {

constexpr const char* good_password = "correct horse battery";

NewAccount account(const std::string& name, std::optional<std::string> password = good_password)
{
    return NewAccount{name, name + "@example.org", std::move(password), false};
}

} // namespace

TEST_CASE("create_account stores a verifiable Argon2id hash of the chosen password",
          "[services][account]")
{
    TempServices s;
    auto created = unwrap(create_account(*s, Actor::command_line(), account("carol")));
    CHECK(created.generated_password.empty());
    CHECK(created.user.name == "carol");
    CHECK(created.user.email == "carol@example.org");
    CHECK_FALSE(created.user.is_admin);

    auto row = s.user_named("carol");
    REQUIRE(row);
    CHECK(row->id == created.user.id);
    CHECK(row->password_hash.rfind("$argon2id$", 0) == 0);
    CHECK(row->password_hash.find(good_password) == std::string::npos);
    CHECK(auth::verify_password(good_password, row->password_hash));
    CHECK_FALSE(auth::verify_password("wrong horse battery", row->password_hash));
}

TEST_CASE("create_account makes a site administrator on request", "[services][account]")
{
    TempServices s;
    auto request = account("root-user");
    request.is_admin = true;
    auto created = unwrap(create_account(*s, Actor::command_line(), request));
    CHECK(created.user.is_admin);
    auto row = s.user_named("root-user");
    REQUIRE(row);
    CHECK(row->is_admin);
}

TEST_CASE("create_account without a password generates one that verifies", "[services][account]")
{
    TempServices s;
    auto created = unwrap(create_account(*s, Actor::command_line(), account("dave", std::nullopt)));
    REQUIRE_FALSE(created.generated_password.empty());
    CHECK(created.generated_password.size() >= auth::minimum_password_length);
    auto row = s.user_named("dave");
    REQUIRE(row);
    CHECK(row->password_hash.rfind("$argon2id$", 0) == 0);
    CHECK(auth::verify_password(created.generated_password, row->password_hash));

    // The password can be used to sign in.
    auto identity = s->authenticator().with_password("dave", created.generated_password);
    REQUIRE(code_of(identity) == "ok");
    CHECK(identity->user.id == created.user.id);
}

TEST_CASE("create_account refuses a short password and stores nothing", "[services][account]")
{
    TempServices s;
    auto before = s.audit().size();
    auto result = create_account(*s, Actor::command_line(), account("erin", std::string(9, 'p')));
    CHECK(code_of(result) == "invalid_argument");
    CHECK_FALSE(s.user_named("erin"));
    CHECK(s.audit().size() == before);

    // Exactly the minimum is enough.
    auto ok = create_account(*s, Actor::command_line(),
                             account("erin", std::string(auth::minimum_password_length, 'p')));
    CHECK(code_of(ok) == "ok");
}

TEST_CASE("create_account refuses bad names and e-mail addresses", "[services][account]")
{
    TempServices s;
    CHECK(code_of(create_account(*s, Actor::command_line(), account("Bad"))) == "invalid_argument");
    CHECK(code_of(create_account(*s, Actor::command_line(), account("admin"))) ==
          "invalid_argument");
    CHECK(code_of(create_account(*s, Actor::command_line(),
                                 NewAccount{"frank", "not-an-address", good_password, false})) ==
          "invalid_argument");
    CHECK_FALSE(s.user_named("frank"));
}

TEST_CASE("create_account refuses a taken name or e-mail address", "[services][account]")
{
    TempServices s;
    unwrap(create_account(*s, Actor::command_line(), account("carol")));

    SECTION("the same name again")
    {
        auto again = create_account(*s, Actor::command_line(),
                                    NewAccount{"carol", "other@example.org", good_password, false});
        CHECK(code_of(again) == "conflict");
    }
    SECTION("a name taken by a group")
    {
        unwrap(create_group(*s, Actor::command_line(), "team"));
        auto clash = create_account(*s, Actor::command_line(), account("team"));
        CHECK(code_of(clash) == "conflict");
        CHECK_FALSE(s.user_named("team"));
    }
    SECTION("the same e-mail address under another name")
    {
        auto clash =
            create_account(*s, Actor::command_line(),
                           NewAccount{"carol2", "carol@example.org", good_password, false});
        CHECK(code_of(clash) == "conflict");
        CHECK_FALSE(s.user_named("carol2"));
    }
    SECTION("the same e-mail address in other letter case")
    {
        auto clash =
            create_account(*s, Actor::command_line(),
                           NewAccount{"carol2", "Carol@EXAMPLE.org", good_password, false});
        CHECK(code_of(clash) == "conflict");
        CHECK_FALSE(s.user_named("carol2"));
    }
}

TEST_CASE("create_account is for operators and site administrators only", "[services][account]")
{
    TempServices s;
    auto plain = s.add_user("plain");
    auto admin = s.add_user("boss", true);

    auto refused = create_account(*s, Actor::user(plain, "192.0.2.1"), account("newbie"));
    CHECK(code_of(refused) == "forbidden");
    CHECK_FALSE(s.user_named("newbie"));

    auto allowed = create_account(*s, Actor::user(admin, "192.0.2.2"), account("newbie"));
    CHECK(code_of(allowed) == "ok");

    // A blocked administrator has lost that right.
    unwrap(s->database().write(
        [&](Connection& c) { return user_store::set_blocked(c, admin.id, true); }));
    admin.is_blocked = true;
    auto blocked = create_account(*s, Actor::user(admin, "192.0.2.2"), account("another"));
    CHECK(code_of(blocked) == "forbidden");
}

TEST_CASE("every account created is in the audit log", "[services][account][audit]")
{
    TempServices s;
    auto admin = s.add_user("boss", true);
    auto before = s.audit().size();

    unwrap(create_account(*s, Actor::command_line(), account("carol")));
    auto log = s.audit();
    REQUIRE(log.size() == before + 1);
    CHECK(log.front().action == "user.create");
    CHECK(log.front().target == "carol");
    CHECK(log.front().actor_name == Actor::command_line().name);
    CHECK_FALSE(log.front().actor_id);

    unwrap(create_account(*s, Actor::user(admin, "198.51.100.7"), account("dave")));
    log = s.audit();
    REQUIRE(log.size() == before + 2);
    CHECK(log.front().action == "user.create");
    CHECK(log.front().target == "dave");
    CHECK(log.front().actor_name == "boss");
    CHECK(log.front().actor_id == admin.id);
    CHECK(log.front().address == "198.51.100.7");

    // Refusals leave no entry.
    (void)create_account(*s, Actor::command_line(), account("carol"));
    CHECK(s.audit().size() == before + 2);
}

TEST_CASE("ensure_first_administrator creates admin once", "[services][account][first-admin]")
{
    TempServices s;
    auto first = unwrap(ensure_first_administrator(*s));
    REQUIRE(first);
    CHECK(first->name == "admin");
    CHECK(first->password.size() >= auth::minimum_password_length);

    auto row = s.user_named("admin");
    REQUIRE(row);
    CHECK(row->is_admin);
    CHECK(row->password_hash.rfind("$argon2id$", 0) == 0);
    CHECK(row->password_hash.find(first->password) == std::string::npos);
    CHECK(auth::verify_password(first->password, row->password_hash));

    auto log = s.audit();
    REQUIRE_FALSE(log.empty());
    CHECK(log.front().action == "user.create");
    CHECK(log.front().target == "admin");

    auto second = unwrap(ensure_first_administrator(*s));
    CHECK_FALSE(second);
    auto count = unwrap(s->database().read([](Connection& c) { return user_store::count(c); }));
    CHECK(count == 1);
}

TEST_CASE("ensure_first_administrator does nothing when an administrator exists",
          "[services][account][first-admin]")
{
    TempServices s;
    s.add_user("boss", true);
    CHECK_FALSE(unwrap(ensure_first_administrator(*s)));
    CHECK_FALSE(s.user_named("admin"));
}

TEST_CASE("ensure_first_administrator never promotes an existing user called admin",
          "[services][account][first-admin]")
{
    TempServices s;
    // "admin" is reserved, so only a direct insert (an older database) can have such a user.
    auto existing = s.add_user("admin", false);

    auto first = unwrap(ensure_first_administrator(*s));
    REQUIRE(first);
    CHECK(first->name != "admin");
    CHECK(first->name == "admin-2");

    auto old_row = s.user_named("admin");
    REQUIRE(old_row);
    CHECK(old_row->id == existing.id);
    CHECK_FALSE(old_row->is_admin);
    CHECK_FALSE(auth::verify_password(first->password, old_row->password_hash));

    auto new_row = s.user_named(first->name);
    REQUIRE(new_row);
    CHECK(new_row->is_admin);
    CHECK(auth::verify_password(first->password, new_row->password_hash));
}

TEST_CASE("ensure_first_administrator skips names taken by groups too",
          "[services][account][first-admin]")
{
    TempServices s;
    s.add_user("admin", false);
    // admin-2 is free to take as a group name (it is not reserved).
    unwrap(create_group(*s, Actor::command_line(), "admin-2"));
    auto first = unwrap(ensure_first_administrator(*s));
    REQUIRE(first);
    CHECK(first->name == "admin-3");
}

TEST_CASE("create_token issues a token that authenticates", "[services][account][token]")
{
    TempServices s;
    auto carol = s.add_user("carol");
    auto token =
        unwrap(create_token(*s, Actor::command_line(), NewToken{"carol", "ci", "read write", {}}));
    CHECK(token.size() == 43);

    auto identity = s->authenticator().with_token(token);
    REQUIRE(code_of(identity) == "ok");
    CHECK(identity->user.id == carol.id);
    CHECK(identity->may_write);

    auto log = s.audit();
    REQUIRE_FALSE(log.empty());
    CHECK(log.front().action == "token.create");
    CHECK(log.front().target == "carol");
    CHECK(log.front().detail == "ci");
}

TEST_CASE("create_token with read scope gives a read-only identity", "[services][account][token]")
{
    TempServices s;
    s.add_user("carol");
    auto token =
        unwrap(create_token(*s, Actor::command_line(), NewToken{"carol", "ro", "read", {}}));
    auto identity = s->authenticator().with_token(token);
    REQUIRE(code_of(identity) == "ok");
    CHECK_FALSE(identity->may_write);
}

TEST_CASE("create_token refuses unknown users, bad labels and other people's tokens",
          "[services][account][token]")
{
    TempServices s;
    auto carol = s.add_user("carol");
    auto dave = s.add_user("dave");
    auto admin = s.add_user("boss", true);

    CHECK(code_of(create_token(*s, Actor::command_line(),
                               NewToken{"nobody", "ci", "read write", {}})) == "not_found");
    CHECK(code_of(create_token(*s, Actor::command_line(),
                               NewToken{"carol", "", "read write", {}})) == "invalid_argument");
    CHECK(code_of(create_token(*s, Actor::command_line(),
                               NewToken{"carol", std::string(101, 'l'), "read write", {}})) ==
          "invalid_argument");
    CHECK(code_of(create_token(*s, Actor::command_line(), NewToken{"carol", "ci", "admin", {}})) ==
          "invalid_argument");

    auto before = s.audit().size();
    auto other =
        create_token(*s, Actor::user(dave, "192.0.2.9"), NewToken{"carol", "x", "read", {}});
    CHECK(code_of(other) == "forbidden");
    CHECK(s.audit().size() == before);

    auto own =
        create_token(*s, Actor::user(carol, "192.0.2.9"), NewToken{"carol", "mine", "read", {}});
    REQUIRE(code_of(own) == "ok");
    auto identity = s->authenticator().with_token(own.value());
    REQUIRE(code_of(identity) == "ok");
    CHECK(identity->user.id == carol.id);

    auto by_admin =
        create_token(*s, Actor::user(admin, "192.0.2.9"), NewToken{"dave", "support", "read", {}});
    CHECK(code_of(by_admin) == "ok");
}

TEST_CASE("a token that has expired does not authenticate", "[services][account][token]")
{
    TempServices s;
    s.add_user("carol");
    auto token = unwrap(create_token(*s, Actor::command_line(),
                                     NewToken{"carol", "old", "read", forge::unix_now() - 60}));
    CHECK(code_of(s->authenticator().with_token(token)) == "unauthenticated");
}
