// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// Following a commented line from one version of a file to the next, so that review
// threads stay on their line while the merge request changes around it.
#include "gitcore/git_objects.h"
#include "gitcore/library.h"
#include "gitcore/merge.h"
#include "gitcore/refs.h"

namespace gitcore {

namespace {

forge::Result<BlobPtr> lookup_blob(Repository& repo, std::string_view id)
{
    git_oid oid = TRY(full_oid(id));
    git_blob* blob = nullptr;
    if (int rc = git_blob_lookup(&blob, repo.raw(), &oid); rc < 0)
        return rc == GIT_ENOTFOUND ? forge::Error::not_found("no blob " + std::string(id))
                                   : last_error(rc, "read blob");
    return BlobPtr(blob);
}

struct Hunk {
    int old_start, old_lines, new_lines;
};

struct Changes {
    std::vector<Hunk> hunks;
    bool binary = false; // no hunks then, but not because nothing changed
};

int collect_binary(const git_diff_delta*, const git_diff_binary*, void* payload)
{
    static_cast<Changes*>(payload)->binary = true;
    return 0;
}

int collect_hunk(const git_diff_delta*, const git_diff_hunk* hunk, void* payload)
{
    static_cast<Changes*>(payload)->hunks.push_back(
        {hunk->old_start, hunk->old_lines, hunk->new_lines});
    return 0;
}

// Where `line` of the old version lands, given the hunks in order; nullopt when a hunk
// changes or deletes it.
std::optional<int> shifted(const std::vector<Hunk>& hunks, int line)
{
    int shift = 0;
    for (const auto& hunk : hunks) {
        // A hunk without old lines inserts after line old_start.
        int last_old = hunk.old_lines == 0 ? hunk.old_start : hunk.old_start + hunk.old_lines - 1;
        if (last_old >= line) {
            if (hunk.old_lines > 0 && hunk.old_start <= line)
                return std::nullopt;
            break;
        }
        shift += hunk.new_lines - hunk.old_lines;
    }
    return line + shift;
}

} // namespace

forge::Result<std::optional<int>> follow_line(Repository& repo, std::string_view old_blob,
                                              std::string_view new_blob, int line)
{
    if (old_blob == zero_id || new_blob == zero_id || line < 1)
        return std::optional<int>();
    if (old_blob == new_blob)
        return std::optional<int>(line);
    auto before = TRY(lookup_blob(repo, old_blob));
    auto after = TRY(lookup_blob(repo, new_blob));
    // No context, so that every hunk covers exactly the lines it changes.
    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    options.context_lines = 0;
    options.interhunk_lines = 0;
    Changes changes;
    if (int rc = git_diff_blobs(before.get(), nullptr, after.get(), nullptr, &options, nullptr,
                                collect_binary, collect_hunk, nullptr, &changes);
        rc < 0)
        return last_error(rc, "compare file versions");
    if (changes.binary)
        return std::optional<int>();
    return shifted(changes.hunks, line);
}

forge::Result<std::string> blob_at(Repository& repo, std::string_view commit_id,
                                   std::string_view path)
{
    auto commit = TRY(lookup_commit(repo, commit_id));
    auto tree = TRY(tree_of(commit.get()));
    auto entry = TRY(entry_at(tree.get(), path));
    if (!entry || git_tree_entry_type(entry->get()) != GIT_OBJECT_BLOB)
        return std::string(zero_id);
    return oid_hex(*git_tree_entry_id(entry->get()));
}

} // namespace gitcore
