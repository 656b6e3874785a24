// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/gitcore/browse_fixture.h"

#include "gitcore/merge.h"
#include "gitcore/ref_updates.h"
#include "gitcore/refs.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace gitcore::testing;

namespace {

// The fixture history of git_fixture.h: main at c4, side at s1, tag v1.
struct Refs {
    GitFixture git;
    std::filesystem::path path = must(git.repository("repo.git"));
    gitcore::Repository repo = must(gitcore::Repository::open(path));

    std::string value(const std::string& name) const
    {
        return gitcore::current_value_of(repo, name);
    }
};

const std::string main_ref = "refs/heads/main";
const std::string c1(ids::c1), c2(ids::c2), c3(ids::c3), c4(ids::c4), s1(ids::s1), v1(ids::v1);

} // namespace

TEST_CASE("move_ref moves a branch from the expected value only", "[gitcore][merge][refs]")
{
    Refs r;
    must(gitcore::move_ref(r.repo, main_ref, c4, s1, "merge !1"));
    CHECK(r.value(main_ref) == s1);
    CHECK(must(r.git.rev_parse(r.path, "main")) == s1); // git sees it too

    // Someone moved main meanwhile: the stale merge must not overwrite it.
    auto stale = gitcore::move_ref(r.repo, main_ref, c4, c3, "merge !2");
    CHECK(code_of(stale) == forge::ErrorCode::conflict);
    CHECK(r.value(main_ref) == s1);
}

TEST_CASE("move_ref compares against packed refs as well", "[gitcore][merge][refs]")
{
    Refs r;
    must(r.git.git({"--git-dir=" + r.path.string(), "pack-refs", "--all"}));
    CHECK_FALSE(std::filesystem::exists(r.path / "refs/heads/main"));
    CHECK(code_of(gitcore::move_ref(r.repo, main_ref, c3, c2, "m")) == forge::ErrorCode::conflict);
    CHECK(r.value(main_ref) == c4);
    must(gitcore::move_ref(r.repo, main_ref, c4, c2, "m"));
    CHECK(r.value(main_ref) == c2);
    must(gitcore::move_ref(r.repo, "refs/heads/side", s1, gitcore::zero_id, "m"));
    CHECK(r.value("refs/heads/side") == gitcore::zero_id);
    CHECK(must(r.git.git({"--git-dir=" + r.path.string(), "for-each-ref", "--format=%(refname)",
                          "refs/heads"})) == "refs/heads/main\n");
}

TEST_CASE("move_ref waits for nobody: a ref locked by a push is a conflict",
          "[gitcore][merge][refs]")
{
    Refs r;
    auto lock = r.path / "refs/heads/main.lock";
    std::ofstream(lock) << c1 << "\n";
    CHECK(code_of(gitcore::move_ref(r.repo, main_ref, c4, c3, "m")) == forge::ErrorCode::conflict);
    CHECK(r.value(main_ref) == c4);
    CHECK(std::filesystem::exists(lock)); // the other writer's lock is left alone
    std::filesystem::remove(lock);
    must(gitcore::move_ref(r.repo, main_ref, c4, c3, "m"));
    CHECK(r.value(main_ref) == c3);
}

TEST_CASE("move_ref creates only what does not exist and deletes only what is expected",
          "[gitcore][merge][refs]")
{
    Refs r;
    must(gitcore::move_ref(r.repo, "refs/heads/topic", gitcore::zero_id, c2, "create"));
    CHECK(r.value("refs/heads/topic") == c2);
    CHECK(code_of(gitcore::move_ref(r.repo, "refs/heads/topic", gitcore::zero_id, c3, "again")) ==
          forge::ErrorCode::conflict);
    CHECK(r.value("refs/heads/topic") == c2);

    CHECK(code_of(gitcore::move_ref(r.repo, "refs/heads/topic", c1, gitcore::zero_id, "d")) ==
          forge::ErrorCode::conflict);
    CHECK(r.value("refs/heads/topic") == c2);
    must(gitcore::move_ref(r.repo, "refs/heads/topic", c2, gitcore::zero_id, "delete"));
    CHECK(r.value("refs/heads/topic") == gitcore::zero_id);
    CHECK_FALSE(std::filesystem::exists(r.path / "refs/heads/topic"));
    CHECK(code_of(gitcore::move_ref(r.repo, "refs/heads/topic", c2, gitcore::zero_id, "d")) ==
          forge::ErrorCode::conflict);

    // Tags may point at tag objects; branches only at commits.
    must(gitcore::move_ref(r.repo, "refs/tags/v1-again", gitcore::zero_id, v1, "tag"));
    CHECK(r.value("refs/tags/v1-again") == v1);
}

TEST_CASE("move_ref refuses ids and names that make no sense, moving nothing",
          "[gitcore][merge][refs]")
{
    Refs r;
    auto tree = must(r.git.rev_parse(r.path, "main^{tree}"));
    CHECK(code_of(gitcore::move_ref(r.repo, main_ref, c4, std::string(40, 'a'), "m")) ==
          forge::ErrorCode::invalid_argument); // no such object
    CHECK(code_of(gitcore::move_ref(r.repo, main_ref, c4, tree, "m")) ==
          forge::ErrorCode::invalid_argument); // a branch at a tree
    CHECK(code_of(gitcore::move_ref(r.repo, main_ref, "main", c3, "m")) ==
          forge::ErrorCode::invalid_argument);
    CHECK(code_of(gitcore::move_ref(r.repo, main_ref, c4, c3.substr(0, 10), "m")) ==
          forge::ErrorCode::invalid_argument);
    CHECK(code_of(gitcore::move_ref(r.repo, "refs/heads/a..b", gitcore::zero_id, c3, "m")) ==
          forge::ErrorCode::invalid_argument);
    CHECK(code_of(gitcore::move_ref(r.repo, "refs/heads/x", gitcore::zero_id, gitcore::zero_id,
                                    "m")) == forge::ErrorCode::invalid_argument);
    CHECK(r.value(main_ref) == c4);
    CHECK(r.value("refs/heads/a..b") == gitcore::zero_id);
}

TEST_CASE("force_ref sets, overwrites and deletes the forge's own refs", "[gitcore][merge][refs]")
{
    Refs r;
    const std::string head = "refs/merge-requests/1/head";
    must(gitcore::force_ref(r.repo, head, c2, "opened"));
    CHECK(r.value(head) == c2);
    must(gitcore::force_ref(r.repo, head, s1, "new revision")); // not a fast-forward
    CHECK(r.value(head) == s1);
    CHECK(must(r.git.rev_parse(r.path, head)) == s1);

    CHECK(gitcore::force_ref(r.repo, head, std::string(40, 'b'), "x").is_error());
    CHECK(r.value(head) == s1);
    CHECK(code_of(gitcore::force_ref(r.repo, "refs/merge-requests/1/head.lock", c1, "x")) ==
          forge::ErrorCode::invalid_argument);

    must(gitcore::force_ref(r.repo, head, gitcore::zero_id, "closed"));
    CHECK(r.value(head) == gitcore::zero_id);
    must(gitcore::force_ref(r.repo, head, gitcore::zero_id, "closed again"));
    CHECK(r.value(main_ref) == c4);
}
