// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/repo_store.h"

#include "gitcore/library.h"

#include <git2.h>

#include <cstdio>
#include <system_error>

namespace gitcore {

namespace fs = std::filesystem;

RepoStore::RepoStore(fs::path root)
    : m_root(std::move(root))
{
}

fs::path RepoStore::path_for(int64_t project_id) const
{
    char shard[3];
    std::snprintf(shard, sizeof shard, "%02x", static_cast<unsigned>(project_id % 256));
    return m_root / shard / (std::to_string(project_id) + ".git");
}

bool RepoStore::exists(int64_t project_id) const
{
    std::error_code ignored;
    return fs::is_directory(path_for(project_id), ignored);
}

forge::Result<void> RepoStore::create(int64_t project_id, std::string_view default_branch)
{
    ensure_initialised();
    fs::path final_path = path_for(project_id);
    if (exists(project_id))
        return forge::Error::conflict("repository " + std::to_string(project_id) +
                                      " already exists on disk");
    fs::path staging = final_path;
    staging += ".creating";
    std::error_code ec;
    fs::remove_all(staging, ec); // leftover of an earlier crash
    fs::create_directories(final_path.parent_path(), ec);
    if (ec)
        return forge::Error::internal("cannot create " + final_path.parent_path().string() + ": " +
                                      ec.message());

    git_repository_init_options options;
    git_repository_init_options_init(&options, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
    options.flags =
        GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
    std::string head(default_branch);
    options.initial_head = head.c_str();
    git_repository* repository = nullptr;
    int rc = git_repository_init_ext(&repository, staging.c_str(), &options);
    git_repository_free(repository);
    if (rc < 0)
        return last_error(rc, "init repository " + staging.string());

    fs::rename(staging, final_path, ec);
    if (ec) {
        fs::remove_all(staging, ec);
        return forge::Error::internal("cannot move repository into " + final_path.string());
    }
    return {};
}

forge::Result<void> RepoStore::set_aside(int64_t project_id, std::string_view suffix)
{
    if (!exists(project_id))
        return {};
    fs::path from = path_for(project_id);
    fs::path to = from;
    to += ".orphaned-" + std::string(suffix);
    std::error_code ec;
    fs::rename(from, to, ec);
    if (ec)
        return forge::Error::internal("cannot move " + from.string() + " aside: " + ec.message());
    return {};
}

forge::Result<void> RepoStore::remove(int64_t project_id)
{
    std::error_code ec;
    fs::remove_all(path_for(project_id), ec);
    if (ec)
        return forge::Error::internal("cannot delete repository " + std::to_string(project_id) +
                                      ": " + ec.message());
    return {};
}

} // namespace gitcore
