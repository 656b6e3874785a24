// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "gitcore/browse_refs.h" // head_branch, the reading side
#include "gitcore/repository.h"

#include <string>
#include <string_view>

namespace gitcore {

// Points HEAD of the repository at refs/heads/<branch>, which need not exist yet (HEAD is
// then unborn, as in a new repository). invalid_argument for an invalid branch name;
// internal when HEAD cannot be written.
forge::Result<void> set_head(Repository&, std::string_view branch);

} // namespace gitcore
