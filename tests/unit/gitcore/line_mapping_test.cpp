// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/gitcore/browse_fixture.h"

#include "gitcore/merge.h"
#include "gitcore/refs.h"

#include <catch2/catch.hpp>

using namespace gitcore::testing;

namespace {

// Version 1 of app.txt, against version 0: a line inserted on top, c changed, e deleted,
// a line appended. bin.dat changes one byte.
std::vector<CommitSpec> versions()
{
    return {
        {"main",
         "first\n",
         1700000000,
         {},
         {put("app.txt", "a\nb\nc\nd\ne\nf\ng\n"), put("bin.dat", std::string("x\0y\n", 4)),
          put("dir/nested.txt", "deep\n")}},
        {"main",
         "second\n",
         1700000100,
         {0},
         {put("app.txt", "top\na\nb\nC\nd\nf\ng\nnew\n"),
          put("bin.dat", std::string("x\0z\n", 4))}},
        {"main", "third\n", 1700000200, {1}, {remove_file("app.txt")}},
    };
}

struct Versions {
    BrowseRepo r{versions()};
    std::string old_app = must(gitcore::blob_at(r.repo(), r.id(0), "app.txt"));
    std::string new_app = must(gitcore::blob_at(r.repo(), r.id(1), "app.txt"));

    std::optional<int> follow(int line)
    {
        return must(gitcore::follow_line(r.repo(), old_app, new_app, line));
    }
};

} // namespace

TEST_CASE("follow_line moves unchanged lines past the hunks above them", "[gitcore][merge][lines]")
{
    Versions v;
    CHECK(v.follow(1) == std::optional<int>(2)); // a, below the inserted top line
    CHECK(v.follow(2) == std::optional<int>(3)); // b
    CHECK(v.follow(4) == std::optional<int>(5)); // d, between the change and the deletion
    CHECK(v.follow(6) == std::optional<int>(6)); // f: +1 above, -1 above
    CHECK(v.follow(7) == std::optional<int>(7)); // g, above the appended line
}

TEST_CASE("follow_line loses changed and deleted lines", "[gitcore][merge][lines]")
{
    Versions v;
    CHECK(v.follow(3) == std::nullopt); // c became C
    CHECK(v.follow(5) == std::nullopt); // e was deleted
    CHECK(v.follow(0) == std::nullopt);
    // The other way round, the inserted lines have no old line to come from.
    auto back = [&](int line) {
        return must(gitcore::follow_line(v.r.repo(), v.new_app, v.old_app, line));
    };
    CHECK(back(1) == std::nullopt); // top
    CHECK(back(2) == std::optional<int>(1));
    CHECK(back(4) == std::nullopt); // C
    CHECK(back(6) == std::optional<int>(6));
    CHECK(back(8) == std::nullopt); // new
}

TEST_CASE("follow_line with absent files, equal blobs and binary files", "[gitcore][merge][lines]")
{
    Versions v;
    auto& repo = v.r.repo();
    CHECK(must(gitcore::follow_line(repo, v.old_app, v.old_app, 4)) == std::optional<int>(4));
    CHECK(must(gitcore::follow_line(repo, v.old_app, gitcore::zero_id, 1)) == std::nullopt);
    CHECK(must(gitcore::follow_line(repo, gitcore::zero_id, v.new_app, 1)) == std::nullopt);

    auto old_bin = must(gitcore::blob_at(repo, v.r.id(0), "bin.dat"));
    auto new_bin = must(gitcore::blob_at(repo, v.r.id(1), "bin.dat"));
    REQUIRE(old_bin != new_bin);
    CHECK(must(gitcore::follow_line(repo, old_bin, new_bin, 1)) == std::nullopt);

    CHECK(code_of(gitcore::follow_line(repo, v.old_app, std::string(40, 'f'), 1)) ==
          forge::ErrorCode::not_found);
    CHECK(code_of(gitcore::follow_line(repo, "app.txt", v.new_app, 1)) ==
          forge::ErrorCode::invalid_argument);
}

TEST_CASE("blob_at finds files, and zero_id for what is no file", "[gitcore][merge][lines]")
{
    BrowseRepo r(versions());
    auto& repo = r.repo();
    CHECK(must(gitcore::blob_at(repo, r.id(0), "app.txt")) == r.rev_parse(r.id(0) + ":app.txt"));
    CHECK(must(gitcore::blob_at(repo, r.id(1), "app.txt")) == r.rev_parse(r.id(1) + ":app.txt"));
    CHECK(must(gitcore::blob_at(repo, r.id(1), "dir/nested.txt")) ==
          r.rev_parse(r.id(0) + ":dir/nested.txt"));
    CHECK(must(gitcore::blob_at(repo, r.id(2), "app.txt")) == gitcore::zero_id);
    CHECK(must(gitcore::blob_at(repo, r.id(0), "dir")) == gitcore::zero_id);
    CHECK(must(gitcore::blob_at(repo, r.id(0), "absent.txt")) == gitcore::zero_id);
    CHECK(code_of(gitcore::blob_at(repo, std::string(40, 'a'), "app.txt")) ==
          forge::ErrorCode::not_found);
}
