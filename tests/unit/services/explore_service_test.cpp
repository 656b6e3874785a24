// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/services/services_fixture.h"

#include "auth/access.h"
#include "auth/resolver.h"
#include "forge/db/project_store.h"
#include "forge/services/access_checks.h"
#include "forge/services/explore_service.h"

#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using auth::AccessLevel;
using auth::Viewer;
using forge::Result;
using forge::db::Connection;
using forge::db::ProjectRow;
using forge::db::UserRow;
using forge::services::GroupSummary;
using forge::services::list_groups;
using forge::services::list_projects;
using forge::services::open_owner;
using forge::services::ProjectQuery;
using forge::services::ProjectSummary;
using forge::test::code_of;
using forge::test::TempServices;
using forge::test::unwrap;
using forge::test::viewer_of;
namespace project_store = forge::db::project_store;

namespace {

std::vector<std::string> names_of(const std::vector<ProjectSummary>& projects)
{
    std::vector<std::string> names;
    for (const auto& summary : projects)
        names.push_back(summary.owner + "/" + summary.project.name);
    return names;
}

std::set<std::string> name_set(const std::vector<ProjectSummary>& projects)
{
    auto names = names_of(projects);
    return {names.begin(), names.end()};
}

std::set<std::string> listed(TempServices& s, const Viewer& viewer, ProjectQuery query = {})
{
    query.limit = 500;
    return name_set(unwrap(list_projects(*s, viewer, query)));
}

// What the resolver lets the viewer read, project by project: the authority.
std::set<int64_t> readable_by_resolver(TempServices& s, const Viewer& viewer)
{
    return unwrap(s->database().read([&](Connection& c) -> Result<std::set<int64_t>> {
        std::set<int64_t> ids;
        auto all = TRY(project_store::list(
            c, {{forge::db::ProjectReader::Kind::everything, 0}, "", "", 0, 100000}));
        for (const auto& project : all)
            if (TRY(auth::Resolver::access(c, viewer, project)) != AccessLevel::none)
                ids.insert(project.id);
        return ids;
    }));
}

// What the SQL filter alone returns, before the resolver confirms it.
std::set<int64_t> readable_by_sql(TempServices& s, const Viewer& viewer)
{
    return unwrap(s->database().read([&](Connection& c) -> Result<std::set<int64_t>> {
        auto rows =
            TRY(project_store::list(c, {forge::services::reader_for(viewer), "", "", 0, 100000}));
        std::set<int64_t> ids;
        for (const auto& row : rows)
            ids.insert(row.id);
        return ids;
    }));
}

std::set<int64_t> ids_of(const std::vector<ProjectSummary>& projects)
{
    std::set<int64_t> ids;
    for (const auto& summary : projects)
        ids.insert(summary.project.id);
    return ids;
}

void check_same_as_resolver(TempServices& s, const Viewer& viewer)
{
    auto expected = readable_by_resolver(s, viewer);
    CHECK(readable_by_sql(s, viewer) == expected);
    CHECK(ids_of(unwrap(list_projects(*s, viewer, ProjectQuery{"", "", 0, 500}))) == expected);
}

// Users, groups and projects of every visibility under users and groups, with every kind
// of relation a user can have to a project.
struct World {
    TempServices s;
    UserRow alice = s.add_user("alice"); // owns alice/*, owner of group town
    UserRow bob = s.add_user("bob");     // direct grants
    UserRow carol = s.add_user("carol"); // no relations at all
    UserRow olga = s.add_user("olga");   // owns olga/*
    UserRow dave = s.add_user("dave");   // reporter in town
    UserRow erin = s.add_user("erin");   // member of the granted group crew
    UserRow root = s.add_user("root", true);
    UserRow mallory = s.add_user("mallory");
    UserRow fallen = s.add_user("fallen", true); // a blocked administrator

    World()
    {
        auto town = s.add_group("town");
        auto crew = s.add_group("crew");
        s.add_member(town, alice, "owner");
        s.add_member(town, dave, "reporter");
        s.add_member(crew, erin, "member");
        for (const char* owner : {"alice", "town", "olga"})
            for (const char* visibility : {"public", "internal", "private"})
                s.add_project_row(owner, visibility, visibility);
        auto granted = s.add_project_row("olga", "granted", "private");
        s.grant(granted, "bob", "read");
        s.grant(granted, "@crew", "write");
        auto crew_only = s.add_project_row("town", "crew-only", "private");
        s.grant(crew_only, "@crew", "read");
        mallory.is_blocked = true;
        fallen.is_blocked = true;
    }

    std::vector<std::pair<std::string, Viewer>> viewers() const
    {
        return {{"anonymous", Viewer::anonymous()},
                {"alice", viewer_of(alice)},
                {"bob", viewer_of(bob)},
                {"carol", viewer_of(carol)},
                {"olga", viewer_of(olga)},
                {"dave", viewer_of(dave)},
                {"erin", viewer_of(erin)},
                {"root", viewer_of(root)},
                {"mallory", viewer_of(mallory)},
                {"fallen", viewer_of(fallen)}};
    }
};

} // namespace

TEST_CASE("list_projects shows each viewer what the resolver lets them read",
          "[services][explore][rights]")
{
    World world;
    for (const auto& [name, viewer] : world.viewers()) {
        INFO("viewer " << name);
        check_same_as_resolver(world.s, viewer);
    }

    // The same spelled out, so that a rule changed in both places still shows here.
    using Names = std::set<std::string>;
    Names everyone{"alice/public", "town/public", "olga/public"};
    Names signed_in{"alice/public",   "town/public",   "olga/public",
                    "alice/internal", "town/internal", "olga/internal"};
    auto with = [](Names names, std::initializer_list<const char*> more) {
        names.insert(more.begin(), more.end());
        return names;
    };
    CHECK(listed(world.s, Viewer::anonymous()) == everyone);
    CHECK(listed(world.s, viewer_of(world.carol)) == signed_in);
    CHECK(listed(world.s, viewer_of(world.alice)) ==
          with(signed_in, {"alice/private", "town/private", "town/crew-only"}));
    CHECK(listed(world.s, viewer_of(world.dave)) ==
          with(signed_in, {"town/private", "town/crew-only"}));
    CHECK(listed(world.s, viewer_of(world.bob)) == with(signed_in, {"olga/granted"}));
    CHECK(listed(world.s, viewer_of(world.erin)) ==
          with(signed_in, {"olga/granted", "town/crew-only"}));
    CHECK(listed(world.s, viewer_of(world.root)).size() == 11);
    CHECK(listed(world.s, viewer_of(world.mallory)).empty());
    CHECK(listed(world.s, viewer_of(world.fallen)).empty());
}

TEST_CASE("list_projects agrees with the resolver on random worlds", "[services][explore][rights]")
{
    const char* visibilities[] = {"public", "internal", "private"};
    const char* roles[] = {"owner", "maintainer", "member", "reporter"};
    const char* levels[] = {"read", "write", "maintain", "admin"};
    for (unsigned seed = 1; seed <= 4; ++seed) {
        INFO("seed " << seed);
        std::mt19937 random(seed);
        auto pick = [&](size_t n) {
            return static_cast<size_t>(random() % n);
        };
        TempServices s;
        std::vector<UserRow> users;
        std::vector<forge::db::GroupRow> groups;
        for (int i = 0; i < 6; ++i)
            users.push_back(s.add_user("user" + std::to_string(i), i == 0));
        for (int i = 0; i < 3; ++i)
            groups.push_back(s.add_group("group" + std::to_string(i)));
        for (int i = 0; i < 8; ++i)
            s.add_member(groups[pick(3)], users[pick(6)], roles[pick(4)]);
        for (int i = 0; i < 30; ++i) {
            std::string owner = pick(2) ? users[pick(6)].name : groups[pick(3)].name;
            auto project = s.add_project_row(owner, "p" + std::to_string(i), visibilities[pick(3)]);
            for (int g = static_cast<int>(pick(3)); g > 0; --g) {
                bool to_group = pick(2) == 1;
                s.grant(project, to_group ? "@" + groups[pick(3)].name : users[pick(6)].name,
                        levels[pick(4)]);
            }
        }
        check_same_as_resolver(s, Viewer::anonymous());
        for (auto user : users) {
            INFO("user " << user.name);
            check_same_as_resolver(s, viewer_of(user));
            user.is_blocked = true;
            check_same_as_resolver(s, viewer_of(user));
        }
    }
}

TEST_CASE("list_projects matches text in names and descriptions, wildcards literally",
          "[services][explore][search]")
{
    TempServices s;
    s.add_user("alice");
    s.add_project_row("alice", "parking-app", "public");
    s.add_project_row("alice", "tax_form", "public");
    auto described = s.add_project_row("alice", "other", "public");
    unwrap(s->database().write([&](Connection& c) {
        return project_store::update_settings(c, described.id, "Counts 100% of PARKING spaces",
                                              "public", "main", 1);
    }));
    auto found = [&](const std::string& text) {
        ProjectQuery query;
        query.text = text;
        return listed(s, Viewer::anonymous(), query);
    };
    CHECK(found("parking") == std::set<std::string>{"alice/parking-app", "alice/other"});
    CHECK(found("PARK") == std::set<std::string>{"alice/parking-app", "alice/other"});
    CHECK(found("100%") == std::set<std::string>{"alice/other"});
    CHECK(found("%").size() == 1);
    CHECK(found("_") == std::set<std::string>{"alice/tax_form"});
    CHECK(found("x_f") == std::set<std::string>{"alice/tax_form"});
    CHECK(found("nothing-like-this").empty());
    CHECK(found("").size() == 3);
}

TEST_CASE("list_projects sorts by activity, pages, and filters by owner",
          "[services][explore][order]")
{
    TempServices s;
    s.add_user("alice");
    s.add_user("bob");
    s.add_project_row("alice", "old", "public", 1000);
    s.add_project_row("alice", "new", "public", 3000);
    s.add_project_row("bob", "middle", "public", 2000);

    auto all = unwrap(list_projects(*s, Viewer::anonymous(), {}));
    CHECK(names_of(all) == std::vector<std::string>{"alice/new", "bob/middle", "alice/old"});
    CHECK(all[0].last_activity == 3000);
    CHECK_FALSE(all[0].owner_is_group);

    auto second = unwrap(list_projects(*s, Viewer::anonymous(), {"", "", 1, 1}));
    CHECK(names_of(second) == std::vector<std::string>{"bob/middle"});
    auto alices = unwrap(list_projects(*s, Viewer::anonymous(), {"", "alice", 0, 50}));
    CHECK(names_of(alices) == std::vector<std::string>{"alice/new", "alice/old"});
    CHECK(unwrap(list_projects(*s, Viewer::anonymous(), {"", "nobody", 0, 50})).empty());
    CHECK(unwrap(list_projects(*s, Viewer::anonymous(), {"", "", 0, 0})).empty());
}

TEST_CASE("list_groups counts only the projects the viewer may read", "[services][explore][groups]")
{
    World world;
    auto groups = [&](const Viewer& viewer, const std::string& text = "") {
        std::map<std::string, int64_t> counts;
        for (const auto& summary : unwrap(list_groups(*world.s, viewer, text, 0, 50)))
            counts[summary.group.name] = summary.project_count;
        return counts;
    };
    using Counts = std::map<std::string, int64_t>;
    CHECK(groups(Viewer::anonymous()) == Counts{{"crew", 0}, {"town", 1}});
    CHECK(groups(viewer_of(world.carol)) == Counts{{"crew", 0}, {"town", 2}});
    CHECK(groups(viewer_of(world.erin)) == Counts{{"crew", 0}, {"town", 3}});
    CHECK(groups(viewer_of(world.alice)) == Counts{{"crew", 0}, {"town", 4}});
    CHECK(groups(viewer_of(world.root)) == Counts{{"crew", 0}, {"town", 4}});
    CHECK(groups(viewer_of(world.mallory)) == Counts{{"crew", 0}, {"town", 0}});
    CHECK(groups(Viewer::anonymous(), "TOW") == Counts{{"town", 1}});
    CHECK(groups(Viewer::anonymous(), "%").empty());

    auto paged = unwrap(list_groups(*world.s, Viewer::anonymous(), "", 1, 1));
    REQUIRE(paged.size() == 1);
    CHECK(paged[0].group.name == "town");
}

TEST_CASE("open_owner shows a user or a group with the projects the viewer may read",
          "[services][explore][owner]")
{
    World world;
    auto alice_for_anonymous = unwrap(open_owner(*world.s, Viewer::anonymous(), "alice"));
    CHECK(alice_for_anonymous.owner.kind == forge::db::OwnerRef::Kind::user);
    REQUIRE(alice_for_anonymous.user);
    CHECK_FALSE(alice_for_anonymous.group);
    CHECK(alice_for_anonymous.user->name == "alice");
    CHECK(alice_for_anonymous.user->email.empty());
    CHECK(alice_for_anonymous.user->password_hash.empty());
    CHECK(name_set(alice_for_anonymous.projects) == std::set<std::string>{"alice/public"});

    auto alice_for_herself = unwrap(open_owner(*world.s, viewer_of(world.alice), "alice"));
    REQUIRE(alice_for_herself.user);
    CHECK(alice_for_herself.user->email == "alice@example.org");
    CHECK(alice_for_herself.projects.size() == 3);
    auto alice_for_root = unwrap(open_owner(*world.s, viewer_of(world.root), "alice"));
    CHECK(alice_for_root.user->email == "alice@example.org");
    auto alice_for_carol = unwrap(open_owner(*world.s, viewer_of(world.carol), "alice"));
    CHECK(alice_for_carol.user->email.empty());
    CHECK(alice_for_carol.projects.size() == 2);

    auto town = unwrap(open_owner(*world.s, viewer_of(world.erin), "town"));
    CHECK(town.owner.kind == forge::db::OwnerRef::Kind::group);
    REQUIRE(town.group);
    CHECK_FALSE(town.user);
    CHECK(name_set(town.projects) ==
          std::set<std::string>{"town/public", "town/internal", "town/crew-only"});
    for (const auto& project : town.projects)
        CHECK(project.owner_is_group);

    CHECK(code_of(open_owner(*world.s, Viewer::anonymous(), "nobody")) == "not_found");
}
