// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// For the merge request service files only: who may merge, and what still stands in the
// way. The page, the API and the merge itself ask the same function.

#include "auth/access.h"
#include "forge/common/result.h"
#include "forge/db/database.h"
#include "forge/db/merge_request_store.h"
#include "forge/db/project_store.h"
#include "forge/services/merge_request_types.h"

#include <string>

namespace forge::services {

struct Verdicts {
    int approvals = 0;              // current approvals by maintain+ users, not the author
    bool changes_requested = false; // a current "request changes" by a maintain+ user
};

// Each reviewer's latest approval or change request counts while not dismissed.
Result<Verdicts> count_verdicts(db::Connection&, const db::MergeRequestRow&, const db::ProjectRow&);

// Whether `level` may merge into the target branch: maintain and above always, write
// when the branch is not protected (such a user could push the merge there anyway).
Result<bool> may_merge_into(db::Connection&, const db::ProjectRow&, const std::string& branch,
                            auth::AccessLevel level);

// "" when the request may be merged now by someone allowed to; else why not.
std::string merge_blocker(const db::MergeRequestRow&, const MergeSettings&, const Verdicts&);

} // namespace forge::services
