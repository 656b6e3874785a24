// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// How numbers, sizes and times look on pages.
namespace ui {

// "512 B", "1.5 KiB", "3.2 MiB".
std::string human_size(uint64_t bytes);
// "2026-11-23 21:10" in UTC, for display.
std::string display_time(int64_t unix_seconds);
// "2026-11-23T21:10:05Z", for <time datetime="...">.
std::string machine_time(int64_t unix_seconds);
// The first 10 characters of an object id.
std::string_view short_id(std::string_view id);

} // namespace ui
