// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// Merging proper: merge bases, trial merges in memory, the commits a merge writes, and the
// commits a merge would bring in.
#include "gitcore/merge.h"

#include "gitcore/git_objects.h"
#include "gitcore/library.h"
#include "gitcore/refs.h"

#include <set>

namespace gitcore {

namespace {

using IndexPtr = GitPtr<git_index, git_index_free>;
using ConflictIteratorPtr = GitPtr<git_index_conflict_iterator, git_index_conflict_iterator_free>;
using SignaturePtr = GitPtr<git_signature, git_signature_free>;
using RevwalkPtr = GitPtr<git_revwalk, git_revwalk_free>;

// Whether `descendant` has `ancestor` in its history (a commit counts as its own).
bool contains(Repository& repo, const git_oid& descendant, const git_oid& ancestor)
{
    return git_oid_equal(&descendant, &ancestor) ||
           git_graph_descendant_of(repo.raw(), &descendant, &ancestor) == 1;
}

// The index a three-way merge of the two commits leaves, conflicts included. libgit2 merges
// unrelated histories too (against an empty tree); callers that care ask merge_base first.
forge::Result<IndexPtr> merged_index(Repository& repo, const git_commit* ours,
                                     const git_commit* theirs)
{
    git_index* index = nullptr;
    git_merge_options options = GIT_MERGE_OPTIONS_INIT;
    if (int rc = git_merge_commits(&index, repo.raw(), ours, theirs, &options); rc < 0)
        return last_error(rc, "merge commits");
    return IndexPtr(index);
}

// The paths of the index's conflicts, sorted. A conflict whose sides disagree on the path
// (a rename on one side, an edit on the other) names both, as both need looking at; the
// ancestor's path only counts when neither side has the file.
forge::Result<std::vector<std::string>> conflicts_of(git_index* index)
{
    if (!git_index_has_conflicts(index))
        return std::vector<std::string>();
    git_index_conflict_iterator* raw = nullptr;
    if (int rc = git_index_conflict_iterator_new(&raw, index); rc < 0)
        return last_error(rc, "list merge conflicts");
    ConflictIteratorPtr iterator(raw);
    std::set<std::string> paths;
    const git_index_entry *ancestor = nullptr, *ours = nullptr, *theirs = nullptr;
    while (git_index_conflict_next(&ancestor, &ours, &theirs, iterator.get()) == 0) {
        if (ours)
            paths.insert(ours->path);
        if (theirs)
            paths.insert(theirs->path);
        if (!ours && !theirs && ancestor)
            paths.insert(ancestor->path);
    }
    return std::vector<std::string>(paths.begin(), paths.end());
}

forge::Result<SignaturePtr> signature(const Signature& who)
{
    git_signature* raw = nullptr;
    if (int rc = git_signature_new(&raw, who.name.c_str(), who.email.c_str(), who.time,
                                   who.offset_minutes);
        rc < 0)
        return last_error(rc, "make signature of '" + who.name + "'");
    return SignaturePtr(raw);
}

std::string conflict_message(const std::vector<std::string>& paths)
{
    std::string message = "the changes conflict in";
    for (const auto& path : paths)
        message += " " + path;
    return message;
}

forge::Result<TreePtr> write_tree(Repository& repo, git_index* index)
{
    git_oid tree_id;
    if (int rc = git_index_write_tree_to(&tree_id, index, repo.raw()); rc < 0)
        return last_error(rc, "write merged tree");
    git_tree* tree = nullptr;
    if (int rc = git_tree_lookup(&tree, repo.raw(), &tree_id); rc < 0)
        return last_error(rc, "read merged tree");
    return TreePtr(tree);
}

} // namespace

forge::Result<std::optional<std::string>> merge_base(Repository& repo, std::string_view one,
                                                     std::string_view other)
{
    auto first = TRY(lookup_commit(repo, one));
    auto second = TRY(lookup_commit(repo, other));
    git_oid base;
    int rc =
        git_merge_base(&base, repo.raw(), git_commit_id(first.get()), git_commit_id(second.get()));
    if (rc == GIT_ENOTFOUND)
        return std::optional<std::string>();
    if (rc < 0)
        return last_error(rc, "find merge base");
    return std::optional<std::string>(oid_hex(base));
}

forge::Result<Mergeability> check_merge(Repository& repo, std::string_view target_id,
                                        std::string_view source_id)
{
    auto target = TRY(lookup_commit(repo, target_id));
    auto source = TRY(lookup_commit(repo, source_id));
    const git_oid* target_oid = git_commit_id(target.get());
    const git_oid* source_oid = git_commit_id(source.get());
    Mergeability result;
    result.fast_forward = contains(repo, *source_oid, *target_oid);
    if (contains(repo, *target_oid, *source_oid)) {
        result.up_to_date = true;
        return result;
    }
    auto index = TRY(merged_index(repo, target.get(), source.get()));
    result.conflicts = TRY(conflicts_of(index.get()));
    result.mergeable = result.conflicts.empty();
    return result;
}

forge::Result<std::string> make_merge(Repository& repo, const MergePlan& plan)
{
    auto target = TRY(lookup_commit(repo, plan.target_id));
    auto source = TRY(lookup_commit(repo, plan.source_id));
    const git_oid* target_oid = git_commit_id(target.get());
    const git_oid* source_oid = git_commit_id(source.get());
    if (contains(repo, *target_oid, *source_oid))
        return forge::Error::conflict("there is nothing to merge: the target contains every "
                                      "commit of the source");
    if (plan.style == MergeStyle::fast_forward_only) {
        if (!contains(repo, *source_oid, *target_oid))
            return forge::Error::conflict("the target has commits the source lacks: it cannot "
                                          "be fast-forwarded");
        return oid_hex(*source_oid);
    }
    auto index = TRY(merged_index(repo, target.get(), source.get()));
    auto conflicts = TRY(conflicts_of(index.get()));
    if (!conflicts.empty())
        return forge::Error::conflict(conflict_message(conflicts));
    auto tree = TRY(write_tree(repo, index.get()));
    auto author = TRY(signature(plan.author));
    auto committer = TRY(signature(plan.committer));
    const git_commit* parents[2] = {target.get(), source.get()};
    size_t parent_count = plan.style == MergeStyle::squash ? 1 : 2;
    git_oid commit_id;
    if (int rc =
            git_commit_create(&commit_id, repo.raw(), nullptr, author.get(), committer.get(),
                              nullptr, plan.message.c_str(), tree.get(), parent_count, parents);
        rc < 0)
        return last_error(rc, "write merge commit");
    return oid_hex(commit_id);
}

forge::Result<std::vector<std::string>> commits_between(Repository& repo, std::string_view base_id,
                                                        std::string_view head_id, size_t limit)
{
    auto head = TRY(full_oid(head_id));
    git_revwalk* raw = nullptr;
    if (int rc = git_revwalk_new(&raw, repo.raw()); rc < 0)
        return last_error(rc, "start history walk");
    RevwalkPtr walk(raw);
    // Topological order alone keeps each line of history together, whatever the dates;
    // with time too it is git log's order: by date, but never a child before its parent.
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE);
    if (int rc = git_revwalk_push(walk.get(), &head); rc < 0)
        return rc == GIT_ENOTFOUND ? forge::Error::not_found("no commit " + std::string(head_id))
                                   : last_error(rc, "walk history");
    // An empty or zero base (a merge request whose target branch is gone) hides nothing.
    if (!base_id.empty() && base_id != zero_id) {
        auto base = TRY(full_oid(base_id));
        if (int rc = git_revwalk_hide(walk.get(), &base); rc < 0)
            return rc == GIT_ENOTFOUND
                       ? forge::Error::not_found("no commit " + std::string(base_id))
                       : last_error(rc, "hide merge base");
    }
    std::vector<std::string> ids;
    git_oid id;
    while (ids.size() < limit) {
        int rc = git_revwalk_next(&id, walk.get());
        if (rc == GIT_ITEROVER)
            break;
        if (rc < 0)
            return last_error(rc, "walk history");
        ids.push_back(oid_hex(id));
    }
    return ids;
}

} // namespace gitcore
