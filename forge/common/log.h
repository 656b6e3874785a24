// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <string_view>

namespace forge::log {

// One line on standard error, prefixed with a UTC timestamp and the level; safe from any
// thread. Callers never pass passwords, tokens or cookies.
void info(std::string_view message);
void warning(std::string_view message);
void error(std::string_view message);

} // namespace forge::log
