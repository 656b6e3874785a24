// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/db/test_database.h"

#include "forge/db/audit_store.h"
#include "forge/db/credential_store.h"
#include "forge/db/database.h"
#include "forge/db/grant_store.h"
#include "forge/db/group_store.h"
#include "forge/db/project_store.h"
#include "forge/db/protected_branch_store.h"
#include "forge/db/statement.h"
#include "forge/db/user_store.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

using forge::ErrorCode;
using forge::Result;
using forge::db::AuditEntry;
using forge::db::Connection;
using forge::db::NewProject;
using forge::db::NewUser;
using forge::db::OwnerRef;
using forge::test::scalar;
using forge::test::TempDatabase;
namespace audit_store = forge::db::audit_store;
namespace grant_store = forge::db::grant_store;
namespace group_store = forge::db::group_store;
namespace project_store = forge::db::project_store;
namespace protected_branch_store = forge::db::protected_branch_store;
namespace session_store = forge::db::session_store;
namespace token_store = forge::db::token_store;
namespace user_store = forge::db::user_store;

namespace {

constexpr int64_t t0 = 1'700'000'000; // a fixed "now", so times can be compared exactly

int64_t add_user(TempDatabase& db, const std::string& name)
{
    return db.write([&](Connection& c) {
        return user_store::insert(c, NewUser{name, name + "@example.org", "", false}, t0);
    });
}

int64_t add_group(TempDatabase& db, const std::string& name)
{
    return db.write([&](Connection& c) { return group_store::insert(c, name, t0); });
}

int64_t add_project(TempDatabase& db, OwnerRef::Kind kind, int64_t owner_id,
                    const std::string& name, const std::string& visibility = "private")
{
    return db.write([&](Connection& c) {
        return project_store::insert(c, NewProject{{kind, owner_id, ""}, name, "", visibility}, t0);
    });
}

std::vector<std::string> sorted(std::vector<std::string> values)
{
    std::sort(values.begin(), values.end());
    return values;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// users

TEST_CASE("user_store round trip", "[db][user_store]")
{
    TempDatabase db;
    auto id = db.write([](Connection& c) {
        return user_store::insert(
            c, NewUser{"ada", "ada@example.org", "$argon2id$v=19$m=19456,t=2,p=1$x$y", true}, t0);
    });
    CHECK(id > 0);

    auto check_ada = [&](const std::optional<forge::db::UserRow>& row) {
        REQUIRE(row.has_value());
        CHECK(row->id == id);
        CHECK(row->name == "ada");
        CHECK(row->email == "ada@example.org");
        CHECK(row->display_name.empty());
        CHECK(row->password_hash == "$argon2id$v=19$m=19456,t=2,p=1$x$y");
        CHECK(row->is_admin);
        CHECK_FALSE(row->is_blocked);
        CHECK(row->language.empty());
        CHECK(row->created_at == t0);
    };
    check_ada(db.read([&](Connection& c) { return user_store::by_id(c, id); }));
    check_ada(db.read([](Connection& c) { return user_store::by_name(c, "ada"); }));
    check_ada(db.read([](Connection& c) { return user_store::by_email(c, "ada@example.org"); }));

    CHECK_FALSE(db.read([](Connection& c) { return user_store::by_id(c, 9999); }).has_value());
    CHECK_FALSE(db.read([](Connection& c) { return user_store::by_name(c, "bob"); }).has_value());
    CHECK_FALSE(
        db.read([](Connection& c) { return user_store::by_email(c, "bob@x.org"); }).has_value());
    // A name is not an e-mail address, nor the other way round.
    CHECK_FALSE(db.read([](Connection& c) {
                      return user_store::by_name(c, "ada@example.org");
                  }).has_value());
    CHECK_FALSE(db.read([](Connection& c) { return user_store::by_email(c, "ada"); }).has_value());
}

TEST_CASE("user_store without password, counts and flags", "[db][user_store]")
{
    TempDatabase db;
    auto bob = add_user(db, "bob");
    auto bob_row = db.read([&](Connection& c) { return user_store::by_id(c, bob); });
    REQUIRE(bob_row.has_value());
    CHECK(bob_row->password_hash.empty());
    CHECK_FALSE(bob_row->is_admin);

    CHECK(db.read([](Connection& c) { return user_store::count(c); }) == 1);
    CHECK(db.read([](Connection& c) { return user_store::count_admins(c); }) == 0);

    auto root = db.write([](Connection& c) {
        return user_store::insert(c, NewUser{"root", "root@example.org", "", true}, t0);
    });
    CHECK(db.read([](Connection& c) { return user_store::count(c); }) == 2);
    CHECK(db.read([](Connection& c) { return user_store::count_admins(c); }) == 1);

    db.write([&](Connection& c) { return user_store::set_admin(c, bob, true); });
    db.write([&](Connection& c) { return user_store::set_blocked(c, bob, true); });
    db.write([&](Connection& c) { return user_store::set_password_hash(c, bob, "$argon2id$h"); });
    bob_row = db.read([&](Connection& c) { return user_store::by_id(c, bob); });
    REQUIRE(bob_row.has_value());
    CHECK(bob_row->is_admin);
    CHECK(bob_row->is_blocked);
    CHECK(bob_row->password_hash == "$argon2id$h");
    CHECK(db.read([](Connection& c) { return user_store::count_admins(c); }) == 2);

    db.write([&](Connection& c) { return user_store::set_admin(c, root, false); });
    db.write([&](Connection& c) { return user_store::set_blocked(c, bob, false); });
    CHECK(db.read([](Connection& c) { return user_store::count_admins(c); }) == 1);
    bob_row = db.read([&](Connection& c) { return user_store::by_id(c, bob); });
    REQUIRE(bob_row.has_value());
    CHECK_FALSE(bob_row->is_blocked);
    // The flags of one user leave the other alone.
    auto root_row = db.read([&](Connection& c) { return user_store::by_id(c, root); });
    REQUIRE(root_row.has_value());
    CHECK_FALSE(root_row->is_admin);
    CHECK_FALSE(root_row->is_blocked);
}

// ---------------------------------------------------------------------------------------------
// groups and members

TEST_CASE("group_store round trip and membership", "[db][group_store]")
{
    TempDatabase db;
    auto town = add_group(db, "town");
    auto ada = add_user(db, "ada");
    auto bob = add_user(db, "bob");

    auto row = db.read([&](Connection& c) { return group_store::by_id(c, town); });
    REQUIRE(row.has_value());
    CHECK(row->id == town);
    CHECK(row->name == "town");
    CHECK(row->display_name.empty());
    CHECK(row->description.empty());
    CHECK(row->created_at == t0);
    auto by_name = db.read([](Connection& c) { return group_store::by_name(c, "town"); });
    REQUIRE(by_name.has_value());
    CHECK(by_name->id == town);
    CHECK_FALSE(db.read([](Connection& c) { return group_store::by_name(c, "x"); }).has_value());

    auto taken = db->write([](Connection& c) { return group_store::insert(c, "town", t0); });
    REQUIRE(taken.is_error());
    CHECK(taken.error().code == ErrorCode::conflict);

    CHECK_FALSE(
        db.read([&](Connection& c) { return group_store::role_of(c, town, ada); }).has_value());
    db.write([&](Connection& c) { return group_store::set_member(c, town, ada, "reporter"); });
    CHECK(db.read([&](Connection& c) { return group_store::role_of(c, town, ada); }) ==
          std::optional<std::string>("reporter"));
    // Setting again changes the role; it adds no second row.
    db.write([&](Connection& c) { return group_store::set_member(c, town, ada, "owner"); });
    CHECK(db.read([&](Connection& c) { return group_store::role_of(c, town, ada); }) ==
          std::optional<std::string>("owner"));
    CHECK(db.read([](Connection& c) { return scalar(c, "SELECT count(*) FROM group_members"); }) ==
          1);
    // Bob is not a member.
    CHECK_FALSE(
        db.read([&](Connection& c) { return group_store::role_of(c, town, bob); }).has_value());
}

TEST_CASE("group_store rejects unknown roles and missing rows", "[db][group_store]")
{
    TempDatabase db;
    auto town = add_group(db, "town");
    auto ada = add_user(db, "ada");

    SECTION("a role the resolver does not know")
    {
        auto bad = db->write(
            [&](Connection& c) { return group_store::set_member(c, town, ada, "emperor"); });
        REQUIRE(bad.is_error());
        CHECK(bad.error().code == ErrorCode::conflict);
    }
    SECTION("foreign key: a member that is no user")
    {
        auto bad = db->write(
            [&](Connection& c) { return group_store::set_member(c, town, ada + 1000, "member"); });
        REQUIRE(bad.is_error());
        CHECK(bad.error().code == ErrorCode::conflict);
    }
    SECTION("foreign key: a group that does not exist")
    {
        auto bad = db->write(
            [&](Connection& c) { return group_store::set_member(c, town + 1000, ada, "member"); });
        REQUIRE(bad.is_error());
        CHECK(bad.error().code == ErrorCode::conflict);
    }
    CHECK(db.read([](Connection& c) { return scalar(c, "SELECT count(*) FROM group_members"); }) ==
          0);
}

// ---------------------------------------------------------------------------------------------
// projects

TEST_CASE("project_store find_owner finds users and groups", "[db][project_store]")
{
    TempDatabase db;
    auto ada = add_user(db, "ada");
    auto town = add_group(db, "town");

    auto user = db.read([](Connection& c) { return project_store::find_owner(c, "ada"); });
    REQUIRE(user.has_value());
    CHECK(user->kind == OwnerRef::Kind::user);
    CHECK(user->id == ada);
    CHECK(user->name == "ada");

    auto group = db.read([](Connection& c) { return project_store::find_owner(c, "town"); });
    REQUIRE(group.has_value());
    CHECK(group->kind == OwnerRef::Kind::group);
    CHECK(group->id == town);
    CHECK(group->name == "town");

    CHECK_FALSE(
        db.read([](Connection& c) { return project_store::find_owner(c, "nobody"); }).has_value());
}

TEST_CASE("project_store round trip for user- and group-owned projects", "[db][project_store]")
{
    TempDatabase db;
    auto ada = add_user(db, "ada");
    auto town = add_group(db, "town");

    auto tool = db.write([&](Connection& c) {
        return project_store::insert(
            c, NewProject{{OwnerRef::Kind::user, ada, "ada"}, "tool", "a small tool", "internal"},
            t0);
    });
    auto portal = db.write([&](Connection& c) {
        return project_store::insert(
            c, NewProject{{OwnerRef::Kind::group, town, "town"}, "portal", "", "public"}, t0 + 5);
    });
    CHECK(tool != portal);

    SECTION("user-owned, by id and by path")
    {
        for (auto row :
             {db.read([&](Connection& c) { return project_store::by_id(c, tool); }),
              db.read([](Connection& c) { return project_store::by_path(c, "ada", "tool"); })}) {
            REQUIRE(row.has_value());
            CHECK(row->id == tool);
            CHECK(row->owner.kind == OwnerRef::Kind::user);
            CHECK(row->owner.id == ada);
            CHECK(row->owner.name == "ada");
            CHECK(row->name == "tool");
            CHECK(row->description == "a small tool");
            CHECK(row->visibility == "internal");
            CHECK(row->default_branch == "main");
            CHECK(row->created_at == t0);
            CHECK(row->updated_at == t0);
        }
    }
    SECTION("group-owned, by id and by path")
    {
        for (auto row :
             {db.read([&](Connection& c) { return project_store::by_id(c, portal); }),
              db.read([](Connection& c) { return project_store::by_path(c, "town", "portal"); })}) {
            REQUIRE(row.has_value());
            CHECK(row->id == portal);
            CHECK(row->owner.kind == OwnerRef::Kind::group);
            CHECK(row->owner.id == town);
            CHECK(row->owner.name == "town");
            CHECK(row->name == "portal");
            CHECK(row->description.empty());
            CHECK(row->visibility == "public");
            CHECK(row->created_at == t0 + 5);
            CHECK(row->updated_at == t0 + 5);
        }
    }
    SECTION("a path with the wrong owner finds nothing")
    {
        CHECK_FALSE(db.read([](Connection& c) {
                          return project_store::by_path(c, "town", "tool");
                      }).has_value());
        CHECK_FALSE(db.read([](Connection& c) {
                          return project_store::by_path(c, "ada", "portal");
                      }).has_value());
        CHECK_FALSE(db.read([](Connection& c) {
                          return project_store::by_path(c, "nobody", "tool");
                      }).has_value());
        CHECK_FALSE(db.read([](Connection& c) {
                          return project_store::by_path(c, "ada", "nothing");
                      }).has_value());
    }
    SECTION("names are unique per owner, not globally")
    {
        auto same_owner = db->write([&](Connection& c) {
            return project_store::insert(
                c, NewProject{{OwnerRef::Kind::user, ada, "ada"}, "tool", "", "public"}, t0);
        });
        REQUIRE(same_owner.is_error());
        CHECK(same_owner.error().code == ErrorCode::conflict);

        auto town_tool = add_project(db, OwnerRef::Kind::group, town, "tool");
        auto found =
            db.read([](Connection& c) { return project_store::by_path(c, "town", "tool"); });
        REQUIRE(found.has_value());
        CHECK(found->id == town_tool);
        found = db.read([](Connection& c) { return project_store::by_path(c, "ada", "tool"); });
        REQUIRE(found.has_value());
        CHECK(found->id == tool);
    }
    SECTION("remove")
    {
        db.write([&](Connection& c) { return project_store::remove(c, portal); });
        CHECK_FALSE(
            db.read([&](Connection& c) { return project_store::by_id(c, portal); }).has_value());
        CHECK_FALSE(db.read([](Connection& c) {
                          return project_store::by_path(c, "town", "portal");
                      }).has_value());
        CHECK(db.read([&](Connection& c) { return project_store::by_id(c, tool); }).has_value());
        // Ids are never reused, not even the highest: they name repositories on disk.
        auto next = add_project(db, OwnerRef::Kind::group, town, "portal");
        CHECK(next > portal);
    }
}

TEST_CASE("projects have exactly one owner and a known visibility", "[db][project_store]")
{
    TempDatabase db;
    auto ada = add_user(db, "ada");
    auto town = add_group(db, "town");

    // project_store cannot express these rows; the schema must refuse them anyway.
    auto raw_insert = [&](std::optional<int64_t> user, std::optional<int64_t> group) {
        return db->write([&](Connection& c) -> Result<void> {
            auto s = TRY(c.prepare("INSERT INTO projects (owner_user_id, owner_group_id, name, "
                                   "visibility, created_at, updated_at) "
                                   "VALUES (?1, ?2, 'raw', 'public', 0, 0)"));
            s.bind(1, user).bind(2, group);
            return s.run();
        });
    };

    SECTION("no owner")
    {
        auto r = raw_insert(std::nullopt, std::nullopt);
        REQUIRE(r.is_error());
        CHECK(r.error().code == ErrorCode::conflict);
    }
    SECTION("two owners")
    {
        auto r = raw_insert(ada, town);
        REQUIRE(r.is_error());
        CHECK(r.error().code == ErrorCode::conflict);
    }
    SECTION("the raw insert itself is fine with one owner")
    {
        auto r = raw_insert(ada, std::nullopt);
        CHECK_FALSE(r.is_error());
    }
    SECTION("an owner that does not exist")
    {
        auto r = db->write([&](Connection& c) {
            return project_store::insert(
                c, NewProject{{OwnerRef::Kind::group, town + 100, "x"}, "p", "", "public"}, t0);
        });
        REQUIRE(r.is_error());
        CHECK(r.error().code == ErrorCode::conflict);
    }
    SECTION("an unknown visibility")
    {
        auto r = db->write([&](Connection& c) {
            return project_store::insert(
                c, NewProject{{OwnerRef::Kind::user, ada, "ada"}, "p", "", "secret"}, t0);
        });
        REQUIRE(r.is_error());
        CHECK(r.error().code == ErrorCode::conflict);
    }
}

// ---------------------------------------------------------------------------------------------
// grants

TEST_CASE("grant_store upserts and revokes", "[db][grant_store]")
{
    TempDatabase db;
    auto ada = add_user(db, "ada");
    auto bob = add_user(db, "bob");
    auto town = add_group(db, "town");
    auto project = add_project(db, OwnerRef::Kind::user, ada, "tool");

    db.write([&](Connection& c) { return grant_store::set_user_grant(c, project, bob, "read"); });
    CHECK(db.read([&](Connection& c) { return grant_store::user_level(c, project, bob); }) ==
          std::optional<std::string>("read"));
    // A second grant to the same user replaces the level.
    db.write([&](Connection& c) { return grant_store::set_user_grant(c, project, bob, "admin"); });
    CHECK(db.read([&](Connection& c) { return grant_store::user_level(c, project, bob); }) ==
          std::optional<std::string>("admin"));
    db.write(
        [&](Connection& c) { return grant_store::set_group_grant(c, project, town, "write"); });
    db.write(
        [&](Connection& c) { return grant_store::set_group_grant(c, project, town, "maintain"); });
    CHECK_FALSE(db.read([&](Connection& c) {
                      return grant_store::user_level(c, project, ada);
                  }).has_value());

    auto grants = db.read([&](Connection& c) { return grant_store::for_project(c, project); });
    REQUIRE(grants.size() == 2);
    auto to_bob = std::find_if(grants.begin(), grants.end(),
                               [](const auto& g) { return g.grantee_name == "bob"; });
    auto to_town = std::find_if(grants.begin(), grants.end(),
                                [](const auto& g) { return g.grantee_name == "town"; });
    REQUIRE(to_bob != grants.end());
    REQUIRE(to_town != grants.end());
    CHECK(to_bob->project_id == project);
    CHECK(to_bob->user_id == std::optional<int64_t>(bob));
    CHECK_FALSE(to_bob->group_id.has_value());
    CHECK(to_bob->level == "admin");
    CHECK(to_town->project_id == project);
    CHECK_FALSE(to_town->user_id.has_value());
    CHECK(to_town->group_id == std::optional<int64_t>(town));
    CHECK(to_town->level == "maintain");

    db.write([&](Connection& c) { return grant_store::revoke_user(c, project, bob); });
    CHECK_FALSE(db.read([&](Connection& c) {
                      return grant_store::user_level(c, project, bob);
                  }).has_value());
    db.write([&](Connection& c) { return grant_store::revoke_group(c, project, town); });
    CHECK(db.read([&](Connection& c) { return grant_store::for_project(c, project); }).empty());

    auto bad = db->write(
        [&](Connection& c) { return grant_store::set_user_grant(c, project, bob, "owner"); });
    REQUIRE(bad.is_error());
    CHECK(bad.error().code == ErrorCode::conflict);
}

TEST_CASE("group_levels_for_user counts only the user's groups", "[db][grant_store]")
{
    TempDatabase db;
    auto ada = add_user(db, "ada");
    auto bob = add_user(db, "bob");
    auto writers = add_group(db, "writers");
    auto maintainers = add_group(db, "maintainers");
    auto admins = add_group(db, "admins");
    auto project = add_project(db, OwnerRef::Kind::user, bob, "tool");
    auto other = add_project(db, OwnerRef::Kind::user, bob, "other");

    db.write([&](Connection& c) -> Result<void> {
        TRY(group_store::set_member(c, writers, ada, "reporter"));
        TRY(group_store::set_member(c, maintainers, ada, "owner"));
        TRY(group_store::set_member(c, admins, bob, "member")); // not ada
        TRY(grant_store::set_group_grant(c, project, writers, "write"));
        TRY(grant_store::set_group_grant(c, project, maintainers, "maintain"));
        TRY(grant_store::set_group_grant(c, project, admins, "admin"));
        TRY(grant_store::set_group_grant(c, other, writers, "read"));
        // A direct grant is no group grant.
        return grant_store::set_user_grant(c, project, ada, "read");
    });

    auto levels =
        db.read([&](Connection& c) { return grant_store::group_levels_for_user(c, project, ada); });
    CHECK(sorted(levels) == std::vector<std::string>{"maintain", "write"});
    levels =
        db.read([&](Connection& c) { return grant_store::group_levels_for_user(c, other, ada); });
    CHECK(levels == std::vector<std::string>{"read"});
    levels =
        db.read([&](Connection& c) { return grant_store::group_levels_for_user(c, project, bob); });
    CHECK(levels == std::vector<std::string>{"admin"});
    levels =
        db.read([&](Connection& c) { return grant_store::group_levels_for_user(c, other, bob); });
    CHECK(levels.empty());
}

// ---------------------------------------------------------------------------------------------
// protected branches

TEST_CASE("protected_branch_store protect is idempotent", "[db][protected_branch_store]")
{
    TempDatabase db;
    auto ada = add_user(db, "ada");
    auto project = add_project(db, OwnerRef::Kind::user, ada, "tool");
    auto other = add_project(db, OwnerRef::Kind::user, ada, "other");

    db.write(
        [&](Connection& c) { return protected_branch_store::protect(c, project, "main", t0); });
    db.write(
        [&](Connection& c) { return protected_branch_store::protect(c, project, "main", t0 + 1); });
    db.write([&](Connection& c) {
        return protected_branch_store::protect(c, project, "release/1.x", t0);
    });

    auto branches =
        db.read([&](Connection& c) { return protected_branch_store::for_project(c, project); });
    CHECK(sorted(branches) == std::vector<std::string>{"main", "release/1.x"});
    CHECK(db.read(
        [&](Connection& c) { return protected_branch_store::is_protected(c, project, "main"); }));
    CHECK(db.read([&](Connection& c) {
        return protected_branch_store::is_protected(c, project, "release/1.x");
    }));
    CHECK_FALSE(db.read([&](Connection& c) {
        return protected_branch_store::is_protected(c, project, "release");
    }));
    CHECK_FALSE(db.read(
        [&](Connection& c) { return protected_branch_store::is_protected(c, other, "main"); }));
    CHECK(db.read([&](Connection& c) {
                return protected_branch_store::for_project(c, other);
            }).empty());

    db.write([&](Connection& c) { return protected_branch_store::unprotect(c, project, "main"); });
    CHECK_FALSE(db.read(
        [&](Connection& c) { return protected_branch_store::is_protected(c, project, "main"); }));
    CHECK(db.read([&](Connection& c) { return protected_branch_store::for_project(c, project); }) ==
          std::vector<std::string>{"release/1.x"});
}

// ---------------------------------------------------------------------------------------------
// tokens and sessions

TEST_CASE("token_store round trip", "[db][token_store]")
{
    TempDatabase db;
    auto ada = add_user(db, "ada");
    auto bob = add_user(db, "bob");
    const std::string hash(64, 'a');

    auto id = db.write([&](Connection& c) {
        return token_store::insert(c, ada, "laptop", hash, "read write", t0, t0 + 3600);
    });
    auto forever = db.write([&](Connection& c) {
        return token_store::insert(c, ada, "ci", std::string(64, 'b'), "read", t0, std::nullopt);
    });

    auto row = db.read([&](Connection& c) { return token_store::by_hash(c, hash); });
    REQUIRE(row.has_value());
    CHECK(row->id == id);
    CHECK(row->user_id == ada);
    CHECK(row->name == "laptop");
    CHECK(row->scopes == "read write");
    CHECK(row->created_at == t0);
    CHECK(row->expires_at == std::optional<int64_t>(t0 + 3600));
    CHECK_FALSE(row->last_used_at.has_value());
    CHECK_FALSE(db.read([](Connection& c) {
                      return token_store::by_hash(c, std::string(64, 'c'));
                  }).has_value());

    db.write([&](Connection& c) { return token_store::touch(c, id, t0 + 60); });
    row = db.read([&](Connection& c) { return token_store::by_hash(c, hash); });
    REQUIRE(row.has_value());
    CHECK(row->last_used_at == std::optional<int64_t>(t0 + 60));

    auto tokens = db.read([&](Connection& c) { return token_store::for_user(c, ada); });
    REQUIRE(tokens.size() == 2);
    CHECK(tokens[0].id == id);
    CHECK(tokens[1].id == forever);
    CHECK(tokens[1].name == "ci");
    CHECK_FALSE(tokens[1].expires_at.has_value());
    CHECK(db.read([&](Connection& c) { return token_store::for_user(c, bob); }).empty());

    auto duplicate = db->write([&](Connection& c) {
        return token_store::insert(c, bob, "copy", hash, "read", t0, std::nullopt);
    });
    REQUIRE(duplicate.is_error());
    CHECK(duplicate.error().code == ErrorCode::conflict);

    // Only the owner removes a token.
    CHECK_FALSE(db.write([&](Connection& c) { return token_store::remove(c, id, bob); }));
    CHECK(db.read([&](Connection& c) { return token_store::by_hash(c, hash); }).has_value());
    CHECK(db.write([&](Connection& c) { return token_store::remove(c, id, ada); }));
    CHECK_FALSE(db.read([&](Connection& c) { return token_store::by_hash(c, hash); }).has_value());
    CHECK_FALSE(db.write([&](Connection& c) { return token_store::remove(c, id, ada); }));
    CHECK(db.read([&](Connection& c) { return token_store::for_user(c, ada); }).size() == 1);
}

TEST_CASE("session_store round trip and expiry", "[db][session_store]")
{
    TempDatabase db;
    auto ada = add_user(db, "ada");
    const std::string live_hash(64, '1');
    const std::string old_hash(64, '2');
    const std::string edge_hash(64, '3');

    auto live = db.write(
        [&](Connection& c) { return session_store::insert(c, ada, live_hash, t0, t0 + 1000); });
    db.write([&](Connection& c) { return session_store::insert(c, ada, old_hash, t0, t0 + 10); });
    db.write([&](Connection& c) { return session_store::insert(c, ada, edge_hash, t0, t0 + 50); });

    auto row = db.read([&](Connection& c) { return session_store::by_hash(c, live_hash); });
    REQUIRE(row.has_value());
    CHECK(row->id == live);
    CHECK(row->user_id == ada);
    CHECK(row->created_at == t0);
    CHECK(row->last_seen_at == t0);
    CHECK(row->expires_at == t0 + 1000);

    db.write([&](Connection& c) { return session_store::touch(c, live, t0 + 30); });
    row = db.read([&](Connection& c) { return session_store::by_hash(c, live_hash); });
    REQUIRE(row.has_value());
    CHECK(row->last_seen_at == t0 + 30);
    CHECK(row->created_at == t0);
    CHECK(row->expires_at == t0 + 1000);

    // Expired at `now` means expires_at <= now.
    db.write([](Connection& c) { return session_store::remove_expired(c, t0 + 50); });
    CHECK(db.read([&](Connection& c) { return session_store::by_hash(c, live_hash); }).has_value());
    CHECK_FALSE(
        db.read([&](Connection& c) { return session_store::by_hash(c, old_hash); }).has_value());
    CHECK_FALSE(
        db.read([&](Connection& c) { return session_store::by_hash(c, edge_hash); }).has_value());

    db.write([&](Connection& c) { return session_store::remove(c, live); });
    CHECK_FALSE(
        db.read([&](Connection& c) { return session_store::by_hash(c, live_hash); }).has_value());
    CHECK(db.read([](Connection& c) { return scalar(c, "SELECT count(*) FROM sessions"); }) == 0);
}

// ---------------------------------------------------------------------------------------------
// audit log

TEST_CASE("audit_store recent is newest first", "[db][audit_store]")
{
    TempDatabase db;
    auto ada = add_user(db, "ada");

    db.write([&](Connection& c) -> Result<void> {
        TRY(audit_store::append(c, AuditEntry{0, t0, ada, "ada", "project.create", "ada/tool",
                                              "visibility=private", "192.0.2.1", std::nullopt}));
        TRY(audit_store::append(c, AuditEntry{0, t0 + 1, std::nullopt, "cli", "user.create", "bob",
                                              "", "", std::nullopt}));
        return audit_store::append(c, AuditEntry{0, t0 + 2, ada, "ada", "ref.update",
                                                 "refs/heads/main", "abc..def", "192.0.2.1",
                                                 std::nullopt});
    });

    auto entries = db.read([](Connection& c) { return audit_store::recent(c, 10); });
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].action == "ref.update");
    CHECK(entries[1].action == "user.create");
    CHECK(entries[2].action == "project.create");
    CHECK(entries[0].id > entries[1].id);
    CHECK(entries[1].id > entries[2].id);

    const auto& first = entries[2];
    CHECK(first.at == t0);
    CHECK(first.actor_id == std::optional<int64_t>(ada));
    CHECK(first.actor_name == "ada");
    CHECK(first.target == "ada/tool");
    CHECK(first.detail == "visibility=private");
    CHECK(first.address == "192.0.2.1");
    const auto& system = entries[1];
    CHECK(system.at == t0 + 1);
    CHECK_FALSE(system.actor_id.has_value());
    CHECK(system.actor_name == "cli");
    CHECK(system.target == "bob");
    CHECK(system.detail.empty());
    CHECK(system.address.empty());

    auto newest_two = db.read([](Connection& c) { return audit_store::recent(c, 2); });
    REQUIRE(newest_two.size() == 2);
    CHECK(newest_two[0].action == "ref.update");
    CHECK(newest_two[1].action == "user.create");
}
