// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/commit_diff.h"

#include "gitcore/git_objects.h"
#include "gitcore/library.h"

namespace gitcore {

namespace {

using DiffPtr = GitPtr<git_diff, git_diff_free>;
using PatchPtr = GitPtr<git_patch, git_patch_free>;

FileStatus status_of(git_delta_t status)
{
    switch (status) {
    case GIT_DELTA_ADDED:
        return FileStatus::added;
    case GIT_DELTA_DELETED:
        return FileStatus::deleted;
    case GIT_DELTA_RENAMED:
        return FileStatus::renamed;
    case GIT_DELTA_COPIED:
        return FileStatus::copied;
    case GIT_DELTA_TYPECHANGE:
        return FileStatus::type_changed;
    default:
        return FileStatus::modified;
    }
}

std::string chomp(const char* text, size_t length)
{
    std::string_view view(text, length);
    if (!view.empty() && view.back() == '\n')
        view.remove_suffix(1);
    return std::string(view);
}

// The tree diff with renames found as git finds them by default.
forge::Result<DiffPtr> tree_diff(Repository& repository, git_tree* old_tree, git_tree* new_tree)
{
    git_diff_options options;
    git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
    options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE;
    git_diff* raw = nullptr;
    if (int rc = git_diff_tree_to_tree(&raw, repository.raw(), old_tree, new_tree, &options);
        rc < 0)
        return last_error(rc, "diff trees");
    DiffPtr diff(raw);
    git_diff_find_options find;
    git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
    find.flags = GIT_DIFF_FIND_RENAMES;
    // git's diff.renameLimit default; libgit2's own is 200.
    find.rename_limit = 1000;
    if (int rc = git_diff_find_similar(diff.get(), &find); rc < 0)
        return last_error(rc, "find renames");
    return diff;
}

forge::Result<std::vector<DiffHunk>> hunks_of(git_patch* patch)
{
    std::vector<DiffHunk> hunks;
    for (size_t h = 0; h < git_patch_num_hunks(patch); ++h) {
        const git_diff_hunk* hunk = nullptr;
        size_t line_count = 0;
        if (int rc = git_patch_get_hunk(&hunk, &line_count, patch, h); rc < 0)
            return last_error(rc, "read hunk");
        DiffHunk out{chomp(hunk->header, hunk->header_len),
                     hunk->old_start,
                     hunk->old_lines,
                     hunk->new_start,
                     hunk->new_lines,
                     {}};
        for (size_t l = 0; l < line_count; ++l) {
            const git_diff_line* line = nullptr;
            if (int rc = git_patch_get_line_in_hunk(&line, patch, h, l); rc < 0)
                return last_error(rc, "read diff line");
            // "\ No newline at end of file" markers are no lines of either file.
            if (line->origin != ' ' && line->origin != '+' && line->origin != '-')
                continue;
            out.lines.push_back({line->origin, line->old_lineno, line->new_lineno,
                                 chomp(line->content, line->content_len)});
        }
        hunks.push_back(std::move(out));
    }
    return hunks;
}

// What a delta is, without its hunks; `lines` gets the number of lines its hunks hold.
FileDiff describe(git_patch* patch, size_t* lines)
{
    const git_diff_delta* delta = git_patch_get_delta(patch);
    FileDiff file{delta->old_file.path ? delta->old_file.path : "",
                  delta->new_file.path ? delta->new_file.path : "",
                  status_of(delta->status),
                  (delta->flags & GIT_DIFF_FLAG_BINARY) != 0,
                  0,
                  0,
                  {},
                  false,
                  delta->old_file.mode,
                  delta->new_file.mode};
    size_t context = 0;
    git_patch_line_stats(&context, &file.additions, &file.deletions, patch);
    *lines = context + file.additions + file.deletions;
    return file;
}

class DiffCollector {
  public:
    explicit DiffCollector(DiffLimits limits)
        : m_limits(limits)
        , m_lines_left(limits.max_lines)
    {
    }

    forge::Result<void> add(git_patch* patch)
    {
        size_t lines = 0;
        auto file = describe(patch, &lines);
        m_diff.additions += file.additions;
        m_diff.deletions += file.deletions;
        ++m_diff.changed_files;
        if (m_diff.files.size() >= m_limits.max_files) {
            m_diff.truncated = true;
            return {};
        }
        if (!file.binary && lines <= m_limits.max_file_lines && lines <= m_lines_left) {
            file.hunks = TRY(hunks_of(patch));
            m_lines_left -= lines;
        } else if (!file.binary && lines > 0) {
            file.truncated = true;
            m_diff.truncated = true;
        }
        m_diff.files.push_back(std::move(file));
        return {};
    }

    CommitDiff release() { return std::move(m_diff); }

  private:
    DiffLimits m_limits;
    size_t m_lines_left;
    CommitDiff m_diff;
};

forge::Result<CommitDiff> diff_trees(Repository& repository, git_tree* old_tree, git_tree* new_tree,
                                     DiffLimits limits)
{
    auto diff = TRY(tree_diff(repository, old_tree, new_tree));
    DiffCollector collector(limits);
    for (size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
        git_patch* raw = nullptr;
        if (int rc = git_patch_from_diff(&raw, diff.get(), i); rc < 0)
            return last_error(rc, "make patch");
        PatchPtr patch(raw);
        if (patch)
            TRY(collector.add(patch.get()));
    }
    return collector.release();
}

} // namespace

forge::Result<CommitDiff> diff_commit(Repository& repository, std::string_view commit_id,
                                      DiffLimits limits)
{
    auto commit = TRY(lookup_commit(repository, commit_id));
    auto new_tree = TRY(tree_of(commit.get()));
    if (git_commit_parentcount(commit.get()) == 0)
        return diff_trees(repository, nullptr, new_tree.get(), limits);
    git_commit* raw = nullptr;
    if (int rc = git_commit_parent(&raw, commit.get(), 0); rc < 0)
        return last_error(rc, "read parent of " + oid_hex(*git_commit_id(commit.get())));
    CommitPtr parent(raw);
    auto old_tree = TRY(tree_of(parent.get()));
    return diff_trees(repository, old_tree.get(), new_tree.get(), limits);
}

forge::Result<CommitDiff> diff_commits(Repository& repository, std::string_view from_id,
                                       std::string_view to_id, DiffLimits limits)
{
    auto from = TRY(lookup_commit(repository, from_id));
    auto to = TRY(lookup_commit(repository, to_id));
    auto old_tree = TRY(tree_of(from.get()));
    auto new_tree = TRY(tree_of(to.get()));
    return diff_trees(repository, old_tree.get(), new_tree.get(), limits);
}

std::string_view to_string(FileStatus status)
{
    switch (status) {
    case FileStatus::added:
        return "added";
    case FileStatus::deleted:
        return "deleted";
    case FileStatus::renamed:
        return "renamed";
    case FileStatus::copied:
        return "copied";
    case FileStatus::type_changed:
        return "type changed";
    case FileStatus::modified:
        break;
    }
    return "modified";
}

} // namespace gitcore
