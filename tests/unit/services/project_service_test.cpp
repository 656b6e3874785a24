// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/services/services_fixture.h"

#include "auth/access.h"
#include "auth/resolver.h"
#include "forge/common/result.h"
#include "forge/db/grant_store.h"
#include "forge/db/project_store.h"
#include "forge/db/protected_branch_store.h"
#include "forge/services/group_service.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

using auth::AccessLevel;
using auth::Viewer;
using forge::db::Connection;
using forge::db::OwnerRef;
using forge::db::ProjectRow;
using forge::services::Actor;
using forge::services::create_group;
using forge::services::create_project;
using forge::services::grant_access;
using forge::services::NewProjectRequest;
using forge::services::open_project;
using forge::services::parse_project_path;
using forge::services::ProjectPath;
using forge::services::protect_branch;
using forge::services::set_group_member;
using forge::test::code_of;
using forge::test::message_of;
using forge::test::TempServices;
using forge::test::unwrap;
namespace protected_branch_store = forge::db::protected_branch_store;

namespace {

NewProjectRequest request(const std::string& owner, const std::string& name,
                          const std::string& visibility = "private")
{
    return NewProjectRequest{ProjectPath{owner, name}, visibility, ""};
}

std::string read_text(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Viewer viewer_of(const forge::db::UserRow& user)
{
    return Viewer{user.id, user.is_admin, user.is_blocked};
}

// What open_project gives the viewer: the level, or the error code.
std::string seen_by(TempServices& s, const Viewer& viewer, const ProjectPath& path)
{
    auto opened = open_project(*s, viewer, path);
    if (opened.is_error())
        return code_of(opened);
    return std::string(auth::to_string(opened->level));
}

} // namespace

TEST_CASE("parse_project_path splits OWNER/NAME", "[services][project][path]")
{
    auto path = parse_project_path("alice/tool");
    REQUIRE(code_of(path) == "ok");
    CHECK(path->owner == "alice");
    CHECK(path->name == "tool");
    CHECK(path->to_string() == "alice/tool");

    auto shortest = parse_project_path("a/b");
    REQUIRE(code_of(shortest) == "ok");
    CHECK(shortest->owner == "a");
    CHECK(shortest->name == "b");
}

TEST_CASE("parse_project_path rejects anything but two non-empty segments",
          "[services][project][path]")
{
    for (const char* bad : {"", "a", "/", "/b", "a/", "a/b/c", "//", "a//b", "/a/b"}) {
        INFO("'" << bad << "'");
        auto path = parse_project_path(bad);
        CHECK(code_of(path) == "invalid_argument");
    }
}

TEST_CASE("create_project makes the row and a bare repository", "[services][project][create]")
{
    TempServices s;
    auto alice = s.add_user("alice");
    unwrap(create_group(*s, Actor::command_line(), "team"));

    SECTION("under a user")
    {
        auto project = unwrap(create_project(*s, Actor::command_line(), request("alice", "tool")));
        CHECK(project.id > 0);
        CHECK(project.name == "tool");
        CHECK(project.owner.kind == OwnerRef::Kind::user);
        CHECK(project.owner.id == alice.id);
        CHECK(project.owner.name == "alice");
        CHECK(project.visibility == "private");
        CHECK(project.default_branch == "main");

        auto row = unwrap(s->database().read(
            [](Connection& c) { return forge::db::project_store::by_path(c, "alice", "tool"); }));
        REQUIRE(row);
        CHECK(row->id == project.id);

        auto repository = s->repos().path_for(project.id);
        CHECK(s->repos().exists(project.id));
        CHECK(std::filesystem::is_directory(repository / "objects"));
        CHECK(read_text(repository / "HEAD") == "ref: refs/heads/main\n");
        CHECK(repository.string().rfind((s.data / "repos").string(), 0) == 0);

        auto log = s.audit();
        REQUIRE_FALSE(log.empty());
        CHECK(log.front().action == "project.create");
        CHECK(log.front().target == "alice/tool");
    }
    SECTION("under a group")
    {
        auto project =
            unwrap(create_project(*s, Actor::command_line(), request("team", "site", "public")));
        CHECK(project.owner.kind == OwnerRef::Kind::group);
        CHECK(project.owner.name == "team");
        CHECK(project.visibility == "public");
        CHECK(read_text(s->repos().path_for(project.id) / "HEAD") == "ref: refs/heads/main\n");
    }
}

TEST_CASE("create_project defaults to private", "[services][project][create]")
{
    TempServices s;
    s.add_user("alice");
    NewProjectRequest defaulted;
    defaulted.path = ProjectPath{"alice", "tool"};
    auto project = unwrap(create_project(*s, Actor::command_line(), defaulted));
    CHECK(project.visibility == "private");
    CHECK(seen_by(s, Viewer::anonymous(), {"alice", "tool"}) == "not_found");
}

TEST_CASE("create_project refuses bad input and leaves nothing behind",
          "[services][project][create]")
{
    TempServices s;
    s.add_user("alice");
    auto repositories = s.repository_count();

    CHECK(code_of(create_project(*s, Actor::command_line(), request("alice", "tool", "secret"))) ==
          "invalid_argument");
    CHECK(code_of(create_project(*s, Actor::command_line(), request("alice", "tool", "Public"))) ==
          "invalid_argument");
    CHECK(code_of(create_project(*s, Actor::command_line(), request("alice", "Tool"))) ==
          "invalid_argument");
    CHECK(code_of(create_project(*s, Actor::command_line(), request("alice", "x.git"))) ==
          "invalid_argument");
    CHECK(code_of(create_project(*s, Actor::command_line(), request("nobody", "tool"))) ==
          "not_found");
    CHECK(s.repository_count() == repositories);
}

TEST_CASE("create_project refuses a duplicate without making another repository",
          "[services][project][create]")
{
    TempServices s;
    s.add_user("alice");
    auto first = unwrap(create_project(*s, Actor::command_line(), request("alice", "tool")));
    auto repositories = s.repository_count();
    auto entries = s.entry_count();
    CHECK(repositories == 1);

    auto again = create_project(*s, Actor::command_line(), request("alice", "tool", "public"));
    CHECK(code_of(again) == "conflict");
    CHECK(s.repository_count() == repositories);
    CHECK(s.entry_count() == entries);
    // The first one is untouched.
    CHECK(s->repos().exists(first.id));
    auto opened = unwrap(open_project(*s, viewer_of(s.add_user("boss", true)), {"alice", "tool"}));
    CHECK(opened.project.visibility == "private");
    CHECK(opened.level == AccessLevel::admin);

    // A later project still gets its own repository.
    auto second = unwrap(create_project(*s, Actor::command_line(), request("alice", "other")));
    CHECK(second.id != first.id);
    CHECK(s.repository_count() == repositories + 1);
}

TEST_CASE("create_project: users create under their own name and groups they own",
          "[services][project][create][rights]")
{
    TempServices s;
    auto alice = s.add_user("alice");
    s.add_user("bob");
    auto admin = s.add_user("boss", true);
    unwrap(create_group(*s, Actor::user(alice, ""), "owned"));
    unwrap(create_group(*s, Actor::command_line(), "joined"));
    unwrap(set_group_member(*s, Actor::command_line(), "joined", "alice", "member"));
    unwrap(create_group(*s, Actor::command_line(), "maintained"));
    unwrap(set_group_member(*s, Actor::command_line(), "maintained", "alice", "maintainer"));
    auto as_alice = Actor::user(alice, "192.0.2.1");
    auto repositories = s.repository_count();

    CHECK(code_of(create_project(*s, as_alice, request("alice", "mine"))) == "ok");
    CHECK(code_of(create_project(*s, as_alice, request("bob", "theirs"))) == "forbidden");
    CHECK(code_of(create_project(*s, as_alice, request("owned", "shared"))) == "ok");
    CHECK(code_of(create_project(*s, as_alice, request("joined", "shared"))) == "forbidden");
    CHECK(code_of(create_project(*s, as_alice, request("maintained", "shared"))) == "forbidden");
    CHECK(s.repository_count() == repositories + 2);

    // Site administrators may create anywhere; anonymous callers nowhere.
    CHECK(code_of(create_project(*s, Actor::user(admin, ""), request("bob", "theirs"))) == "ok");
    Actor anonymous{Viewer::anonymous(), "anonymous", "192.0.2.7", false};
    CHECK(code_of(create_project(*s, anonymous, request("alice", "anon"))) == "unauthenticated");
}

TEST_CASE("open_project answers by visibility, and hides what may not be read",
          "[services][project][open]")
{
    TempServices s;
    auto alice = s.add_user("alice");
    auto outsider = s.add_user("outsider");
    unwrap(create_project(*s, Actor::command_line(), request("alice", "pub", "public")));
    unwrap(create_project(*s, Actor::command_line(), request("alice", "int", "internal")));
    unwrap(create_project(*s, Actor::command_line(), request("alice", "priv", "private")));
    auto anonymous = Viewer::anonymous();

    auto pub = open_project(*s, anonymous, {"alice", "pub"});
    REQUIRE(code_of(pub) == "ok");
    CHECK(pub->level == AccessLevel::read);
    CHECK(pub->project.name == "pub");

    CHECK(seen_by(s, anonymous, {"alice", "int"}) == "not_found");
    CHECK(seen_by(s, anonymous, {"alice", "priv"}) == "not_found");
    CHECK(seen_by(s, anonymous, {"alice", "missing"}) == "not_found");
    CHECK(seen_by(s, anonymous, {"nobody", "priv"}) == "not_found");

    // Hidden and missing cannot be told apart, not even by the message's shape.
    auto hidden = open_project(*s, anonymous, {"alice", "priv"});
    auto missing = open_project(*s, anonymous, {"alice", "prix"});
    REQUIRE(hidden.is_error());
    REQUIRE(missing.is_error());
    CHECK(hidden.error().code == missing.error().code);
    CHECK(message_of(hidden).size() == message_of(missing).size());

    CHECK(seen_by(s, viewer_of(outsider), {"alice", "pub"}) == "read");
    CHECK(seen_by(s, viewer_of(outsider), {"alice", "int"}) == "read");
    CHECK(seen_by(s, viewer_of(outsider), {"alice", "priv"}) == "not_found");

    CHECK(seen_by(s, viewer_of(alice), {"alice", "priv"}) == "admin");
}

TEST_CASE("grant_access to a user and to a group changes what members see",
          "[services][project][grant]")
{
    TempServices s;
    s.add_user("alice");
    auto dave = s.add_user("dave");
    auto erin = s.add_user("erin");
    unwrap(create_group(*s, Actor::command_line(), "team"));
    unwrap(set_group_member(*s, Actor::command_line(), "team", "erin", "reporter"));
    unwrap(create_project(*s, Actor::command_line(), request("alice", "tool")));
    ProjectPath tool{"alice", "tool"};

    CHECK(seen_by(s, viewer_of(dave), tool) == "not_found");
    CHECK(seen_by(s, viewer_of(erin), tool) == "not_found");

    REQUIRE(code_of(grant_access(*s, Actor::command_line(), tool, "dave", "read")) == "ok");
    CHECK(seen_by(s, viewer_of(dave), tool) == "read");
    CHECK(seen_by(s, viewer_of(erin), tool) == "not_found");

    // A new grant replaces the earlier one, downwards too.
    REQUIRE(code_of(grant_access(*s, Actor::command_line(), tool, "dave", "maintain")) == "ok");
    CHECK(seen_by(s, viewer_of(dave), tool) == "maintain");
    REQUIRE(code_of(grant_access(*s, Actor::command_line(), tool, "dave", "write")) == "ok");
    CHECK(seen_by(s, viewer_of(dave), tool) == "write");

    REQUIRE(code_of(grant_access(*s, Actor::command_line(), tool, "@team", "write")) == "ok");
    CHECK(seen_by(s, viewer_of(erin), tool) == "write");
    CHECK(seen_by(s, viewer_of(dave), tool) == "write");

    auto log = s.audit();
    REQUIRE_FALSE(log.empty());
    CHECK(log.front().action == "project.grant");
    CHECK(log.front().target == "alice/tool");
    CHECK(log.front().detail == "@team write");
}

TEST_CASE("grant_access refuses unknown levels and grantees", "[services][project][grant]")
{
    TempServices s;
    s.add_user("alice");
    unwrap(create_project(*s, Actor::command_line(), request("alice", "tool")));
    ProjectPath tool{"alice", "tool"};

    CHECK(code_of(grant_access(*s, Actor::command_line(), tool, "alice", "superuser")) ==
          "invalid_argument");
    CHECK(code_of(grant_access(*s, Actor::command_line(), tool, "alice", "none")) ==
          "invalid_argument");
    CHECK(code_of(grant_access(*s, Actor::command_line(), tool, "alice", "")) ==
          "invalid_argument");
    CHECK(code_of(grant_access(*s, Actor::command_line(), tool, "nobody", "read")) == "not_found");
    CHECK(code_of(grant_access(*s, Actor::command_line(), tool, "@nogroup", "read")) ==
          "not_found");
    CHECK(code_of(grant_access(*s, Actor::command_line(), tool, "@", "read")) == "not_found");
    CHECK(code_of(grant_access(*s, Actor::command_line(), {"alice", "missing"}, "alice", "read")) ==
          "not_found");
    auto grants = unwrap(s->database().read([](Connection& c) -> forge::Result<size_t> {
        auto project = TRY(forge::db::project_store::by_path(c, "alice", "tool"));
        return TRY(forge::db::grant_store::for_project(c, project->id)).size();
    }));
    CHECK(grants == 0);
}

TEST_CASE("grant_access needs admin on the project", "[services][project][grant][rights]")
{
    TempServices s;
    auto alice = s.add_user("alice");
    auto writer = s.add_user("writer");
    auto stranger = s.add_user("stranger");
    auto maintainer = s.add_user("maint");
    unwrap(create_project(*s, Actor::command_line(), request("alice", "tool")));
    ProjectPath tool{"alice", "tool"};
    unwrap(grant_access(*s, Actor::command_line(), tool, "writer", "write"));
    unwrap(grant_access(*s, Actor::command_line(), tool, "maint", "maintain"));

    CHECK(code_of(grant_access(*s, Actor::user(writer, ""), tool, "stranger", "read")) ==
          "forbidden");
    CHECK(code_of(grant_access(*s, Actor::user(maintainer, ""), tool, "stranger", "read")) ==
          "forbidden");
    // Without even read access the project does not exist for the caller.
    CHECK(code_of(grant_access(*s, Actor::user(stranger, ""), tool, "stranger", "admin")) ==
          "not_found");
    CHECK(seen_by(s, viewer_of(stranger), tool) == "not_found");
    // The owner may.
    CHECK(code_of(grant_access(*s, Actor::user(alice, ""), tool, "stranger", "read")) == "ok");
    CHECK(seen_by(s, viewer_of(stranger), tool) == "read");
}

TEST_CASE("protect_branch stores the protection, idempotently", "[services][project][protect]")
{
    TempServices s;
    s.add_user("alice");
    auto project = unwrap(create_project(*s, Actor::command_line(), request("alice", "tool")));
    ProjectPath tool{"alice", "tool"};
    auto is_protected = [&](const char* branch) {
        return unwrap(s->database().read([&](Connection& c) {
            return protected_branch_store::is_protected(c, project.id, branch);
        }));
    };

    CHECK_FALSE(is_protected("main"));
    REQUIRE(code_of(protect_branch(*s, Actor::command_line(), tool, "main")) == "ok");
    CHECK(is_protected("main"));
    CHECK_FALSE(is_protected("develop"));

    REQUIRE(code_of(protect_branch(*s, Actor::command_line(), tool, "main")) == "ok");
    auto all = unwrap(s->database().read(
        [&](Connection& c) { return protected_branch_store::for_project(c, project.id); }));
    CHECK(all == std::vector<std::string>{"main"});

    // Branches need not exist yet, and may contain '/'.
    REQUIRE(code_of(protect_branch(*s, Actor::command_line(), tool, "release/1.0")) == "ok");
    CHECK(is_protected("release/1.0"));

    auto log = s.audit();
    REQUIRE_FALSE(log.empty());
    CHECK(log.front().action == "branch.protect");
    CHECK(log.front().detail == "release/1.0");
}

TEST_CASE("protect_branch refuses bad branch names, unknown projects and non-admins",
          "[services][project][protect]")
{
    TempServices s;
    s.add_user("alice");
    auto writer = s.add_user("writer");
    auto stranger = s.add_user("stranger");
    auto project = unwrap(create_project(*s, Actor::command_line(), request("alice", "tool")));
    ProjectPath tool{"alice", "tool"};
    unwrap(grant_access(*s, Actor::command_line(), tool, "writer", "write"));

    for (const char* bad : {"a..b", "", "-x", "a b", "x.lock", "a:b", "HEAD~1", "/main", "main/"}) {
        INFO("'" << bad << "'");
        CHECK(code_of(protect_branch(*s, Actor::command_line(), tool, bad)) == "invalid_argument");
    }
    CHECK(code_of(protect_branch(*s, Actor::command_line(), {"alice", "missing"}, "main")) ==
          "not_found");
    CHECK(code_of(protect_branch(*s, Actor::user(writer, ""), tool, "main")) == "forbidden");
    CHECK(code_of(protect_branch(*s, Actor::user(stranger, ""), tool, "main")) == "not_found");

    auto all = unwrap(s->database().read(
        [&](Connection& c) { return protected_branch_store::for_project(c, project.id); }));
    CHECK(all.empty());
}

// A crash after RepoStore::create and before COMMIT leaves a repository without a row, and
// the rolled-back INSERT hands the same id to the next project. That leftover must neither
// block creation nor be deleted: it is moved aside and the new project gets a fresh one.
TEST_CASE("create_project: an orphaned repository does not block later projects",
          "[services][project][create]")
{
    TempServices s;
    s.add_user("alice");
    auto first = unwrap(create_project(*s, Actor::command_line(), request("alice", "one")));
    // What the crash leaves: a complete repository where the next id's would go.
    unwrap(s->repos().create(first.id + 1, "main"));

    auto second = create_project(*s, Actor::command_line(), request("alice", "two"));
    INFO(message_of(second));
    REQUIRE(code_of(second) == "ok");
    CHECK(read_text(s->repos().path_for(second->id) / "HEAD") == "ref: refs/heads/main\n");
    CHECK(code_of(create_project(*s, Actor::command_line(), request("alice", "three"))) == "ok");
    // The leftover was kept beside the new repository, not deleted.
    int set_aside = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(s->repos().path_for(second->id).parent_path()))
        set_aside += entry.path().filename().string().find(".git.orphaned-") != std::string::npos;
    CHECK(set_aside == 1);
}
