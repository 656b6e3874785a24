// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// Commits, branches, tags and the split of a URL's ref-and-path, on a repository whose
// branch and tag names overlap the way real ones do ("feature" and "feature/x", a tag
// below a branch's name).
#include "tests/unit/gitcore/browse_fixture.h"

#include "gitcore/browse.h"

#include <catch2/catch.hpp>

#include <cctype>
#include <fstream>
#include <string>
#include <vector>

using gitcore::testing::BrowseRepo;
using gitcore::testing::code_of;
using gitcore::testing::CommitSpec;
using gitcore::testing::must;
using gitcore::testing::put;

namespace {

// main: c0 -- c1; feature: c0 -- c2; topic/x: c2 -- c3; release: c0 -- c4; both: c3.
// Tags: v1 (annotated, of c0), light (of c1), release/1.0 (annotated, of c4), both (of c2,
// beside the branch "both"), feature/x (of c3, longer than the branch "feature"), topic
// (of c0, shorter than the branch "topic/x"), treetag (of c0's tree), blobtag (annotated,
// of a blob), outer (annotated, of v1). git allows no branch "feature/x" beside "feature".
const std::string tags_stream = "tag v1\nfrom :1\n" +
                                gitcore::testing::identity("tagger", 1700000500, "+0000") +
                                gitcore::testing::fast_import_data("version one\n") +
                                "\nreset refs/tags/light\nfrom :2\n\n"
                                "tag release/1.0\nfrom :5\n" +
                                gitcore::testing::identity("tagger", 1700000250, "+0000") +
                                gitcore::testing::fast_import_data("notes\n") +
                                "\nreset refs/tags/both\nfrom :3\n\n"
                                "reset refs/heads/both\nfrom :4\n\n"
                                "reset refs/tags/feature/x\nfrom :4\n\n"
                                "reset refs/tags/topic\nfrom :1\n\n";

std::vector<CommitSpec> specs()
{
    return {
        {"main", "first\n\nbody\n", 1700000000, {}, {put("a.txt", "a\n")}, "+0130"},
        {"main", "second line summary  \r\nmore\n", 1700000100, {0}, {put("a.txt", "b\n")}},
        {"feature", "feature work\n", 1700000300, {0}, {put("src/f.c", "f\n")}},
        {"topic/x", "x work\n", 1700000400, {2}, {put("src/x.c", "x\n")}},
        {"release", "release\n", 1700000050, {0}, {put("r.txt", "r\n")}},
    };
}

class RefsRepo : public BrowseRepo {
  public:
    RefsRepo()
        : BrowseRepo(specs(), tags_stream)
    {
        git({"tag", "treetag", id(0) + "^{tree}"});
        git({"tag", "-a", "-m", "blob", "blobtag", "main:a.txt"});
        git({"tag", "-a", "-m", "outer", "outer", "v1"});
        open();
    }
};

} // namespace

TEST_CASE("read_commit reads a commit by full or abbreviated id", "[gitcore][browse_refs]")
{
    RefsRepo repo;
    auto first = must(gitcore::read_commit(repo.repo(), repo.id(0)));
    CHECK(first.id == repo.id(0));
    CHECK(first.parents.empty());
    CHECK(first.author.name == "A U Thor");
    CHECK(first.author.email == "author@example.com");
    CHECK(first.author.time == 1700000000);
    CHECK(first.author.offset_minutes == 90);
    CHECK(first.committer.time == 1700000000);
    CHECK(first.summary == "first");
    CHECK(first.message == "first\n\nbody\n");

    auto second = must(gitcore::read_commit(repo.repo(), repo.id(1).substr(0, 4)));
    CHECK(second.id == repo.id(1));
    CHECK(second.parents == std::vector<std::string>{repo.id(0)});
    CHECK(second.summary == "second line summary");
    CHECK(second.message == "second line summary  \r\nmore\n");

    std::string upper = repo.id(1);
    for (auto& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(must(gitcore::read_commit(repo.repo(), upper)).id == repo.id(1));
}

TEST_CASE("read_commit answers not_found for anything but a commit", "[gitcore][browse_refs]")
{
    RefsRepo repo;
    auto tree = repo.rev_parse("main^{tree}");
    auto blob = repo.rev_parse("main:a.txt");
    for (std::string id : {std::string(), repo.id(0).substr(0, 3), std::string("zzzzzzz"),
                           std::string(40, '1'), tree, blob, repo.id(0) + "0", repo.id(0) + "/"}) {
        INFO(id);
        CHECK(code_of(gitcore::read_commit(repo.repo(), id)) == forge::ErrorCode::not_found);
    }
}

TEST_CASE("is_empty and head_branch on a repository nothing was pushed to",
          "[gitcore][browse_refs]")
{
    gitcore::testing::GitFixture git;
    auto path = must(git.empty_repository("empty.git"));
    auto repo = must(gitcore::Repository::open(path));
    CHECK(gitcore::is_empty(repo));
    CHECK(must(gitcore::head_branch(repo)) == "main");
    CHECK(must(gitcore::list_branches(repo)).empty());
    CHECK(must(gitcore::list_tags(repo)).empty());

    RefsRepo full;
    CHECK_FALSE(gitcore::is_empty(full.repo()));
}

TEST_CASE("list_branches gives every branch, newest tip first", "[gitcore][browse_refs]")
{
    RefsRepo repo;
    auto branches = must(gitcore::list_branches(repo.repo()));
    std::vector<std::string> names, full_names, tips;
    for (const auto& branch : branches) {
        names.push_back(branch.name);
        full_names.push_back(branch.full_name);
        tips.push_back(branch.commit.id);
        CHECK(branch.is_head == (branch.name == "main"));
    }
    // "both" and topic/x share c3's time; equal times go by name.
    CHECK(names == std::vector<std::string>{"both", "topic/x", "feature", "main", "release"});
    CHECK(full_names[1] == "refs/heads/topic/x");
    CHECK(tips ==
          std::vector<std::string>{repo.id(3), repo.id(3), repo.id(2), repo.id(1), repo.id(4)});
    CHECK(branches[3].commit.summary == "second line summary");
}

TEST_CASE("list_tags gives tags of commits, newest first", "[gitcore][browse_refs]")
{
    RefsRepo repo;
    auto tags = must(gitcore::list_tags(repo.repo()));
    std::vector<std::string> names;
    for (const auto& tag : tags)
        names.push_back(tag.name);
    // outer was made by `git tag` at the fixture's time, 1700000600; treetag and blobtag
    // lead to no commit.
    REQUIRE(names == std::vector<std::string>{"outer", "v1", "feature/x", "both", "release/1.0",
                                              "light", "topic"});
    CHECK(tags[0].annotated);
    CHECK(tags[0].message == "outer\n");
    CHECK(tags[0].commit.id == repo.id(0));
    CHECK(tags[0].time == 1700000600);
    CHECK(tags[1].full_name == "refs/tags/v1");
    CHECK(tags[1].message == "version one\n");
    CHECK(tags[1].time == 1700000500);
    CHECK(tags[2].full_name == "refs/tags/feature/x");
    CHECK(tags[3].commit.id == repo.id(2));
    CHECK_FALSE(tags[3].annotated);
    CHECK(tags[3].time == 1700000300);
    CHECK(tags[4].full_name == "refs/tags/release/1.0");
    CHECK(tags[4].commit.id == repo.id(4));
    CHECK(tags[5].message.empty());
    CHECK(tags[5].commit.id == repo.id(1));
    CHECK(tags[6].time == 1700000000);
}

TEST_CASE("head_branch follows HEAD", "[gitcore][browse_refs]")
{
    RefsRepo repo;
    CHECK(must(gitcore::head_branch(repo.repo())) == "main");
    repo.git({"symbolic-ref", "HEAD", "refs/heads/topic/x"});
    CHECK(must(gitcore::head_branch(repo.repo())) == "topic/x");
    auto branches = must(gitcore::list_branches(repo.repo()));
    CHECK(branches[1].name == "topic/x");
    CHECK(branches[1].is_head);
    CHECK_FALSE(branches[3].is_head);
    repo.git({"symbolic-ref", "HEAD", "refs/heads/unborn"});
    CHECK(must(gitcore::head_branch(repo.repo())) == "unborn");
    repo.git({"update-ref", "--no-deref", "HEAD", repo.id(4)});
    CHECK(must(gitcore::head_branch(repo.repo())) == repo.id(4));
}

TEST_CASE("resolve_revision_path takes the longest ref", "[gitcore][browse_refs]")
{
    RefsRepo repo;
    struct Row {
        std::string rest, ref, commit, path;
    };
    std::vector<Row> rows = {
        {"main", "main", repo.id(1), ""},
        {"main/a.txt", "main", repo.id(1), "a.txt"},
        {"/main/src/deep/file.c/", "main", repo.id(1), "src/deep/file.c"},
        {"feature", "feature", repo.id(2), ""},
        {"feature/src/f.c", "feature", repo.id(2), "src/f.c"},
        {"feature/y/src", "feature", repo.id(2), "y/src"},
        {"topic/x", "topic/x", repo.id(3), ""},
        {"topic/x/src/x.c", "topic/x", repo.id(3), "src/x.c"},
        {"topic/y", "topic", repo.id(0), "y"},
        // The longest ref wins, branch or tag; at the same length, the branch.
        {"feature/x/src/x.c", "feature/x", repo.id(3), "src/x.c"},
        {"release/1.0/r.txt", "release/1.0", repo.id(4), "r.txt"},
        {"release/r.txt", "release", repo.id(4), "r.txt"},
        {"both/a.txt", "both", repo.id(3), "a.txt"},
        {"v1", "v1", repo.id(0), ""},
        {"outer/a.txt", "outer", repo.id(0), "a.txt"},
        {"light", "light", repo.id(1), ""},
        {"HEAD/a.txt", "HEAD", repo.id(1), "a.txt"},
        {repo.id(2), repo.id(2), repo.id(2), ""},
        {repo.id(2).substr(0, 7) + "/src", repo.id(2).substr(0, 7), repo.id(2), "src"},
        {repo.id(4).substr(0, 12) + "//r.txt", repo.id(4).substr(0, 12), repo.id(4), "r.txt"},
    };
    for (const auto& row : rows) {
        INFO(row.rest);
        auto resolved = must(gitcore::resolve_revision_path(repo.repo(), row.rest));
        CHECK(resolved.ref == row.ref);
        CHECK(resolved.commit_id == row.commit);
        CHECK(resolved.path == row.path);
    }
}

TEST_CASE("resolve_revision_path answers not_found without a ref", "[gitcore][browse_refs]")
{
    RefsRepo repo;
    for (std::string rest :
         {std::string(), std::string("/"), std::string("nope"), std::string("nope/main"),
          std::string("treetag/a.txt"), std::string("blobtag"), repo.id(0).substr(0, 6),
          repo.rev_parse("main^{tree}"), std::string("main\0x", 6), std::string("../main"),
          std::string("refs/heads/main")}) {
        INFO(rest);
        CHECK(code_of(gitcore::resolve_revision_path(repo.repo(), rest)) ==
              forge::ErrorCode::not_found);
    }
}

TEST_CASE("resolve_revision_path prefers the longer of two branches", "[gitcore][browse_refs]")
{
    // git refuses "feature/x" beside "feature", but a packed-refs file written by hand may
    // hold both; the longer still wins, and beats the tag "feature/x" (at c3).
    RefsRepo repo;
    std::ofstream(repo.path() / "packed-refs", std::ios::app)
        << repo.id(1) << " refs/heads/feature/x\n";
    repo.open();
    auto longer = must(gitcore::resolve_revision_path(repo.repo(), "feature/x/src"));
    CHECK(longer.ref == "feature/x");
    CHECK(longer.commit_id == repo.id(1));
    CHECK(longer.path == "src");
    auto shorter = must(gitcore::resolve_revision_path(repo.repo(), "feature/y/src"));
    CHECK(shorter.ref == "feature");
    CHECK(shorter.commit_id == repo.id(2));
}
