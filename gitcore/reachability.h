// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <filesystem>
#include <string>
#include <vector>

namespace gitcore {

// invalid_argument unless every object in `wants` exists and, for commits, is one of
// `tips` or reachable from one: history that no ref reaches (deleted branches) is not
// served. Trees and blobs only need to exist (partial clones ask for them by id).
forge::Result<void> check_reachable(const std::filesystem::path& repo,
                                    const std::vector<std::string>& wants,
                                    const std::vector<std::string>& tips);

// The commits of `ids` that the repository has, in order.
forge::Result<std::vector<std::string>> existing_commits(const std::filesystem::path& repo,
                                                         const std::vector<std::string>& ids);

// Whether every want is one of `commons` or descends from one: then the client has enough
// in common for a small pack and negotiation can end.
forge::Result<bool> wants_covered(const std::filesystem::path& repo,
                                  const std::vector<std::string>& wants,
                                  const std::vector<std::string>& commons);

} // namespace gitcore
