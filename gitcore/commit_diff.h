// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "gitcore/repository.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gitcore {

enum class FileStatus { added, deleted, modified, renamed, copied, type_changed };
// "added", "deleted", "modified", "renamed", "copied", "type changed".
std::string_view to_string(FileStatus);

struct DiffLine {
    char origin = ' '; // ' ' context, '+' added, '-' deleted
    int old_line = -1; // line number in the old file; -1 for added lines
    int new_line = -1; // line number in the new file; -1 for deleted lines
    std::string text;  // without its line end
};

struct DiffHunk {
    std::string header; // "@@ -1,4 +1,5 @@ func", without its line end
    int old_start = 0, old_lines = 0, new_start = 0, new_lines = 0;
    std::vector<DiffLine> lines;
};

struct FileDiff {
    std::string old_path; // equal to new_path unless renamed or copied
    std::string new_path;
    FileStatus status;
    bool binary = false; // no hunks, no counts
    size_t additions = 0;
    size_t deletions = 0;
    std::vector<DiffHunk> hunks;
    bool truncated = false; // hunks omitted: too large for the limits
    uint32_t old_mode = 0;  // 0 when added
    uint32_t new_mode = 0;  // 0 when deleted
};

struct DiffLimits {
    size_t max_files = 300;       // files listed; later ones are only counted
    size_t max_lines = 20000;     // lines of all hunks kept together
    size_t max_file_lines = 5000; // lines of one file's hunks
};

struct CommitDiff {
    std::vector<FileDiff> files;
    size_t additions = 0; // over all files, also those cut
    size_t deletions = 0;
    size_t changed_files = 0; // all files, also those beyond max_files
    bool truncated = false;   // files left out, or some file's hunks omitted
};

// The commit `commit_id` (as read_commit takes it) against its first parent, or against
// the empty tree for a root commit. Renames are detected as git does by default (50%
// similar); files come in path order. Line counts are complete even where hunks are cut.
// not_found when the commit does not exist; internal when the object database fails.
forge::Result<CommitDiff> diff_commit(Repository&, std::string_view commit_id, DiffLimits);

// The same between the trees of two commits: what changed from `from_id` to `to_id`.
forge::Result<CommitDiff> diff_commits(Repository&, std::string_view from_id,
                                       std::string_view to_id, DiffLimits);

} // namespace gitcore
