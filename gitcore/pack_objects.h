// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "gitcore/packet_io.h"

#include <filesystem>
#include <string>
#include <vector>

namespace gitcore {

class PackCache;

// What a negotiated fetch needs packed.
struct PackRequest {
    std::vector<std::string> wants;
    std::vector<std::string> haves;    // common commits: the client has them
    std::vector<std::string> boundary; // commits to treat as parentless (shallow client)
    bool thin = false;
    bool ofs_delta = false;
    bool include_tag = false;
    bool progress = true;
    std::string filter; // "" or a filter spec such as "blob:none"
};

// Whether a filter spec is one git accepts syntactically (blob:none, blob:limit=N,
// tree:N, sparse:oid=..., combine:...): letters, digits and :=+%._- only.
bool is_plausible_filter(std::string_view spec);

// Runs `git pack-objects` on the bare repository at `path` and streams its output as it is
// made: pack bytes on side-band 1, progress on 2; a failure is reported on band 3. With
// `max_packet` 0 the pack goes out raw, without progress. Nothing holds the whole pack.
// Fails only when writing to `out` fails (the client went away).
// With a `cache`, an identical earlier request is answered from it, and a new pack is
// added to it as it streams out.
forge::Result<void> stream_pack(const std::filesystem::path& path, const PackRequest&,
                                PacketOutput& out, size_t max_packet, PackCache* cache = nullptr);

} // namespace gitcore
