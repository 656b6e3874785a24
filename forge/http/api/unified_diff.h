// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "gitcore/commit_diff.h"

#include <string>

namespace forge::http::api {

// The diff as `git diff` prints it, for /pulls/{index}.diff: headers with modes, renames
// and copies, hunks, and a line for binary files; no "index" lines (the blob ids are not
// at hand), which `git apply` does not need. A file whose last line has no line end is
// shown with one: gitcore's hunks do not say "\ No newline at end of file".
std::string unified_diff(const gitcore::CommitDiff&);

} // namespace forge::http::api
