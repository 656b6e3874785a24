// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// History pages, whole and per path. Where git itself can say what the answer is, the
// test asks it (`git log`), so that the expectations are git's rules.
#include "tests/unit/gitcore/browse_fixture.h"

#include "gitcore/browse.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

using gitcore::testing::BrowseRepo;
using gitcore::testing::CommitSpec;
using gitcore::testing::must;
using gitcore::testing::put;

namespace {

constexpr long start_time = 1700000000;

// 25 commits on main, one every 100 seconds. Commit 0 writes a.txt and b.txt; then every
// third commit changes a.txt, the others b.txt; commits 5 and 17 also change dir/c.txt.
std::vector<CommitSpec> linear_specs()
{
    std::vector<CommitSpec> specs;
    for (int i = 0; i < 25; ++i) {
        CommitSpec spec{"main", "c" + std::to_string(i) + "\n", start_time + 100 * i, {}, {}};
        if (i > 0)
            spec.parents = {i - 1};
        auto content = "version " + std::to_string(i) + "\n";
        if (i == 0 || i % 3 == 0)
            spec.changes.push_back(put("a.txt", content));
        if (i % 3 != 0)
            spec.changes.push_back(put("b.txt", content));
        if (i == 5 || i == 17)
            spec.changes.push_back(put("dir/c.txt", content));
        specs.push_back(spec);
    }
    return specs;
}

// main: 0 -- 2 -- 3 ------ 5      3 merges side's b.txt; 5 merges 4 but keeps main's b.txt
//        \       /        /
// side:   1 ----------- 4
std::vector<CommitSpec> merge_specs()
{
    return {
        {"main", "base\n", start_time, {}, {put("a.txt", "a0\n"), put("b.txt", "b0\n")}},
        {"side", "side b\n", start_time + 100, {0}, {put("b.txt", "side\n")}},
        {"main", "main a\n", start_time + 200, {0}, {put("a.txt", "a1\n")}},
        {"main", "merge side\n", start_time + 300, {2, 1}, {put("b.txt", "side\n")}},
        {"side", "discarded b\n", start_time + 400, {1}, {put("b.txt", "discarded\n")}},
        {"main", "merge ours\n", start_time + 500, {3, 4}, {}},
    };
}

std::vector<std::string> ids_of(const gitcore::HistoryPage& page)
{
    std::vector<std::string> ids;
    for (const auto& commit : page.commits)
        ids.push_back(commit.id);
    return ids;
}

// The ids of specs `indexes`, in that order.
std::vector<std::string> ids(const BrowseRepo& repo, std::vector<int> indexes)
{
    std::vector<std::string> out;
    for (int index : indexes)
        out.push_back(repo.id(index));
    return out;
}

std::vector<std::string> git_log(const BrowseRepo& repo, const std::string& path)
{
    std::vector<std::string> arguments = {"log", "--format=%H", "main"};
    if (!path.empty())
        arguments.insert(arguments.end(), {"--", path});
    std::istringstream output(repo.git(arguments));
    std::vector<std::string> lines;
    for (std::string line; std::getline(output, line);)
        lines.push_back(line);
    return lines;
}

} // namespace

TEST_CASE("history pages through a linear history", "[gitcore][commit_log]")
{
    BrowseRepo repo(linear_specs());
    auto tip = repo.id(24);

    auto first = must(gitcore::history(repo.repo(), tip, "", 0, 10));
    CHECK(ids_of(first) == ids(repo, {24, 23, 22, 21, 20, 19, 18, 17, 16, 15}));
    CHECK(first.has_more);
    CHECK(first.commits[0].summary == "c24");
    CHECK(first.commits[0].committer.time == start_time + 2400);
    CHECK(first.commits[0].parents == std::vector<std::string>{repo.id(23)});

    auto last = must(gitcore::history(repo.repo(), tip, "", 20, 10));
    CHECK(ids_of(last) == ids(repo, {4, 3, 2, 1, 0}));
    CHECK_FALSE(last.has_more);

    auto exact = must(gitcore::history(repo.repo(), tip, "", 15, 10));
    CHECK(exact.commits.size() == 10);
    CHECK(exact.commits.back().id == repo.id(0));
    CHECK_FALSE(exact.has_more);

    auto beyond = must(gitcore::history(repo.repo(), tip, "", 25, 10));
    CHECK(beyond.commits.empty());
    CHECK_FALSE(beyond.has_more);

    auto none = must(gitcore::history(repo.repo(), tip, "", 0, 0));
    CHECK(none.commits.empty());
    CHECK(none.has_more);

    auto older = must(gitcore::history(repo.repo(), repo.id(2).substr(0, 7), "", 0, 10));
    CHECK(ids_of(older) == ids(repo, {2, 1, 0}));
}

TEST_CASE("history of a path lists the commits that changed it", "[gitcore][commit_log]")
{
    BrowseRepo repo(linear_specs());
    auto tip = repo.id(24);

    auto a = must(gitcore::history(repo.repo(), tip, "a.txt", 0, 100));
    CHECK(ids_of(a) == ids(repo, {24, 21, 18, 15, 12, 9, 6, 3, 0}));
    CHECK(ids_of(a) == git_log(repo, "a.txt"));
    CHECK_FALSE(a.has_more);

    auto page = must(gitcore::history(repo.repo(), tip, "a.txt", 2, 3));
    CHECK(ids_of(page) == ids(repo, {18, 15, 12}));
    CHECK(page.has_more);
    auto end = must(gitcore::history(repo.repo(), tip, "a.txt", 6, 3));
    CHECK(ids_of(end) == ids(repo, {6, 3, 0}));
    CHECK_FALSE(end.has_more);

    auto dir = must(gitcore::history(repo.repo(), tip, "dir", 0, 100));
    CHECK(ids_of(dir) == ids(repo, {17, 5}));
    CHECK(ids_of(must(gitcore::history(repo.repo(), tip, "dir/c.txt", 0, 100))) ==
          ids(repo, {17, 5}));
    CHECK(ids_of(must(gitcore::history(repo.repo(), tip, "b.txt", 0, 100))) ==
          git_log(repo, "b.txt"));

    auto missing = must(gitcore::history(repo.repo(), tip, "nope.txt", 0, 10));
    CHECK(missing.commits.empty());
    CHECK_FALSE(missing.has_more);
}

TEST_CASE("history follows merges as git log does", "[gitcore][commit_log]")
{
    BrowseRepo repo(merge_specs());
    auto tip = repo.id(5);
    auto all = must(gitcore::history(repo.repo(), tip, "", 0, 100));
    CHECK(ids_of(all) == ids(repo, {5, 4, 3, 2, 1, 0}));
    CHECK(ids_of(all) == git_log(repo, ""));
    CHECK(all.commits[0].parents == ids(repo, {3, 4}));

    // 5 keeps 3's b.txt, so 4 is not shown; 3 takes 1's b.txt, so 3 is not shown either.
    auto b = must(gitcore::history(repo.repo(), tip, "b.txt", 0, 100));
    CHECK(ids_of(b) == ids(repo, {1, 0}));
    CHECK(ids_of(b) == git_log(repo, "b.txt"));

    auto a = must(gitcore::history(repo.repo(), tip, "a.txt", 0, 100));
    CHECK(ids_of(a) == ids(repo, {2, 0}));
    CHECK(ids_of(a) == git_log(repo, "a.txt"));
}

TEST_CASE("history answers not_found for an unknown commit", "[gitcore][commit_log]")
{
    BrowseRepo repo(merge_specs());
    auto result = gitcore::history(repo.repo(), std::string(40, 'b'), "", 0, 10);
    REQUIRE(result.is_error());
    CHECK(result.error().code == forge::ErrorCode::not_found);
}
