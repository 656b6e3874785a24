// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/cli/arguments.h"

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

using Catch::Matchers::Contains;
using forge::cli::Arguments;
using forge::cli::OptionSpec;
using forge::cli::parse_arguments;
using Words = std::vector<std::string>;

namespace {

const OptionSpec spec{{"config", "email", "role"}, {"admin", "password-stdin"}};

// The parsed arguments, or a test failure with the message.
Arguments parsed(const Words& words)
{
    auto result = parse_arguments(words, spec);
    if (auto* message = std::get_if<std::string>(&result))
        FAIL("unexpected error: " << *message);
    return std::get<Arguments>(result);
}

// The message, or a test failure when the words parse.
std::string error_of(const Words& words)
{
    auto result = parse_arguments(words, spec);
    if (std::holds_alternative<Arguments>(result))
        FAIL("parsed, but an error was expected");
    return std::get<std::string>(result);
}

} // namespace

TEST_CASE("parse_arguments separates positional words, options and flags", "[cli][arguments]")
{
    auto arguments =
        parsed({"admin", "user", "create", "carol", "--email", "c@example.org", "--admin"});
    CHECK(arguments.positional == Words{"admin", "user", "create", "carol"});
    CHECK(arguments.options == std::map<std::string, std::string>{{"email", "c@example.org"}});
    CHECK(arguments.flags == std::set<std::string>{"admin"});
    CHECK(arguments.option("email").value_or("(none)") == "c@example.org");
    CHECK_FALSE(arguments.option("config"));
    CHECK_FALSE(arguments.option("admin"));
    CHECK(arguments.flag("admin"));
    CHECK_FALSE(arguments.flag("password-stdin"));
    CHECK_FALSE(arguments.flag("email"));
}

TEST_CASE("parse_arguments takes options anywhere between the words", "[cli][arguments]")
{
    auto arguments = parsed({"--config", "f.toml", "admin", "--admin", "user", "--role=owner",
                             "create", "--password-stdin", "x"});
    CHECK(arguments.positional == Words{"admin", "user", "create", "x"});
    CHECK(arguments.option("config").value_or("(none)") == "f.toml");
    CHECK(arguments.option("role").value_or("(none)") == "owner");
    CHECK(arguments.flags == std::set<std::string>{"admin", "password-stdin"});
}

TEST_CASE("parse_arguments with nothing gives nothing", "[cli][arguments]")
{
    auto arguments = parsed({});
    CHECK(arguments.positional.empty());
    CHECK(arguments.options.empty());
    CHECK(arguments.flags.empty());
}

TEST_CASE("parse_arguments reads --name=value", "[cli][arguments]")
{
    auto arguments = parsed({"--email=c@example.org", "x"});
    CHECK(arguments.option("email").value_or("(none)") == "c@example.org");
    CHECK(arguments.positional == Words{"x"});

    // Only the first '=' separates; the value may be empty.
    CHECK(parsed({"--config=a=b.toml"}).option("config").value_or("(none)") == "a=b.toml");
    CHECK(parsed({"--email="}).option("email").value_or("(none)") == "");
}

TEST_CASE("parse_arguments takes the next word as the value, whatever it looks like",
          "[cli][arguments]")
{
    CHECK(parsed({"--email", "-x"}).option("email").value_or("(none)") == "-x");
    CHECK(parsed({"--email", ""}).option("email").value_or("(none)") == "");
    CHECK(parsed({"--email", "--"}).option("email").value_or("(none)") == "--");
}

TEST_CASE("parse_arguments: '--' ends the options", "[cli][arguments]")
{
    auto arguments = parsed({"project", "--", "--admin", "--email", "--unknown", "-x"});
    CHECK(arguments.positional == Words{"project", "--admin", "--email", "--unknown", "-x"});
    CHECK(arguments.options.empty());
    CHECK(arguments.flags.empty());

    auto before = parsed({"--admin", "--", "x"});
    CHECK(before.flags == std::set<std::string>{"admin"});
    CHECK(before.positional == Words{"x"});
}

// POSIX Utility Syntax Guideline 10 (and getopt): after the first "--", every word is an
// operand, a further "--" included. parse_arguments drops it instead.
TEST_CASE("parse_arguments: a second '--' after '--' is a positional word", "[cli][arguments]")
{
    auto arguments = parsed({"--", "a", "--", "b"});
    CHECK(arguments.positional == Words{"a", "--", "b"});
}

TEST_CASE("parse_arguments treats single dashes as words", "[cli][arguments]")
{
    auto arguments = parsed({"-", "-x", "-admin"});
    CHECK(arguments.positional == Words{"-", "-x", "-admin"});
    CHECK(arguments.flags.empty());
}

TEST_CASE("parse_arguments rejects unknown options", "[cli][arguments][errors]")
{
    CHECK_THAT(error_of({"--colour", "blue"}), Contains("--colour"));
    CHECK_THAT(error_of({"x", "--colour=blue"}), Contains("--colour"));
    CHECK_THAT(error_of({"--Email", "a@b.c"}), Contains("--Email"));
    CHECK_THAT(error_of({"--=x"}), Contains("unknown option"));
}

TEST_CASE("parse_arguments rejects an option without its value", "[cli][arguments][errors]")
{
    CHECK_THAT(error_of({"--email"}), Contains("--email"));
    CHECK_THAT(error_of({"x", "--config"}), Contains("--config"));
}

TEST_CASE("parse_arguments rejects a repeated option", "[cli][arguments][errors]")
{
    CHECK_THAT(error_of({"--email", "a@b.c", "--email", "d@e.f"}), Contains("--email"));
    CHECK_THAT(error_of({"--email=a@b.c", "--email", "a@b.c"}), Contains("--email"));
    CHECK_THAT(error_of({"--role", "owner", "x", "--role=member"}), Contains("--role"));
}

TEST_CASE("parse_arguments rejects a value given to a flag", "[cli][arguments][errors]")
{
    CHECK_THAT(error_of({"--admin=yes"}), Contains("--admin"));
    CHECK_THAT(error_of({"--password-stdin="}), Contains("--password-stdin"));
}

TEST_CASE("parse_arguments: a flag does not take the next word", "[cli][arguments]")
{
    auto arguments = parsed({"--admin", "yes"});
    CHECK(arguments.flag("admin"));
    CHECK(arguments.positional == Words{"yes"});
}
