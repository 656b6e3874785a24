// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "gitcore/commit_info.h"
#include "gitcore/repository.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Merging two lines of history inside one bare repository, for merge requests. Nothing
// here moves a ref except move_ref(), which does so with compare-and-swap.
namespace gitcore {

// The best common ancestor of two commits; nullopt when their histories are unrelated.
// not_found when either commit does not exist.
forge::Result<std::optional<std::string>> merge_base(Repository&, std::string_view one,
                                                     std::string_view other);

struct Mergeability {
    bool mergeable = false;             // a three-way merge has no conflicts
    bool fast_forward = false;          // target is an ancestor of source (or equal to it)
    bool up_to_date = false;            // source is an ancestor of target: nothing to merge
    std::vector<std::string> conflicts; // conflicting paths, sorted, when not mergeable
};

// Whether `source_id` merges cleanly into `target_id` (both commit ids), computed in
// memory: no work tree, no index file, no ref changes.
forge::Result<Mergeability> check_merge(Repository&, std::string_view target_id,
                                        std::string_view source_id);

enum class MergeStyle { merge_commit, squash, fast_forward_only };

struct MergePlan {
    MergeStyle style = MergeStyle::merge_commit;
    std::string target_id;
    std::string source_id;
    std::string message; // the commit message (merge commit or squash commit)
    Signature author;    // squash: the merge request's author; merge: who merges
    Signature committer; // who merges
};

// Writes the commit the target branch should move to, without moving anything:
//  - merge_commit: a commit with parents (target, source) and the merged tree;
//    when the target is an ancestor of the source a merge commit is still made.
//  - squash: one commit with parent target and the merged tree.
//  - fast_forward_only: the source itself; conflict when target is not its ancestor.
// conflict (with the paths in the message) when the trees conflict; conflict when there
// is nothing to merge (source already contained in target).
forge::Result<std::string> make_merge(Repository&, const MergePlan&);

// Moves ref `name` from `expected_old` (zero_id: must not exist) to `new_id` under the
// ref's lock, so a concurrent update is never overwritten: conflict when the ref's
// current value is not `expected_old`. `new_id` zero_id deletes the ref.
forge::Result<void> move_ref(Repository&, const std::string& name, std::string_view expected_old,
                             std::string_view new_id, const std::string& log_message);

// Sets ref `name` to `new_id` whatever it was (for refs the forge alone writes, such as
// refs/merge-requests/<n>/head); zero_id deletes it, succeeding when it did not exist.
forge::Result<void> force_ref(Repository&, const std::string& name, std::string_view new_id,
                              const std::string& log_message);

// Copies into the repository at `target` the objects reachable from `commit_id`, which
// the repository at `source` has (a fork of it), so that refs in `target` may point at
// it. Does nothing when `target` has the commit already. not_found when `source` lacks it.
forge::Result<void> import_commit(const std::filesystem::path& target,
                                  const std::filesystem::path& source, std::string_view commit_id);

// Makes the repository at `fork` (which must exist, empty, as RepoStore::create leaves it)
// a copy of the branches and tags of `parent` and of HEAD's target branch. Objects are
// copied, not borrowed, so deleting the parent later leaves the fork whole; no remote and
// no link to the parent stays behind.
forge::Result<void> copy_repository(const std::filesystem::path& parent,
                                    const std::filesystem::path& fork);

// How a line of a file moved between two versions of it: the line number in `new_blob`
// of line `line` of `old_blob` when that line is unchanged (outside every changed hunk),
// nullopt when it was changed or deleted. Blob ids; zero_id stands for an absent file.
forge::Result<std::optional<int>> follow_line(Repository&, std::string_view old_blob,
                                              std::string_view new_blob, int line);

// The id of the blob at `path` in commit `commit_id`; zero_id when the path is absent.
forge::Result<std::string> blob_at(Repository&, std::string_view commit_id, std::string_view path);

// The commits reachable from `head_id` but not from `base_id`, oldest first (topological,
// as `git log --reverse base..head`); at most `limit`.
forge::Result<std::vector<std::string>> commits_between(Repository&, std::string_view base_id,
                                                        std::string_view head_id, size_t limit);

} // namespace gitcore
