// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/cli/cli.h"

#include "forge/cli/commands.h"

#include <cstdio>
#include <iostream>

namespace forge::cli {

namespace {

constexpr const char* usage = R"(usage: forge [--config FILE] COMMAND ...

  forge serve                                     run the server
  forge admin user create NAME --email E [--admin] [--password-stdin]
  forge admin group create NAME
  forge admin group add-member GROUP USER [--role owner|maintainer|member|reporter]
  forge admin project create OWNER/NAME [--visibility public|internal|private]
  forge admin project grant OWNER/NAME (USER|@GROUP) read|write|maintain|admin
  forge admin project protect OWNER/NAME BRANCH
  forge admin token create USER --name LABEL      prints a new token once
  forge --version

Every command takes --config FILE (TOML); every key can also be set as an environment
variable FORGE_<SECTION>_<KEY>, e.g. FORGE_SERVER_LISTEN=127.0.0.1:8080.
)";

const OptionSpec every_option{{"config", "email", "role", "visibility", "name"},
                              {"admin", "password-stdin", "version", "help"}};

} // namespace

int fail(int status, const std::string& message)
{
    std::cerr << "forge: error: " << message << "\n";
    if (status == exit_usage)
        std::cerr << "run 'forge --help' for usage\n";
    return status;
}

int run(const std::vector<std::string>& words)
{
    auto parsed = parse_arguments(words, every_option);
    if (auto* message = std::get_if<std::string>(&parsed))
        return fail(exit_usage, *message);
    auto& arguments = std::get<Arguments>(parsed);
    if (arguments.flag("help")) {
        std::cout << usage;
        return exit_ok;
    }
    if (arguments.flag("version")) {
        std::cout << "forge " << FORGE_VERSION << "\n";
        return exit_ok;
    }
    if (arguments.positional.empty()) {
        std::cerr << usage;
        return exit_usage;
    }
    auto loaded = load_config(arguments.option("config"), process_environment);
    if (auto* error = std::get_if<ConfigError>(&loaded))
        return fail(exit_usage, error->message);
    const auto& config = std::get<Config>(loaded);

    std::string command = arguments.positional.front();
    arguments.positional.erase(arguments.positional.begin());
    if (command == "serve") {
        if (!arguments.positional.empty())
            return fail(exit_usage, "serve takes no arguments");
        return serve_command(config);
    }
    if (command == "admin")
        return admin_command(config, arguments);
    return fail(exit_usage, "unknown command '" + command + "'");
}

} // namespace forge::cli
