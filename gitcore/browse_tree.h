// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "gitcore/repository.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gitcore {

enum class EntryKind { directory, file, symlink, submodule };

struct TreeEntry {
    std::string name;  // "main.c"
    std::string path;  // from the root: "src/main.c"
    EntryKind kind;    // by mode: 040000, 100644/100755, 120000, 160000
    std::string id;    // the tree, blob, or (submodule) commit in the other repository
    uint32_t mode = 0; // as git records it, e.g. 0100644
    uint64_t size = 0; // bytes, for files only
};

// The entries of the directory at `path` ("" for the root, no leading or trailing '/')
// in the commit `commit_id` (as read_commit takes it): directories first, then the rest,
// each group by name (bytewise). not_found when the commit or the path does not exist
// or the path is no directory; internal when the object database fails.
forge::Result<std::vector<TreeEntry>> list_tree(Repository&, std::string_view commit_id,
                                                std::string_view path);

// The README of the directory at `dir_path`: the first file named README.md,
// README.markdown, README, README.txt (in that order, in any case). None when there is
// none; errors as list_tree.
forge::Result<std::optional<TreeEntry>> find_readme(Repository&, std::string_view commit_id,
                                                    std::string_view dir_path);

} // namespace gitcore
