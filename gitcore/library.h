// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <string>

namespace gitcore {

// Initialises libgit2 for the life of the process; safe to call from any thread, any
// number of times.
void ensure_initialised();

// The last libgit2 error as a forge Error: GIT_ENOTFOUND becomes not_found, everything
// else internal. `what` names the operation for the log.
forge::Error last_error(int code, const std::string& what);

} // namespace gitcore
