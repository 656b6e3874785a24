// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace gitcore {

class PacketInput;

struct RefUpdate {
    std::string old_id; // zero_id: create
    std::string new_id; // zero_id: delete
    std::string name;

    bool is_create() const;
    bool is_delete() const;
};

struct PushRequest {
    std::vector<RefUpdate> updates;
    std::set<std::string> capabilities;
    std::vector<std::string> push_options;

    bool has(const std::string& capability) const { return capabilities.count(capability) > 0; }
};

// Reads the commands of a push (and its push options); the pack follows in the same
// input. No commands at all is git's probe before a large push. invalid_argument for
// malformed commands or a ref named twice.
forge::Result<PushRequest> read_push_commands(PacketInput&);

// Facts about one update that rules (protected branches, rights) decide on.
struct UpdateFacts {
    bool fast_forward = true; // false when the old commit is not an ancestor of the new
};

// Returns "" to allow an update, or the reason to refuse it.
using RefPolicy = std::function<std::string(const RefUpdate&, const UpdateFacts&)>;

struct RefResult {
    RefUpdate update;
    std::string error; // "" when the ref was updated
};

struct PushOutcome {
    std::string unpack_error; // "" when the pack was received and is complete
    std::vector<RefResult> results;
};

// Receives a push into the bare repository at `path`: the pack goes into a quarantine
// directory, is checked for connectivity, and only then moves into the repository; each
// update must pass `policy` and still find its old value (compare-and-swap), all of them
// or none with the "atomic" capability. A push that updates nothing leaves no objects.
// Fails only for internal errors (the repository cannot be opened or written).
forge::Result<PushOutcome> receive_push(const std::filesystem::path& path, const PushRequest&,
                                        PacketInput& pack, const RefPolicy& policy);

// The report-status (or -v2) answer, in side-band packets when the client asked for
// side-band-64k.
std::string encode_report(const PushRequest&, const PushOutcome&);

} // namespace gitcore
