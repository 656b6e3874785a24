// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/cli/cli.h"

#include <csignal>
#include <exception>
#include <iostream>

int main(int argc, char** argv)
{
    // Broken pipes (a client or child process gone) are handled where they happen.
    std::signal(SIGPIPE, SIG_IGN);
    try {
        return forge::cli::run(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const std::exception& e) {
        std::cerr << "forge: internal error: " << e.what() << "\n";
    }
    return forge::cli::exit_failure;
}
