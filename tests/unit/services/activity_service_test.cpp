// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/services/services_fixture.h"

#include "forge/db/project_store.h"
#include "forge/services/activity_service.h"
#include "forge/services/git_service.h"
#include "forge/services/group_service.h"
#include "forge/services/project_settings_service.h"
#include "forge/services/push_service.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

using forge::db::Connection;
using forge::db::ProjectRow;
using forge::db::UserRow;
using forge::services::Actor;
using forge::services::GitRepository;
using forge::services::ProjectSummary;
using forge::services::PushEvent;
using forge::test::code_of;
using forge::test::TempServices;
using forge::test::unwrap;
using forge::test::viewer_of;
namespace svc = forge::services;

namespace {

const std::string zero(40, '0');
const std::string one(40, '1');
const std::string two(40, '2');

// Records a push as receive-pack reports it: the updates that went through and one that
// was refused.
void push(TempServices& s, const UserRow& pusher, const ProjectRow& project,
          std::vector<gitcore::RefUpdate> updates)
{
    gitcore::PushOutcome outcome;
    for (auto& update : updates)
        outcome.results.push_back({std::move(update), ""});
    outcome.results.push_back({{one, two, "refs/heads/refused"}, "protected branch"});
    GitRepository repository{project, auth::AccessLevel::write, {}};
    unwrap(svc::record_push(*s, Actor::user(pusher, "192.0.2.9"), repository, outcome));
}

std::vector<std::string> events(TempServices& s, const auth::Viewer& viewer)
{
    std::vector<std::string> found;
    for (const auto& event : unwrap(svc::recent_pushes(*s, viewer, 50)))
        found.push_back(event.project + " " + event.action + " " + event.ref);
    return found;
}

std::set<std::string> names_of(const std::vector<ProjectSummary>& projects)
{
    std::set<std::string> names;
    for (const auto& summary : projects)
        names.insert(summary.owner + "/" + summary.project.name);
    return names;
}

} // namespace

TEST_CASE("record_push marks the project active", "[services][activity][push]")
{
    TempServices s;
    auto alice = s.add_user("alice");
    auto tool = s.add_project_row("alice", "tool", "public", 1000);
    push(s, alice, tool, {{zero, one, "refs/heads/main"}});
    auto row = unwrap(s->database().read(
        [&](Connection& c) { return forge::db::project_store::by_id(c, tool.id); }));
    CHECK(row->updated_at > 1000);
    CHECK(s.audit().front().project_id == tool.id);

    // A push whose every update was refused is no activity.
    unwrap(s->database().write(
        [&](Connection& c) { return forge::db::project_store::touch(c, tool.id, 1000); }));
    push(s, alice, tool, {});
    row = unwrap(s->database().read(
        [&](Connection& c) { return forge::db::project_store::by_id(c, tool.id); }));
    CHECK(row->updated_at == 1000);
}

TEST_CASE("recent_pushes lists ref updates on readable projects, newest first",
          "[services][activity][push]")
{
    TempServices s;
    auto alice = s.add_user("alice");
    auto bob = s.add_user("bob");
    auto root = s.add_user("root", true);
    auto open = s.add_project_row("alice", "open", "public");
    auto inside = s.add_project_row("alice", "inside", "internal");
    auto secret = s.add_project_row("alice", "secret", "private");
    push(s, alice, open, {{zero, one, "refs/heads/main"}});
    push(s, alice, secret, {{one, two, "refs/heads/main"}, {one, zero, "refs/tags/v1"}});
    push(s, alice, inside, {{one, two, "refs/heads/dev"}});
    unwrap(svc::create_group(*s, Actor::user(alice, ""), "town")); // not a push

    using Lines = std::vector<std::string>;
    CHECK(events(s, auth::Viewer::anonymous()) == Lines{"alice/open create refs/heads/main"});
    CHECK(events(s, viewer_of(bob)) ==
          Lines{"alice/inside update refs/heads/dev", "alice/open create refs/heads/main"});
    CHECK(events(s, viewer_of(alice)) ==
          Lines{"alice/inside update refs/heads/dev", "alice/secret delete refs/tags/v1",
                "alice/secret update refs/heads/main", "alice/open create refs/heads/main"});
    CHECK(events(s, viewer_of(root)).size() == 4);
    auto blocked = alice;
    blocked.is_blocked = true;
    CHECK(events(s, viewer_of(blocked)).empty());

    auto latest = unwrap(svc::recent_pushes(*s, viewer_of(alice), 1));
    REQUIRE(latest.size() == 1);
    const PushEvent& event = latest[0];
    CHECK(event.actor == "alice");
    CHECK(event.old_id == one);
    CHECK(event.new_id == two);
    CHECK(event.detail == one + " " + two);
    CHECK(event.at > 0);

    // Events follow renames; those of deleted projects go.
    unwrap(svc::rename_project(*s, Actor::command_line(), {"alice", "open"}, "opened"));
    CHECK(events(s, auth::Viewer::anonymous()) == Lines{"alice/opened create refs/heads/main"});
    unwrap(svc::delete_project(*s, Actor::command_line(), {"alice", "secret"}));
    CHECK(events(s, viewer_of(root)) ==
          Lines{"alice/inside update refs/heads/dev", "alice/opened create refs/heads/main"});
}

TEST_CASE("my_projects lists projects the user is involved in, not merely visible ones",
          "[services][activity][mine]")
{
    TempServices s;
    auto alice = s.add_user("alice");
    auto bob = s.add_user("bob");
    auto dave = s.add_user("dave");
    auto root = s.add_user("root", true);
    auto town = s.add_group("town");
    auto crew = s.add_group("crew");
    s.add_member(town, dave, "reporter");
    s.add_member(crew, bob, "member");
    s.add_project_row("alice", "own-public", "public", 100);
    s.add_project_row("alice", "own-private", "private", 300);
    auto granted = s.add_project_row("alice", "granted", "private", 200);
    s.add_project_row("town", "group-private", "private");
    s.add_project_row("town", "group-public", "public");
    auto crew_granted = s.add_project_row("town", "crew-granted", "internal");
    s.add_project_row("root", "roots", "public");
    s.grant(granted, "bob", "read");
    s.grant(crew_granted, "@crew", "write");

    using Names = std::set<std::string>;
    auto mine = unwrap(svc::my_projects(*s, viewer_of(alice), 50));
    CHECK(names_of(mine) == Names{"alice/own-public", "alice/own-private", "alice/granted"});
    REQUIRE(mine.size() == 3);
    CHECK(mine[0].project.name == "own-private"); // most recent activity first
    CHECK(names_of(unwrap(svc::my_projects(*s, viewer_of(bob), 50))) ==
          Names{"alice/granted", "town/crew-granted"});
    CHECK(names_of(unwrap(svc::my_projects(*s, viewer_of(dave), 50))) ==
          Names{"town/group-private", "town/group-public", "town/crew-granted"});
    CHECK(names_of(unwrap(svc::my_projects(*s, viewer_of(root), 50))) == Names{"root/roots"});
    CHECK(unwrap(svc::my_projects(*s, auth::Viewer::anonymous(), 50)).empty());
    auto blocked = alice;
    blocked.is_blocked = true;
    CHECK(unwrap(svc::my_projects(*s, viewer_of(blocked), 50)).empty());
    CHECK(unwrap(svc::my_projects(*s, viewer_of(alice), 1)).size() == 1);
}
