// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/services/merge_request_fixture.h"

#include "forge/db/database.h"
#include "forge/services/issue_service.h"
#include "forge/services/label_service.h"
#include "forge/services/merge_request_service.h"
#include "forge/services/notification_service.h"

#include <fstream>

using namespace forge;
using namespace forge::test;

namespace {

// alice owns a public project; carol maintains it, bob may write, dave and erin only read
// (as everyone does).
struct Tracker {
    MergeRequestWorld world;
    db::UserRow alice = world.forge.add_user("alice");
    db::UserRow bob = world.forge.add_user("bob");
    db::UserRow carol = world.forge.add_user("carol");
    db::UserRow dave = world.forge.add_user("dave");
    db::UserRow erin = world.forge.add_user("erin");
    db::ProjectRow tool = world.project(alice, "tool", "public");
    services::ProjectPath path{"alice", "tool"};

    Tracker()
    {
        world.forge.grant(tool, "bob", "write");
        world.forge.grant(tool, "carol", "maintain");
        world.push(tool, alice, "main", world.commit(tool, "main", "a.txt", "a\n"));
    }

    services::Issue open(const db::UserRow& author, const std::string& title,
                         bool confidential = false)
    {
        services::NewIssue request;
        request.title = title;
        request.confidential = confidential;
        return unwrap(services::open_issue(*world.forge, actor_of(author), path, request));
    }

    // Commits with `message` on main and pushes it as `pusher`, the way the push route
    // tells the services.
    std::string push_message(const db::UserRow& pusher, const std::string& message)
    {
        auto work = world.tree(tool);
        std::ofstream(work / "b.txt", std::ios::app) << message << "\n";
        auto git = [&](std::vector<std::string> arguments) {
            arguments.insert(arguments.begin(), {"-C", work.string()});
            return unwrap(world.git.git(arguments));
        };
        git({"checkout", "--quiet", "main"});
        git({"add", "--all"});
        git({"commit", "--quiet", "-m", message});
        std::string id = git({"rev-parse", "HEAD"}).substr(0, 40);
        std::string old_id = world.head_of(tool, "main");
        git({"push", "--quiet", "origin", "main"});
        gitcore::PushOutcome outcome;
        outcome.results.push_back({gitcore::RefUpdate{old_id, id, "refs/heads/main"}, ""});
        services::GitRepository opened{tool, auth::AccessLevel::admin, world.repository(tool)};
        unwrap(services::issues_after_push(*world.forge, actor_of(pusher), opened, outcome));
        return id;
    }

    services::IssueView view(const db::UserRow& viewer, int64_t number)
    {
        return unwrap(services::get_issue(*world.forge, viewer_of(viewer), path, number));
    }
};

} // namespace

TEST_CASE("issue rules: numbers are shared with merge requests", "[issues]")
{
    Tracker t;
    auto first = t.open(t.dave, "First");
    CHECK(first.number == 1);
    t.world.push(t.tool, t.bob, "feature",
                 t.world.commit(t.tool, "feature", "c.txt", "c\n", "main"));
    services::NewMergeRequest request;
    request.source_branch = "feature";
    request.title = "Feature";
    auto opened =
        unwrap(services::open_merge_request(*t.world.forge, actor_of(t.bob), t.path, request));
    CHECK(opened.number == 2);
    CHECK(t.open(t.dave, "Third").number == 3);
    CHECK(unwrap(services::item_kind(*t.world.forge, viewer_of(t.dave), t.path, 2)) ==
          "merge_request");
    CHECK(services::get_issue(*t.world.forge, viewer_of(t.dave), t.path, 2).error().code ==
          ErrorCode::not_found);
    services::NewIssue anonymous;
    anonymous.title = "x";
    CHECK(services::open_issue(*t.world.forge, services::Actor{}, t.path, anonymous).error().code ==
          ErrorCode::unauthenticated);
}

TEST_CASE("issue rules: confidential issues are hidden from other readers", "[issues]")
{
    Tracker t;
    t.open(t.dave, "Public one");
    auto secret = t.open(t.dave, "Token leak", true);
    auto other = viewer_of(t.erin);
    CHECK(services::get_issue(*t.world.forge, other, t.path, secret.number).error().code ==
          ErrorCode::not_found);
    auto listed = unwrap(services::list_issues(*t.world.forge, other, t.path, {}));
    CHECK(listed.total == 1);
    CHECK(listed.open_count == 1);
    // A writer is no maintainer: hidden too; the maintainer and the author see it.
    CHECK(services::get_issue(*t.world.forge, viewer_of(t.bob), t.path, secret.number).is_error());
    CHECK(t.view(t.carol, secret.number).issue.title == "Token leak");
    CHECK(t.view(t.dave, secret.number).issue.confidential);
    // Searching for its words finds nothing for others.
    services::IssueFilter words;
    words.text = "token";
    CHECK(unwrap(services::list_issues(*t.world.forge, other, t.path, words)).total == 0);
    CHECK(unwrap(services::list_issues(*t.world.forge, viewer_of(t.carol), t.path, words)).total ==
          1);
}

TEST_CASE("issue rules: triage needs maintain, closing the author or maintain", "[issues]")
{
    Tracker t;
    unwrap(
        services::create_label(*t.world.forge, actor_of(t.carol), t.path, {"bug", "#d73a4a", ""}));
    auto issue = t.open(t.dave, "Broken");
    services::IssueChange label;
    label.labels = std::vector<std::string>{"bug"};
    CHECK(services::change_issue(*t.world.forge, actor_of(t.bob), t.path, issue.number, label)
              .error()
              .code == ErrorCode::forbidden);
    CHECK(services::close_issue(*t.world.forge, actor_of(t.erin), t.path, issue.number,
                                services::CloseReason::done)
              .error()
              .code == ErrorCode::forbidden);
    auto labelled = unwrap(
        services::change_issue(*t.world.forge, actor_of(t.carol), t.path, issue.number, label));
    REQUIRE(labelled.labels.size() == 1);
    CHECK(labelled.labels[0].name == "bug");
    auto closed = unwrap(services::close_issue(*t.world.forge, actor_of(t.dave), t.path,
                                               issue.number, services::CloseReason::not_planned));
    CHECK_FALSE(closed.open);
    CHECK(closed.close_reason == services::CloseReason::not_planned);
    CHECK(services::close_issue(*t.world.forge, actor_of(t.dave), t.path, issue.number,
                                services::CloseReason::done)
              .error()
              .code == ErrorCode::conflict);
}

TEST_CASE("issue rules: the first reply counts from write access, not from the author", "[issues]")
{
    Tracker t;
    auto issue = t.open(t.bob, "Question");
    unwrap(
        services::add_issue_comment(*t.world.forge, actor_of(t.bob), t.path, issue.number, "more"));
    unwrap(
        services::add_issue_comment(*t.world.forge, actor_of(t.dave), t.path, issue.number, "+1"));
    CHECK(t.view(t.dave, issue.number).issue.first_reply_at == 0);
    unwrap(services::add_issue_comment(*t.world.forge, actor_of(t.carol), t.path, issue.number,
                                       "Looking into it"));
    CHECK(t.view(t.dave, issue.number).issue.first_reply_at > 0);
}

TEST_CASE("issue rules: a pushed commit closes what it fixes and mentions notify", "[issues]")
{
    Tracker t;
    auto issue = t.open(t.dave, "Crash on start");
    auto other = t.open(t.dave, "Slow");
    unwrap(services::add_issue_comment(*t.world.forge, actor_of(t.carol), t.path, other.number,
                                       "@erin see #" + std::to_string(issue.number)));
    auto inbox = unwrap(services::inbox(*t.world.forge, viewer_of(t.erin), true, 0, 10));
    REQUIRE(inbox.size() == 1);
    CHECK(inbox[0].reason == "mention");
    CHECK(unwrap(services::inbox(*t.world.forge, viewer_of(t.carol), true, 0, 10)).empty());
    std::string id =
        t.push_message(t.bob, "Guard the start-up, fixes #" + std::to_string(issue.number));
    auto closed = t.view(t.dave, issue.number);
    CHECK_FALSE(closed.issue.open);
    CHECK(closed.issue.closing_commit == id);
    bool referenced = false, by_commit = false;
    for (const auto& event : closed.events) {
        referenced = referenced || (event.kind == "referenced" && event.detail == "alice/tool#2");
        by_commit =
            by_commit || (event.kind == "closed_by_commit" && event.detail == "alice/tool@" + id);
    }
    CHECK(referenced);
    CHECK(by_commit);
    // The reporter follows the issue and hears of it.
    auto reporter = unwrap(services::inbox(*t.world.forge, viewer_of(t.dave), true, 0, 10));
    bool told = false;
    for (const auto& item : reporter)
        told = told || item.reason == "state";
    CHECK(told);
    // The issue that only mentions the fixed one stays open.
    CHECK(t.view(t.dave, other.number).issue.open);
}
