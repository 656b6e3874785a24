// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <filesystem>

struct git_repository;

namespace gitcore {

// An open libgit2 repository, freed when it goes out of scope. For gitcore's own use.
class Repository {
  public:
    // Opens the bare repository at `path`; not_found when there is none.
    static forge::Result<Repository> open(const std::filesystem::path& path);
    Repository(Repository&& other) noexcept
        : m_repo(other.m_repo)
    {
        other.m_repo = nullptr;
    }
    Repository& operator=(Repository&&) = delete;
    ~Repository();

    git_repository* raw() const { return m_repo; }

  private:
    explicit Repository(git_repository* repo)
        : m_repo(repo)
    {
    }
    git_repository* m_repo;
};

} // namespace gitcore
