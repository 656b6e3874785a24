// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// Browsing a repository, for the web pages: references, trees, files, history and
// diffs. Everything takes an open Repository and returns plain structs.

#include "gitcore/browse_blob.h"
#include "gitcore/browse_refs.h"
#include "gitcore/browse_tree.h"
#include "gitcore/commit_diff.h"
#include "gitcore/commit_info.h"
#include "gitcore/commit_log.h"
#include "gitcore/repository.h"
#include "gitcore/revision_path.h"
