// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/commit_info.h"

#include "gitcore/git_objects.h"

namespace gitcore {

namespace {

Signature signature_of(const git_signature* signature)
{
    if (!signature)
        return {};
    return {signature->name ? signature->name : "", signature->email ? signature->email : "",
            signature->when.time, signature->when.offset};
}

std::string first_line(std::string_view message)
{
    auto line = message.substr(0, message.find('\n'));
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
        line.remove_suffix(1);
    return std::string(line);
}

} // namespace

CommitInfo commit_info_of(const git_commit* commit)
{
    CommitInfo info;
    info.id = oid_hex(*git_commit_id(commit));
    for (unsigned i = 0; i < git_commit_parentcount(commit); ++i)
        info.parents.push_back(oid_hex(*git_commit_parent_id(commit, i)));
    info.author = signature_of(git_commit_author(commit));
    info.committer = signature_of(git_commit_committer(commit));
    // libgit2 has already dropped the newlines that may lead the message.
    const char* message = git_commit_message(commit);
    info.message = message ? message : "";
    info.summary = first_line(info.message);
    return info;
}

forge::Result<CommitInfo> read_commit(Repository& repository, std::string_view id)
{
    auto commit = TRY(lookup_commit(repository, id));
    return commit_info_of(commit.get());
}

} // namespace gitcore
