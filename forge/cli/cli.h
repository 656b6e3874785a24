// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <string>
#include <vector>

namespace forge::cli {

// Exit statuses of the forge command.
enum ExitStatus : int {
    exit_ok = 0,
    exit_failure = 1, // the command could not be carried out (unknown user, name taken, ...)
    exit_usage = 2,   // the command line or the configuration is wrong
};

// Runs the command line (without the program name) and returns the exit status.
int run(const std::vector<std::string>& words);

} // namespace forge::cli
