// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gitcore {

// Object ids travel as 40 lower-case hex digits (SHA-1 repositories).
inline constexpr std::string_view zero_id = "0000000000000000000000000000000000000000";
bool is_object_id(std::string_view text);
// 40 hex digits in either case, as git accepts them, lower-cased; invalid_argument else.
forge::Result<std::string> parse_object_id(std::string_view text);

struct RefEntry {
    std::string name;                         // "HEAD", "refs/heads/main", ...
    std::string id;                           // what it points at (after symbolic refs)
    std::optional<std::string> peeled;        // for annotated tags: the object the tag points at
    std::optional<std::string> symref_target; // for HEAD: "refs/heads/main"
};

struct RefListing {
    std::vector<RefEntry> refs; // HEAD first when it resolves, then refs/ sorted by name
    std::string head_target;    // where HEAD points, also when that branch is unborn
};

// Every reference of the bare repository at `path`, with peeled tags.
forge::Result<RefListing> list_refs(const std::filesystem::path& path);

} // namespace gitcore
