// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <cstdint>
#include <string>

namespace forge::services {

// A user as other users see them (no e-mail, no flags).
struct Person {
    int64_t id = 0;
    std::string name;
    std::string display_name;
};

} // namespace forge::services
