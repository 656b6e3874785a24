// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/common/log.h"

#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

namespace forge::log {

namespace {

void write(std::string_view level, std::string_view message)
{
    static std::mutex mutex;
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
    std::string line =
        std::string(stamp) + " " + std::string(level) + " " + std::string(message) + "\n";
    std::lock_guard lock(mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

} // namespace

void info(std::string_view message)
{
    write("info", message);
}

void warning(std::string_view message)
{
    write("warning", message);
}

void error(std::string_view message)
{
    write("error", message);
}

} // namespace forge::log
