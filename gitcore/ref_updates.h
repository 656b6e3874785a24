// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "gitcore/receive_pack.h"

#include <filesystem>
#include <vector>

namespace gitcore {

class Repository;

// The ref's current value, zero_id when it does not exist.
std::string current_value_of(const Repository&, const std::string& name);

// Whether `new_id` descends from `old_id` (creations and deletions count as fast-forward).
bool is_fast_forward(const Repository&, const RefUpdate&);

// "" when the update makes sense for this repository (valid name, object exists, a branch
// points at a commit), else the reason.
std::string check_update(const Repository&, const RefUpdate&);

// Applies the updates whose error is still "" with compare-and-swap: each ref is locked,
// its current value compared with the update's old value, then moved. With `atomic`, all
// of them move or none does. Fills in the errors of updates that could not be applied.
void apply_updates(const Repository&, std::vector<RefResult>& results, bool atomic,
                   const std::string& log_message);

// After the first push into an empty repository: when HEAD names a branch that does not
// exist, point it at "main" if that exists, else at the first branch created.
void settle_head(const Repository&, const std::vector<RefResult>& results);

} // namespace gitcore
