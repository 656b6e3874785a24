// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/services/services_fixture.h"

#include "auth/resolver.h"
#include "forge/db/grant_store.h"
#include "forge/db/project_store.h"
#include "forge/db/protected_branch_store.h"
#include "forge/services/project_service.h"
#include "forge/services/project_settings_service.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

using forge::Result;
using forge::db::Connection;
using forge::db::ProjectRow;
using forge::db::UserRow;
using forge::services::Actor;
using forge::services::NewProjectRequest;
using forge::services::ProjectPath;
using forge::services::ProjectSettings;
using forge::test::code_of;
using forge::test::scalar;
using forge::test::TempServices;
using forge::test::unwrap;
namespace svc = forge::services;
namespace project_store = forge::db::project_store;

namespace {

std::string read_text(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// alice owns alice/tool (private) and the group town; bob writes to alice/tool, maintains
// town/site; carol has nothing; root is a site administrator.
struct Setup {
    TempServices s;
    UserRow alice = s.add_user("alice");
    UserRow bob = s.add_user("bob");
    UserRow carol = s.add_user("carol");
    UserRow root = s.add_user("root", true);
    ProjectRow tool;
    ProjectRow site;

    Setup()
    {
        auto town = s.add_group("town");
        s.add_member(town, alice, "owner");
        s.add_member(town, bob, "maintainer");
        tool = unwrap(svc::create_project(*s, Actor::command_line(),
                                          NewProjectRequest{{"alice", "tool"}, "private", ""}));
        site = unwrap(svc::create_project(*s, Actor::command_line(),
                                          NewProjectRequest{{"town", "site"}, "public", ""}));
        s.grant(tool, "bob", "write");
    }

    Actor as(const UserRow& user) { return forge::test::actor_of(user); }

    std::optional<ProjectRow> row(const std::string& owner, const std::string& name)
    {
        return unwrap(s->database().read(
            [&](Connection& c) { return project_store::by_path(c, owner, name); }));
    }

    std::string head_of(const ProjectRow& project)
    {
        return read_text(s->repos().path_for(project.id) / "HEAD");
    }
};

} // namespace

TEST_CASE("update_project changes the settings and the repository's HEAD",
          "[services][project_settings][update]")
{
    Setup w;
    ProjectSettings settings{"Parking permits\nfor the town", "internal", "trunk"};
    REQUIRE(code_of(svc::update_project(*w.s, w.as(w.alice), {"alice", "tool"}, settings)) == "ok");

    auto row = w.row("alice", "tool");
    REQUIRE(row);
    CHECK(row->description == "Parking permits\nfor the town");
    CHECK(row->visibility == "internal");
    CHECK(row->default_branch == "trunk");
    CHECK(row->updated_at >= w.tool.updated_at);
    CHECK(w.head_of(w.tool) == "ref: refs/heads/trunk\n");

    auto log = w.s.audit();
    REQUIRE_FALSE(log.empty());
    CHECK(log.front().action == "project.update");
    CHECK(log.front().target == "alice/tool");
    CHECK(log.front().project_id == w.tool.id);
    CHECK(log.front().detail ==
          "visibility private -> internal, default branch main -> trunk, description");

    // Site administrators may too, and a branch name with a slash is fine.
    settings.default_branch = "release/1.0";
    REQUIRE(code_of(svc::update_project(*w.s, w.as(w.root), {"alice", "tool"}, settings)) == "ok");
    CHECK(w.head_of(w.tool) == "ref: refs/heads/release/1.0\n");
}

TEST_CASE("update_project refuses bad settings and callers without admin",
          "[services][project_settings][update]")
{
    Setup w;
    ProjectPath tool{"alice", "tool"};
    ProjectSettings good{"", "public", "main"};
    auto refused = [&](const Actor& actor, const ProjectSettings& settings) {
        return code_of(svc::update_project(*w.s, actor, tool, settings));
    };
    CHECK(refused(w.as(w.alice), {"", "secret", "main"}) == "invalid_argument");
    CHECK(refused(w.as(w.alice), {"", "public", "bad..name"}) == "invalid_argument");
    CHECK(refused(w.as(w.alice), {"", "public", ""}) == "invalid_argument");
    CHECK(refused(w.as(w.alice), {std::string(2001, 'x'), "public", "main"}) == "invalid_argument");
    CHECK(refused(w.as(w.bob), good) == "forbidden");   // write access only
    CHECK(refused(w.as(w.carol), good) == "not_found"); // may not even read it
    Actor anonymous{auth::Viewer::anonymous(), "", "", false};
    CHECK(refused(anonymous, good) == "not_found");
    CHECK(code_of(svc::update_project(*w.s, w.as(w.alice), {"alice", "none"}, good)) ==
          "not_found");

    auto row = w.row("alice", "tool");
    CHECK(row->visibility == "private");
    CHECK(row->default_branch == "main");
    CHECK(row->updated_at == w.tool.updated_at);
    CHECK(w.head_of(w.tool) == "ref: refs/heads/main\n");
    CHECK(w.s.audit().front().action != "project.update");
}

TEST_CASE("rename_project renames the row and keeps the repository",
          "[services][project_settings][rename]")
{
    Setup w;
    auto renamed = unwrap(svc::rename_project(*w.s, w.as(w.alice), {"alice", "tool"}, "permits"));
    CHECK(renamed.to_string() == "alice/permits");
    CHECK_FALSE(w.row("alice", "tool"));
    auto row = w.row("alice", "permits");
    REQUIRE(row);
    CHECK(row->id == w.tool.id);
    CHECK(w.s->repos().exists(w.tool.id));
    auto log = w.s.audit();
    CHECK(log.front().action == "project.rename");
    CHECK(log.front().target == "alice/tool");
    CHECK(log.front().detail == "alice/permits");
    CHECK(log.front().project_id == w.tool.id);

    // The same name again changes nothing.
    CHECK(unwrap(svc::rename_project(*w.s, w.as(w.alice), renamed, "permits")).to_string() ==
          "alice/permits");
}

TEST_CASE("rename_project refuses taken and bad names and callers without admin",
          "[services][project_settings][rename]")
{
    Setup w;
    unwrap(svc::create_project(*w.s, Actor::command_line(),
                               NewProjectRequest{{"alice", "other"}, "private", ""}));
    ProjectPath tool{"alice", "tool"};
    CHECK(code_of(svc::rename_project(*w.s, w.as(w.alice), tool, "other")) == "conflict");
    CHECK(code_of(svc::rename_project(*w.s, w.as(w.alice), tool, "Bad Name")) ==
          "invalid_argument");
    CHECK(code_of(svc::rename_project(*w.s, w.as(w.alice), tool, "settings")) ==
          "invalid_argument");
    CHECK(code_of(svc::rename_project(*w.s, w.as(w.bob), tool, "mine")) == "forbidden");
    CHECK(code_of(svc::rename_project(*w.s, w.as(w.carol), tool, "mine")) == "not_found");
    CHECK(w.row("alice", "tool"));
    CHECK_FALSE(w.row("alice", "mine"));
}

TEST_CASE("transfer_project needs admin on the project and the right to create at the new owner",
          "[services][project_settings][transfer]")
{
    Setup w;
    auto elsewhere = w.s.add_group("elsewhere");
    w.s.add_member(elsewhere, w.alice, "maintainer");
    ProjectPath tool{"alice", "tool"};

    CHECK(code_of(svc::transfer_project(*w.s, w.as(w.alice), tool, "bob")) == "forbidden");
    CHECK(code_of(svc::transfer_project(*w.s, w.as(w.alice), tool, "elsewhere")) == "forbidden");
    CHECK(code_of(svc::transfer_project(*w.s, w.as(w.alice), tool, "nobody")) == "not_found");
    CHECK(code_of(svc::transfer_project(*w.s, w.as(w.alice), tool, "alice")) == "invalid_argument");
    CHECK(code_of(svc::transfer_project(*w.s, w.as(w.bob), tool, "bob")) == "forbidden");
    CHECK(code_of(svc::transfer_project(*w.s, w.as(w.carol), tool, "carol")) == "not_found");
    CHECK(w.row("alice", "tool"));

    auto moved = unwrap(svc::transfer_project(*w.s, w.as(w.alice), tool, "town"));
    CHECK(moved.to_string() == "town/tool");
    auto row = w.row("town", "tool");
    REQUIRE(row);
    CHECK(row->id == w.tool.id);
    CHECK(row->owner.kind == forge::db::OwnerRef::Kind::group);
    CHECK_FALSE(w.row("alice", "tool"));
    CHECK(w.s.audit().front().action == "project.transfer");
    CHECK(w.s.audit().front().detail == "town/tool");
    // Grants stay with the project.
    auto grants = unwrap(svc::list_grants(*w.s, w.as(w.alice), moved));
    REQUIRE(grants.size() == 1);
    CHECK(grants[0].grantee_name == "bob");

    // A site administrator may move it to anyone; a name taken there is a conflict.
    unwrap(svc::create_project(*w.s, Actor::command_line(),
                               NewProjectRequest{{"carol", "tool"}, "private", ""}));
    CHECK(code_of(svc::transfer_project(*w.s, w.as(w.root), moved, "carol")) == "conflict");
    CHECK(code_of(svc::transfer_project(*w.s, w.as(w.root), moved, "bob")) == "ok");
    CHECK(w.row("bob", "tool"));
}

TEST_CASE("delete_project removes the row, its grants and its repository",
          "[services][project_settings][delete]")
{
    Setup w;
    unwrap(svc::protect_branch(*w.s, Actor::command_line(), {"alice", "tool"}, "main"));
    auto repository = w.s->repos().path_for(w.tool.id);
    REQUIRE(std::filesystem::is_directory(repository));

    CHECK(code_of(svc::delete_project(*w.s, w.as(w.bob), {"alice", "tool"})) == "forbidden");
    CHECK(code_of(svc::delete_project(*w.s, w.as(w.carol), {"alice", "tool"})) == "not_found");
    CHECK(w.row("alice", "tool"));
    CHECK(std::filesystem::is_directory(repository));

    REQUIRE(code_of(svc::delete_project(*w.s, w.as(w.alice), {"alice", "tool"})) == "ok");
    CHECK_FALSE(w.row("alice", "tool"));
    CHECK_FALSE(std::filesystem::exists(repository));
    auto counts = unwrap(w.s->database().read([](Connection& c) -> Result<std::vector<int64_t>> {
        auto grants = TRY(scalar(c, "SELECT count(*) FROM project_grants"));
        auto branches = TRY(scalar(c, "SELECT count(*) FROM protected_branches"));
        return std::vector<int64_t>{grants, branches};
    }));
    CHECK(counts == std::vector<int64_t>{0, 0});
    auto log = w.s.audit();
    CHECK(log.front().action == "project.delete");
    CHECK(log.front().target == "alice/tool");
    CHECK(log.front().project_id == w.tool.id);
    CHECK(code_of(svc::delete_project(*w.s, w.as(w.alice), {"alice", "tool"})) == "not_found");
    CHECK(w.s->repos().exists(w.site.id));
}

TEST_CASE("list_grants and revoke_access need admin", "[services][project_settings][grants]")
{
    Setup w;
    auto crew = w.s.add_group("crew");
    w.s.grant(w.tool, "@crew", "read");
    ProjectPath tool{"alice", "tool"};

    auto grants = unwrap(svc::list_grants(*w.s, w.as(w.alice), tool));
    REQUIRE(grants.size() == 2);
    CHECK(grants[0].grantee_name == "bob");
    CHECK(grants[0].level == "write");
    CHECK(grants[1].grantee_name == "crew");
    CHECK(grants[1].group_id == crew.id);
    CHECK(code_of(svc::list_grants(*w.s, w.as(w.bob), tool)) == "forbidden");
    CHECK(code_of(svc::list_grants(*w.s, w.as(w.carol), tool)) == "not_found");

    CHECK(code_of(svc::revoke_access(*w.s, w.as(w.bob), tool, "bob")) == "forbidden");
    CHECK(code_of(svc::revoke_access(*w.s, w.as(w.alice), tool, "carol")) == "not_found");
    CHECK(code_of(svc::revoke_access(*w.s, w.as(w.alice), tool, "@nogroup")) == "not_found");
    CHECK(code_of(svc::revoke_access(*w.s, w.as(w.alice), tool, "nobody")) == "not_found");
    CHECK(code_of(svc::revoke_access(*w.s, w.as(w.alice), tool, "crew")) == "not_found");
    CHECK(unwrap(svc::list_grants(*w.s, w.as(w.alice), tool)).size() == 2);

    REQUIRE(code_of(svc::revoke_access(*w.s, w.as(w.alice), tool, "@crew")) == "ok");
    REQUIRE(code_of(svc::revoke_access(*w.s, w.as(w.alice), tool, "bob")) == "ok");
    CHECK(unwrap(svc::list_grants(*w.s, w.as(w.alice), tool)).empty());
    CHECK(w.s.audit().front().action == "project.revoke");
    CHECK(w.s.audit().front().detail == "bob");
    // Without the grant bob no longer sees the private project.
    CHECK(code_of(svc::open_project(*w.s, auth::Viewer{w.bob.id, false, false}, tool)) ==
          "not_found");
}

TEST_CASE("protected branches: readers list them, admins unprotect them",
          "[services][project_settings][branches]")
{
    Setup w;
    ProjectPath site{"town", "site"};
    unwrap(svc::protect_branch(*w.s, Actor::command_line(), site, "main"));
    unwrap(svc::protect_branch(*w.s, Actor::command_line(), site, "release"));

    auto expected = std::vector<std::string>{"main", "release"};
    CHECK(unwrap(svc::list_protected_branches(*w.s, w.as(w.carol), site)) == expected);
    Actor anonymous{auth::Viewer::anonymous(), "", "", false};
    CHECK(unwrap(svc::list_protected_branches(*w.s, anonymous, site)) == expected);
    CHECK(code_of(svc::list_protected_branches(*w.s, w.as(w.carol), {"alice", "tool"})) ==
          "not_found");

    CHECK(code_of(svc::unprotect_branch(*w.s, w.as(w.bob), site, "main")) == "forbidden");
    CHECK(code_of(svc::unprotect_branch(*w.s, w.as(w.carol), site, "main")) == "forbidden");
    CHECK(code_of(svc::unprotect_branch(*w.s, w.as(w.alice), site, "dev")) == "not_found");
    REQUIRE(code_of(svc::unprotect_branch(*w.s, w.as(w.alice), site, "main")) == "ok");
    CHECK(unwrap(svc::list_protected_branches(*w.s, w.as(w.carol), site)) ==
          std::vector<std::string>{"release"});
    CHECK(w.s.audit().front().action == "branch.unprotect");
    CHECK(w.s.audit().front().detail == "main");
}
