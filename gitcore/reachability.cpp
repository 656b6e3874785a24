// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/reachability.h"

#include "gitcore/library.h"
#include "gitcore/repository.h"

#include <git2.h>

#include <algorithm>
#include <memory>
#include <optional>

namespace gitcore {

namespace {

// At most this many commons are tried per want: enough for real negotiations, bounded cost.
constexpr size_t max_commons_checked = 256;

std::optional<git_oid> parse_id(const std::string& hex)
{
    git_oid id;
    if (git_oid_fromstrn(&id, hex.data(), hex.size()) < 0)
        return std::nullopt;
    return id;
}

// The commit an id names, peeling tags; none for trees, blobs and missing objects. Only
// commits go to libgit2's graph functions, which misbehave on other objects.
std::optional<git_oid> commit_of(git_repository* repo, const std::string& hex)
{
    auto id = parse_id(hex);
    git_object* object = nullptr;
    git_object* peeled = nullptr;
    std::optional<git_oid> commit;
    if (id && git_object_lookup(&object, repo, &*id, GIT_OBJECT_ANY) == 0 &&
        git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0)
        commit = *git_object_id(peeled);
    git_object_free(peeled);
    git_object_free(object);
    return commit;
}

std::vector<git_oid> commits_of(git_repository* repo, const std::vector<std::string>& ids)
{
    std::vector<git_oid> commits;
    for (const auto& hex : ids) {
        if (auto commit = commit_of(repo, hex))
            commits.push_back(*commit);
    }
    return commits;
}

forge::Result<git_object_t> type_of(git_odb* odb, const std::string& hex)
{
    auto id = parse_id(hex);
    size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (!id || git_odb_read_header(&size, &type, odb, &*id) != 0)
        return forge::Error::invalid_argument("not our ref " + hex);
    return type;
}

} // namespace

forge::Result<void> check_reachable(const std::filesystem::path& repo,
                                    const std::vector<std::string>& wants,
                                    const std::vector<std::string>& tips)
{
    auto repository = TRY(Repository::open(repo));
    auto tip_commits = commits_of(repository.raw(), tips);
    git_odb* odb = nullptr;
    if (int rc = git_repository_odb(&odb, repository.raw()); rc < 0)
        return last_error(rc, "open object database");
    std::unique_ptr<git_odb, decltype(&git_odb_free)> odb_owner(odb, git_odb_free);
    for (const auto& want : wants) {
        if (std::find(tips.begin(), tips.end(), want) != tips.end())
            continue;
        // Trees, blobs and tags are served when they exist, as git's own protocol v2
        // server does: partial clones fetch them by id. Commits must be reachable.
        if (TRY(type_of(odb, want)) != GIT_OBJECT_COMMIT)
            continue;
        git_oid id = *parse_id(want);
        if (git_graph_reachable_from_any(repository.raw(), &id, tip_commits.data(),
                                         tip_commits.size()) != 1)
            return forge::Error::invalid_argument("not our ref " + want);
    }
    return {};
}

forge::Result<std::vector<std::string>> existing_objects(const std::filesystem::path& repo,
                                                         const std::vector<std::string>& ids)
{
    auto repository = TRY(Repository::open(repo));
    git_odb* odb = nullptr;
    if (int rc = git_repository_odb(&odb, repository.raw()); rc < 0)
        return last_error(rc, "open object database");
    std::vector<std::string> found;
    for (const auto& hex : ids) {
        auto id = parse_id(hex);
        if (id && git_odb_exists(odb, &*id) == 1)
            found.push_back(hex);
    }
    git_odb_free(odb);
    return found;
}

forge::Result<bool> wants_covered(const std::filesystem::path& repo,
                                  const std::vector<std::string>& wants,
                                  const std::vector<std::string>& commons)
{
    if (commons.empty())
        return false;
    auto repository = TRY(Repository::open(repo));
    auto common_commits = commits_of(repository.raw(), commons);
    if (common_commits.size() > max_commons_checked)
        common_commits.resize(max_commons_checked);
    // Wants of trees and blobs have no history to negotiate about.
    for (const auto& want : commits_of(repository.raw(), wants)) {
        bool covered = false;
        for (const auto& common : common_commits) {
            covered = git_oid_equal(&want, &common) ||
                      git_graph_descendant_of(repository.raw(), &want, &common) == 1;
            if (covered)
                break;
        }
        if (!covered)
            return false;
    }
    return true;
}

} // namespace gitcore
