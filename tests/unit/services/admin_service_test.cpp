// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/services/services_fixture.h"

#include "auth/password.h"
#include "forge/db/credential_store.h"
#include "forge/services/admin_service.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using forge::db::AuditEntry;
using forge::db::Connection;
using forge::db::UserRow;
using forge::services::Actor;
using forge::services::AuditQuery;
using forge::test::actor_of;
using forge::test::code_of;
using forge::test::TempServices;
using forge::test::unwrap;
namespace svc = forge::services;

namespace {

std::vector<std::string> user_names(const std::vector<UserRow>& users)
{
    std::vector<std::string> names;
    for (const auto& user : users)
        names.push_back(user.name);
    return names;
}

} // namespace

TEST_CASE("every administration function refuses non-administrators", "[services][admin][rights]")
{
    TempServices s;
    auto alice = s.add_user("alice");
    auto fallen = s.add_user("fallen", true);
    fallen.is_blocked = true;
    Actor anonymous{auth::Viewer::anonymous(), "", "", false};
    for (const Actor& actor : {actor_of(alice), actor_of(fallen), anonymous}) {
        INFO("actor '" << actor.name << "'");
        CHECK(code_of(svc::list_users(*s, actor, "", 0, 50)) == "forbidden");
        CHECK(code_of(svc::set_user_blocked(*s, actor, "alice", true)) == "forbidden");
        CHECK(code_of(svc::set_user_admin(*s, actor, "alice", true)) == "forbidden");
        CHECK(code_of(svc::reset_password(*s, actor, "alice")) == "forbidden");
        CHECK(code_of(svc::list_audit(*s, actor, AuditQuery{})) == "forbidden");
        CHECK(code_of(svc::list_all_groups(*s, actor, "", 0, 50)) == "forbidden");
        CHECK(code_of(svc::list_all_projects(*s, actor, {})) == "forbidden");
    }
    auto row = s.user_named("alice");
    CHECK_FALSE(row->is_blocked);
    CHECK_FALSE(row->is_admin);
    CHECK(s.audit().empty());
}

TEST_CASE("list_users searches name, e-mail and display name", "[services][admin][users]")
{
    TempServices s;
    auto root = s.add_user("root", true);
    s.add_user("zoe");
    s.add_user("anna");
    auto bob = s.add_user("bob");
    unwrap(s->database().write([&](Connection& c) {
        return forge::db::user_store::update_profile(c, bob.id, "Robert Zimmer",
                                                     "bob@rathaus.example", "");
    }));

    auto all = unwrap(svc::list_users(*s, actor_of(root), "", 0, 50));
    CHECK(user_names(all) == std::vector<std::string>{"anna", "bob", "root", "zoe"});
    for (const auto& user : all)
        CHECK(user.password_hash.empty());
    CHECK(user_names(unwrap(svc::list_users(*s, actor_of(root), "zimmer", 0, 50))) ==
          std::vector<std::string>{"bob"});
    CHECK(user_names(unwrap(svc::list_users(*s, actor_of(root), "RATHAUS", 0, 50))) ==
          std::vector<std::string>{"bob"});
    CHECK(user_names(unwrap(svc::list_users(*s, actor_of(root), "z", 0, 50))) ==
          std::vector<std::string>{"bob", "zoe"});
    CHECK(user_names(unwrap(svc::list_users(*s, actor_of(root), "_", 0, 50))).empty());
    CHECK(user_names(unwrap(svc::list_users(*s, actor_of(root), "", 1, 2))) ==
          std::vector<std::string>{"bob", "root"});
    CHECK(user_names(unwrap(svc::list_users(*s, Actor::command_line(), "anna", 0, 50))) ==
          std::vector<std::string>{"anna"});
}

TEST_CASE("set_user_blocked blocks, ends sessions and unblocks", "[services][admin][block]")
{
    TempServices s;
    auto root = s.add_user("root", true);
    auto alice = s.add_user("alice");
    unwrap(s->authenticator().start_session(alice.id));
    auto root_session = unwrap(s->authenticator().start_session(root.id));

    REQUIRE(code_of(svc::set_user_blocked(*s, actor_of(root), "alice", true)) == "ok");
    CHECK(s.user_named("alice")->is_blocked);
    CHECK(s.session_count(alice.id) == 0);
    CHECK(s.session_count(root.id) == 1);
    CHECK(s.audit().front().action == "user.block");
    CHECK(s.audit().front().target == "alice");

    REQUIRE(code_of(svc::set_user_blocked(*s, actor_of(root), "alice", false)) == "ok");
    CHECK_FALSE(s.user_named("alice")->is_blocked);
    CHECK(s.audit().front().action == "user.unblock");

    CHECK(code_of(svc::set_user_blocked(*s, actor_of(root), "root", true)) == "invalid_argument");
    CHECK(code_of(svc::set_user_blocked(*s, actor_of(root), "nobody", true)) == "not_found");
    CHECK_FALSE(s.user_named("root")->is_blocked);
    // The operator may not lock the site out either.
    CHECK(code_of(svc::set_user_blocked(*s, Actor::command_line(), "root", true)) == "conflict");
    CHECK(code_of(s->authenticator().with_session(root_session)) == "ok");
}

TEST_CASE("set_user_admin never removes the last administrator", "[services][admin][admins]")
{
    TempServices s;
    auto root = s.add_user("root", true);
    s.add_user("alice");
    auto fallen = s.add_user("fallen", true);
    unwrap(s->database().write(
        [&](Connection& c) { return forge::db::user_store::set_blocked(c, fallen.id, true); }));

    // A blocked administrator does not count: root is the last one who can act.
    CHECK(code_of(svc::set_user_admin(*s, actor_of(root), "root", false)) == "conflict");
    CHECK(s.user_named("root")->is_admin);

    REQUIRE(code_of(svc::set_user_admin(*s, actor_of(root), "alice", true)) == "ok");
    CHECK(s.user_named("alice")->is_admin);
    CHECK(s.audit().front().action == "user.admin");
    CHECK(s.audit().front().detail == "granted");

    REQUIRE(code_of(svc::set_user_admin(*s, actor_of(root), "root", false)) == "ok");
    CHECK_FALSE(s.user_named("root")->is_admin);
    CHECK(s.audit().front().detail == "revoked");
    CHECK(code_of(svc::set_user_admin(*s, Actor::command_line(), "alice", false)) == "conflict");
    CHECK(code_of(svc::set_user_admin(*s, Actor::command_line(), "nobody", true)) == "not_found");
    // Taking it from a blocked administrator is fine.
    CHECK(code_of(svc::set_user_admin(*s, Actor::command_line(), "fallen", false)) == "ok");
}

TEST_CASE("reset_password sets a new random password and ends sessions",
          "[services][admin][password]")
{
    TempServices s;
    auto root = s.add_user("root", true);
    auto alice = s.add_user("alice");
    unwrap(s->authenticator().start_session(alice.id));

    auto password = unwrap(svc::reset_password(*s, actor_of(root), "alice"));
    CHECK(password.size() >= auth::minimum_password_length);
    CHECK(code_of(s->authenticator().with_password("alice", password)) == "ok");
    CHECK(s.session_count(alice.id) == 0);
    CHECK(s.audit().front().action == "user.password_reset");
    CHECK(s.audit().front().detail.find(password) == std::string::npos);
    CHECK(code_of(svc::reset_password(*s, actor_of(root), "nobody")) == "not_found");
    CHECK(unwrap(svc::reset_password(*s, actor_of(root), "alice")) != password);
}

TEST_CASE("list_audit filters by actor, action prefix, target and time, newest first",
          "[services][admin][audit]")
{
    TempServices s;
    auto root = s.add_user("root", true);
    unwrap(s->database().write([](Connection& c) -> forge::Result<void> {
        auto entry = [](int64_t at, const char* actor, const char* action, const char* target) {
            return AuditEntry{0, at, std::nullopt, actor, action, target, "", "", std::nullopt};
        };
        TRY(forge::db::audit_store::append(c, entry(100, "alice", "project.create", "alice/tool")));
        TRY(forge::db::audit_store::append(c, entry(200, "bob", "ref.update", "alice/tool")));
        TRY(forge::db::audit_store::append(c, entry(300, "alice", "project.grant", "alice/Tool2")));
        TRY(forge::db::audit_store::append(c, entry(400, "alice", "group.create", "town")));
        return forge::db::audit_store::append(c, entry(500, "bob", "projects.x", "100%_done"));
    }));
    auto targets = [&](AuditQuery query) {
        std::vector<std::string> found;
        for (const auto& entry : unwrap(svc::list_audit(*s, actor_of(root), query)))
            found.push_back(entry.action + " " + entry.target);
        return found;
    };
    using Lines = std::vector<std::string>;
    AuditQuery query;
    CHECK(targets(query).size() == 5);
    query.actor = "alice";
    CHECK(targets(query) ==
          Lines{"group.create town", "project.grant alice/Tool2", "project.create alice/tool"});
    query.action = "project.";
    CHECK(targets(query) == Lines{"project.grant alice/Tool2", "project.create alice/tool"});
    query = {};
    query.target = "TOOL";
    CHECK(targets(query).size() == 3);
    query.target = "%_";
    CHECK(targets(query) == Lines{"projects.x 100%_done"});
    query = {};
    query.since = 200;
    query.until = 400;
    CHECK(targets(query) ==
          Lines{"group.create town", "project.grant alice/Tool2", "ref.update alice/tool"});
    query = {};
    query.offset = 1;
    query.limit = 2;
    CHECK(targets(query) == Lines{"group.create town", "project.grant alice/Tool2"});
}

TEST_CASE("list_all_projects and list_all_groups see everything", "[services][admin][lists]")
{
    TempServices s;
    auto root = s.add_user("root", true);
    s.add_user("alice");
    auto town = s.add_group("town");
    s.add_project_row("alice", "secret", "private");
    s.add_project_row("town", "hidden", "private");

    auto projects = unwrap(svc::list_all_projects(*s, actor_of(root), {}));
    CHECK(projects.size() == 2);
    CHECK(unwrap(svc::list_all_projects(*s, Actor::command_line(), {})).size() == 2);
    auto groups = unwrap(svc::list_all_groups(*s, Actor::command_line(), "", 0, 50));
    REQUIRE(groups.size() == 1);
    CHECK(groups[0].group.id == town.id);
    CHECK(groups[0].project_count == 1);
}
