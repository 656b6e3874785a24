// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// The parts of gitcore/merge.h that are not merging itself: moving refs safely, copying
// objects between repositories, and following lines from one version of a file to the next.
#include "gitcore/git_objects.h"
#include "gitcore/library.h"
#include "gitcore/merge.h"
#include "gitcore/ref_updates.h"
#include "gitcore/refs.h"
#include "gitcore/subprocess.h"

namespace gitcore {

namespace {

forge::Result<void> run_git(std::vector<std::string> arguments, const std::string& what)
{
    arguments.insert(arguments.begin(), "git");
    std::string output, error;
    int status = TRY(run_process({arguments, {}, ""}, "", &output, &error));
    if (status != 0)
        return forge::Error::internal(what + " failed: " + error);
    return {};
}

bool has_commit(Repository& repo, std::string_view id)
{
    return !lookup_commit(repo, id).is_error();
}

forge::Result<BlobPtr> blob_or_none(Repository& repo, std::string_view id)
{
    if (id == zero_id)
        return BlobPtr();
    if (!is_object_id(id))
        return forge::Error::invalid_argument("'" + std::string(id) + "' is not an object id");
    git_oid oid;
    git_oid_fromstrn(&oid, id.data(), id.size());
    git_blob* blob = nullptr;
    if (int rc = git_blob_lookup(&blob, repo.raw(), &oid); rc < 0)
        return rc == GIT_ENOTFOUND ? forge::Error::not_found("no blob " + std::string(id))
                                   : last_error(rc, "read blob");
    return BlobPtr(blob);
}

struct Hunk {
    int old_start, old_lines, new_lines;
};

int collect_hunk(const git_diff_delta*, const git_diff_hunk* hunk, void* payload)
{
    static_cast<std::vector<Hunk>*>(payload)->push_back(
        {hunk->old_start, hunk->old_lines, hunk->new_lines});
    return 0;
}

} // namespace

forge::Result<void> move_ref(Repository& repo, const std::string& name,
                             std::string_view expected_old, std::string_view new_id,
                             const std::string& log_message)
{
    // The same locking as pushes use, so that a merge and a push exclude each other.
    std::vector<RefResult> results{
        RefResult{RefUpdate{std::string(expected_old), std::string(new_id), name}, ""}};
    apply_updates(repo, results, false, log_message);
    const auto& error = results.front().error;
    if (error.empty())
        return {};
    if (error == "stale info" || error == "failed to lock")
        return forge::Error::conflict(name + " was changed by someone else meanwhile");
    return forge::Error::internal("could not move " + name + ": " + error);
}

forge::Result<void> force_ref(Repository& repo, const std::string& name, std::string_view new_id,
                              const std::string& log_message)
{
    if (new_id == zero_id) {
        git_reference* raw = nullptr;
        int rc = git_reference_lookup(&raw, repo.raw(), name.c_str());
        if (rc == GIT_ENOTFOUND)
            return {};
        if (rc < 0)
            return last_error(rc, "look up " + name);
        ReferencePtr ref(raw);
        if (rc = git_reference_delete(ref.get()); rc < 0)
            return last_error(rc, "delete " + name);
        return {};
    }
    if (!is_object_id(new_id))
        return forge::Error::invalid_argument("'" + std::string(new_id) + "' is not an object id");
    git_oid oid;
    git_oid_fromstrn(&oid, new_id.data(), new_id.size());
    git_reference* raw = nullptr;
    if (int rc = git_reference_create(&raw, repo.raw(), name.c_str(), &oid, 1, log_message.c_str());
        rc < 0)
        return last_error(rc, "set " + name);
    git_reference_free(raw);
    return {};
}

forge::Result<void> import_commit(const std::filesystem::path& target,
                                  const std::filesystem::path& source, std::string_view commit_id)
{
    {
        auto repo = TRY(Repository::open(target));
        if (has_commit(repo, commit_id))
            return {};
    }
    {
        auto repo = TRY(Repository::open(source));
        if (!has_commit(repo, commit_id))
            return forge::Error::not_found("no commit " + std::string(commit_id) + " in the fork");
    }
    // A plain fetch by id: the source's upload-pack must allow wants that no ref names
    // (the setting travels to it through git's own environment).
    return run_git({"-c", "uploadpack.allowAnySHA1InWant=true", "--git-dir=" + target.string(),
                    "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", source.string(),
                    std::string(commit_id)},
                   "copying commit " + std::string(commit_id));
}

forge::Result<void> copy_repository(const std::filesystem::path& parent,
                                    const std::filesystem::path& fork)
{
    std::string head_target;
    {
        auto repo = TRY(Repository::open(parent));
        if (git_repository_is_empty(repo.raw()) == 1)
            return {};
        git_reference* raw = nullptr;
        if (git_reference_lookup(&raw, repo.raw(), "HEAD") == 0) {
            ReferencePtr head(raw);
            if (git_reference_type(head.get()) == GIT_REFERENCE_SYMBOLIC)
                head_target = git_reference_symbolic_target(head.get());
        }
    }
    // Fetched by path into a pack of the fork's own: nothing is shared with the parent.
    TRY(run_git({"--git-dir=" + fork.string(), "fetch", "--quiet", "--no-tags",
                 "--no-write-fetch-head", parent.string(), "+refs/heads/*:refs/heads/*",
                 "+refs/tags/*:refs/tags/*"},
                "copying the repository"));
    if (!head_target.empty()) {
        auto repo = TRY(Repository::open(fork));
        if (int rc = git_repository_set_head(repo.raw(), head_target.c_str()); rc < 0)
            return last_error(rc, "point HEAD at " + head_target);
    }
    return {};
}

forge::Result<std::optional<int>> follow_line(Repository& repo, std::string_view old_blob,
                                              std::string_view new_blob, int line)
{
    if (old_blob == zero_id || new_blob == zero_id || line < 1)
        return std::optional<int>();
    if (old_blob == new_blob)
        return std::optional<int>(line);
    auto before = TRY(blob_or_none(repo, old_blob));
    auto after = TRY(blob_or_none(repo, new_blob));
    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    options.context_lines = 0;
    std::vector<Hunk> hunks;
    if (int rc = git_diff_blobs(before.get(), nullptr, after.get(), nullptr, &options, nullptr,
                                nullptr, collect_hunk, nullptr, &hunks);
        rc < 0)
        return last_error(rc, "compare file versions");
    int shift = 0;
    for (const auto& hunk : hunks) {
        // A hunk without old lines inserts after line old_start.
        bool before_line = hunk.old_lines == 0 ? hunk.old_start < line
                                               : hunk.old_start + hunk.old_lines - 1 < line;
        if (!before_line) {
            if (hunk.old_lines > 0 && hunk.old_start <= line)
                return std::optional<int>(); // the line itself changed
            break;
        }
        shift += hunk.new_lines - hunk.old_lines;
    }
    return std::optional<int>(line + shift);
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
