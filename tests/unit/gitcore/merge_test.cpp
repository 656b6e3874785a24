// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/gitcore/browse_fixture.h"

#include "gitcore/commit_info.h"
#include "gitcore/merge.h"
#include "gitcore/refs.h"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace gitcore::testing;

namespace {

const std::string five_lines = "one\ntwo\nthree\nfour\nfive\n";

// 0 base -- 1 feature -- 5 feature -- 6 merge of main (feature)
//       \-- 2 main ----------------/
//        \- 3 clash: edits what feature edits, differently
// 4 root: a history of its own
std::vector<CommitSpec> history()
{
    return {
        {"main", "base\n", 1700000000, {}, {put("app.txt", five_lines)}},
        {"feature",
         "feature\n",
         1700000100,
         {0},
         {put("app.txt", "one\nTWO\nthree\nfour\nfive\n"), put("docs/a.txt", "feature\n")}},
        {"main", "main\n", 1700000200, {0}, {put("other.txt", "more\n")}},
        {"clash",
         "clash\n",
         1700000300,
         {0},
         {put("app.txt", "one\nzwei\nthree\nfour\nfive\n"), put("docs/a.txt", "clash\n")}},
        {"root", "root\n", 1700000400, {}, {put("solo.txt", "alone\n")}},
        {"feature", "more\n", 1700000500, {1}, {put("app.txt", "one\nTWO\nthree\nfour\nFIVE\n")}},
        {"feature", "merge main\n", 1700000600, {5, 2}, {put("other.txt", "more\n")}},
    };
}

std::string first_line(const std::string& text)
{
    return text.substr(0, text.find('\n'));
}

// git's own three-way merge of the two commits: the tree it writes.
std::string git_merge_tree(const BrowseRepo& repo, const std::string& ours,
                           const std::string& theirs)
{
    return first_line(repo.git({"merge-tree", "--write-tree", ours, theirs}));
}

std::string two_digits(int number)
{
    return (number < 10 ? "0" : "") + std::to_string(number);
}

std::string signature_line(const std::string& role, const gitcore::Signature& who)
{
    int offset = std::abs(who.offset_minutes);
    std::string zone =
        (who.offset_minutes < 0 ? "-" : "+") + two_digits(offset / 60) + two_digits(offset % 60);
    return role + " " + who.name + " <" + who.email + "> " + std::to_string(who.time) + " " + zone +
           "\n";
}

// The id git gives the commit with these fields: what make_merge must have written.
std::string expected_commit(const BrowseRepo& repo, const std::string& tree,
                            const std::vector<std::string>& parents, const gitcore::MergePlan& plan)
{
    std::string text = "tree " + tree + "\n";
    for (const auto& parent : parents)
        text += "parent " + parent + "\n";
    text += signature_line("author", plan.author) + signature_line("committer", plan.committer) +
            "\n" + plan.message;
    return first_line(repo.git({"hash-object", "-t", "commit", "--stdin"}, text));
}

// The flags of a Mergeability in words, and its conflicts.
std::string flags(const gitcore::Mergeability& merge)
{
    std::string words;
    for (auto [set, word] : {std::pair{merge.mergeable, "mergeable"},
                             {merge.fast_forward, "fast-forward"},
                             {merge.up_to_date, "up-to-date"}})
        if (set)
            words += (words.empty() ? "" : " ") + std::string(word);
    if (!merge.conflicts.empty())
        words += words.empty() ? "conflicts:" : " conflicts:";
    for (const auto& path : merge.conflicts)
        words += " " + path;
    return words;
}

gitcore::MergePlan plan(gitcore::MergeStyle style, const std::string& target,
                        const std::string& source)
{
    gitcore::MergePlan plan;
    plan.style = style;
    plan.target_id = target;
    plan.source_id = source;
    plan.message = "Merge !7: feature\n\nReviewed.\n";
    plan.author = {"Ada Author", "ada@example.org", 1700001000, -300};
    plan.committer = {"Mia Merger", "mia@example.org", 1700002000, 60};
    return plan;
}

} // namespace

TEST_CASE("merge_base finds the common ancestor, none for unrelated histories", "[gitcore][merge]")
{
    BrowseRepo r(history());
    auto& repo = r.repo();
    CHECK(must(gitcore::merge_base(repo, r.id(1), r.id(2))) == r.id(0));
    CHECK(must(gitcore::merge_base(repo, r.id(2), r.id(5))) == r.id(0));
    CHECK(must(gitcore::merge_base(repo, r.id(6), r.id(2))) == r.id(2));
    CHECK(must(gitcore::merge_base(repo, r.id(6), r.id(3))) == r.id(0));
    CHECK(must(gitcore::merge_base(repo, r.id(1), r.id(1))) == r.id(1));
    CHECK_FALSE(must(gitcore::merge_base(repo, r.id(4), r.id(2))).has_value());
    CHECK(code_of(gitcore::merge_base(repo, r.id(1), std::string(40, 'a'))) ==
          forge::ErrorCode::not_found);
}

TEST_CASE("check_merge tells clean, fast-forward, up-to-date and conflicting merges apart",
          "[gitcore][merge]")
{
    BrowseRepo r(history());
    auto& repo = r.repo();
    auto refs_before = r.git({"for-each-ref"});

    auto check = [&](int target, int source) {
        return flags(must(gitcore::check_merge(repo, r.id(target), r.id(source))));
    };
    CHECK(check(0, 1) == "mergeable fast-forward");
    CHECK(check(2, 5) == "mergeable");
    CHECK(check(6, 1) == "up-to-date");
    CHECK(check(1, 1) == "fast-forward up-to-date");
    CHECK(check(3, 5) == "conflicts: app.txt docs/a.txt");
    CHECK(check(5, 3) == "conflicts: app.txt docs/a.txt");

    // libgit2 merges unrelated histories against an empty tree: telling them apart is
    // merge_base's job.
    CHECK(check(2, 4) == "mergeable");

    CHECK(code_of(gitcore::check_merge(repo, r.id(2), std::string(40, 'e'))) ==
          forge::ErrorCode::not_found);
    // In memory only: no ref moved, no index file written.
    CHECK(r.git({"for-each-ref"}) == refs_before);
    CHECK_FALSE(std::filesystem::exists(r.path() / "index"));
}

TEST_CASE("make_merge writes a merge commit with both parents and the merged tree",
          "[gitcore][merge]")
{
    BrowseRepo r(history());
    auto refs_before = r.git({"for-each-ref"});
    auto merge = plan(gitcore::MergeStyle::merge_commit, r.id(2), r.id(5));
    auto id = must(gitcore::make_merge(r.repo(), merge));

    auto tree = git_merge_tree(r, r.id(2), r.id(5));
    CHECK(id == expected_commit(r, tree, {r.id(2), r.id(5)}, merge));
    r.open();
    auto info = must(gitcore::read_commit(r.repo(), id));
    CHECK(info.parents == std::vector<std::string>{r.id(2), r.id(5)});
    CHECK(info.author.name == "Ada Author");
    CHECK(info.committer.name == "Mia Merger");
    CHECK(info.message == "Merge !7: feature\n\nReviewed.\n");
    CHECK(r.git({"show", id + ":app.txt"}) == "one\nTWO\nthree\nfour\nFIVE\n");
    CHECK(r.git({"show", id + ":other.txt"}) == "more\n");
    CHECK(r.git({"show", id + ":docs/a.txt"}) == "feature\n");
    CHECK(r.git({"for-each-ref"}) == refs_before);
}

TEST_CASE("make_merge squashes into one commit on the target, authored by the plan's author",
          "[gitcore][merge]")
{
    BrowseRepo r(history());
    auto squash = plan(gitcore::MergeStyle::squash, r.id(2), r.id(5));
    auto id = must(gitcore::make_merge(r.repo(), squash));

    auto tree = git_merge_tree(r, r.id(2), r.id(5));
    CHECK(id == expected_commit(r, tree, {r.id(2)}, squash));
    r.open();
    auto info = must(gitcore::read_commit(r.repo(), id));
    CHECK(info.parents == std::vector<std::string>{r.id(2)});
    CHECK(info.author.name == "Ada Author");
    CHECK(info.author.email == "ada@example.org");
    CHECK(info.author.time == 1700001000);
    CHECK(info.author.offset_minutes == -300);
    CHECK(info.committer.name == "Mia Merger");
    CHECK(info.committer.offset_minutes == 60);
    CHECK(r.rev_parse(id + "^{tree}") == tree);
}

TEST_CASE("make_merge makes a merge commit even when the target could be fast-forwarded",
          "[gitcore][merge]")
{
    BrowseRepo r(history());
    auto merge = plan(gitcore::MergeStyle::merge_commit, r.id(0), r.id(5));
    auto id = must(gitcore::make_merge(r.repo(), merge));
    CHECK(id == expected_commit(r, r.rev_parse(r.id(5) + "^{tree}"), {r.id(0), r.id(5)}, merge));
}

TEST_CASE("make_merge fast-forwards only when the target is an ancestor of the source",
          "[gitcore][merge]")
{
    BrowseRepo r(history());
    auto& repo = r.repo();
    auto objects_before = r.git({"count-objects"});
    CHECK(must(gitcore::make_merge(
              repo, plan(gitcore::MergeStyle::fast_forward_only, r.id(0), r.id(6)))) == r.id(6));
    CHECK(must(gitcore::make_merge(
              repo, plan(gitcore::MergeStyle::fast_forward_only, r.id(2), r.id(6)))) == r.id(6));
    CHECK(r.git({"count-objects"}) == objects_before); // nothing written

    auto diverged =
        gitcore::make_merge(repo, plan(gitcore::MergeStyle::fast_forward_only, r.id(2), r.id(5)));
    CHECK(code_of(diverged) == forge::ErrorCode::conflict);
    CHECK(diverged.error().message.find("fast-forward") != std::string::npos);
}

TEST_CASE("make_merge refuses conflicts, naming the paths, and merges of nothing",
          "[gitcore][merge]")
{
    BrowseRepo r(history());
    auto& repo = r.repo();
    for (auto style : {gitcore::MergeStyle::merge_commit, gitcore::MergeStyle::squash}) {
        auto conflict = gitcore::make_merge(repo, plan(style, r.id(3), r.id(5)));
        CHECK(code_of(conflict) == forge::ErrorCode::conflict);
        CHECK(conflict.error().message == "the changes conflict in app.txt docs/a.txt");
    }
    for (auto style : {gitcore::MergeStyle::merge_commit, gitcore::MergeStyle::squash,
                       gitcore::MergeStyle::fast_forward_only}) {
        auto contained = gitcore::make_merge(repo, plan(style, r.id(6), r.id(1)));
        CHECK(code_of(contained) == forge::ErrorCode::conflict);
        CHECK(contained.error().message.find("nothing to merge") != std::string::npos);
        auto same = gitcore::make_merge(repo, plan(style, r.id(2), r.id(2)));
        CHECK(code_of(same) == forge::ErrorCode::conflict);
    }
    CHECK(code_of(gitcore::make_merge(
              repo, plan(gitcore::MergeStyle::merge_commit, r.id(2), std::string(40, 'c')))) ==
          forge::ErrorCode::not_found);
}

TEST_CASE("commits_between lists the new commits oldest first, parents before children",
          "[gitcore][merge]")
{
    BrowseRepo r(history());
    auto& repo = r.repo();
    auto all = must(gitcore::commits_between(repo, r.id(0), r.id(6), 100));
    CHECK(all == std::vector<std::string>{r.id(1), r.id(2), r.id(5), r.id(6)});
    std::string listed;
    for (const auto& id : all)
        listed += id + "\n";
    CHECK(listed == r.git({"log", "--reverse", "--format=%H", r.id(0) + ".." + r.id(6)}));

    CHECK(must(gitcore::commits_between(repo, r.id(0), r.id(6), 2)) ==
          std::vector<std::string>{r.id(1), r.id(2)});
    CHECK(must(gitcore::commits_between(repo, r.id(2), r.id(6), 100)) ==
          std::vector<std::string>{r.id(1), r.id(5), r.id(6)});
    CHECK(must(gitcore::commits_between(repo, r.id(6), r.id(1), 100)).empty());
    CHECK(must(gitcore::commits_between(repo, r.id(1), r.id(1), 100)).empty());
    CHECK(must(gitcore::commits_between(repo, r.id(1), r.id(6), 0)).empty());
    // No base: the whole history of the head.
    CHECK(must(gitcore::commits_between(repo, gitcore::zero_id, r.id(5), 100)) ==
          std::vector<std::string>{r.id(0), r.id(1), r.id(5)});
    CHECK(must(gitcore::commits_between(repo, "", r.id(4), 100)) ==
          std::vector<std::string>{r.id(4)});

    CHECK(code_of(gitcore::commits_between(repo, r.id(0), std::string(40, 'd'), 10)) ==
          forge::ErrorCode::not_found);
    CHECK(code_of(gitcore::commits_between(repo, r.id(0), r.id(6).substr(0, 12), 10)) ==
          forge::ErrorCode::invalid_argument);
}
