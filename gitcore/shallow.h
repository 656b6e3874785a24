// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace gitcore {

// What a fetch asks about history depth (deepen, deepen-relative, deepen-since,
// deepen-not), and which commits the client already has as shallow.
struct DeepenRequest {
    std::vector<std::string> wants;
    std::vector<std::string> client_shallows;
    int depth = 0; // 0: no depth limit asked
    bool relative = false;
    int64_t since = 0; // 0: none
    std::vector<std::string> not_refs;

    bool deepens() const { return depth > 0 || since > 0 || !not_refs.empty(); }
};

// The answer: commits that become shallow on the client, commits that stop being shallow,
// and what the pack must be built with so that it fits the client's new boundary.
struct DeepenResult {
    std::vector<std::string> shallow;     // newly shallow on the client
    std::vector<std::string> unshallow;   // were shallow on the client, are complete now
    std::vector<std::string> boundary;    // every commit to treat as parentless for the pack
    std::vector<std::string> extra_wants; // parents of unshallowed commits
};

// Infinite depth, as `git fetch --unshallow` asks.
inline constexpr int infinite_depth = 0x7fffffff;

// The number of a "deepen N" line: invalid_argument unless a positive integer; values
// past infinite_depth are infinite.
forge::Result<int> parse_depth(std::string_view text);

// Computes the shallow boundary in the bare repository at `path`. Fails with
// invalid_argument when a commit or ref named does not exist.
forge::Result<DeepenResult> compute_deepen(const std::filesystem::path& path, const DeepenRequest&);

} // namespace gitcore
