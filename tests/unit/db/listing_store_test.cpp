// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/db/test_database.h"

#include "forge/db/audit_store.h"
#include "forge/db/credential_store.h"
#include "forge/db/database.h"
#include "forge/db/grant_store.h"
#include "forge/db/group_store.h"
#include "forge/db/migrations.h"
#include "forge/db/project_store.h"
#include "forge/db/user_store.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using forge::ErrorCode;
using forge::Result;
using forge::db::AuditEntry;
using forge::db::Connection;
using forge::db::NewProject;
using forge::db::NewUser;
using forge::db::OwnerRef;
using forge::db::ProjectListing;
using forge::db::ProjectReader;
using forge::db::ProjectRow;
using forge::test::scalar;
using forge::test::TempDatabase;
namespace audit_store = forge::db::audit_store;
namespace grant_store = forge::db::grant_store;
namespace group_store = forge::db::group_store;
namespace project_store = forge::db::project_store;
namespace session_store = forge::db::session_store;
namespace user_store = forge::db::user_store;

namespace {

constexpr int64_t t0 = 1'700'000'000;
using Kind = ProjectReader::Kind;

int64_t add_user(TempDatabase& db, const std::string& name, bool admin = false)
{
    return db.write([&](Connection& c) {
        return user_store::insert(c, NewUser{name, name + "@example.org", "", admin}, t0);
    });
}

int64_t add_group(TempDatabase& db, const std::string& name)
{
    return db.write([&](Connection& c) { return group_store::insert(c, name, t0); });
}

int64_t add_project(TempDatabase& db, OwnerRef owner, const std::string& name,
                    const std::string& visibility, int64_t at = t0)
{
    return db.write([&](Connection& c) {
        return project_store::insert(c, NewProject{owner, name, "", visibility}, at);
    });
}

std::vector<std::string> names_of(const std::vector<ProjectRow>& rows)
{
    std::vector<std::string> names;
    for (const auto& row : rows)
        names.push_back(row.owner.name + "/" + row.name);
    return names;
}

std::vector<std::string> listed(TempDatabase& db, ProjectReader reader, std::string text = "",
                                std::string owner = "", int64_t offset = 0, int64_t limit = 100)
{
    ProjectListing listing{reader, std::move(text), std::move(owner), offset, limit};
    return names_of(db.read([&](Connection& c) { return project_store::list(c, listing); }));
}

using Names = std::vector<std::string>;

} // namespace

TEST_CASE("migration 3 gives earlier audit entries the id of the project they name",
          "[db][migrations]")
{
    TempDatabase db;
    int64_t ann = add_user(db, "ann");
    int64_t town = add_group(db, "town");
    int64_t tool = add_project(db, {OwnerRef::Kind::user, ann, "ann"}, "tool", "public");
    int64_t site = add_project(db, {OwnerRef::Kind::group, town, "town"}, "site", "public");
    // Back to the schema of version 2, with entries as that version wrote them.
    db.write([](Connection& c) -> Result<void> {
        TRY(c.execute("DROP INDEX audit_log_by_project"));
        TRY(c.execute("DROP INDEX projects_by_activity"));
        TRY(c.execute("DROP INDEX project_grants_by_user"));
        TRY(c.execute("DROP INDEX project_grants_by_group"));
        // Later migrations' tables go too, so that they can be applied again.
        TRY(c.execute("DROP TABLE discussion_reply_text; DROP TABLE discussion_text; "
                      "DROP TABLE discussion_replies; DROP TABLE discussions; "
                      "DROP TABLE discussion_categories"));
        TRY(c.execute("DROP TABLE issue_events; DROP TABLE issue_edits; DROP TABLE issue_comments; "
                      "DROP TABLE issue_assignees; DROP TABLE issue_labels; DROP TABLE issues; "
                      "DROP TABLE milestones; DROP TABLE labels; DROP TABLE issue_text; "
                      "DROP TABLE issue_comment_text; DROP TABLE watches; "
                      "DROP TABLE notifications; DROP TABLE mail_outbox"));
        TRY(c.execute("DROP TABLE merge_request_comments; DROP TABLE merge_request_reviews; "
                      "DROP TABLE merge_request_reviewers; DROP TABLE merge_request_revisions; "
                      "DROP TABLE merge_requests; DROP TABLE merge_settings; "
                      "DROP TABLE item_numbers; DROP TABLE forks"));
        TRY(c.execute("ALTER TABLE audit_log DROP COLUMN project_id"));
        TRY(c.execute("INSERT INTO audit_log (at, actor_name, action, target, detail) VALUES "
                      "(1, 'ann', 'ref.update', 'ann/tool', 'refs/heads/main a b'), "
                      "(2, 'ann', 'project.grant', 'town/site', 'ben read'), "
                      "(3, 'ann', 'ref.update', 'ann/gone', 'refs/heads/main a b'), "
                      "(4, 'ann', 'group.create', 'town', ''), "
                      "(5, 'ann', 'user.create', 'ann/tool', '')"));
        return c.execute("PRAGMA user_version = 2");
    });
    db.close();
    db.reopen();
    auto entries = db.read([](Connection& c) { return audit_store::recent(c, 10); });
    REQUIRE(entries.size() == 5);
    CHECK_FALSE(entries[0].project_id); // user.create: not about a project
    CHECK_FALSE(entries[1].project_id); // group.create
    CHECK_FALSE(entries[2].project_id); // a project that no longer exists
    CHECK(entries[3].project_id == site);
    CHECK(entries[4].project_id == tool);
    CHECK(db.read([](Connection& c) { return scalar(c, "PRAGMA user_version"); }) ==
          forge::db::schema_version());
}

TEST_CASE("project_store list filters by reader, newest activity first", "[db][project_store]")
{
    TempDatabase db;
    int64_t ann = add_user(db, "ann");
    int64_t ben = add_user(db, "ben");
    int64_t town = add_group(db, "town");
    OwnerRef ann_ref{OwnerRef::Kind::user, ann, "ann"};
    OwnerRef town_ref{OwnerRef::Kind::group, town, "town"};
    add_project(db, ann_ref, "pub", "public", t0 + 1);
    add_project(db, ann_ref, "int", "internal", t0 + 2);
    add_project(db, ann_ref, "priv", "private", t0 + 3);
    int64_t group_private = add_project(db, town_ref, "gpriv", "private", t0 + 4);

    CHECK(listed(db, {Kind::nothing, 0}).empty());
    CHECK(listed(db, {Kind::public_only, 0}) == Names{"ann/pub"});
    CHECK(listed(db, {Kind::everything, 0}) ==
          Names{"town/gpriv", "ann/priv", "ann/int", "ann/pub"});
    CHECK(listed(db, {Kind::signed_in, ann}) == Names{"ann/priv", "ann/int", "ann/pub"});
    CHECK(listed(db, {Kind::signed_in, ben}) == Names{"ann/int", "ann/pub"});
    CHECK(listed(db, {Kind::involved, ben}).empty());

    db.write([&](Connection& c) { return group_store::set_member(c, town, ben, "reporter"); });
    CHECK(listed(db, {Kind::signed_in, ben}) == Names{"town/gpriv", "ann/int", "ann/pub"});
    CHECK(listed(db, {Kind::involved, ben}) == Names{"town/gpriv"});
    CHECK(listed(db, {Kind::involved, ann}) == Names{"ann/priv", "ann/int", "ann/pub"});

    // Activity reorders; owner, text, offset and limit narrow.
    db.write([&](Connection& c) { return project_store::touch(c, group_private, t0); });
    CHECK(listed(db, {Kind::everything, 0}) ==
          Names{"ann/priv", "ann/int", "ann/pub", "town/gpriv"});
    CHECK(listed(db, {Kind::everything, 0}, "", "town") == Names{"town/gpriv"});
    CHECK(listed(db, {Kind::everything, 0}, "", "nobody").empty());
    CHECK(listed(db, {Kind::everything, 0}, "PRIV") == Names{"ann/priv", "town/gpriv"});
    CHECK(listed(db, {Kind::everything, 0}, "", "", 1, 2) == Names{"ann/int", "ann/pub"});
}

TEST_CASE("project_store list reaches projects through grants", "[db][project_store]")
{
    TempDatabase db;
    int64_t ann = add_user(db, "ann");
    int64_t ben = add_user(db, "ben");
    int64_t cat = add_user(db, "cat");
    int64_t crew = add_group(db, "crew");
    OwnerRef ann_ref{OwnerRef::Kind::user, ann, "ann"};
    int64_t direct = add_project(db, ann_ref, "direct", "private");
    int64_t via_group = add_project(db, ann_ref, "via-group", "private");
    db.write([&](Connection& c) -> Result<void> {
        TRY(grant_store::set_user_grant(c, direct, ben, "read"));
        TRY(grant_store::set_group_grant(c, via_group, crew, "admin"));
        return group_store::set_member(c, crew, cat, "reporter");
    });
    CHECK(listed(db, {Kind::signed_in, ben}) == Names{"ann/direct"});
    CHECK(listed(db, {Kind::involved, cat}) == Names{"ann/via-group"});
    CHECK(db.read([&](Connection& c) { return grant_store::has_user_grant(c, direct, ben); }));
    CHECK_FALSE(
        db.read([&](Connection& c) { return grant_store::has_user_grant(c, direct, cat); }));
    CHECK(db.read([&](Connection& c) { return grant_store::has_group_grant(c, via_group, crew); }));
    CHECK_FALSE(
        db.read([&](Connection& c) { return grant_store::has_group_grant(c, direct, crew); }));
}

TEST_CASE("project_store changes settings, names and owners", "[db][project_store]")
{
    TempDatabase db;
    int64_t ann = add_user(db, "ann");
    int64_t town = add_group(db, "town");
    OwnerRef ann_ref{OwnerRef::Kind::user, ann, "ann"};
    OwnerRef town_ref{OwnerRef::Kind::group, town, "town"};
    int64_t tool = add_project(db, ann_ref, "tool", "private");
    add_project(db, ann_ref, "taken", "private");
    add_project(db, town_ref, "tool2", "private");

    db.write([&](Connection& c) {
        return project_store::update_settings(c, tool, "About", "public", "trunk", t0 + 5);
    });
    auto row = db.read([&](Connection& c) { return project_store::by_id(c, tool); });
    CHECK(row->description == "About");
    CHECK(row->visibility == "public");
    CHECK(row->default_branch == "trunk");
    CHECK(row->updated_at == t0 + 5);

    auto renamed =
        db->write([&](Connection& c) { return project_store::rename(c, tool, "taken", t0); });
    CHECK(renamed.error().code == ErrorCode::conflict);
    db.write([&](Connection& c) { return project_store::rename(c, tool, "tool2", t0 + 6); });
    auto moved =
        db->write([&](Connection& c) { return project_store::set_owner(c, tool, town_ref, t0); });
    CHECK(moved.error().code == ErrorCode::conflict);
    db.write([&](Connection& c) { return project_store::rename(c, tool, "tool3", t0 + 6); });
    db.write([&](Connection& c) { return project_store::set_owner(c, tool, town_ref, t0 + 7); });
    row = db.read([&](Connection& c) { return project_store::by_path(c, "town", "tool3"); });
    REQUIRE(row);
    CHECK(row->id == tool);
    CHECK(row->owner.kind == OwnerRef::Kind::group);
    CHECK(row->updated_at == t0 + 7);
}

TEST_CASE("group_store members, owners, details and listings", "[db][group_store]")
{
    TempDatabase db;
    int64_t ann = add_user(db, "ann");
    int64_t ben = add_user(db, "ben");
    int64_t cat = add_user(db, "cat");
    int64_t town = add_group(db, "town");
    int64_t crew = add_group(db, "crew");
    db.write([&](Connection& c) -> Result<void> {
        TRY(group_store::set_member(c, town, cat, "member"));
        TRY(group_store::set_member(c, town, ben, "owner"));
        TRY(group_store::set_member(c, town, ann, "owner"));
        TRY(group_store::set_member(c, crew, ann, "maintainer"));
        return group_store::set_details(c, crew, "The Crew", "Builds 100% of things");
    });

    auto members = db.read([&](Connection& c) { return group_store::members(c, town); });
    REQUIRE(members.size() == 3);
    CHECK(members[0].user_name == "ann");
    CHECK(members[0].role == "owner");
    CHECK(members[1].user_name == "ben");
    CHECK(members[2].user_name == "cat");
    CHECK(members[2].user_id == cat);
    CHECK(db.read([&](Connection& c) { return group_store::count_owners(c, town); }) == 2);
    CHECK(db.read([&](Connection& c) { return group_store::remove_member(c, town, ben); }));
    CHECK_FALSE(db.read([&](Connection& c) { return group_store::remove_member(c, town, ben); }));
    CHECK(db.read([&](Connection& c) { return group_store::count_owners(c, town); }) == 1);

    auto owned = db.read([&](Connection& c) { return group_store::where_owner(c, ann); });
    REQUIRE(owned.size() == 1);
    CHECK(owned[0].name == "town");
    auto all = db.read([](Connection& c) { return group_store::all(c); });
    REQUIRE(all.size() == 2);
    CHECK(all[0].name == "crew");
    CHECK(all[0].display_name == "The Crew");

    OwnerRef town_ref{OwnerRef::Kind::group, town, "town"};
    add_project(db, town_ref, "open", "public");
    add_project(db, town_ref, "shut", "private");
    auto counted = [&](ProjectReader reader, std::string text) {
        std::vector<std::string> found;
        auto rows =
            db.read([&](Connection& c) { return group_store::list(c, reader, text, 0, 50); });
        for (const auto& row : rows)
            found.push_back(row.group.name + "=" + std::to_string(row.project_count));
        return found;
    };
    CHECK(counted({Kind::public_only, 0}, "") == Names{"crew=0", "town=1"});
    CHECK(counted({Kind::signed_in, ann}, "") == Names{"crew=0", "town=2"});
    CHECK(counted({Kind::signed_in, ben}, "") == Names{"crew=0", "town=1"});
    CHECK(counted({Kind::everything, 0}, "TOWN") == Names{"town=2"});
    CHECK(counted({Kind::everything, 0}, "100%") == Names{"crew=0"});
    CHECK(counted({Kind::everything, 0}, "crew").size() == 1);
}

TEST_CASE("user_store profiles, search and active administrators", "[db][user_store]")
{
    TempDatabase db;
    int64_t ann = add_user(db, "ann", true);
    int64_t ben = add_user(db, "ben", true);
    add_user(db, "cat_x");
    CHECK(db.read([](Connection& c) { return user_store::count_active_admins(c); }) == 2);
    db.write([&](Connection& c) { return user_store::set_blocked(c, ben, true); });
    CHECK(db.read([](Connection& c) { return user_store::count_active_admins(c); }) == 1);

    db.write([&](Connection& c) {
        return user_store::update_profile(c, ann, "Ann Example", "ann@town.example", "de");
    });
    auto row = db.read([&](Connection& c) { return user_store::by_id(c, ann); });
    CHECK(row->display_name == "Ann Example");
    CHECK(row->email == "ann@town.example");
    CHECK(row->language == "de");
    auto taken = db->write([&](Connection& c) {
        return user_store::update_profile(c, ann, "", "BEN@example.org", "");
    });
    CHECK(taken.error().code == ErrorCode::conflict);

    auto search = [&](std::string text, int64_t offset = 0, int64_t limit = 50) {
        std::vector<std::string> names;
        auto rows =
            db.read([&](Connection& c) { return user_store::search(c, text, offset, limit); });
        for (const auto& user : rows)
            names.push_back(user.name);
        return names;
    };
    CHECK(search("") == Names{"ann", "ben", "cat_x"});
    CHECK(search("EXAMPLE") == Names{"ann", "ben", "cat_x"});
    CHECK(search("town") == Names{"ann"});
    CHECK(search("_") == Names{"cat_x"});
    CHECK(search("%").empty());
    CHECK(search("", 1, 1) == Names{"ben"});
}

TEST_CASE("session_store ends a user's sessions, keeping one", "[db][session_store]")
{
    TempDatabase db;
    int64_t ann = add_user(db, "ann");
    int64_t ben = add_user(db, "ben");
    db.write([&](Connection& c) -> Result<void> {
        TRY(session_store::insert(c, ann, "hash-a1", t0, t0 + 100));
        TRY(session_store::insert(c, ann, "hash-a2", t0, t0 + 100));
        TRY(session_store::insert(c, ann, "hash-a3", t0, t0 + 100));
        TRY(session_store::insert(c, ben, "hash-b1", t0, t0 + 100));
        return {};
    });
    CHECK(db.write([&](Connection& c) {
        return session_store::remove_for_user(c, ann, "hash-a2");
    }) == 2);
    CHECK(db.read([&](Connection& c) { return session_store::by_hash(c, "hash-a2"); }));
    CHECK_FALSE(db.read([&](Connection& c) { return session_store::by_hash(c, "hash-a1"); }));
    CHECK(db.write([&](Connection& c) { return session_store::remove_for_user(c, ann); }) == 1);
    CHECK(db.read([&](Connection& c) { return session_store::for_user(c, ann); }).empty());
    CHECK(db.read([&](Connection& c) { return session_store::for_user(c, ben); }).size() == 1);
}

TEST_CASE("audit_store query and ref events", "[db][audit_store]")
{
    TempDatabase db;
    int64_t ann = add_user(db, "ann");
    OwnerRef ann_ref{OwnerRef::Kind::user, ann, "ann"};
    int64_t open = add_project(db, ann_ref, "open", "public");
    int64_t shut = add_project(db, ann_ref, "shut", "private");
    auto entry = [](int64_t at, const char* action, const char* target, const char* detail,
                    std::optional<int64_t> project) {
        return AuditEntry{0, at, std::nullopt, "ann", action, target, detail, "", project};
    };
    db.write([&](Connection& c) -> Result<void> {
        TRY(audit_store::append(c, entry(t0, "project.create", "ann/open", "", open)));
        TRY(audit_store::append(c,
                                entry(t0 + 1, "ref.create", "ann/open", "refs/heads/main", open)));
        TRY(audit_store::append(c,
                                entry(t0 + 2, "ref.update", "ann/shut", "refs/heads/main", shut)));
        TRY(audit_store::append(c, entry(t0 + 3, "ref.delete", "ann/gone", "refs/heads/x", 999)));
        return audit_store::append(c, entry(t0 + 4, "user.create", "ben", "", std::nullopt));
    });

    auto all = db.read([](Connection& c) { return audit_store::query(c, {}); });
    REQUIRE(all.size() == 5);
    CHECK(all[0].action == "user.create");
    CHECK_FALSE(all[0].project_id);
    CHECK(all[4].project_id == open);
    forge::db::AuditFilter refs;
    refs.action = "ref.";
    refs.until = t0 + 2;
    auto found = db.read([&](Connection& c) { return audit_store::query(c, refs); });
    REQUIRE(found.size() == 2);
    CHECK(found[0].target == "ann/shut");

    auto events = [&](ProjectReader reader) {
        std::vector<std::string> lines;
        auto rows = db.read([&](Connection& c) { return audit_store::ref_events(c, reader, 10); });
        for (const auto& event : rows)
            lines.push_back(event.project_path + " " + event.entry.action);
        return lines;
    };
    CHECK(events({Kind::public_only, 0}) == Names{"ann/open ref.create"});
    CHECK(events({Kind::involved, ann}) == Names{"ann/shut ref.update", "ann/open ref.create"});
    CHECK(events({Kind::nothing, 0}).empty());
}
