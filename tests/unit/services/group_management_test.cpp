// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/services/services_fixture.h"

#include "forge/db/group_store.h"
#include "forge/services/group_service.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using forge::db::Connection;
using forge::db::GroupRow;
using forge::db::UserRow;
using forge::services::Actor;
using forge::services::GroupPage;
using forge::services::NewGroup;
using forge::test::actor_of;
using forge::test::code_of;
using forge::test::TempServices;
using forge::test::unwrap;
using forge::test::viewer_of;
namespace svc = forge::services;
namespace group_store = forge::db::group_store;

namespace {

// "name:role" for each member, in the order open_group gives them.
std::vector<std::string> members_of(TempServices& s, const std::string& group)
{
    std::vector<std::string> members;
    for (const auto& member : unwrap(svc::open_group(*s, auth::Viewer::anonymous(), group)).members)
        members.push_back(member.user + ":" + member.role);
    return members;
}

using Members = std::vector<std::string>;

// town: alice owner, bob maintainer; root is a site administrator, carol a stranger.
struct Town {
    TempServices s;
    UserRow alice = s.add_user("alice");
    UserRow bob = s.add_user("bob");
    UserRow carol = s.add_user("carol");
    UserRow root = s.add_user("root", true);
    GroupRow town = unwrap(svc::create_group(*s, actor_of(alice), NewGroup{"town", "Our town"}));

    Town() { unwrap(svc::set_group_member(*s, actor_of(alice), "town", "bob", "maintainer")); }
};

} // namespace

TEST_CASE("create_group with a description makes the creator its owner", "[services][group]")
{
    Town w;
    CHECK(w.town.description == "Our town");
    CHECK(members_of(w.s, "town") == Members{"alice:owner", "bob:maintainer"});
    CHECK(code_of(svc::create_group(*w.s, actor_of(w.carol),
                                    NewGroup{"other", std::string(2001, 'x')})) ==
          "invalid_argument");
    auto plain = unwrap(svc::create_group(*w.s, Actor::command_line(), NewGroup{"plain", ""}));
    CHECK(plain.description.empty());
    CHECK(members_of(w.s, "plain").empty());
}

TEST_CASE("open_group shows members, the viewer's role and whether they may manage",
          "[services][group][page]")
{
    Town w;
    w.s.add_user("aaron");
    unwrap(svc::set_group_member(*w.s, actor_of(w.alice), "town", "aaron", "reporter"));
    unwrap(svc::set_group_member(*w.s, actor_of(w.alice), "town", "carol", "owner"));

    GroupPage page = unwrap(svc::open_group(*w.s, viewer_of(w.bob), "town"));
    CHECK(page.group.name == "town");
    CHECK(page.group.description == "Our town");
    CHECK(page.viewer_role == "maintainer");
    CHECK_FALSE(page.may_manage);
    CHECK(members_of(w.s, "town") ==
          Members{"alice:owner", "carol:owner", "bob:maintainer", "aaron:reporter"});

    page = unwrap(svc::open_group(*w.s, viewer_of(w.alice), "town"));
    CHECK(page.viewer_role == "owner");
    CHECK(page.may_manage);
    page = unwrap(svc::open_group(*w.s, viewer_of(w.root), "town"));
    CHECK(page.viewer_role.empty());
    CHECK(page.may_manage);
    page = unwrap(svc::open_group(*w.s, auth::Viewer::anonymous(), "town"));
    CHECK(page.viewer_role.empty());
    CHECK_FALSE(page.may_manage);
    auto blocked = w.alice;
    blocked.is_blocked = true;
    CHECK_FALSE(unwrap(svc::open_group(*w.s, viewer_of(blocked), "town")).may_manage);
    CHECK(code_of(svc::open_group(*w.s, auth::Viewer::anonymous(), "nowhere")) == "not_found");
    CHECK(code_of(svc::open_group(*w.s, auth::Viewer::anonymous(), "alice")) == "not_found");
}

TEST_CASE("remove_group_member needs a manager and keeps the last owner",
          "[services][group][members]")
{
    Town w;
    CHECK(code_of(svc::remove_group_member(*w.s, actor_of(w.bob), "town", "alice")) == "forbidden");
    CHECK(code_of(svc::remove_group_member(*w.s, actor_of(w.carol), "town", "bob")) == "forbidden");
    CHECK(code_of(svc::remove_group_member(*w.s, actor_of(w.alice), "town", "carol")) ==
          "not_found");
    CHECK(code_of(svc::remove_group_member(*w.s, actor_of(w.alice), "town", "nobody")) ==
          "not_found");
    CHECK(code_of(svc::remove_group_member(*w.s, actor_of(w.alice), "nowhere", "bob")) ==
          "not_found");
    CHECK(code_of(svc::remove_group_member(*w.s, actor_of(w.alice), "town", "alice")) ==
          "conflict");
    CHECK(code_of(svc::remove_group_member(*w.s, actor_of(w.root), "town", "alice")) == "conflict");
    CHECK(members_of(w.s, "town") == Members{"alice:owner", "bob:maintainer"});

    REQUIRE(code_of(svc::remove_group_member(*w.s, actor_of(w.alice), "town", "bob")) == "ok");
    CHECK(members_of(w.s, "town") == Members{"alice:owner"});
    CHECK(w.s.audit().front().action == "group.member_remove");
    CHECK(w.s.audit().front().target == "town");
    CHECK(w.s.audit().front().detail == "bob");

    // With a second owner the first may go; the operator may remove anyone.
    unwrap(svc::set_group_member(*w.s, actor_of(w.alice), "town", "carol", "owner"));
    REQUIRE(code_of(svc::remove_group_member(*w.s, actor_of(w.carol), "town", "alice")) == "ok");
    CHECK(code_of(svc::remove_group_member(*w.s, Actor::command_line(), "town", "carol")) == "ok");
    CHECK(members_of(w.s, "town").empty());
}

TEST_CASE("set_group_member does not demote the last owner", "[services][group][members]")
{
    Town w;
    CHECK(code_of(svc::set_group_member(*w.s, actor_of(w.alice), "town", "alice", "maintainer")) ==
          "conflict");
    CHECK(code_of(svc::set_group_member(*w.s, actor_of(w.root), "town", "alice", "member")) ==
          "conflict");
    CHECK(code_of(svc::set_group_member(*w.s, actor_of(w.alice), "town", "alice", "owner")) ==
          "ok");
    CHECK(members_of(w.s, "town") == Members{"alice:owner", "bob:maintainer"});

    unwrap(svc::set_group_member(*w.s, actor_of(w.alice), "town", "bob", "owner"));
    REQUIRE(code_of(svc::set_group_member(*w.s, actor_of(w.alice), "town", "alice", "member")) ==
            "ok");
    CHECK(members_of(w.s, "town") == Members{"bob:owner", "alice:member"});
    CHECK(code_of(svc::set_group_member(*w.s, Actor::command_line(), "town", "bob", "member")) ==
          "ok");
}

TEST_CASE("update_group changes display name and description for managers",
          "[services][group][update]")
{
    Town w;
    REQUIRE(code_of(svc::update_group(*w.s, actor_of(w.alice), "town", "Town of Example",
                                      "Line one\nLine two")) == "ok");
    auto page = unwrap(svc::open_group(*w.s, auth::Viewer::anonymous(), "town"));
    CHECK(page.group.display_name == "Town of Example");
    CHECK(page.group.description == "Line one\nLine two");
    CHECK(w.s.audit().front().action == "group.update");

    CHECK(code_of(svc::update_group(*w.s, actor_of(w.bob), "town", "x", "")) == "forbidden");
    CHECK(code_of(svc::update_group(*w.s, actor_of(w.carol), "town", "x", "")) == "forbidden");
    CHECK(code_of(svc::update_group(*w.s, actor_of(w.alice), "nowhere", "x", "")) == "not_found");
    CHECK(code_of(svc::update_group(*w.s, actor_of(w.alice), "town", "a\nb", "")) ==
          "invalid_argument");
    CHECK(code_of(svc::update_group(*w.s, actor_of(w.alice), "town", std::string(101, 'a'), "")) ==
          "invalid_argument");
    CHECK(code_of(svc::update_group(*w.s, actor_of(w.root), "town", "By root", "")) == "ok");
    CHECK(unwrap(svc::open_group(*w.s, auth::Viewer::anonymous(), "town")).group.display_name ==
          "By root");
}

TEST_CASE("groups_where_owner lists owned groups, every group for administrators",
          "[services][group][owner]")
{
    Town w;
    unwrap(svc::create_group(*w.s, actor_of(w.bob), NewGroup{"bobs", ""}));
    unwrap(svc::create_group(*w.s, actor_of(w.alice), NewGroup{"another", ""}));
    auto names = [&](int64_t user_id) {
        std::vector<std::string> found;
        for (const auto& group : unwrap(svc::groups_where_owner(*w.s, user_id)))
            found.push_back(group.name);
        return found;
    };
    using Names = std::vector<std::string>;
    CHECK(names(w.alice.id) == Names{"another", "town"});
    CHECK(names(w.bob.id) == Names{"bobs"}); // a maintainer of town only
    CHECK(names(w.carol.id).empty());
    CHECK(names(w.root.id) == Names{"another", "bobs", "town"});
    CHECK(names(4242).empty());
    unwrap(w.s->database().write(
        [&](Connection& c) { return forge::db::user_store::set_blocked(c, w.alice.id, true); }));
    CHECK(names(w.alice.id).empty());
}
