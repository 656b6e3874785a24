// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/browse_refs.h"

#include "gitcore/git_objects.h"
#include "gitcore/library.h"

#include <algorithm>
#include <optional>

namespace gitcore {

namespace {

using BranchIteratorPtr = GitPtr<git_branch_iterator, git_branch_iterator_free>;
using ReferenceIteratorPtr = GitPtr<git_reference_iterator, git_reference_iterator_free>;

constexpr std::string_view heads_prefix = "refs/heads/";
constexpr std::string_view tags_prefix = "refs/tags/";

// The commit `object` leads to through any tags; none for trees and blobs.
std::optional<CommitPtr> peel_to_commit(const git_object* object)
{
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) < 0)
        return std::nullopt;
    return CommitPtr(reinterpret_cast<git_commit*>(peeled));
}

// Newest first, then by name, so that equal times still give a stable page.
template <typename Info> void sort_newest_first(std::vector<Info>& infos, auto time_of)
{
    std::sort(infos.begin(), infos.end(), [&](const Info& a, const Info& b) {
        if (time_of(a) != time_of(b))
            return time_of(a) > time_of(b);
        return a.name < b.name;
    });
}

// The tag `ref` as TagInfo; none when it leads to no commit.
std::optional<TagInfo> tag_info(git_repository* repo, git_reference* ref)
{
    git_object* raw = nullptr;
    const git_oid* target = git_reference_target(ref);
    if (!target || git_object_lookup(&raw, repo, target, GIT_OBJECT_ANY) < 0)
        return std::nullopt;
    ObjectPtr object(raw);
    auto commit = peel_to_commit(object.get());
    if (!commit)
        return std::nullopt;
    std::string full_name = git_reference_name(ref);
    TagInfo tag{full_name.substr(tags_prefix.size()),
                full_name,
                commit_info_of(commit->get()),
                "",
                false,
                0};
    tag.time = tag.commit.committer.time;
    if (git_object_type(object.get()) == GIT_OBJECT_TAG) {
        auto* annotated = reinterpret_cast<const git_tag*>(object.get());
        const char* message = git_tag_message(annotated);
        tag.message = message ? message : "";
        tag.annotated = true;
        if (const git_signature* tagger = git_tag_tagger(annotated))
            tag.time = tagger->when.time;
    }
    return tag;
}

} // namespace

bool is_empty(Repository& repository)
{
    git_reference_iterator* raw = nullptr;
    if (git_reference_iterator_new(&raw, repository.raw()) < 0)
        return true;
    ReferenceIteratorPtr iterator(raw);
    git_reference* ref = nullptr;
    bool empty = git_reference_next(&ref, iterator.get()) != 0;
    git_reference_free(ref);
    return empty;
}

forge::Result<std::vector<BranchInfo>> list_branches(Repository& repository)
{
    git_branch_iterator* raw = nullptr;
    if (int rc = git_branch_iterator_new(&raw, repository.raw(), GIT_BRANCH_LOCAL); rc < 0)
        return last_error(rc, "list branches");
    BranchIteratorPtr iterator(raw);
    std::vector<BranchInfo> branches;
    git_reference* next = nullptr;
    git_branch_t type;
    int rc = 0;
    while ((rc = git_branch_next(&next, &type, iterator.get())) == 0) {
        ReferencePtr ref(next);
        git_object* target = nullptr;
        if (git_reference_peel(&target, ref.get(), GIT_OBJECT_COMMIT) < 0)
            continue;
        CommitPtr commit(reinterpret_cast<git_commit*>(target));
        std::string full_name = git_reference_name(ref.get());
        branches.push_back({full_name.substr(heads_prefix.size()), full_name,
                            commit_info_of(commit.get()), git_branch_is_head(ref.get()) == 1});
    }
    if (rc != GIT_ITEROVER)
        return last_error(rc, "list branches");
    sort_newest_first(branches, [](const BranchInfo& b) { return b.commit.committer.time; });
    return branches;
}

forge::Result<std::vector<TagInfo>> list_tags(Repository& repository)
{
    git_reference_iterator* raw = nullptr;
    if (int rc = git_reference_iterator_glob_new(&raw, repository.raw(), "refs/tags/*"); rc < 0)
        return last_error(rc, "list tags");
    ReferenceIteratorPtr iterator(raw);
    std::vector<TagInfo> tags;
    git_reference* next = nullptr;
    int rc = 0;
    while ((rc = git_reference_next(&next, iterator.get())) == 0) {
        ReferencePtr ref(next);
        if (git_reference_type(ref.get()) != GIT_REFERENCE_DIRECT ||
            !std::string_view(git_reference_name(ref.get())).starts_with(tags_prefix))
            continue;
        if (auto tag = tag_info(repository.raw(), ref.get()))
            tags.push_back(std::move(*tag));
    }
    if (rc != GIT_ITEROVER)
        return last_error(rc, "list tags");
    sort_newest_first(tags, [](const TagInfo& t) { return t.time; });
    return tags;
}

forge::Result<std::string> head_branch(Repository& repository)
{
    git_reference* raw = nullptr;
    if (int rc = git_reference_lookup(&raw, repository.raw(), "HEAD"); rc < 0)
        return last_error(rc, "read HEAD");
    ReferencePtr head(raw);
    if (git_reference_type(head.get()) == GIT_REFERENCE_DIRECT)
        return oid_hex(*git_reference_target(head.get()));
    std::string_view target = git_reference_symbolic_target(head.get());
    if (target.starts_with(heads_prefix))
        target.remove_prefix(heads_prefix.size());
    return std::string(target);
}

} // namespace gitcore
