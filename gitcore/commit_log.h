// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "gitcore/commit_info.h"
#include "gitcore/repository.h"

#include <cstddef>
#include <string_view>
#include <vector>

namespace gitcore {

struct HistoryPage {
    std::vector<CommitInfo> commits;
    bool has_more = false; // more commits follow the page
};

// The commits reachable from `commit_id` (as read_commit takes it), newest committer time
// first as `git log` orders them, without the first `skip`, at most `limit`. With a
// `path` (no leading or trailing '/'), only the commits that changed what is at that
// path, as `git log -- path` selects them: a commit counts when the path differs from
// every parent (a root commit: when the path exists in it), and a merge whose path
// equals one parent's is followed only through that parent. Walks only as far back as
// the page (plus one commit that matches) needs. not_found when the commit does not
// exist; internal when the object database fails.
forge::Result<HistoryPage> history(Repository&, std::string_view commit_id, std::string_view path,
                                   size_t skip, size_t limit);

} // namespace gitcore
