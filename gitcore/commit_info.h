// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "gitcore/repository.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gitcore {

// Who made a commit and when, as git records it.
struct Signature {
    std::string name;
    std::string email;
    int64_t time = 0;       // seconds since the epoch
    int offset_minutes = 0; // the author's time zone, east of UTC
};

struct CommitInfo {
    std::string id; // 40 lower-case hex digits
    std::vector<std::string> parents;
    Signature author;
    Signature committer;
    std::string summary; // the first line of the message, without its line end
    std::string message; // the full message as stored
};

// The commit `id` names: 40 hex digits or a unique prefix of at least 4 (either case).
// not_found when nothing matches, when the prefix is ambiguous or too short, or when the
// object is no commit; internal when the object database fails.
forge::Result<CommitInfo> read_commit(Repository&, std::string_view id);

} // namespace gitcore
