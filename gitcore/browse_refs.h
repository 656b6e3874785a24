// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "gitcore/commit_info.h"
#include "gitcore/repository.h"

#include <cstdint>
#include <string>
#include <vector>

namespace gitcore {

// True when the repository has no references at all (nothing pushed yet), also when
// the references cannot be read.
bool is_empty(Repository&);

struct BranchInfo {
    std::string name;      // "main", "feature/x"
    std::string full_name; // "refs/heads/main"
    CommitInfo commit;     // the tip
    bool is_head = false;  // HEAD points to this branch
};

// Every local branch, newest tip (committer time) first, then by name. Branches whose
// tip is no commit are left out. internal when the references cannot be read.
forge::Result<std::vector<BranchInfo>> list_branches(Repository&);

struct TagInfo {
    std::string name;      // "v1.0"
    std::string full_name; // "refs/tags/v1.0"
    CommitInfo commit;     // the commit the tag finally points at
    std::string message;   // of an annotated tag; empty for a lightweight one
    bool annotated = false;
    int64_t time = 0; // the tagger's time of an annotated tag, else the commit's time
};

// Every tag pointing (through any number of annotated tags) at a commit, newest `time`
// first, then by name; tags of trees and blobs are left out. internal when the
// references cannot be read.
forge::Result<std::vector<TagInfo>> list_tags(Repository&);

// The short name of the branch HEAD points to ("main"), also when that branch does not
// exist yet. A detached HEAD gives the 40-hex id of its commit. not_found when there is
// no HEAD.
forge::Result<std::string> head_branch(Repository&);

} // namespace gitcore
