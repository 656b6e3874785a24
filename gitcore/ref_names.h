// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <string_view>

namespace gitcore {

// Whether refs/heads/<name> is a valid reference name by git's rules (no "..", no
// control characters, no trailing ".lock", ...).
bool is_valid_branch_name(std::string_view name);

// Whether a full reference name ("refs/heads/main") is valid by git's rules.
bool is_valid_ref_name(std::string_view name);

} // namespace gitcore
