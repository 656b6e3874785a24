// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/reachability.h"

#include "gitcore/library.h"
#include "gitcore/repository.h"

#include <git2.h>

#include <algorithm>

namespace gitcore {

namespace {

// At most this many haves are tried per want: enough for real negotiations, bounded cost.
constexpr size_t max_commons_checked = 256;

std::vector<git_oid> parse_ids(const std::vector<std::string>& ids)
{
    std::vector<git_oid> out(ids.size());
    for (size_t i = 0; i < ids.size(); ++i)
        git_oid_fromstrn(&out[i], ids[i].data(), ids[i].size());
    return out;
}

} // namespace

forge::Result<void> check_reachable(const std::filesystem::path& repo,
                                    const std::vector<std::string>& wants,
                                    const std::vector<std::string>& tips)
{
    auto repository = TRY(Repository::open(repo));
    auto tip_ids = parse_ids(tips);
    git_odb* odb = nullptr;
    if (int rc = git_repository_odb(&odb, repository.raw()); rc < 0)
        return last_error(rc, "open object database");
    for (const auto& want : wants) {
        if (std::find(tips.begin(), tips.end(), want) != tips.end())
            continue;
        git_oid id = parse_ids({want}).front();
        size_t size = 0;
        git_object_t type = GIT_OBJECT_INVALID;
        bool exists = git_odb_read_header(&size, &type, odb, &id) == 0;
        // Commits must be reachable from a ref. Trees, blobs and tags are served when they
        // exist, as git's own protocol v2 server does: partial clones fetch them by id.
        int reachable = 0;
        if (exists && type == GIT_OBJECT_COMMIT)
            reachable =
                git_graph_reachable_from_any(repository.raw(), &id, tip_ids.data(), tip_ids.size());
        else if (exists)
            reachable = 1;
        if (reachable != 1) {
            git_odb_free(odb);
            return forge::Error::invalid_argument("not our ref " + want);
        }
    }
    git_odb_free(odb);
    return {};
}

forge::Result<std::vector<std::string>> existing_commits(const std::filesystem::path& repo,
                                                         const std::vector<std::string>& ids)
{
    auto repository = TRY(Repository::open(repo));
    std::vector<std::string> found;
    for (const auto& hex : ids) {
        git_oid id = parse_ids({hex}).front();
        git_commit* commit = nullptr;
        if (git_commit_lookup(&commit, repository.raw(), &id) == 0)
            found.push_back(hex);
        git_commit_free(commit);
    }
    return found;
}

forge::Result<bool> wants_covered(const std::filesystem::path& repo,
                                  const std::vector<std::string>& wants,
                                  const std::vector<std::string>& commons)
{
    if (commons.empty())
        return false;
    auto repository = TRY(Repository::open(repo));
    auto common_ids = parse_ids(commons);
    if (common_ids.size() > max_commons_checked)
        common_ids.resize(max_commons_checked);
    for (const auto& want : wants) {
        git_oid id = parse_ids({want}).front();
        bool covered = false;
        for (const auto& common : common_ids) {
            covered = git_oid_equal(&id, &common) ||
                      git_graph_descendant_of(repository.raw(), &id, &common) == 1;
            if (covered)
                break;
        }
        if (!covered)
            return false;
    }
    return true;
}

} // namespace gitcore
