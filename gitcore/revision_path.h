// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "gitcore/repository.h"

#include <string>
#include <string_view>

namespace gitcore {

struct RevisionPath {
    std::string ref;       // as it appears in the URL: "feature/x", "HEAD" or a commit id
    std::string commit_id; // the commit it names, 40 lower-case hex digits
    std::string path;      // the rest: "" for the root, no leading or trailing '/'
};

// Splits what follows /tree/, /blob/ or /raw/ in a URL (already percent-decoded), e.g.
// "feature/x/src/main.c", into a revision and a path. The revision is the longest
// prefix, ending at a '/', that names a branch, else a tag (at the same length a branch
// wins over a tag, a tag over a commit id), "HEAD", or 7 to 40 hex digits abbreviating
// exactly one commit. Branches and tags that do not lead to a commit do not count.
// Looks references up one by one, so the cost grows with the number of '/' in `rest`,
// not with the number of references. not_found when no prefix names a commit.
forge::Result<RevisionPath> resolve_revision_path(Repository&, std::string_view rest);

} // namespace gitcore
