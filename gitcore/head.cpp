// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/head.h"

#include "gitcore/library.h"
#include "gitcore/ref_names.h"

#include <git2.h>

namespace gitcore {

namespace {

constexpr std::string_view branch_prefix = "refs/heads/";

} // namespace

forge::Result<void> set_head(Repository& repository, std::string_view branch)
{
    if (!is_valid_branch_name(branch))
        return forge::Error::invalid_argument("invalid branch name '" + std::string(branch) + "'");
    std::string target = std::string(branch_prefix) + std::string(branch);
    // Unlike git_repository_set_head, this writes the symbolic ref whether or not the
    // branch exists, and never touches a working tree (there is none).
    git_reference* head = nullptr;
    int rc = git_reference_symbolic_create(&head, repository.raw(), "HEAD", target.c_str(), 1,
                                           "forge: default branch");
    git_reference_free(head);
    if (rc < 0)
        return last_error(rc, "set HEAD to " + target);
    return {};
}

} // namespace gitcore
