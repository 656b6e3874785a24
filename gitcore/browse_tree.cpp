// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/browse_tree.h"

#include "gitcore/git_objects.h"
#include "gitcore/library.h"

#include <algorithm>
#include <array>
#include <strings.h>

namespace gitcore {

namespace {

EntryKind kind_of(git_filemode_t mode)
{
    switch (mode) {
    case GIT_FILEMODE_TREE:
        return EntryKind::directory;
    case GIT_FILEMODE_LINK:
        return EntryKind::symlink;
    case GIT_FILEMODE_COMMIT:
        return EntryKind::submodule;
    default:
        return EntryKind::file;
    }
}

// The size from the object header: cheap, the blob itself is not read.
forge::Result<uint64_t> blob_size(git_odb* odb, const git_oid* id)
{
    size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (int rc = git_odb_read_header(&size, &type, odb, id); rc < 0)
        return last_error(rc, "read header of blob " + oid_hex(*id));
    return size;
}

forge::Result<TreeEntry> entry_of(git_odb* odb, const git_tree_entry* entry,
                                  std::string_view dir_path)
{
    std::string name = git_tree_entry_name(entry);
    auto mode = git_tree_entry_filemode(entry);
    TreeEntry result{name,
                     dir_path.empty() ? name : std::string(dir_path) + "/" + name,
                     kind_of(mode),
                     oid_hex(*git_tree_entry_id(entry)),
                     static_cast<uint32_t>(mode),
                     0};
    if (result.kind == EntryKind::file)
        result.size = TRY(blob_size(odb, git_tree_entry_id(entry)));
    return result;
}

// The tree of the directory at `path` in the commit `commit_id`.
forge::Result<TreePtr> directory_at(Repository& repository, std::string_view commit_id,
                                    std::string_view path)
{
    auto commit = TRY(lookup_commit(repository, commit_id));
    auto root = TRY(tree_of(commit.get()));
    return subtree(repository, root.get(), path);
}

} // namespace

forge::Result<std::vector<TreeEntry>> list_tree(Repository& repository, std::string_view commit_id,
                                                std::string_view path)
{
    auto tree = TRY(directory_at(repository, commit_id, path));
    auto odb = TRY(object_database(repository));
    std::vector<TreeEntry> entries;
    size_t count = git_tree_entrycount(tree.get());
    entries.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        auto entry = TRY(entry_of(odb.get(), git_tree_entry_byindex(tree.get(), i), path));
        entries.push_back(std::move(entry));
    }
    std::stable_sort(entries.begin(), entries.end(), [](const TreeEntry& a, const TreeEntry& b) {
        bool a_directory = a.kind == EntryKind::directory;
        bool b_directory = b.kind == EntryKind::directory;
        if (a_directory != b_directory)
            return a_directory;
        return a.name < b.name;
    });
    return entries;
}

forge::Result<std::optional<TreeEntry>>
find_readme(Repository& repository, std::string_view commit_id, std::string_view dir_path)
{
    static constexpr std::array<const char*, 4> names = {"README.md", "README.markdown", "README",
                                                         "README.txt"};
    auto tree = TRY(directory_at(repository, commit_id, dir_path));
    size_t count = git_tree_entrycount(tree.get());
    for (const char* wanted : names) {
        // Tree order is bytewise, so an upper-case README comes before a lower-case one.
        for (size_t i = 0; i < count; ++i) {
            const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
            if (kind_of(git_tree_entry_filemode(entry)) != EntryKind::file ||
                ::strcasecmp(git_tree_entry_name(entry), wanted) != 0)
                continue;
            auto odb = TRY(object_database(repository));
            auto found = TRY(entry_of(odb.get(), entry, dir_path));
            return std::optional<TreeEntry>(std::move(found));
        }
    }
    return std::optional<TreeEntry>();
}

} // namespace gitcore
