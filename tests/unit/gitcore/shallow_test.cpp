// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// compute_deepen on the fixture history of git_fixture.h: c1-c2-c3-c4 on main, s1 on c2.
#include "tests/unit/gitcore/git_fixture.h"

#include "gitcore/shallow.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

using gitcore::DeepenRequest;
using Ids = std::vector<std::string>;
namespace ids = gitcore::testing::ids;

namespace {

const std::string c1(ids::c1), c2(ids::c2), c3(ids::c3), c4(ids::c4);

std::filesystem::path fixture_repository(const gitcore::testing::GitFixture& git)
{
    auto made = git.repository("shallow.git");
    INFO((made.is_error() ? made.error().message : ""));
    REQUIRE_FALSE(made.is_error());
    return made.release_value();
}

gitcore::DeepenResult deepen(const std::filesystem::path& repo, const DeepenRequest& request)
{
    auto result = gitcore::compute_deepen(repo, request);
    INFO((result.is_error() ? result.error().message : ""));
    REQUIRE_FALSE(result.is_error());
    return result.release_value();
}

} // namespace

TEST_CASE("compute_deepen finds the shallow boundary", "[gitcore][negotiation][shallow]")
{
    gitcore::testing::GitFixture git;
    auto repo = fixture_repository(git);
    DeepenRequest request;
    request.wants = {c4};

    SECTION("depth 2 on a linear history stops at the second commit")
    {
        request.depth = 2;
        auto result = deepen(repo, request);
        CHECK(result.shallow == Ids{c3});
        CHECK(result.boundary == Ids{c3});
        CHECK(result.unshallow.empty());
        CHECK(result.extra_wants.empty());
    }
    SECTION("deepen-since keeps the commits made at or after the time")
    {
        request.since = 1700000150;
        auto result = deepen(repo, request);
        CHECK(result.shallow == Ids{c3});
        CHECK(result.boundary == Ids{c3});
    }
    SECTION("deepen-since before the first commit cuts nothing")
    {
        request.since = 1600000000;
        auto result = deepen(repo, request);
        CHECK(result.shallow.empty());
        CHECK(result.boundary.empty());
    }
    SECTION("deepen-not stops at history a branch reaches")
    {
        request.not_refs = {"side"};
        CHECK(deepen(repo, request).shallow == Ids{c3});
    }
    SECTION("deepen-not accepts a full tag name and peels the tag")
    {
        request.not_refs = {"refs/tags/v1"};
        CHECK(deepen(repo, request).shallow == Ids{c3});
    }
    SECTION("deepen-not of an unknown ref is the client's mistake")
    {
        request.not_refs = {"nope"};
        auto result = gitcore::compute_deepen(repo, request);
        REQUIRE(result.is_error());
        CHECK(result.error().code == forge::ErrorCode::invalid_argument);
    }
    SECTION("deepen-relative counts from the client's shallow commits")
    {
        request.client_shallows = {c3};
        request.depth = 1;
        request.relative = true;
        auto result = deepen(repo, request);
        CHECK(result.shallow == Ids{c2});
        CHECK(result.unshallow == Ids{c3});
        CHECK(result.extra_wants == Ids{c2});
    }
    SECTION("unshallow: infinite depth completes a client's shallow commit")
    {
        request.client_shallows = {c3};
        request.depth = gitcore::infinite_depth;
        auto result = deepen(repo, request);
        CHECK(result.shallow.empty());
        CHECK(result.unshallow == Ids{c3});
        CHECK(result.extra_wants == Ids{c2});
        // c3 stays a boundary for the pack: the client has it and wants only its parents.
        CHECK(result.boundary == Ids{c3});
    }
    SECTION("a client shallow commit at the new boundary stays shallow, unannounced")
    {
        request.client_shallows = {c3};
        request.depth = 2;
        auto result = deepen(repo, request);
        CHECK(result.shallow.empty());
        CHECK(result.unshallow.empty());
        CHECK(result.boundary == Ids{c3});
    }
    SECTION("without deepening, the client's shallow commits are the boundary")
    {
        request.client_shallows = {c3};
        auto result = deepen(repo, request);
        CHECK(result.shallow.empty());
        CHECK(result.unshallow.empty());
        CHECK(result.boundary == Ids{c3});
    }
}

TEST_CASE("compute_deepen where git's boundary differs", "[gitcore][negotiation][shallow]")
{
    // git's get_shallow_commits makes every commit at the depth limit shallow, a root too.
    gitcore::testing::GitFixture git;
    auto repo = fixture_repository(git);
    DeepenRequest request;
    request.wants = {c4};
    request.depth = 4;
    CHECK(deepen(repo, request).shallow == Ids{c1});
}
