// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/git_objects.h"

#include "gitcore/library.h"
#include "gitcore/refs.h"

#include <algorithm>

namespace gitcore {

namespace {

bool is_hex(std::string_view text)
{
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

forge::Error no_commit(std::string_view id)
{
    return forge::Error::not_found("no commit '" + std::string(id) + "'");
}

} // namespace

std::string oid_hex(const git_oid& id)
{
    char text[GIT_OID_HEXSZ + 1];
    git_oid_tostr(text, sizeof text, &id);
    return text;
}

forge::Result<git_oid> full_oid(std::string_view id)
{
    if (!is_object_id(id))
        return forge::Error::invalid_argument("'" + std::string(id) + "' is not an object id");
    git_oid oid;
    git_oid_fromstrn(&oid, id.data(), id.size());
    return oid;
}

forge::Result<CommitPtr> lookup_commit(Repository& repository, std::string_view id)
{
    if (id.size() < GIT_OID_MINPREFIXLEN || id.size() > GIT_OID_HEXSZ || !is_hex(id))
        return no_commit(id);
    git_oid oid;
    git_commit* commit = nullptr;
    int rc = git_oid_fromstrn(&oid, id.data(), id.size());
    if (rc == 0)
        rc = git_commit_lookup_prefix(&commit, repository.raw(), &oid, id.size());
    // libgit2 answers ENOTFOUND also when the object is no commit.
    if (rc == GIT_ENOTFOUND || rc == GIT_EAMBIGUOUS || rc == GIT_EINVALIDSPEC)
        return no_commit(id);
    if (rc < 0)
        return last_error(rc, "look up commit '" + std::string(id) + "'");
    return CommitPtr(commit);
}

forge::Result<TreePtr> tree_of(const git_commit* commit)
{
    git_tree* tree = nullptr;
    if (int rc = git_commit_tree(&tree, commit); rc < 0)
        return last_error(rc, "read tree of commit " + oid_hex(*git_commit_id(commit)));
    return TreePtr(tree);
}

forge::Result<std::optional<TreeEntryPtr>> entry_at(const git_tree* root, std::string_view path)
{
    if (path.empty() || path.find('\0') != std::string_view::npos)
        return std::optional<TreeEntryPtr>();
    git_tree_entry* found = nullptr;
    int rc = git_tree_entry_bypath(&found, root, std::string(path).c_str());
    if (rc == GIT_ENOTFOUND)
        return std::optional<TreeEntryPtr>();
    if (rc < 0)
        return last_error(rc, "look up '" + std::string(path) + "'");
    return std::optional<TreeEntryPtr>(TreeEntryPtr(found));
}

forge::Result<TreePtr> subtree(Repository& repository, git_tree* root, std::string_view path)
{
    git_tree* tree = nullptr;
    if (path.empty()) {
        if (int rc = git_tree_dup(&tree, root); rc < 0)
            return last_error(rc, "copy tree");
        return TreePtr(tree);
    }
    auto entry = TRY(entry_at(root, path));
    if (!entry || git_tree_entry_type(entry->get()) != GIT_OBJECT_TREE)
        return forge::Error::not_found("no directory '" + std::string(path) + "'");
    if (int rc = git_tree_lookup(&tree, repository.raw(), git_tree_entry_id(entry->get())); rc < 0)
        return last_error(rc, "read tree '" + std::string(path) + "'");
    return TreePtr(tree);
}

forge::Result<OdbPtr> object_database(Repository& repository)
{
    git_odb* odb = nullptr;
    if (int rc = git_repository_odb(&odb, repository.raw()); rc < 0)
        return last_error(rc, "open object database");
    return OdbPtr(odb);
}

} // namespace gitcore
