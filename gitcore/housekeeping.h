// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <filesystem>

namespace gitcore {

// Every push adds a pack; past this many, fetches slow down and the repository is
// repacked into one pack with a reachability bitmap.
inline constexpr size_t repack_threshold = 8;

// Whether the repository at `path` has accumulated enough packs to be worth repacking.
bool needs_repack(const std::filesystem::path& path);

// Repacks the repository into one pack with a bitmap index (`git repack -a -d
// --write-bitmap-index`). Readers and pushes go on meanwhile: packs appear and disappear
// atomically, and packs added during the repack are kept. A lock file in the repository
// keeps two repacks (also of two forge processes) apart; a lock older than an hour is
// taken as left over from a crash. Returns false when another repack holds the lock.
forge::Result<bool> repack(const std::filesystem::path& path);

} // namespace gitcore
