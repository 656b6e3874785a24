// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/ref_names.h"
#include "gitcore/repo_store.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

namespace fs = std::filesystem;

namespace {

struct TempDirectory {
    fs::path path;
    TempDirectory()
    {
        std::random_device random;
        path = fs::temp_directory_path() / ("forge-gitcore-" + std::to_string(random()));
        fs::create_directories(path);
    }
    ~TempDirectory() { fs::remove_all(path); }
};

std::string read_file(const fs::path& path)
{
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

TEST_CASE("repositories are addressed by id, sharded by id mod 256", "[gitcore][repo_store]")
{
    gitcore::RepoStore store("/srv/repos");
    CHECK(store.path_for(1) == fs::path("/srv/repos/01/1.git"));
    CHECK(store.path_for(255) == fs::path("/srv/repos/ff/255.git"));
    CHECK(store.path_for(256) == fs::path("/srv/repos/00/256.git"));
    CHECK(store.path_for(4711) == fs::path("/srv/repos/67/4711.git"));
}

TEST_CASE("create makes a bare repository whose HEAD names the default branch",
          "[gitcore][repo_store]")
{
    TempDirectory temp;
    gitcore::RepoStore store(temp.path / "repos");
    REQUIRE_FALSE(store.exists(7));
    auto created = store.create(7, "main");
    REQUIRE_FALSE(created.is_error());
    auto repo = store.path_for(7);
    CHECK(store.exists(7));
    CHECK(read_file(repo / "HEAD") == "ref: refs/heads/main\n");
    CHECK(fs::is_directory(repo / "objects"));
    CHECK(fs::is_directory(repo / "refs"));
    CHECK_FALSE(fs::exists(repo / ".git"));
    CHECK(read_file(repo / "config").find("bare = true") != std::string::npos);
    CHECK_FALSE(fs::exists(fs::path(repo.string() + ".creating")));

    SECTION("a second create for the same id is a conflict and keeps the first")
    {
        std::ofstream(repo / "marker") << "kept";
        auto again = store.create(7, "main");
        REQUIRE(again.is_error());
        CHECK(again.error().code == forge::ErrorCode::conflict);
        CHECK(read_file(repo / "marker") == "kept");
    }
    SECTION("remove deletes it, and removing again succeeds")
    {
        REQUIRE_FALSE(store.remove(7).is_error());
        CHECK_FALSE(store.exists(7));
        CHECK_FALSE(store.remove(7).is_error());
    }
}

TEST_CASE("a leftover of an interrupted create does not block a new one", "[gitcore][repo_store]")
{
    TempDirectory temp;
    gitcore::RepoStore store(temp.path / "repos");
    auto staging = fs::path(store.path_for(3).string() + ".creating");
    fs::create_directories(staging / "objects");
    std::ofstream(staging / "HEAD") << "garbage";
    REQUIRE_FALSE(store.create(3, "trunk").is_error());
    CHECK(read_file(store.path_for(3) / "HEAD") == "ref: refs/heads/trunk\n");
    CHECK_FALSE(fs::exists(staging));
}

TEST_CASE("branch and ref names follow git's rules", "[gitcore][ref_names]")
{
    for (const char* good : {"main", "feature/x", "release-1.0", "a.b_c", "ümlaut"})
        CHECK(gitcore::is_valid_branch_name(good));
    for (const char* bad : {"", "-x", "HEAD", "a..b", "a b", "a~1", "a^", "a:b", "x.lock", "/x",
                            "x/", "a//b", "a\\b", "@{x}", "a?", "a*", "a["})
        CHECK_FALSE(gitcore::is_valid_branch_name(bad));
    CHECK(gitcore::is_valid_ref_name("refs/heads/main"));
    CHECK(gitcore::is_valid_ref_name("refs/tags/v1.0"));
    CHECK_FALSE(gitcore::is_valid_ref_name("heads/main"));
    CHECK_FALSE(gitcore::is_valid_ref_name(std::string_view("refs/heads/a\0b", 14)));
}
