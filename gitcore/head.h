// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "gitcore/repository.h"

#include <string>
#include <string_view>

namespace gitcore {

// Points HEAD of the repository at refs/heads/<branch>, which need not exist yet (HEAD is
// then unborn, as in a new repository). invalid_argument for an invalid branch name;
// internal when HEAD cannot be written.
forge::Result<void> set_head(Repository&, std::string_view branch);

// The branch HEAD points at ("main" for refs/heads/main), also when it is unborn;
// not_found when HEAD is detached or missing.
forge::Result<std::string> head_branch(Repository&);

} // namespace gitcore
