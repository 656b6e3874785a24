// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/gitcore/git_fixture.h"

#include "gitcore/merge.h"
#include "gitcore/ref_updates.h"
#include "gitcore/refs.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>

using gitcore::testing::GitFixture;

namespace {

template <typename T> T ok(forge::Result<T> result)
{
    if (result.is_error())
        FAIL(result.error().message);
    return result.release_value();
}

void ok(forge::Result<void> result)
{
    if (result.is_error())
        FAIL(result.error().message);
}

// A bare repository with a work tree beside it: main holds app.txt with five lines.
struct History {
    GitFixture git;
    std::filesystem::path bare = ok(git.empty_repository("repo.git"));
    std::filesystem::path work = git.directory() / "work";
    std::string base;

    History()
    {
        ok(git.git({"clone", "--quiet", bare.string(), work.string()}));
        base = commit("main", "app.txt", "one\ntwo\nthree\nfour\nfive\n");
    }

    std::string in_work(std::vector<std::string> arguments)
    {
        arguments.insert(arguments.begin(), {"-C", work.string()});
        return ok(git.git(arguments));
    }

    // Commits on `branch` (created from `from` when given) and pushes it to the bare one.
    std::string commit(const std::string& branch, const std::string& file,
                       const std::string& content, const std::string& from = "")
    {
        if (from.empty())
            in_work({"checkout", "--quiet", "-B", branch});
        else
            in_work({"checkout", "--quiet", "-B", branch, from});
        std::ofstream(work / file, std::ios::binary) << content;
        in_work({"add", "--all"});
        in_work({"commit", "--quiet", "-m", "edit " + file});
        in_work({"push", "--quiet", "--force", "origin", branch});
        return in_work({"rev-parse", "HEAD"}).substr(0, 40);
    }

    gitcore::Repository open() { return ok(gitcore::Repository::open(bare)); }

    std::vector<std::string> parents(const std::string& id)
    {
        auto out = ok(git.git({"--git-dir=" + bare.string(), "log", "-1", "--format=%P", id}));
        std::vector<std::string> ids;
        for (size_t at = 0; at + 40 <= out.size(); at += 41)
            ids.push_back(out.substr(at, 40));
        return ids;
    }

    std::string show(const std::string& id, const std::string& path)
    {
        return ok(git.git({"--git-dir=" + bare.string(), "show", id + ":" + path}));
    }
};

gitcore::MergePlan plan(gitcore::MergeStyle style, const std::string& target,
                        const std::string& source)
{
    gitcore::Signature who{"Mia Merger", "mia@example.org", 1700000000, 60};
    return gitcore::MergePlan{style, target, source, "Merge it\n", who, who};
}

} // namespace

TEST_CASE("check_merge tells clean, fast-forward, up-to-date and conflicting merges apart",
          "[gitcore][merge]")
{
    History h;
    auto feature = h.commit("feature", "app.txt", "one\nTWO\nthree\nfour\nfive\n", h.base);
    auto repo = h.open();

    auto ff = ok(gitcore::check_merge(repo, h.base, feature));
    CHECK(ff.mergeable);
    CHECK(ff.fast_forward);
    CHECK_FALSE(ff.up_to_date);
    CHECK(ok(gitcore::merge_base(repo, h.base, feature)) == std::optional<std::string>(h.base));

    auto back = ok(gitcore::check_merge(repo, feature, h.base));
    CHECK(back.up_to_date);
    CHECK_FALSE(back.mergeable);

    auto other = h.commit("main", "app.txt", "one\ntwo\nthree\nfour\nFIVE\n", h.base);
    auto diverged = ok(gitcore::check_merge(repo, other, feature));
    CHECK(diverged.mergeable);
    CHECK_FALSE(diverged.fast_forward);

    auto clash = h.commit("clash", "app.txt", "one\nzwei\nthree\nfour\nfive\n", h.base);
    auto conflicting = ok(gitcore::check_merge(repo, clash, feature));
    CHECK_FALSE(conflicting.mergeable);
    CHECK(conflicting.conflicts == std::vector<std::string>{"app.txt"});

    auto lonely = h.commit("lonely", "solo.txt", "alone\n", "");
    h.in_work({"checkout", "--quiet", "--orphan", "root"});
    h.in_work({"rm", "--quiet", "-r", "-f", "."});
    auto root = h.commit("root", "root.txt", "root\n");
    CHECK_FALSE(ok(gitcore::merge_base(repo, root, h.base)).has_value());
    CHECK(gitcore::merge_base(repo, root, std::string(40, 'a')).is_error());
    (void)lonely;
}

TEST_CASE("make_merge writes the commit of each style without moving refs", "[gitcore][merge]")
{
    History h;
    auto feature = h.commit("feature", "app.txt", "one\nTWO\nthree\nfour\nfive\n", h.base);
    auto main = h.commit("main", "other.txt", "more\n", h.base);
    auto repo = h.open();

    auto merged =
        ok(gitcore::make_merge(repo, plan(gitcore::MergeStyle::merge_commit, main, feature)));
    CHECK(h.parents(merged) == std::vector<std::string>{main, feature});
    CHECK(h.show(merged, "app.txt") == "one\nTWO\nthree\nfour\nfive\n");
    CHECK(h.show(merged, "other.txt") == "more\n");
    auto info = ok(gitcore::read_commit(repo, merged));
    CHECK(info.author.name == "Mia Merger");
    CHECK(info.message == "Merge it\n");

    auto squashed = ok(gitcore::make_merge(repo, plan(gitcore::MergeStyle::squash, main, feature)));
    CHECK(h.parents(squashed) == std::vector<std::string>{main});
    CHECK(h.show(squashed, "app.txt") == "one\nTWO\nthree\nfour\nfive\n");

    auto refused =
        gitcore::make_merge(repo, plan(gitcore::MergeStyle::fast_forward_only, main, feature));
    REQUIRE(refused.is_error());
    CHECK(refused.error().code == forge::ErrorCode::conflict);
    CHECK(ok(gitcore::make_merge(
              repo, plan(gitcore::MergeStyle::fast_forward_only, h.base, feature))) == feature);
    auto nothing =
        gitcore::make_merge(repo, plan(gitcore::MergeStyle::merge_commit, feature, h.base));
    CHECK(nothing.is_error());
    CHECK(gitcore::current_value_of(repo, "refs/heads/main") == main);

    auto clash = h.commit("clash", "app.txt", "one\nzwei\nthree\nfour\nfive\n", h.base);
    auto conflict = gitcore::make_merge(repo, plan(gitcore::MergeStyle::squash, clash, feature));
    REQUIRE(conflict.is_error());
    CHECK(conflict.error().code == forge::ErrorCode::conflict);
    CHECK(conflict.error().message.find("app.txt") != std::string::npos);
}

TEST_CASE("move_ref moves only from the expected value", "[gitcore][merge]")
{
    History h;
    auto feature = h.commit("feature", "app.txt", "one\nTWO\n", h.base);
    auto repo = h.open();
    auto stale = gitcore::move_ref(repo, "refs/heads/main", feature, feature, "m");
    REQUIRE(stale.is_error());
    CHECK(stale.error().code == forge::ErrorCode::conflict);
    CHECK(gitcore::current_value_of(repo, "refs/heads/main") == h.base);

    ok(gitcore::move_ref(repo, "refs/heads/main", h.base, feature, "m"));
    CHECK(gitcore::current_value_of(repo, "refs/heads/main") == feature);
    ok(gitcore::move_ref(repo, "refs/heads/new", gitcore::zero_id, h.base, "m"));
    CHECK(gitcore::move_ref(repo, "refs/heads/new", gitcore::zero_id, h.base, "m").is_error());
    ok(gitcore::move_ref(repo, "refs/heads/new", h.base, gitcore::zero_id, "m"));
    CHECK(gitcore::current_value_of(repo, "refs/heads/new") == gitcore::zero_id);

    ok(gitcore::force_ref(repo, "refs/merge-requests/1/head", feature, "f"));
    ok(gitcore::force_ref(repo, "refs/merge-requests/1/head", h.base, "f"));
    CHECK(gitcore::current_value_of(repo, "refs/merge-requests/1/head") == h.base);
    ok(gitcore::force_ref(repo, "refs/merge-requests/1/head", gitcore::zero_id, "f"));
    ok(gitcore::force_ref(repo, "refs/merge-requests/1/head", gitcore::zero_id, "f"));
    CHECK(gitcore::current_value_of(repo, "refs/merge-requests/1/head") == gitcore::zero_id);
}

TEST_CASE("a copied repository stands alone, and commits travel between copies", "[gitcore][merge]")
{
    History h;
    auto feature = h.commit("feature", "app.txt", "one\nTWO\n", h.base);
    h.in_work({"tag", "v1", h.base});
    h.in_work({"push", "--quiet", "origin", "v1"});
    auto fork = ok(h.git.empty_repository("fork.git"));
    ok(gitcore::copy_repository(h.bare, fork));
    std::filesystem::remove_all(h.bare);

    auto refs = ok(gitcore::list_refs(fork));
    std::map<std::string, std::string> by_name;
    for (const auto& ref : refs.refs)
        by_name[ref.name] = ref.id;
    CHECK(by_name["refs/heads/main"] == h.base);
    CHECK(by_name["refs/heads/feature"] == feature);
    CHECK(by_name.count("refs/tags/v1") == 1);
    CHECK(ok(h.git.git({"--git-dir=" + fork.string(), "fsck", "--no-progress"})).empty());
    auto config = ok(h.git.git({"--git-dir=" + fork.string(), "config", "--list", "--local"}));
    CHECK(config.find("remote.") == std::string::npos);

    // A commit made in the fork reaches another repository by id, without a ref.
    auto other = ok(h.git.empty_repository("other.git"));
    auto fork_work = h.git.directory() / "fork-work";
    ok(h.git.git({"clone", "--quiet", fork.string(), fork_work.string()}));
    std::ofstream(fork_work / "idea.txt") << "idea\n";
    ok(h.git.git({"-C", fork_work.string(), "add", "idea.txt"}));
    ok(h.git.git({"-C", fork_work.string(), "commit", "--quiet", "-m", "idea"}));
    ok(h.git.git({"-C", fork_work.string(), "push", "--quiet", "origin", "HEAD:refs/heads/idea"}));
    auto idea = ok(h.git.rev_parse(fork, "refs/heads/idea"));
    ok(gitcore::import_commit(other, fork, idea));
    auto repo = ok(gitcore::Repository::open(other));
    CHECK(ok(gitcore::read_commit(repo, idea)).summary == "idea");
    CHECK(ok(gitcore::list_refs(other)).refs.empty());
    auto missing = gitcore::import_commit(other, fork, std::string(40, 'b'));
    REQUIRE(missing.is_error());
    CHECK(missing.error().code == forge::ErrorCode::not_found);
}

TEST_CASE("follow_line keeps unchanged lines and drops changed ones", "[gitcore][merge]")
{
    History h;
    auto next = h.commit("main", "app.txt", "zero\none\nTWO\nthree\nfive\n");
    auto repo = h.open();
    auto before = ok(gitcore::blob_at(repo, h.base, "app.txt"));
    auto after = ok(gitcore::blob_at(repo, next, "app.txt"));
    CHECK(ok(gitcore::blob_at(repo, h.base, "absent.txt")) == gitcore::zero_id);
    CHECK(ok(gitcore::follow_line(repo, before, after, 1)) == std::optional<int>(2));
    CHECK_FALSE(ok(gitcore::follow_line(repo, before, after, 2)).has_value()); // changed
    CHECK(ok(gitcore::follow_line(repo, before, after, 3)) == std::optional<int>(4));
    CHECK_FALSE(ok(gitcore::follow_line(repo, before, after, 4)).has_value()); // deleted
    CHECK(ok(gitcore::follow_line(repo, before, after, 5)) == std::optional<int>(5));
    CHECK_FALSE(ok(gitcore::follow_line(repo, before, gitcore::zero_id, 1)).has_value());

    auto commits = ok(gitcore::commits_between(repo, h.base, next, 10));
    CHECK(commits == std::vector<std::string>{next});
    auto third = h.commit("main", "app.txt", "again\n");
    CHECK(ok(gitcore::commits_between(repo, h.base, third, 10)) ==
          std::vector<std::string>{next, third});
    CHECK(ok(gitcore::commits_between(repo, h.base, third, 1)) == std::vector<std::string>{next});
}
