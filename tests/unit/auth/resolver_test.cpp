// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/auth/test_printers.h"
#include "tests/unit/db/test_database.h"

#include "auth/access.h"
#include "auth/resolver.h"
#include "forge/db/database.h"
#include "forge/db/grant_store.h"
#include "forge/db/group_store.h"
#include "forge/db/project_store.h"
#include "forge/db/user_store.h"

#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

using auth::AccessLevel;
using auth::GroupRole;
using auth::ProjectFacts;
using auth::Viewer;
using auth::Visibility;
using forge::Result;
using forge::db::Connection;
using forge::db::NewProject;
using forge::db::NewUser;
using forge::db::OwnerRef;
using forge::db::ProjectRow;
using forge::test::TempDatabase;
using forge::test::unwrap;
namespace grant_store = forge::db::grant_store;
namespace group_store = forge::db::group_store;
namespace project_store = forge::db::project_store;
namespace user_store = forge::db::user_store;

namespace {

constexpr auto N = AccessLevel::none;
constexpr auto R = AccessLevel::read;
constexpr auto W = AccessLevel::write;
constexpr auto M = AccessLevel::maintain;
constexpr auto A = AccessLevel::admin;

constexpr Visibility visibilities[] = {Visibility::public_, Visibility::internal,
                                       Visibility::private_};
constexpr AccessLevel levels[] = {R, W, M, A};

// Written out rather than derived from the enum, so that the ordering of AccessLevel, on
// which every `level >= AccessLevel::write` check in the forge relies, is tested too.
int rank(AccessLevel level)
{
    switch (level) {
    case AccessLevel::none:
        return 0;
    case AccessLevel::read:
        return 1;
    case AccessLevel::write:
        return 2;
    case AccessLevel::maintain:
        return 3;
    case AccessLevel::admin:
        return 4;
    }
    return -1;
}

// Asserts the exact level and, for each of read, write, maintain and admin, whether the
// level suffices, the way callers ask.
void check_level(AccessLevel actual, AccessLevel expected)
{
    CHECK(actual == expected);
    for (auto wanted : levels) {
        INFO("may " << to_string(wanted) << "?");
        CHECK((actual >= wanted) == (rank(expected) >= rank(wanted)));
    }
}

AccessLevel expected_for(Visibility visibility, AccessLevel on_public, AccessLevel on_internal,
                         AccessLevel on_private)
{
    switch (visibility) {
    case Visibility::public_:
        return on_public;
    case Visibility::internal:
        return on_internal;
    case Visibility::private_:
        return on_private;
    }
    return N;
}

Viewer make_viewer(std::optional<int64_t> user_id, bool is_admin, bool is_blocked)
{
    Viewer viewer;
    viewer.user_id = user_id;
    viewer.is_admin = is_admin;
    viewer.is_blocked = is_blocked;
    return viewer;
}

const Viewer anonymous = Viewer::anonymous();
const Viewer signed_in = make_viewer(7, false, false);
const Viewer site_admin = make_viewer(7, true, false);
const Viewer blocked = make_viewer(7, false, true);
const Viewer blocked_admin = make_viewer(7, true, true);

// Builds ProjectFacts one source at a time: role(member).direct(R).groups({W}).
struct FactsBuilder {
    ProjectFacts built;

    FactsBuilder project_owner() const
    {
        auto copy = *this;
        copy.built.viewer_is_owner = true;
        return copy;
    }
    FactsBuilder role(GroupRole r) const
    {
        auto copy = *this;
        copy.built.role_in_owning_group = r;
        return copy;
    }
    FactsBuilder direct(AccessLevel level) const
    {
        auto copy = *this;
        copy.built.direct_grant = level;
        return copy;
    }
    FactsBuilder groups(std::vector<AccessLevel> granted) const
    {
        auto copy = *this;
        copy.built.group_grants = std::move(granted);
        return copy;
    }
    operator ProjectFacts() const { return built; }
};

const FactsBuilder no_facts{};
FactsBuilder project_owner()
{
    return no_facts.project_owner();
}
FactsBuilder role(GroupRole r)
{
    return no_facts.role(r);
}
FactsBuilder direct(AccessLevel level)
{
    return no_facts.direct(level);
}
FactsBuilder groups(std::vector<AccessLevel> granted)
{
    return no_facts.groups(std::move(granted));
}
constexpr auto reporter = GroupRole::reporter;
constexpr auto member = GroupRole::member;
constexpr auto maintainer = GroupRole::maintainer;
constexpr auto group_owner = GroupRole::owner;

// One viewer with the facts about one project (its visibility left out: every row is
// checked against each visibility), and the level expected for each visibility.
struct DecideRow {
    const char* who;
    Viewer viewer;
    ProjectFacts facts;
    AccessLevel on_public;
    AccessLevel on_internal;
    AccessLevel on_private;
};

// Each row: the levels expected on a public, an internal and a private project, then the
// viewer and the facts, which also name the row in failure messages.
// clang-format off
#define ROW(on_public, on_internal, on_private, viewer, ...)                                    \
    DecideRow{#viewer " with " #__VA_ARGS__, viewer, __VA_ARGS__, on_public, on_internal,      \
              on_private}
const std::vector<DecideRow> decide_rows = {
    //  pub int priv   viewer         facts
    ROW(R, N, N,   anonymous,     no_facts),
    ROW(R, R, N,   signed_in,     no_facts),
    ROW(R, R, R,   signed_in,     role(reporter)),
    ROW(W, W, W,   signed_in,     role(member)),
    ROW(M, M, M,   signed_in,     role(maintainer)),
    ROW(A, A, A,   signed_in,     role(group_owner)),
    ROW(R, R, R,   signed_in,     direct(R)),
    ROW(W, W, W,   signed_in,     direct(W)),
    ROW(M, M, M,   signed_in,     direct(M)),
    ROW(A, A, A,   signed_in,     direct(A)),
    ROW(R, R, R,   signed_in,     groups({R})),
    ROW(W, W, W,   signed_in,     groups({W})),
    ROW(M, M, M,   signed_in,     groups({M})),
    ROW(A, A, A,   signed_in,     groups({A})),
    ROW(A, A, A,   signed_in,     project_owner()),
    ROW(A, A, A,   site_admin,    no_facts),
    ROW(A, A, A,   site_admin,    direct(R)),
    ROW(N, N, N,   blocked,       no_facts),
    ROW(N, N, N,   blocked,       direct(A)),
    ROW(N, N, N,   blocked,       groups({A})),
    ROW(N, N, N,   blocked,       role(group_owner)),
    ROW(N, N, N,   blocked,       project_owner()),
    ROW(N, N, N,   blocked_admin, no_facts),
    ROW(N, N, N,   blocked_admin, project_owner()),
    // combinations: the highest source wins, whichever it is
    ROW(W, W, W,   signed_in,     role(reporter).direct(W)),
    ROW(W, W, W,   signed_in,     role(member).direct(R)),
    ROW(M, M, M,   signed_in,     role(maintainer).groups({R}).direct(W)),
    ROW(A, A, A,   signed_in,     role(group_owner).direct(R)),
    ROW(M, M, M,   signed_in,     role(reporter).groups({M})),
    ROW(W, W, W,   signed_in,     direct(R).groups({W})),
    ROW(A, A, A,   signed_in,     direct(A).groups({R})),
    ROW(A, A, A,   signed_in,     groups({R, A, W})),
    ROW(W, W, W,   signed_in,     groups({W, R})),
    ROW(A, A, A,   signed_in,     project_owner().direct(R)),
    ROW(A, A, A,   signed_in,     project_owner().groups({R})),
};
#undef ROW
// clang-format on

} // namespace

TEST_CASE("viewers", "[auth][resolver]")
{
    CHECK_FALSE(Viewer::anonymous().signed_in());
    CHECK_FALSE(Viewer::anonymous().is_admin);
    CHECK_FALSE(Viewer::anonymous().is_blocked);
    CHECK(signed_in.signed_in());
}

TEST_CASE("decide: the full matrix of viewers, sources and visibilities", "[auth][resolver]")
{
    for (const auto& row : decide_rows) {
        for (auto visibility : visibilities) {
            INFO(row.who << ", visibility " << to_string(visibility));
            auto facts = row.facts;
            facts.visibility = visibility;
            auto expected =
                expected_for(visibility, row.on_public, row.on_internal, row.on_private);
            check_level(auth::decide(row.viewer, facts), expected);
        }
    }
}

TEST_CASE("decide: visibility alone", "[auth][resolver]")
{
    // The three rules of visibility, stated once more on their own.
    ProjectFacts facts;
    facts.visibility = Visibility::public_;
    CHECK(auth::decide(anonymous, facts) == R);
    CHECK(auth::decide(signed_in, facts) == R);
    CHECK(auth::decide(blocked, facts) == N);
    facts.visibility = Visibility::internal;
    CHECK(auth::decide(anonymous, facts) == N);
    CHECK(auth::decide(signed_in, facts) == R);
    facts.visibility = Visibility::private_;
    CHECK(auth::decide(anonymous, facts) == N);
    CHECK(auth::decide(signed_in, facts) == N);
    // The default facts are the safe ones.
    CHECK(auth::decide(signed_in, ProjectFacts{}) == N);
}

TEST_CASE("read_scope says what decide says about reading", "[auth][resolver][scope]")
{
    CHECK(auth::read_scope(anonymous) == auth::ReadScope::public_only);
    CHECK(auth::read_scope(signed_in) == auth::ReadScope::signed_in);
    CHECK(auth::read_scope(site_admin) == auth::ReadScope::everything);
    CHECK(auth::read_scope(blocked) == auth::ReadScope::nothing);
    CHECK(auth::read_scope(blocked_admin) == auth::ReadScope::nothing);

    // Each scope, checked against decide() for every row of the matrix: anonymous viewers
    // read exactly the public projects whatever else is true, blocked viewers nothing,
    // administrators everything, and other users what visibility or any relation gives.
    for (const auto& row : decide_rows) {
        for (auto visibility : visibilities) {
            INFO(row.who << ", visibility " << to_string(visibility));
            auto facts = row.facts;
            facts.visibility = visibility;
            bool reads = auth::decide(row.viewer, facts) != N;
            bool involved = facts.viewer_is_owner || facts.role_in_owning_group ||
                            facts.direct_grant || !facts.group_grants.empty();
            switch (auth::read_scope(row.viewer)) {
            case auth::ReadScope::nothing:
                CHECK_FALSE(reads);
                break;
            case auth::ReadScope::public_only:
                CHECK(reads == (visibility == Visibility::public_));
                break;
            case auth::ReadScope::signed_in:
                CHECK(reads == (visibility != Visibility::private_ || involved));
                break;
            case auth::ReadScope::everything:
                CHECK(reads);
                break;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The same rules through auth::Resolver, from real rows.

namespace {

// Users, groups, projects and grants:
//   alice/{public,internal,private}    owned by the user alice
//   town/{public,internal,private}     owned by the group town            ("project A")
//   town/b-{public,internal,private}   owned by town, granted to nobody but the group
//                                      elsewhere                          ("project B")
//   carol/{public,internal,private}    owned by carol, who is blocked
// Direct grants dread..dadmin and group grants readers..admins (whose members are owners
// of those groups, which must not make them owners of anything else) on alice/* and town/*.
struct World {
    TempDatabase db;
    std::map<std::string, int64_t> users;
    std::map<std::string, ProjectRow> projects; // by path, e.g. "town/b-private"

    World() { build(); }

    Viewer viewer(const std::string& name)
    {
        if (name == "anonymous")
            return Viewer::anonymous();
        auto found = users.find(name);
        if (found == users.end())
            throw std::runtime_error("no user '" + name + "' in the test world");
        return unwrap(auth::Resolver(*db).viewer_for(found->second));
    }
    const ProjectRow& project(const std::string& path)
    {
        auto found = projects.find(path);
        if (found == projects.end())
            throw std::runtime_error("no project '" + path + "' in the test world");
        return found->second;
    }

  private:
    void build();
};

void World::build()
{
    const std::vector<std::string> names = {
        "alice",     "outsider",  "reporter",     "member", "maintainer", "gowner",    "dread",
        "dwrite",    "dmaintain", "dadmin",       "gread",  "gwrite",     "gmaintain", "gadmin",
        "siteadmin", "blocked",   "blockedadmin", "carol",  "stranger",   "combo",     "combo2"};
    db.write([&](Connection& c) -> Result<void> {
        for (const auto& name : names) {
            bool admin = name == "siteadmin" || name == "blockedadmin";
            users[name] =
                TRY(user_store::insert(c, NewUser{name, name + "@example.org", "", admin}, 1000));
        }
        for (const char* name : {"blocked", "blockedadmin", "carol"})
            TRY(user_store::set_blocked(c, users[name], true));

        std::map<std::string, int64_t> group_ids;
        for (const char* name :
             {"town", "readers", "writers", "maintainers", "admins", "elsewhere"})
            group_ids[name] = TRY(group_store::insert(c, name, 1000));
        struct Membership {
            const char* group;
            const char* user;
            const char* role;
        };
        // clang-format off
        for (auto m : {Membership{"town",        "reporter",   "reporter"},
                       Membership{"town",        "member",     "member"},
                       Membership{"town",        "maintainer", "maintainer"},
                       Membership{"town",        "gowner",     "owner"},
                       Membership{"town",        "blocked",    "owner"},
                       Membership{"town",        "combo",      "reporter"},
                       Membership{"town",        "combo2",     "maintainer"},
                       Membership{"readers",     "gread",      "owner"},
                       Membership{"readers",     "combo",      "member"},
                       Membership{"writers",     "gwrite",     "owner"},
                       Membership{"maintainers", "gmaintain",  "owner"},
                       Membership{"admins",      "gadmin",     "owner"},
                       Membership{"elsewhere",   "stranger",   "owner"}})
            // clang-format on
            TRY(group_store::set_member(c, group_ids[m.group], users[m.user], m.role));

        for (std::string visibility : {"public", "internal", "private"}) {
            struct Owned {
                OwnerRef owner;
                std::string name;
            };
            for (const auto& p :
                 {Owned{{OwnerRef::Kind::user, users["alice"], "alice"}, visibility},
                  Owned{{OwnerRef::Kind::group, group_ids["town"], "town"}, visibility},
                  Owned{{OwnerRef::Kind::group, group_ids["town"], "town"}, "b-" + visibility},
                  Owned{{OwnerRef::Kind::user, users["carol"], "carol"}, visibility}}) {
                auto id = TRY(
                    project_store::insert(c, NewProject{p.owner, p.name, "", visibility}, 1000));
                auto row = TRY(project_store::by_id(c, id));
                if (!row)
                    return forge::Error::internal("project vanished");
                projects[p.owner.name + "/" + p.name] = *row;
            }
            for (const auto& path : {"alice/" + visibility, "town/" + visibility}) {
                auto id = projects[path].id;
                TRY(grant_store::set_user_grant(c, id, users["dread"], "read"));
                TRY(grant_store::set_user_grant(c, id, users["dwrite"], "write"));
                TRY(grant_store::set_user_grant(c, id, users["dmaintain"], "maintain"));
                TRY(grant_store::set_user_grant(c, id, users["dadmin"], "admin"));
                TRY(grant_store::set_user_grant(c, id, users["blocked"], "admin"));
                TRY(grant_store::set_user_grant(c, id, users["combo"], "write"));
                TRY(grant_store::set_group_grant(c, id, group_ids["readers"], "read"));
                TRY(grant_store::set_group_grant(c, id, group_ids["writers"], "write"));
                TRY(grant_store::set_group_grant(c, id, group_ids["maintainers"], "maintain"));
                TRY(grant_store::set_group_grant(c, id, group_ids["admins"], "admin"));
            }
            TRY(grant_store::set_user_grant(c, projects["town/" + visibility].id, users["combo2"],
                                            "read"));
            TRY(grant_store::set_group_grant(c, projects["town/b-" + visibility].id,
                                             group_ids["elsewhere"], "admin"));
        }
        return {};
    });
}

struct ResolverRow {
    const char* viewer;
    const char* projects; // path prefix; the visibility completes it
    AccessLevel on_public;
    AccessLevel on_internal;
    AccessLevel on_private;
};

// clang-format off
const std::vector<ResolverRow> resolver_rows = {
    // viewer          projects    public internal private
    // alice's own projects: ownership; roles in town count for nothing here
    {"anonymous",      "alice/",   R, N, N},
    {"outsider",       "alice/",   R, R, N},
    {"alice",          "alice/",   A, A, A},
    {"reporter",       "alice/",   R, R, N},
    {"member",         "alice/",   R, R, N},
    {"maintainer",     "alice/",   R, R, N},
    {"gowner",         "alice/",   R, R, N},
    {"dread",          "alice/",   R, R, R},
    {"dwrite",         "alice/",   W, W, W},
    {"dmaintain",      "alice/",   M, M, M},
    {"dadmin",         "alice/",   A, A, A},
    {"gread",          "alice/",   R, R, R},
    {"gwrite",         "alice/",   W, W, W},
    {"gmaintain",      "alice/",   M, M, M},
    {"gadmin",         "alice/",   A, A, A},
    {"siteadmin",      "alice/",   A, A, A},
    {"blocked",        "alice/",   N, N, N},
    {"blockedadmin",   "alice/",   N, N, N},
    {"carol",          "alice/",   N, N, N},
    {"stranger",       "alice/",   R, R, N},
    {"combo",          "alice/",   W, W, W},
    {"combo2",         "alice/",   R, R, N},
    // town's projects with grants: roles in the owning group count
    {"anonymous",      "town/",    R, N, N},
    {"outsider",       "town/",    R, R, N},
    {"alice",          "town/",    R, R, N},
    {"reporter",       "town/",    R, R, R},
    {"member",         "town/",    W, W, W},
    {"maintainer",     "town/",    M, M, M},
    {"gowner",         "town/",    A, A, A},
    {"dread",          "town/",    R, R, R},
    {"dwrite",         "town/",    W, W, W},
    {"dmaintain",      "town/",    M, M, M},
    {"dadmin",         "town/",    A, A, A},
    {"gread",          "town/",    R, R, R},
    {"gwrite",         "town/",    W, W, W},
    {"gmaintain",      "town/",    M, M, M},
    {"gadmin",         "town/",    A, A, A},
    {"siteadmin",      "town/",    A, A, A},
    {"blocked",        "town/",    N, N, N},
    {"blockedadmin",   "town/",    N, N, N},
    {"carol",          "town/",    N, N, N},
    {"stranger",       "town/",    R, R, N},
    {"combo",          "town/",    W, W, W},
    {"combo2",         "town/",    M, M, M},
    // town's other projects: grants on A give nothing on B; roles in town still count
    {"anonymous",      "town/b-",  R, N, N},
    {"outsider",       "town/b-",  R, R, N},
    {"alice",          "town/b-",  R, R, N},
    {"reporter",       "town/b-",  R, R, R},
    {"member",         "town/b-",  W, W, W},
    {"maintainer",     "town/b-",  M, M, M},
    {"gowner",         "town/b-",  A, A, A},
    {"dread",          "town/b-",  R, R, N},
    {"dwrite",         "town/b-",  R, R, N},
    {"dmaintain",      "town/b-",  R, R, N},
    {"dadmin",         "town/b-",  R, R, N},
    {"gread",          "town/b-",  R, R, N},
    {"gwrite",         "town/b-",  R, R, N},
    {"gmaintain",      "town/b-",  R, R, N},
    {"gadmin",         "town/b-",  R, R, N},
    {"siteadmin",      "town/b-",  A, A, A},
    {"blocked",        "town/b-",  N, N, N},
    {"stranger",       "town/b-",  A, A, A},
    {"combo",          "town/b-",  R, R, R},
    {"combo2",         "town/b-",  M, M, M},
    // a blocked owner loses even their own projects; others see them by visibility
    {"carol",          "carol/",   N, N, N},
    {"anonymous",      "carol/",   R, N, N},
    {"outsider",       "carol/",   R, R, N},
    {"dadmin",         "carol/",   R, R, N},
    {"gadmin",         "carol/",   R, R, N},
    {"stranger",       "carol/",   R, R, N},
    {"siteadmin",      "carol/",   A, A, A},
};
// clang-format on

std::string path_of(const ResolverRow& row, Visibility visibility)
{
    return row.projects + std::string(to_string(visibility));
}

} // namespace

TEST_CASE("Resolver: the matrix from real rows", "[auth][resolver]")
{
    World world;
    auth::Resolver resolver(*world.db);
    for (const auto& row : resolver_rows) {
        auto viewer = world.viewer(row.viewer);
        for (auto visibility : visibilities) {
            auto path = path_of(row, visibility);
            INFO(row.viewer << " on " << path);
            const auto& project = world.project(path);
            REQUIRE(project.visibility == to_string(visibility));
            auto expected =
                expected_for(visibility, row.on_public, row.on_internal, row.on_private);

            auto access = resolver.access(viewer, project);
            REQUIRE_FALSE(access.is_error());
            check_level(access.value(), expected);

            // The overload for callers inside a transaction agrees.
            auto inside = world.db.read(
                [&](Connection& c) { return auth::Resolver::access(c, viewer, project); });
            CHECK(inside == expected);
        }
    }
}

TEST_CASE("Resolver: viewer_for reads the current flags", "[auth][resolver]")
{
    World world;
    auth::Resolver resolver(*world.db);

    auto alice = unwrap(resolver.viewer_for(world.users["alice"]));
    CHECK(alice.user_id == std::optional<int64_t>(world.users["alice"]));
    CHECK(alice.signed_in());
    CHECK_FALSE(alice.is_admin);
    CHECK_FALSE(alice.is_blocked);

    auto admin = unwrap(resolver.viewer_for(world.users["siteadmin"]));
    CHECK(admin.user_id == std::optional<int64_t>(world.users["siteadmin"]));
    CHECK(admin.is_admin);
    CHECK_FALSE(admin.is_blocked);

    auto blocked_admin_viewer = unwrap(resolver.viewer_for(world.users["blockedadmin"]));
    CHECK(blocked_admin_viewer.is_admin);
    CHECK(blocked_admin_viewer.is_blocked);

    auto gone = unwrap(resolver.viewer_for(999'999));
    CHECK_FALSE(gone.signed_in());
    CHECK_FALSE(gone.is_admin);
    CHECK(auth::Resolver(*world.db).access(gone, world.project("town/private")).value() == N);
    CHECK(auth::Resolver(*world.db).access(gone, world.project("town/public")).value() == R);
}

TEST_CASE("Resolver: changes show at the next question", "[auth][resolver]")
{
    World world;
    auth::Resolver resolver(*world.db);
    const auto& town_private = world.project("town/private");
    auto level = [&](const std::string& name, const ProjectRow& project) {
        return unwrap(resolver.access(world.viewer(name), project));
    };

    SECTION("a revoked direct grant")
    {
        REQUIRE(level("dwrite", town_private) == W);
        world.db.write([&](Connection& c) {
            return grant_store::revoke_user(c, town_private.id, world.users["dwrite"]);
        });
        CHECK(level("dwrite", town_private) == N);
        CHECK(level("dwrite", world.project("alice/private")) == W);
    }
    SECTION("a revoked group grant")
    {
        REQUIRE(level("gmaintain", town_private) == M);
        auto maintainers =
            world.db.read([](Connection& c) { return group_store::by_name(c, "maintainers"); });
        REQUIRE(maintainers.has_value());
        world.db.write([&](Connection& c) {
            return grant_store::revoke_group(c, town_private.id, maintainers->id);
        });
        CHECK(level("gmaintain", town_private) == N);
    }
    SECTION("a changed group grant")
    {
        auto readers =
            world.db.read([](Connection& c) { return group_store::by_name(c, "readers"); });
        REQUIRE(readers.has_value());
        world.db.write([&](Connection& c) {
            return grant_store::set_group_grant(c, town_private.id, readers->id, "maintain");
        });
        CHECK(level("gread", town_private) == M);
    }
    SECTION("a changed role")
    {
        REQUIRE(level("reporter", town_private) == R);
        auto town = world.db.read([](Connection& c) { return group_store::by_name(c, "town"); });
        REQUIRE(town.has_value());
        world.db.write([&](Connection& c) {
            return group_store::set_member(c, town->id, world.users["reporter"], "owner");
        });
        CHECK(level("reporter", town_private) == A);
    }
    SECTION("blocking and unblocking")
    {
        REQUIRE(level("member", world.project("town/public")) == W);
        world.db.write(
            [&](Connection& c) { return user_store::set_blocked(c, world.users["member"], true); });
        CHECK(level("member", world.project("town/public")) == N);
        world.db.write([&](Connection& c) {
            return user_store::set_blocked(c, world.users["member"], false);
        });
        CHECK(level("member", world.project("town/public")) == W);
    }
    SECTION("promotion to site administrator")
    {
        REQUIRE(level("outsider", town_private) == N);
        world.db.write(
            [&](Connection& c) { return user_store::set_admin(c, world.users["outsider"], true); });
        CHECK(level("outsider", town_private) == A);
    }
}

TEST_CASE("pushes need write, protected branches maintain and no force or deletion",
          "[auth][resolver][push]")
{
    using auth::BranchChange;
    CHECK_FALSE(auth::may_push(AccessLevel::none));
    CHECK_FALSE(auth::may_push(AccessLevel::read));
    CHECK(auth::may_push(AccessLevel::write));
    CHECK(auth::may_push(AccessLevel::admin));
    for (auto level : {AccessLevel::read, AccessLevel::write}) {
        INFO(to_string(level));
        CHECK(auth::protected_branch_refusal(level, BranchChange::update) ==
              "protected branch needs maintain access");
    }
    for (auto level : {AccessLevel::maintain, AccessLevel::admin}) {
        INFO(to_string(level));
        CHECK(auth::protected_branch_refusal(level, BranchChange::update).empty());
        CHECK(auth::protected_branch_refusal(level, BranchChange::force_update) ==
              "protected branch cannot be force-pushed");
        CHECK(auth::protected_branch_refusal(level, BranchChange::deletion) ==
              "protected branch cannot be deleted");
    }
}
