// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/gitcore/browse_fixture.h"

#include "gitcore/merge.h"
#include "gitcore/repo_store.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

using namespace gitcore::testing;

namespace {

// Runs git on the bare repository at `path`.
std::string git_in(const GitFixture& git, const std::filesystem::path& path,
                   std::vector<std::string> arguments, std::string_view input = {})
{
    arguments.insert(arguments.begin(), "--git-dir=" + path.string());
    return must(git.git(std::move(arguments), input));
}

std::string all_objects(const GitFixture& git, const std::filesystem::path& path)
{
    return git_in(git, path,
                  {"cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)"});
}

std::string all_refs(const GitFixture& git, const std::filesystem::path& path)
{
    return git_in(git, path, {"for-each-ref", "--format=%(objectname) %(refname)"});
}

// A fork as the forge makes one: an empty repository from the store, filled from `parent`.
struct Fork {
    GitFixture git;
    std::filesystem::path parent = must(git.repository("parent.git"));
    gitcore::RepoStore store{git.directory() / "repos"};
    std::filesystem::path fork = store.path_for(7);

    Fork() { must(store.create(7, "main")); }
};

} // namespace

TEST_CASE("copy_repository makes a fork that outlives its parent", "[gitcore][merge][fork]")
{
    Fork f;
    // The parent's HEAD is not the store's default, so the copy has to follow it.
    git_in(f.git, f.parent, {"symbolic-ref", "HEAD", "refs/heads/side"});
    auto objects = all_objects(f.git, f.parent);
    must(gitcore::copy_repository(f.parent, f.fork));
    std::filesystem::remove_all(f.parent);

    CHECK(all_refs(f.git, f.fork) == std::string(ids::c4) + " refs/heads/main\n" +
                                         std::string(ids::s1) + " refs/heads/side\n" +
                                         std::string(ids::v1) + " refs/tags/v1\n");
    CHECK(git_in(f.git, f.fork, {"symbolic-ref", "HEAD"}) == "refs/heads/side\n");
    CHECK(all_objects(f.git, f.fork) == objects);
    CHECK(git_in(f.git, f.fork, {"fsck", "--full", "--strict", "--no-dangling", "--no-progress"})
              .empty());
    CHECK_FALSE(std::filesystem::exists(f.fork / "objects/info/alternates"));
    CHECK_FALSE(std::filesystem::exists(f.fork / "FETCH_HEAD"));
    auto config = git_in(f.git, f.fork, {"config", "--list", "--local"});
    CHECK(config.find("remote.") == std::string::npos);
    CHECK(config.find(f.parent.string()) == std::string::npos);
}

TEST_CASE("copy_repository of an empty parent points HEAD at the parent's unborn branch",
          "[gitcore][merge][fork]")
{
    Fork f;
    auto empty = must(f.git.empty_repository("empty.git"));
    git_in(f.git, empty, {"symbolic-ref", "HEAD", "refs/heads/trunk"});
    must(gitcore::copy_repository(empty, f.fork));
    CHECK(all_refs(f.git, f.fork).empty());
    CHECK(git_in(f.git, f.fork, {"symbolic-ref", "HEAD"}) == "refs/heads/trunk\n");
}

TEST_CASE("copy_repository never overwrites a repository that has refs", "[gitcore][merge][fork]")
{
    Fork f;
    auto other = must(f.git.repository("other.git"));
    git_in(f.git, other, {"update-ref", "refs/heads/main", std::string(ids::c1)});
    auto copied = gitcore::copy_repository(f.parent, other);
    CHECK(code_of(copied) == forge::ErrorCode::conflict);
    CHECK(must(f.git.rev_parse(other, "refs/heads/main")) == ids::c1);
    CHECK(code_of(gitcore::copy_repository(f.git.directory() / "none.git", f.fork)) ==
          forge::ErrorCode::not_found);
}

TEST_CASE("import_commit brings a commit no ref names from a fork, and nothing else",
          "[gitcore][merge][fork]")
{
    GitFixture git;
    auto target = must(git.repository("target.git"));
    auto source = must(git.repository("source.git"));
    // A commit only the fork has, with a new blob and tree, named by no ref at all.
    auto blob = git_in(git, source, {"hash-object", "-w", "--stdin"}, "fork work\n").substr(0, 40);
    auto tree =
        git_in(git, source, {"mktree"}, "100644 blob " + blob + "\tidea.txt\n").substr(0, 40);
    auto commit =
        git_in(git, source, {"commit-tree", tree, "-p", std::string(ids::c4), "-m", "idea"})
            .substr(0, 40);
    auto refs = all_refs(git, target);
    CHECK(git.git({"--git-dir=" + target.string(), "cat-file", "-e", commit}).is_error());

    // A user setting that would make upload-pack refuse the id under protocol v0.
    auto config = git.directory() / "global-config";
    std::ofstream(config) << "[protocol]\n\tversion = 0\n";
    ::setenv("GIT_CONFIG_GLOBAL", config.c_str(), 1);
    auto imported = gitcore::import_commit(target, source, commit);
    ::unsetenv("GIT_CONFIG_GLOBAL");
    must(std::move(imported));

    for (const auto& id : {commit, tree, blob})
        CHECK(git_in(git, target, {"cat-file", "-e", id}).empty());
    CHECK(all_refs(git, target) == refs);
    CHECK_FALSE(std::filesystem::exists(target / "FETCH_HEAD"));
    auto repo = must(gitcore::Repository::open(target));
    CHECK(must(gitcore::read_commit(repo, commit)).parents ==
          std::vector<std::string>{std::string(ids::c4)});

    // Present already: the source is not even looked at.
    std::filesystem::remove_all(source);
    must(gitcore::import_commit(target, source, commit));
    must(gitcore::import_commit(target, source, std::string(ids::c2)));
}

TEST_CASE("import_commit fails for commits the fork lacks", "[gitcore][merge][fork]")
{
    GitFixture git;
    auto target = must(git.empty_repository("target.git"));
    auto source = must(git.repository("source.git"));
    CHECK(code_of(gitcore::import_commit(target, source, std::string(40, 'b'))) ==
          forge::ErrorCode::not_found);
    auto tree = must(git.rev_parse(source, "main^{tree}"));
    CHECK(code_of(gitcore::import_commit(target, source, tree)) == forge::ErrorCode::not_found);
    CHECK(code_of(gitcore::import_commit(target, source, std::string(ids::c1).substr(0, 8))) ==
          forge::ErrorCode::invalid_argument);
    CHECK(all_objects(git, target).empty());
}
