// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace forge::cli {

// A command line split into positional words and options. Options are "--name value",
// "--name=value" or, for flags, "--name" alone; "--" ends options.
struct Arguments {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
    std::set<std::string> flags;

    std::optional<std::string> option(const std::string& name) const;
    bool flag(const std::string& name) const { return flags.count(name) > 0; }
};

struct OptionSpec {
    std::set<std::string> with_value; // e.g. "config", "email"
    std::set<std::string> flags;      // e.g. "admin", "password-stdin"
};

// Fails (returns the message) for unknown options, a missing value or a repeated option.
std::variant<Arguments, std::string> parse_arguments(const std::vector<std::string>& words,
                                                     const OptionSpec& spec);

} // namespace forge::cli
