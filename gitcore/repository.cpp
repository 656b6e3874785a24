// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/repository.h"

#include "gitcore/library.h"

#include <git2.h>

namespace gitcore {

forge::Result<Repository> Repository::open(const std::filesystem::path& path)
{
    ensure_initialised();
    git_repository* repo = nullptr;
    int rc = git_repository_open_ext(
        &repo, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE, nullptr);
    if (rc < 0)
        return last_error(rc, "open repository " + path.string());
    return Repository(repo);
}

Repository::~Repository()
{
    git_repository_free(m_repo);
}

} // namespace gitcore
