// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/head.h"
#include "gitcore/repo_store.h"
#include "gitcore/repository.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

namespace fs = std::filesystem;

namespace {

struct TempStore {
    fs::path path;
    gitcore::RepoStore store;
    TempStore()
        : path(fs::temp_directory_path() / ("forge-head-" + std::to_string(std::random_device()())))
        , store(path)
    {
    }
    ~TempStore() { fs::remove_all(path); }
};

std::string read_file(const fs::path& path)
{
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

TEST_CASE("set_head points HEAD at a branch, born or not", "[gitcore][head]")
{
    TempStore temp;
    REQUIRE_FALSE(temp.store.create(1, "main").is_error());
    auto opened = gitcore::Repository::open(temp.store.path_for(1));
    REQUIRE_FALSE(opened.is_error());
    auto& repository = opened.value();
    CHECK(gitcore::head_branch(repository).value() == "main");

    REQUIRE_FALSE(gitcore::set_head(repository, "release/2.0").is_error());
    CHECK(read_file(temp.store.path_for(1) / "HEAD") == "ref: refs/heads/release/2.0\n");
    CHECK(gitcore::head_branch(repository).value() == "release/2.0");

    for (const char* bad : {"", "a..b", "with space", "end.lock", "-start", "HEAD^"}) {
        INFO("'" << bad << "'");
        auto refused = gitcore::set_head(repository, bad);
        REQUIRE(refused.is_error());
        CHECK(refused.error().code == forge::ErrorCode::invalid_argument);
    }
    CHECK(gitcore::head_branch(repository).value() == "release/2.0");
}
