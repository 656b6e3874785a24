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

// The objects of `ids` that the repository has, in order (any type: git counts a blob the
// client has as common too).
forge::Result<std::vector<std::string>> existing_objects(const std::filesystem::path& repo,
                                                         const std::vector<std::string>& ids);

// Whether every commit among the wants (tags peeled; trees and blobs ignored) is one of the
// commits among `commons` or descends from one: then the client has enough in common for
// a small pack and negotiation can end. False when `commons` is empty.
forge::Result<bool> wants_covered(const std::filesystem::path& repo,
                                  const std::vector<std::string>& wants,
                                  const std::vector<std::string>& commons);

} // namespace gitcore
