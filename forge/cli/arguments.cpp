// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/cli/arguments.h"

namespace forge::cli {

std::optional<std::string> Arguments::option(const std::string& name) const
{
    auto found = options.find(name);
    if (found == options.end())
        return std::nullopt;
    return found->second;
}

std::variant<Arguments, std::string> parse_arguments(const std::vector<std::string>& words,
                                                     const OptionSpec& spec)
{
    Arguments arguments;
    bool options_ended = false;
    for (size_t i = 0; i < words.size(); ++i) {
        const std::string& word = words[i];
        if (!options_ended && word == "--") {
            options_ended = true;
            continue;
        }
        if (options_ended || word.size() < 3 || word.compare(0, 2, "--") != 0) {
            arguments.positional.push_back(word);
            continue;
        }
        std::string name = word.substr(2);
        std::optional<std::string> value;
        if (auto equals = name.find('='); equals != std::string::npos) {
            value = name.substr(equals + 1);
            name = name.substr(0, equals);
        }
        if (spec.flags.count(name)) {
            if (value)
                return "option --" + name + " takes no value";
            arguments.flags.insert(name);
            continue;
        }
        if (!spec.with_value.count(name))
            return "unknown option --" + name;
        if (!value) {
            if (i + 1 >= words.size())
                return "option --" + name + " needs a value";
            value = words[++i];
        }
        if (!arguments.options.emplace(name, *value).second)
            return "option --" + name + " given twice";
    }
    return arguments;
}

} // namespace forge::cli
