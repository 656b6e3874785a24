// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/services/merge_request_fixture.h"

#include "forge/db/merge_request_store.h"
#include "forge/services/fork_service.h"
#include "forge/services/merge_request_service.h"
#include "forge/services/review_service.h"

using namespace forge;
using namespace forge::test;
using services::MergeState;
using services::MergeStatus;

namespace {

// alice owns tool; bob may write, carol maintains, dave only reads; eve is an outsider.
struct Team {
    MergeRequestWorld world;
    db::UserRow alice = world.forge.add_user("alice");
    db::UserRow bob = world.forge.add_user("bob");
    db::UserRow carol = world.forge.add_user("carol");
    db::UserRow dave = world.forge.add_user("dave");
    db::UserRow eve = world.forge.add_user("eve");
    db::ProjectRow tool = world.project(alice, "tool");
    services::ProjectPath path{"alice", "tool"};
    std::string main_id;

    Team()
    {
        world.forge.grant(tool, "bob", "write");
        world.forge.grant(tool, "carol", "maintain");
        world.forge.grant(tool, "dave", "read");
        main_id = world.commit(tool, "main", "app.txt", "one\ntwo\nthree\nfour\nfive\n");
        world.push(tool, alice, "main", main_id);
    }

    // bob's branch changing line two, pushed.
    std::string feature(const std::string& branch = "feature",
                        const std::string& text = "one\nTWO\nthree\nfour\nfive\n")
    {
        auto id = world.commit(tool, branch, "app.txt", text, main_id);
        world.push(tool, bob, branch, id);
        return id;
    }

    Result<services::MergeRequest> open(const db::UserRow& who, const std::string& branch)
    {
        services::NewMergeRequest request;
        request.source_branch = branch;
        request.title = "Shout two";
        request.description = "Makes *two* louder.";
        return services::open_merge_request(*world.forge, actor_of(who), path, request);
    }

    bool audit_has(const std::string& action)
    {
        for (const auto& entry : world.forge.audit())
            if (entry.action == action)
                return true;
        return false;
    }

    services::MergeRequestView view(const db::UserRow& who, int64_t number)
    {
        return unwrap(services::get_merge_request(*world.forge, viewer_of(who), path, number));
    }
};

} // namespace

TEST_CASE("opening a merge request numbers it, writes its refs and checks it")
{
    Team team;
    auto head = team.feature();
    auto opened = team.open(team.bob, "feature");
    REQUIRE(code_of(opened) == "ok");
    CHECK(opened.value().number == 1);
    CHECK(opened.value().head_id == head);
    CHECK(opened.value().base_id == team.main_id);
    CHECK(opened.value().target_branch == "main");
    CHECK(opened.value().merge_status == MergeStatus::mergeable);
    CHECK(opened.value().fast_forward);
    CHECK(opened.value().revision_count == 1);
    CHECK(team.world.head_of(team.tool, "refs/merge-requests/1/head") == head);
    auto trial = team.world.head_of(team.tool, "refs/merge-requests/1/merge");
    CHECK(trial != gitcore::zero_id);
    CHECK(team.audit_has("merge_request.open"));

    SECTION("the number sequence is shared with issues")
    {
        auto issue = unwrap(team.world.forge->database().write([&](db::Connection& c) {
            return db::merge_request_store::take_number(c, team.tool.id, "issue");
        }));
        CHECK(issue == 2);
        team.feature("second", "one\ntwo\nthree\nfour\nFIVE\n");
        CHECK(unwrap(team.open(team.bob, "second")).number == 3);
    }
    SECTION("the same branches cannot be proposed twice")
    {
        CHECK(code_of(team.open(team.bob, "feature")) == "conflict");
    }
}

TEST_CASE("opening a merge request is refused with reasons")
{
    Team team;
    team.feature();
    CHECK(code_of(team.open(team.dave, "feature")) == "forbidden");
    CHECK(code_of(team.open(team.eve, "feature")) == "not_found");
    CHECK(code_of(team.open(team.bob, "missing")) == "invalid_argument");
    CHECK(code_of(team.open(team.bob, "main")) == "invalid_argument");
    // A branch main already contains has nothing to merge.
    team.world.push(team.tool, team.bob, "old", team.main_id);
    CHECK(code_of(team.open(team.bob, "old")) == "invalid_argument");
    services::NewMergeRequest untitled;
    untitled.source_branch = "feature";
    CHECK(code_of(services::open_merge_request(*team.world.forge, actor_of(team.bob), team.path,
                                               untitled)) == "invalid_argument");
}

TEST_CASE("a push to the source adds a revision and outdates comments on changed lines")
{
    Team team;
    team.feature("feature", "one\nTWO\nthree\nfour\nfive\n");
    unwrap(team.open(team.bob, "feature"));
    auto comment_on = [&](int line) {
        services::NewComment comment;
        comment.body = "about line " + std::to_string(line);
        comment.anchor = services::LineAnchor{"app.txt", services::DiffSide::new_side, line, 0};
        return unwrap(
            services::add_comment(*team.world.forge, actor_of(team.carol), team.path, 1, comment));
    };
    auto on_two = comment_on(2);
    auto on_five = comment_on(5);
    CHECK_FALSE(on_two.outdated);

    auto fix =
        team.world.commit(team.tool, "feature", "app.txt", "zero\none\nTwo\nthree\nfour\nfive\n");
    team.world.push(team.tool, team.bob, "feature", fix);
    auto view = team.view(team.bob, 1);
    CHECK(view.request.head_id == fix);
    CHECK(view.request.revision_count == 2);
    CHECK(team.world.head_of(team.tool, "refs/merge-requests/1/head") == fix);

    auto threads =
        unwrap(services::list_threads(*team.world.forge, viewer_of(team.bob), team.path, 1));
    REQUIRE(threads.size() == 2);
    CHECK(threads[0].id == on_two.id);
    CHECK(threads[0].outdated);
    CHECK(threads[1].id == on_five.id);
    CHECK_FALSE(threads[1].outdated);
    CHECK(threads[1].current_line == 6); // a line was added above it

    auto revisions =
        unwrap(services::list_revisions(*team.world.forge, viewer_of(team.bob), team.path, 1));
    REQUIRE(revisions.size() == 2);
    CHECK_FALSE(revisions[1].forced);
    auto between = unwrap(services::merge_request_changes(*team.world.forge, viewer_of(team.bob),
                                                          team.path, 1, 1, 2, {}));
    REQUIRE(between.files.size() == 1);
    CHECK(between.additions == 2);

    SECTION("a force-push is a forced revision whose predecessor stays readable")
    {
        auto rewritten = team.world.commit(team.tool, "feature", "app.txt",
                                           "one\n2\nthree\nfour\nfive\n", team.main_id);
        team.world.push(team.tool, team.bob, "feature", rewritten);
        auto after =
            unwrap(services::list_revisions(*team.world.forge, viewer_of(team.bob), team.path, 1));
        REQUIRE(after.size() == 3);
        CHECK(after[2].forced);
        CHECK(team.world.head_of(team.tool, "refs/merge-requests/1/revisions/2") == fix);
    }
}

TEST_CASE("replies, edits, deletions and resolving follow their rules")
{
    Team team;
    team.feature();
    unwrap(team.open(team.bob, "feature"));
    services::NewComment general;
    general.body = "Looks good";
    auto thread = unwrap(
        services::add_comment(*team.world.forge, actor_of(team.dave), team.path, 1, general));
    services::NewComment reply;
    reply.body = "Thanks";
    reply.reply_to = thread.id;
    auto replied =
        unwrap(services::add_comment(*team.world.forge, actor_of(team.bob), team.path, 1, reply));
    REQUIRE(replied.comments.size() == 2);
    auto reply_id = replied.comments[1].id;

    CHECK(code_of(services::edit_comment(*team.world.forge, actor_of(team.dave), team.path, 1,
                                         reply_id, "mine now")) == "forbidden");
    CHECK(code_of(services::edit_comment(*team.world.forge, actor_of(team.bob), team.path, 1,
                                         reply_id, "Thanks!")) == "ok");
    CHECK(code_of(services::resolve_thread(*team.world.forge, actor_of(team.eve), team.path, 1,
                                           thread.id, true)) == "not_found");
    CHECK(code_of(services::resolve_thread(*team.world.forge, actor_of(team.bob), team.path, 1,
                                           thread.id, true)) == "ok");
    auto threads =
        unwrap(services::list_threads(*team.world.forge, viewer_of(team.dave), team.path, 1));
    REQUIRE(threads.size() == 1);
    CHECK(threads[0].resolved);
    CHECK(threads[0].comments[1].body == "Thanks!");
    CHECK(threads[0].comments[1].updated_at >= threads[0].comments[1].created_at);
    CHECK(code_of(services::delete_comment(*team.world.forge, actor_of(team.dave), team.path, 1,
                                           thread.id)) == "ok");
    CHECK(unwrap(services::list_threads(*team.world.forge, viewer_of(team.dave), team.path, 1))
              .empty());

    services::NewComment nowhere;
    nowhere.body = "?";
    nowhere.anchor = services::LineAnchor{"app.txt", services::DiffSide::new_side, 99, 0};
    CHECK(code_of(services::add_comment(*team.world.forge, actor_of(team.dave), team.path, 1,
                                        nowhere)) == "invalid_argument");
    nowhere.anchor = services::LineAnchor{"other.txt", services::DiffSide::new_side, 1, 0};
    CHECK(code_of(services::add_comment(*team.world.forge, actor_of(team.dave), team.path, 1,
                                        nowhere)) == "invalid_argument");
}

TEST_CASE("approvals count from maintainers other than the author")
{
    Team team;
    team.feature();
    unwrap(team.open(team.bob, "feature"));
    unwrap(services::update_merge_settings(*team.world.forge, actor_of(team.alice), team.path,
                                           services::MergeSettings{1, true, true, true, true}));
    auto review = [&](const db::UserRow& who, services::ReviewState state) {
        services::NewReview r;
        r.state = state;
        r.body = "review";
        return services::submit_review(*team.world.forge, actor_of(who), team.path, 1, r);
    };
    CHECK(code_of(review(team.bob, services::ReviewState::approved)) == "forbidden");
    CHECK(code_of(review(team.dave, services::ReviewState::approved)) == "ok"); // counts not
    auto before = team.view(team.carol, 1);
    CHECK(before.approvals == 0);
    CHECK_FALSE(before.may_merge);
    CHECK(before.merge_blocker.find("approvals") != std::string::npos);
    CHECK(code_of(services::merge_merge_request(*team.world.forge, actor_of(team.carol), team.path,
                                                1, {})) == "unprocessable");

    CHECK(code_of(review(team.carol, services::ReviewState::changes_requested)) == "ok");
    CHECK(team.view(team.carol, 1).changes_requested);
    CHECK(code_of(review(team.carol, services::ReviewState::approved)) == "ok");
    auto after = team.view(team.carol, 1);
    CHECK(after.approvals == 1);
    CHECK(after.may_merge);
    CHECK_FALSE(team.view(team.dave, 1).may_merge); // readers never merge

    SECTION("a new revision dismisses approvals when the project says so")
    {
        auto fix = team.world.commit(team.tool, "feature", "more.txt", "x\n");
        team.world.push(team.tool, team.bob, "feature", fix);
        CHECK(team.view(team.carol, 1).approvals == 0);
    }
}

namespace {

std::vector<std::string> parents_of(Team& team, const std::string& id)
{
    auto out = unwrap(team.world.git.git({"--git-dir=" + team.world.repository(team.tool).string(),
                                          "log", "-1", "--format=%P", id}));
    std::vector<std::string> parents;
    for (size_t at = 0; at + 40 <= out.size(); at += 41)
        parents.push_back(out.substr(at, 40));
    return parents;
}

} // namespace

TEST_CASE("merging moves the target with each strategy")
{
    Team team;
    // main moves on, so that no strategy is trivially a fast-forward except where asked.
    auto head = team.feature();
    unwrap(team.open(team.bob, "feature"));
    services::MergeOptions options;

    SECTION("merge commit")
    {
        options.style = gitcore::MergeStyle::merge_commit;
        options.delete_source_branch = true;
        auto merged = unwrap(services::merge_merge_request(*team.world.forge, actor_of(team.carol),
                                                           team.path, 1, options));
        CHECK(merged.state == MergeState::merged);
        CHECK(merged.merged_by->name == "carol");
        auto main = team.world.head_of(team.tool, "main");
        CHECK(main == merged.merge_commit_id);
        CHECK(parents_of(team, main) == std::vector<std::string>{team.main_id, head});
        CHECK(team.world.head_of(team.tool, "feature") == gitcore::zero_id);
        CHECK(team.world.head_of(team.tool, "refs/merge-requests/1/merge") == gitcore::zero_id);
        CHECK(team.audit_has("merge_request.merge"));
        CHECK(code_of(services::merge_merge_request(*team.world.forge, actor_of(team.carol),
                                                    team.path, 1, options)) == "conflict");
    }
    SECTION("squash")
    {
        options.style = gitcore::MergeStyle::squash;
        auto merged = unwrap(services::merge_merge_request(*team.world.forge, actor_of(team.carol),
                                                           team.path, 1, options));
        auto main = team.world.head_of(team.tool, "main");
        CHECK(parents_of(team, main) == std::vector<std::string>{team.main_id});
        CHECK(team.world.head_of(team.tool, "feature") == head); // kept
        CHECK(merged.merge_commit_id == main);
    }
    SECTION("fast-forward only")
    {
        options.style = gitcore::MergeStyle::fast_forward_only;
        unwrap(services::merge_merge_request(*team.world.forge, actor_of(team.carol), team.path, 1,
                                             options));
        CHECK(team.world.head_of(team.tool, "main") == head);
    }
    SECTION("a stale head is refused and nothing moves")
    {
        options.expected_head_id = team.main_id;
        CHECK(code_of(services::merge_merge_request(*team.world.forge, actor_of(team.carol),
                                                    team.path, 1, options)) == "conflict");
        CHECK(team.world.head_of(team.tool, "main") == team.main_id);
    }
    SECTION("writers merge into unprotected branches, not into protected ones")
    {
        unwrap(
            services::protect_branch(*team.world.forge, actor_of(team.alice), team.path, "main"));
        CHECK(code_of(services::merge_merge_request(*team.world.forge, actor_of(team.bob),
                                                    team.path, 1, options)) == "forbidden");
        CHECK(team.world.head_of(team.tool, "main") == team.main_id);
    }
}

TEST_CASE("a conflicting merge request names the files and cannot be merged")
{
    Team team;
    team.feature("feature", "one\nTWO\nthree\nfour\nfive\n");
    unwrap(team.open(team.bob, "feature"));
    auto moved = team.world.commit(team.tool, "main", "app.txt", "one\nzwei\nthree\nfour\nfive\n",
                                   team.main_id);
    team.world.push(team.tool, team.alice, "main", moved);
    auto view = team.view(team.carol, 1);
    CHECK(view.request.merge_status == MergeStatus::conflict);
    CHECK(view.request.conflicts == std::vector<std::string>{"app.txt"});
    CHECK_FALSE(view.may_merge);
    CHECK(team.world.head_of(team.tool, "refs/merge-requests/1/merge") == gitcore::zero_id);
    auto refused =
        services::merge_merge_request(*team.world.forge, actor_of(team.carol), team.path, 1, {});
    CHECK(code_of(refused) == "conflict");
    CHECK(team.world.head_of(team.tool, "main") == moved);
}

TEST_CASE("a push that brings the head into the target marks the request merged")
{
    Team team;
    auto head = team.feature();
    unwrap(team.open(team.bob, "feature"));
    team.world.push(team.tool, team.alice, "main", head);
    auto view = team.view(team.alice, 1);
    CHECK(view.request.state == MergeState::merged);
    CHECK(view.request.merged_by->name == "alice");
}

TEST_CASE("close, reopen, edit, lists and the review inbox")
{
    Team team;
    team.feature();
    services::NewMergeRequest request;
    request.source_branch = "feature";
    request.title = "Asked";
    request.reviewers = {"carol"};
    unwrap(services::open_merge_request(*team.world.forge, actor_of(team.bob), team.path, request));
    auto inbox = unwrap(services::needs_my_review(*team.world.forge, viewer_of(team.carol), 10));
    REQUIRE(inbox.size() == 1);
    CHECK(inbox[0].title == "Asked");
    CHECK(unwrap(services::needs_my_review(*team.world.forge, viewer_of(team.dave), 10)).empty());

    CHECK(code_of(services::close_merge_request(*team.world.forge, actor_of(team.dave), team.path,
                                                1)) == "forbidden");
    auto closed =
        unwrap(services::close_merge_request(*team.world.forge, actor_of(team.bob), team.path, 1));
    CHECK(closed.state == MergeState::closed);
    CHECK(unwrap(services::needs_my_review(*team.world.forge, viewer_of(team.carol), 10)).empty());
    services::MergeRequestFilter open_only;
    open_only.state = MergeState::open;
    auto listed = unwrap(services::list_merge_requests(*team.world.forge, viewer_of(team.dave),
                                                       team.path, open_only));
    CHECK(listed.total == 0);
    CHECK(listed.closed_count == 1);
    auto reopened =
        unwrap(services::reopen_merge_request(*team.world.forge, actor_of(team.bob), team.path, 1));
    CHECK(reopened.state == MergeState::open);

    services::MergeRequestEdit edit;
    edit.title = "Renamed";
    CHECK(unwrap(services::edit_merge_request(*team.world.forge, actor_of(team.bob), team.path, 1,
                                              edit))
              .title == "Renamed");
    services::MergeRequestFilter by_reviewer;
    by_reviewer.reviewer = "carol";
    CHECK(unwrap(services::list_merge_requests(*team.world.forge, viewer_of(team.dave), team.path,
                                               by_reviewer))
              .total == 1);
    by_reviewer.reviewer = "nobody";
    CHECK(unwrap(services::list_merge_requests(*team.world.forge, viewer_of(team.dave), team.path,
                                               by_reviewer))
              .total == 0);
    CHECK(code_of(services::list_merge_requests(*team.world.forge, viewer_of(team.eve), team.path,
                                                {})) == "not_found");
    CHECK(team.audit_has("merge_request.close"));
    CHECK(team.audit_has("merge_request.reopen"));
}

TEST_CASE("a fork proposes changes back to its parent")
{
    Team team;
    auto fork =
        unwrap(services::fork_project(*team.world.forge, actor_of(team.dave), team.path, {}));
    CHECK(fork.owner.name == "dave");
    CHECK(fork.visibility == "private");
    auto origin = unwrap(services::fork_origin(*team.world.forge, viewer_of(team.dave), fork.id));
    REQUIRE(origin.parent);
    CHECK(origin.parent->id == team.tool.id);
    CHECK(unwrap(services::fork_origin(*team.world.forge, viewer_of(team.eve), fork.id)).is_fork);
    CHECK(team.world.head_of(fork, "main") == team.main_id);
    auto forks = unwrap(services::list_forks(*team.world.forge, viewer_of(team.alice), team.path));
    CHECK(forks.empty()); // alice cannot read dave's private fork
    CHECK(unwrap(services::list_forks(*team.world.forge, viewer_of(team.dave), team.path)).size() ==
          1);

    auto head = team.world.commit(fork, "idea", "idea.txt", "new\n", team.main_id);
    team.world.push(fork, team.dave, "idea", head);
    services::NewMergeRequest request;
    request.source = services::ProjectPath{"dave", "tool"};
    request.source_branch = "idea";
    request.title = "An idea";
    auto opened =
        services::open_merge_request(*team.world.forge, actor_of(team.dave), team.path, request);
    REQUIRE(code_of(opened) == "ok");
    CHECK(team.world.head_of(team.tool, "refs/merge-requests/1/head") == head);
    // A new commit on the fork reaches the parent's merge request ref.
    auto next = team.world.commit(fork, "idea", "idea.txt", "newer\n");
    team.world.push(fork, team.dave, "idea", next);
    CHECK(team.world.head_of(team.tool, "refs/merge-requests/1/head") == next);
    unwrap(
        services::merge_merge_request(*team.world.forge, actor_of(team.carol), team.path, 1, {}));
    CHECK(team.world.head_of(team.tool, "main") != team.main_id);
    // Proposing from a project that is no fork of the target is refused.
    request.source = services::ProjectPath{"alice", "elsewhere"};
    team.world.project(team.alice, "elsewhere");
    CHECK(code_of(services::open_merge_request(*team.world.forge, actor_of(team.alice), team.path,
                                               request)) == "invalid_argument");
}
