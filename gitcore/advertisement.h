// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <filesystem>
#include <string>

namespace gitcore {

enum class Service { upload_pack, receive_pack };

// "forge/<version>", sent as agent= in every advertisement.
std::string agent();

// The body of GET info/refs for protocol v0/v1: the "# service=" line, a flush, the refs
// with capabilities on the first line (or "capabilities^{}" for an empty repository),
// and a flush.
forge::Result<std::string> advertise_v0(const std::filesystem::path& repo, Service);

// The body of GET info/refs?service=git-upload-pack when the client asks for protocol v2:
// "version 2" and the capabilities of ls-refs and fetch.
std::string advertise_v2();

} // namespace gitcore
