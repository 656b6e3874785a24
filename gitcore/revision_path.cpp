// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/revision_path.h"

#include "gitcore/git_objects.h"
#include "gitcore/library.h"

#include <algorithm>
#include <optional>

namespace gitcore {

namespace {

// Shorter hex strings are too likely to be words or version numbers in a path.
constexpr size_t min_abbreviated_id = 7;

std::string_view trim_slashes(std::string_view text)
{
    while (!text.empty() && text.front() == '/')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == '/')
        text.remove_suffix(1);
    return text;
}

// The commit the reference `name` leads to; none when there is no such reference, the
// name is no valid reference name, or it leads to no commit.
forge::Result<std::optional<std::string>> reference_commit(Repository& repository,
                                                           const std::string& name)
{
    int valid = 0;
    if (git_reference_name_is_valid(&valid, name.c_str()) < 0 || !valid)
        return std::optional<std::string>();
    git_reference* raw = nullptr;
    int rc = git_reference_lookup(&raw, repository.raw(), name.c_str());
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
        return std::optional<std::string>();
    if (rc < 0)
        return last_error(rc, "look up reference '" + name + "'");
    ReferencePtr ref(raw);
    git_object* peeled = nullptr;
    // Unborn symbolic references and tags of trees or blobs end here.
    if (git_reference_peel(&peeled, ref.get(), GIT_OBJECT_COMMIT) < 0)
        return std::optional<std::string>();
    ObjectPtr commit(peeled);
    return std::optional<std::string>(oid_hex(*git_object_id(commit.get())));
}

bool could_be_commit_id(std::string_view text)
{
    return text.size() >= min_abbreviated_id && text.size() <= GIT_OID_HEXSZ &&
           std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
           });
}

// The commit `revision` names: a branch, a tag, HEAD or a commit id, in that order.
forge::Result<std::optional<std::string>> commit_named(Repository& repository,
                                                       std::string_view revision)
{
    std::string name(revision);
    for (auto prefix : {"refs/heads/", "refs/tags/"}) {
        auto commit = TRY(reference_commit(repository, prefix + name));
        if (commit)
            return commit;
    }
    if (name == "HEAD")
        return reference_commit(repository, name);
    if (!could_be_commit_id(name))
        return std::optional<std::string>();
    auto commit = lookup_commit(repository, name);
    if (commit.is_error() && commit.error().code == forge::ErrorCode::not_found)
        return std::optional<std::string>();
    if (commit.is_error())
        return commit.release_error();
    return std::optional<std::string>(oid_hex(*git_commit_id(commit->get())));
}

} // namespace

forge::Result<RevisionPath> resolve_revision_path(Repository& repository, std::string_view rest)
{
    rest = trim_slashes(rest);
    // A NUL would end names early for libgit2.
    if (rest.empty() || rest.find('\0') != std::string_view::npos)
        return forge::Error::not_found("no revision in '" + std::string(rest) + "'");
    // Longest first: the prefix ends at the end, then at each '/' going left.
    for (size_t end = rest.size(); end != std::string_view::npos && end > 0;
         end = rest.rfind('/', end - 1)) {
        auto revision = rest.substr(0, end);
        auto commit = TRY(commit_named(repository, revision));
        if (commit)
            return RevisionPath{std::string(revision), std::move(*commit),
                                std::string(trim_slashes(rest.substr(end)))};
    }
    return forge::Error::not_found("no revision in '" + std::string(rest) + "'");
}

} // namespace gitcore
