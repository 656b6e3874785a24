// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// Shared by gitcore's files only: owning handles for libgit2 objects and the lookups they
// all start with. Not for code outside gitcore (it includes git2.h).

#include "forge/common/result.h"
#include "gitcore/commit_info.h"
#include "gitcore/repository.h"

#include <git2.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace gitcore {

template <auto free_function> struct GitFree {
    template <typename T> void operator()(T* object) const { free_function(object); }
};
template <typename T, auto free_function> using GitPtr = std::unique_ptr<T, GitFree<free_function>>;

using BlobPtr = GitPtr<git_blob, git_blob_free>;
using CommitPtr = GitPtr<git_commit, git_commit_free>;
using ObjectPtr = GitPtr<git_object, git_object_free>;
using OdbPtr = GitPtr<git_odb, git_odb_free>;
using ReferencePtr = GitPtr<git_reference, git_reference_free>;
using TreeEntryPtr = GitPtr<git_tree_entry, git_tree_entry_free>;
using TreePtr = GitPtr<git_tree, git_tree_free>;

std::string oid_hex(const git_oid& id);

// A full object id (40 lowercase hex digits) as libgit2 wants it; invalid_argument for
// anything else, so that an abbreviation never quietly names another object.
forge::Result<git_oid> full_oid(std::string_view id);

// The commit `id` names, as read_commit describes.
forge::Result<CommitPtr> lookup_commit(Repository&, std::string_view id);

CommitInfo commit_info_of(const git_commit*);

forge::Result<TreePtr> tree_of(const git_commit*);

// The entry at `path` below `root`; none when there is no such path (also when it holds
// a NUL, which would cut it short for libgit2).
forge::Result<std::optional<TreeEntryPtr>> entry_at(const git_tree* root, std::string_view path);

// The tree of the directory at `path` ("" for the root) below `root`; not_found when the
// path does not exist or is no directory.
forge::Result<TreePtr> subtree(Repository&, git_tree* root, std::string_view path);

forge::Result<OdbPtr> object_database(Repository&);

} // namespace gitcore
