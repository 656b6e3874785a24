// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/format.h"

#include <array>
#include <cstdio>
#include <ctime>

namespace ui {

namespace {

std::tm utc_parts(int64_t unix_seconds)
{
    std::time_t time = static_cast<std::time_t>(unix_seconds);
    std::tm parts{};
    gmtime_r(&time, &parts);
    return parts;
}

} // namespace

std::string human_size(uint64_t bytes)
{
    if (bytes < 1024)
        return std::to_string(bytes) + " B";
    static constexpr std::array<const char*, 4> units = {"KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes) / 1024;
    size_t unit = 0;
    while (value >= 1024 && unit + 1 < units.size()) {
        value /= 1024;
        ++unit;
    }
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.1f %s", value, units[unit]);
    return buffer.data();
}

std::string display_time(int64_t unix_seconds)
{
    std::tm parts = utc_parts(unix_seconds);
    std::array<char, 32> buffer{};
    size_t length = std::strftime(buffer.data(), buffer.size(), "%Y-%m-%d %H:%M", &parts);
    return std::string(buffer.data(), length);
}

std::string machine_time(int64_t unix_seconds)
{
    std::tm parts = utc_parts(unix_seconds);
    std::array<char, 32> buffer{};
    size_t length = std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%M:%SZ", &parts);
    return std::string(buffer.data(), length);
}

std::string_view short_id(std::string_view id)
{
    return id.substr(0, 10);
}

} // namespace ui
