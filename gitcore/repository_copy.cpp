// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// Objects travelling between a repository and its forks: whole copies when forking, single
// commits when a merge request comes from a fork. Both run `git fetch` by path, which sends
// a pack of the objects themselves: nothing is borrowed through alternates or hard links,
// so either repository may be deleted without harming the other.
#include "gitcore/browse_refs.h"
#include "gitcore/git_objects.h"
#include "gitcore/head.h"
#include "gitcore/merge.h"
#include "gitcore/refs.h"
#include "gitcore/subprocess.h"

namespace gitcore {

namespace {

// `git fetch` into the bare repository at `into`. Automatic maintenance stays off: the
// forge's housekeeping decides when repositories are repacked, not a merge request.
forge::Result<void> fetch_into(const std::filesystem::path& into,
                               std::vector<std::string> arguments, const std::string& what)
{
    std::vector<std::string> command{"git", "-c", "protocol.version=2",
                                     "--git-dir=" + into.string(), "fetch"};
    for (const char* option :
         {"--quiet", "--no-tags", "--no-write-fetch-head", "--no-auto-maintenance"})
        command.emplace_back(option);
    command.insert(command.end(), arguments.begin(), arguments.end());
    std::string output, error;
    int status = TRY(run_process({command, {}, ""}, "", &output, &error));
    if (status != 0)
        return forge::Error::internal(what + " failed: " + error);
    return {};
}

bool has_commit(Repository& repo, std::string_view id)
{
    return !lookup_commit(repo, id).is_error();
}

} // namespace

forge::Result<void> import_commit(const std::filesystem::path& target,
                                  const std::filesystem::path& source, std::string_view commit_id)
{
    TRY(full_oid(commit_id));
    {
        auto repo = TRY(Repository::open(target));
        if (has_commit(repo, commit_id))
            return {};
    }
    {
        auto repo = TRY(Repository::open(source));
        if (!has_commit(repo, commit_id))
            return forge::Error::not_found("no commit " + std::string(commit_id) + " in the fork");
    }
    // A fetch by id, which no ref of the source needs to name: protocol v2's upload-pack
    // serves any object it has. Under v0 it would need uploadpack.allowAnySHA1InWant, and
    // a `-c` given here does not reach it (git clears such settings for local transports),
    // so v2 is asked for rather than left to the user's configuration.
    return fetch_into(target, {"--", source.string(), std::string(commit_id)},
                      "copying commit " + std::string(commit_id));
}

forge::Result<void> copy_repository(const std::filesystem::path& parent,
                                    const std::filesystem::path& fork)
{
    std::string head;
    {
        auto repo = TRY(Repository::open(parent));
        head = TRY(head_branch(repo));
    }
    {
        // The fetch below force-updates branches: a repository with refs already is
        // somebody's project, not a fresh fork.
        auto repo = TRY(Repository::open(fork));
        if (!is_empty(repo))
            return forge::Error::conflict("the repository of the fork is not empty");
    }
    TRY(fetch_into(
        fork, {"--", parent.string(), "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"},
        "copying the repository"));
    // A detached HEAD (an id) is no branch to follow. Otherwise the fork's HEAD follows the
    // parent's even when the parent has no commits yet and the branch is still unborn.
    if (is_object_id(head))
        return {};
    auto repo = TRY(Repository::open(fork));
    return set_head(repo, head);
}

} // namespace gitcore
