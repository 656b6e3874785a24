// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// Commit diffs: statuses, renames, binary files, hunks with line numbers, and limits that
// cut hunks while the counts stay whole. Hunk headers and counts are checked against git's
// own `git diff` on the same commits.
#include "tests/unit/gitcore/browse_fixture.h"

#include "gitcore/browse.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

using gitcore::FileStatus;
using gitcore::testing::BrowseRepo;
using gitcore::testing::CommitSpec;
using gitcore::testing::must;
using gitcore::testing::put;
using gitcore::testing::remove_file;

namespace {

const std::string unicode_file = "\xc3\xbcn\xc3\xaf.txt"; // "ünï.txt"

std::string numbered(const std::string& prefix, int from, int to)
{
    std::string text;
    for (int i = from; i <= to; ++i)
        text += prefix + std::to_string(i) + "\n";
    return text;
}

const std::string ten = numbered("line ", 1, 10);
const std::string doc = numbered("documentation line ", 1, 12);

// 0: the root. 1: a modification, a rename with an edit, a binary change, a deletion and
// two additions. 2: a file becomes a symlink.
std::vector<CommitSpec> specs()
{
    return {
        {"main",
         "root\n",
         1700000000,
         {},
         {put("ten.txt", ten), put("doc.txt", doc), put("bin.dat", std::string("v1\0", 3)),
          put("gone.txt", "bye\n"), put("link", "ten.txt")}},
        {"main",
         "changes\n",
         1700000100,
         {0},
         {put("ten.txt", numbered("line ", 1, 4) + "line five\n" + numbered("line ", 6, 11)),
          remove_file("doc.txt"),
          put("docs/manual.txt", numbered("documentation line ", 1, 11) + "the end\n"),
          put("bin.dat", std::string("v2\0", 3)), remove_file("gone.txt"),
          put("new.txt", "new 1\nnew 2\n"), put(unicode_file, "unicode\n")}},
        {"main", "typechange\n", 1700000200, {1}, {put("link", "ten.txt", "120000")}},
    };
}

const gitcore::FileDiff& file_named(const gitcore::CommitDiff& diff, const std::string& path)
{
    for (const auto& file : diff.files) {
        if (file.new_path == path)
            return file;
    }
    FAIL("no file " << path);
    return diff.files.front();
}

std::vector<std::string> paths_of(const gitcore::CommitDiff& diff)
{
    std::vector<std::string> paths;
    for (const auto& file : diff.files)
        paths.push_back(file.new_path);
    return paths;
}

// The hunk headers git writes for the diff of `path` between two commits.
std::vector<std::string> git_hunk_headers(const BrowseRepo& repo, const std::string& from,
                                          const std::string& to, const std::string& path)
{
    std::istringstream output(repo.git({"diff", from, to, "--", path}));
    std::vector<std::string> headers;
    for (std::string line; std::getline(output, line);) {
        if (line.rfind("@@", 0) == 0)
            headers.push_back(line);
    }
    return headers;
}

std::vector<std::string> headers_of(const gitcore::FileDiff& file)
{
    std::vector<std::string> headers;
    for (const auto& hunk : file.hunks)
        headers.push_back(hunk.header);
    return headers;
}

} // namespace

TEST_CASE("diff_commit of a root commit adds every file", "[gitcore][commit_diff]")
{
    BrowseRepo repo(specs());
    auto diff = must(gitcore::diff_commit(repo.repo(), repo.id(0), {}));
    CHECK(paths_of(diff) ==
          std::vector<std::string>{"bin.dat", "doc.txt", "gone.txt", "link", "ten.txt"});
    CHECK(diff.additions == 24);
    CHECK(diff.deletions == 0);
    CHECK(diff.changed_files == 5);
    CHECK_FALSE(diff.truncated);

    const auto& file = file_named(diff, "ten.txt");
    CHECK(file.status == FileStatus::added);
    CHECK(file.old_path == "ten.txt");
    CHECK(file.old_mode == 0);
    CHECK(file.new_mode == 0100644);
    CHECK(file.additions == 10);
    REQUIRE(file.hunks.size() == 1);
    const auto& hunk = file.hunks[0];
    CHECK(hunk.header == "@@ -0,0 +1,10 @@");
    CHECK(hunk.old_start == 0);
    CHECK(hunk.old_lines == 0);
    CHECK(hunk.new_start == 1);
    CHECK(hunk.new_lines == 10);
    REQUIRE(hunk.lines.size() == 10);
    for (int i = 0; i < 10; ++i) {
        CHECK(hunk.lines[i].origin == '+');
        CHECK(hunk.lines[i].old_line == -1);
        CHECK(hunk.lines[i].new_line == i + 1);
        CHECK(hunk.lines[i].text == "line " + std::to_string(i + 1));
    }
    CHECK(file_named(diff, "bin.dat").binary);
    CHECK(file_named(diff, "bin.dat").hunks.empty());
}

TEST_CASE("diff_commit finds modifications, renames, binaries, additions and deletions",
          "[gitcore][commit_diff]")
{
    BrowseRepo repo(specs());
    auto diff = must(gitcore::diff_commit(repo.repo(), repo.id(1), {}));
    CHECK(paths_of(diff) == std::vector<std::string>{"bin.dat", "docs/manual.txt", "gone.txt",
                                                     "new.txt", "ten.txt", unicode_file});
    CHECK(diff.additions == 6);
    CHECK(diff.deletions == 3);
    CHECK(repo.git({"diff", "--shortstat", "-M", repo.id(0), repo.id(1)}) ==
          " 6 files changed, 6 insertions(+), 3 deletions(-)\n");

    const auto& renamed = file_named(diff, "docs/manual.txt");
    CHECK(renamed.status == FileStatus::renamed);
    CHECK(renamed.old_path == "doc.txt");
    CHECK(renamed.additions == 1);
    CHECK(renamed.deletions == 1);
    REQUIRE(renamed.hunks.size() == 1);
    CHECK(renamed.hunks[0].lines.back().text == "the end");
    CHECK(renamed.hunks[0].lines.back().new_line == 12);

    const auto& binary = file_named(diff, "bin.dat");
    CHECK(binary.status == FileStatus::modified);
    CHECK(binary.binary);
    CHECK(binary.hunks.empty());
    CHECK_FALSE(binary.truncated);

    const auto& gone = file_named(diff, "gone.txt");
    CHECK(gone.status == FileStatus::deleted);
    CHECK(gone.deletions == 1);
    CHECK(gone.new_mode == 0);
    REQUIRE(gone.hunks.size() == 1);
    CHECK(gone.hunks[0].lines[0].origin == '-');
    CHECK(gone.hunks[0].lines[0].old_line == 1);
    CHECK(gone.hunks[0].lines[0].new_line == -1);

    CHECK(file_named(diff, "new.txt").status == FileStatus::added);
    CHECK(file_named(diff, "new.txt").additions == 2);
    CHECK(file_named(diff, unicode_file).hunks[0].lines[0].text == "unicode");
}

TEST_CASE("diff_commit numbers the lines of a hunk as git does", "[gitcore][commit_diff]")
{
    BrowseRepo repo(specs());
    auto diff = must(gitcore::diff_commit(repo.repo(), repo.id(1), {}));
    const auto& file = file_named(diff, "ten.txt");
    CHECK(file.status == FileStatus::modified);
    CHECK(file.additions == 2);
    CHECK(file.deletions == 1);
    CHECK(headers_of(file) == git_hunk_headers(repo, repo.id(0), repo.id(1), "ten.txt"));
    REQUIRE(file.hunks.size() == 1);
    const auto& hunk = file.hunks[0];
    CHECK(hunk.old_start == 2);
    CHECK(hunk.old_lines == 9);
    CHECK(hunk.new_start == 2);
    CHECK(hunk.new_lines == 10);

    struct Expected {
        char origin;
        int old_line, new_line;
        std::string text;
    };
    std::vector<Expected> expected = {
        {' ', 2, 2, "line 2"},    {' ', 3, 3, "line 3"},     {' ', 4, 4, "line 4"},
        {'-', 5, -1, "line 5"},   {'+', -1, 5, "line five"}, {' ', 6, 6, "line 6"},
        {' ', 7, 7, "line 7"},    {' ', 8, 8, "line 8"},     {' ', 9, 9, "line 9"},
        {' ', 10, 10, "line 10"}, {'+', -1, 11, "line 11"},
    };
    REQUIRE(hunk.lines.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        INFO(i);
        CHECK(hunk.lines[i].origin == expected[i].origin);
        CHECK(hunk.lines[i].old_line == expected[i].old_line);
        CHECK(hunk.lines[i].new_line == expected[i].new_line);
        CHECK(hunk.lines[i].text == expected[i].text);
    }
}

TEST_CASE("diff_commit reports a file that became a symlink", "[gitcore][commit_diff]")
{
    BrowseRepo repo(specs());
    auto diff = must(gitcore::diff_commit(repo.repo(), repo.id(2), {}));
    REQUIRE(diff.files.size() == 1);
    CHECK(diff.files[0].status == FileStatus::type_changed);
    CHECK(diff.files[0].old_mode == 0100644);
    CHECK(diff.files[0].new_mode == 0120000);
}

TEST_CASE("diff limits cut hunks and files, never counts", "[gitcore][commit_diff]")
{
    BrowseRepo repo(specs());

    SECTION("a file with more lines than max_file_lines loses its hunks")
    {
        auto diff = must(gitcore::diff_commit(repo.repo(), repo.id(1), {300, 20000, 10}));
        const auto& file = file_named(diff, "ten.txt");
        CHECK(file.truncated);
        CHECK(file.hunks.empty());
        CHECK(file.additions == 2);
        CHECK(file.deletions == 1);
        CHECK_FALSE(file_named(diff, "docs/manual.txt").truncated);
        CHECK(file_named(diff, "docs/manual.txt").hunks.size() == 1);
        CHECK(diff.truncated);
        CHECK(diff.additions == 6);
        CHECK(diff.deletions == 3);
    }
    SECTION("max_lines is shared by the files in order")
    {
        // manual.txt takes 5 lines, gone.txt 1, new.txt 2: ten.txt's 11 no longer fit, the
        // last file's 1 does.
        auto diff = must(gitcore::diff_commit(repo.repo(), repo.id(1), {300, 12, 5000}));
        CHECK(file_named(diff, "docs/manual.txt").hunks[0].lines.size() == 5);
        CHECK(file_named(diff, "ten.txt").truncated);
        CHECK(file_named(diff, "ten.txt").hunks.empty());
        CHECK_FALSE(file_named(diff, unicode_file).truncated);
        CHECK(file_named(diff, unicode_file).hunks.size() == 1);
        CHECK(diff.truncated);
        CHECK(diff.additions == 6);
    }
    SECTION("files beyond max_files are counted, not listed")
    {
        auto diff = must(gitcore::diff_commit(repo.repo(), repo.id(1), {2, 20000, 5000}));
        CHECK(paths_of(diff) == std::vector<std::string>{"bin.dat", "docs/manual.txt"});
        CHECK(diff.changed_files == 6);
        CHECK(diff.additions == 6);
        CHECK(diff.deletions == 3);
        CHECK(diff.truncated);
    }
}

TEST_CASE("diff_commits compares any two commits", "[gitcore][commit_diff]")
{
    BrowseRepo repo(specs());
    auto forward = must(gitcore::diff_commits(repo.repo(), repo.id(0), repo.id(2), {}));
    CHECK(paths_of(forward) == std::vector<std::string>{"bin.dat", "docs/manual.txt", "gone.txt",
                                                        "link", "new.txt", "ten.txt",
                                                        unicode_file});
    CHECK(file_named(forward, "link").status == FileStatus::type_changed);

    auto backward = must(gitcore::diff_commits(repo.repo(), repo.id(2), repo.id(0), {}));
    CHECK(file_named(backward, "new.txt").status == FileStatus::deleted);
    CHECK(file_named(backward, "gone.txt").status == FileStatus::added);
    CHECK(file_named(backward, "doc.txt").old_path == "docs/manual.txt");
    CHECK(backward.additions == forward.deletions);
    CHECK(backward.deletions == forward.additions);

    auto same = must(gitcore::diff_commits(repo.repo(), repo.id(1), repo.id(1), {}));
    CHECK(same.files.empty());
    CHECK(same.changed_files == 0);

    auto unknown = gitcore::diff_commits(repo.repo(), repo.id(0), std::string(40, 'c'), {});
    REQUIRE(unknown.is_error());
    CHECK(unknown.error().code == forge::ErrorCode::not_found);
    auto missing = gitcore::diff_commit(repo.repo(), "cafe", {});
    REQUIRE(missing.is_error());
    CHECK(missing.error().code == forge::ErrorCode::not_found);
}
