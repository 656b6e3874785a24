// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/db/test_database.h"

#include "forge/cli/config.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>

using forge::cli::Config;
using forge::cli::ConfigError;
using forge::cli::EnvironmentLookup;
using forge::cli::load_config;
using forge::test::TempDirectory;

namespace {

using Variables = std::map<std::string, std::string>;

// An environment backed by a map: nothing leaks in from the process running the tests.
EnvironmentLookup environment(Variables variables = {})
{
    return
        [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
            auto found = variables.find(name);
            if (found == variables.end())
                return std::nullopt;
            return found->second;
        };
}

// A configuration file in its own temporary directory.
struct ConfigFile {
    TempDirectory directory;
    std::string path = (directory.path() / "forge.toml").string();

    explicit ConfigFile(const std::string& text)
    {
        std::ofstream out(path, std::ios::binary);
        out << text;
    }
};

// The configuration, or a test failure with the error's message.
Config loaded(const std::optional<std::string>& file, const EnvironmentLookup& lookup)
{
    auto result = load_config(file, lookup);
    if (auto* error = std::get_if<ConfigError>(&result))
        FAIL("unexpected configuration error: " << error->message);
    return std::get<Config>(result);
}

// The error message, or a test failure when the configuration loads.
std::string error_of(const std::optional<std::string>& file, const EnvironmentLookup& lookup)
{
    auto result = load_config(file, lookup);
    if (std::holds_alternative<Config>(result))
        FAIL("configuration loaded, but an error was expected");
    return std::get<ConfigError>(result).message;
}

std::string error_of_file(const std::string& text)
{
    ConfigFile file(text);
    return error_of(file.path, environment());
}

std::string error_of_environment(Variables variables)
{
    return error_of(std::nullopt, environment(std::move(variables)));
}

using Catch::Matchers::Contains;

} // namespace

TEST_CASE("load_config without file or environment gives the defaults", "[cli][config]")
{
    auto config = loaded(std::nullopt, environment());
    CHECK(config.server.listen == "127.0.0.1:8080");
    CHECK(config.server.base_url == "http://127.0.0.1:8080");
    CHECK(config.storage.data == "./data");
    CHECK(config.server.idle_timeout == 30);
    CHECK(config.server.shutdown_timeout == 30);
    CHECK(config.server.max_body == 1 << 20);
    CHECK(config.tls.cert.empty());
    CHECK(config.tls.key.empty());
    CHECK(config.mail.host.empty());
    CHECK(config.mail.port == 587);
    CHECK(config.mail.starttls);
    CHECK(config.listen_host() == "127.0.0.1");
    CHECK(config.listen_port() == 8080);
}

TEST_CASE("load_config asks the environment for FORGE_<SECTION>_<KEY>", "[cli][config]")
{
    std::set<std::string> asked;
    EnvironmentLookup recording = [&](const std::string& name) -> std::optional<std::string> {
        asked.insert(name);
        return std::nullopt;
    };
    loaded(std::nullopt, recording);
    for (const char* name :
         {"FORGE_SERVER_LISTEN", "FORGE_SERVER_BASE_URL", "FORGE_SERVER_IDLE_TIMEOUT",
          "FORGE_SERVER_SHUTDOWN_TIMEOUT", "FORGE_SERVER_MAX_BODY", "FORGE_STORAGE_DATA",
          "FORGE_TLS_CERT", "FORGE_TLS_KEY", "FORGE_MAIL_HOST", "FORGE_MAIL_PORT",
          "FORGE_MAIL_FROM", "FORGE_MAIL_USER", "FORGE_MAIL_PASSWORD", "FORGE_MAIL_STARTTLS"}) {
        INFO(name);
        CHECK(asked.count(name) == 1);
    }
    for (const auto& name : asked) {
        INFO(name);
        CHECK(name.rfind("FORGE_", 0) == 0);
    }
}

TEST_CASE("a TOML file sets every section", "[cli][config][file]")
{
    ConfigFile file(R"(# Forge configuration
[server]
listen = "0.0.0.0:3000"
base_url = "https://forge.example.org/"
idle_timeout = 60
shutdown_timeout = 5
max_body = 2048

[storage]
data = "/var/lib/forge"

[tls]
cert = "/etc/forge/cert.pem"
key = "/etc/forge/key.pem"

[mail]
host = "smtp.example.org"
port = 25
from = "forge@example.org"
user = "forge"
password = "s3cret"
starttls = false
)");
    auto config = loaded(file.path, environment());
    CHECK(config.server.listen == "0.0.0.0:3000");
    CHECK(config.listen_host() == "0.0.0.0");
    CHECK(config.listen_port() == 3000);
    CHECK(config.server.base_url == "https://forge.example.org"); // without the final '/'
    CHECK(config.server.idle_timeout == 60);
    CHECK(config.server.shutdown_timeout == 5);
    CHECK(config.server.max_body == 2048);
    CHECK(config.storage.data == "/var/lib/forge");
    CHECK(config.tls.cert == "/etc/forge/cert.pem");
    CHECK(config.tls.key == "/etc/forge/key.pem");
    CHECK(config.mail.host == "smtp.example.org");
    CHECK(config.mail.port == 25);
    CHECK(config.mail.from == "forge@example.org");
    CHECK(config.mail.user == "forge");
    CHECK(config.mail.password == "s3cret");
    CHECK_FALSE(config.mail.starttls);
}

TEST_CASE("a partial file keeps the other defaults, and base_url follows listen",
          "[cli][config][file]")
{
    ConfigFile file("[server]\nlisten = \"192.0.2.10:9090\"\n");
    auto config = loaded(file.path, environment());
    CHECK(config.server.listen == "192.0.2.10:9090");
    CHECK(config.server.base_url == "http://192.0.2.10:9090");
    CHECK(config.storage.data == "./data");
    CHECK(config.server.idle_timeout == 30);
}

TEST_CASE("an empty file gives the defaults", "[cli][config][file]")
{
    ConfigFile file("");
    auto config = loaded(file.path, environment());
    CHECK(config.server.listen == "127.0.0.1:8080");
    CHECK(config.storage.data == "./data");
}

TEST_CASE("the environment overrides the file", "[cli][config][environment]")
{
    ConfigFile file(R"([server]
listen = "0.0.0.0:3000"
idle_timeout = 60
[storage]
data = "/var/lib/forge"
[mail]
starttls = true
)");
    auto config = loaded(file.path, environment({
                                        {"FORGE_SERVER_LISTEN", "127.0.0.1:9000"},
                                        {"FORGE_STORAGE_DATA", "/srv/forge"},
                                        {"FORGE_SERVER_IDLE_TIMEOUT", "120"},
                                        {"FORGE_MAIL_STARTTLS", "false"},
                                        {"FORGE_MAIL_PORT", "465"},
                                    }));
    CHECK(config.server.listen == "127.0.0.1:9000");
    CHECK(config.listen_port() == 9000);
    CHECK(config.server.base_url == "http://127.0.0.1:9000");
    CHECK(config.storage.data == "/srv/forge");
    CHECK(config.server.idle_timeout == 120);
    CHECK_FALSE(config.mail.starttls);
    CHECK(config.mail.port == 465);
}

TEST_CASE("the environment alone sets values", "[cli][config][environment]")
{
    auto config = loaded(std::nullopt, environment({
                                           {"FORGE_SERVER_BASE_URL", "https://git.example.org"},
                                           {"FORGE_MAIL_STARTTLS", "0"},
                                           {"FORGE_TLS_CERT", "c.pem"},
                                           {"FORGE_TLS_KEY", "k.pem"},
                                       }));
    CHECK(config.server.base_url == "https://git.example.org");
    CHECK_FALSE(config.mail.starttls);
    CHECK(config.tls.cert == "c.pem");
    CHECK(config.tls.key == "k.pem");
    CHECK(config.server.listen == "127.0.0.1:8080");
}

TEST_CASE("errors in the file name the key", "[cli][config][errors]")
{
    SECTION("unknown key")
    {
        CHECK_THAT(error_of_file("[server]\ncolour = \"blue\"\n"), Contains("server.colour"));
    }
    SECTION("unknown section")
    {
        CHECK_THAT(error_of_file("[colour]\nshade = \"blue\"\n"), Contains("colour"));
    }
    SECTION("a key outside any section")
    {
        CHECK_THAT(error_of_file("listen = \"127.0.0.1:1\"\n"), Contains("listen"));
    }
    SECTION("a table inside a section")
    {
        CHECK_THAT(error_of_file("[server.extra]\nx = 1\n"), Contains("server.extra"));
    }
    SECTION("a string where an integer belongs")
    {
        CHECK_THAT(error_of_file("[server]\nidle_timeout = \"x\"\n"),
                   Contains("server.idle_timeout"));
    }
    SECTION("a float where an integer belongs")
    {
        CHECK_THAT(error_of_file("[server]\nidle_timeout = 1.5\n"),
                   Contains("server.idle_timeout"));
    }
    SECTION("an integer where a string belongs")
    {
        CHECK_THAT(error_of_file("[server]\nlisten = 8080\n"), Contains("server.listen"));
    }
    SECTION("a string where a boolean belongs")
    {
        CHECK_THAT(error_of_file("[mail]\nstarttls = \"yes\"\n"), Contains("mail.starttls"));
    }
}

TEST_CASE("errors in the file name the file", "[cli][config][errors]")
{
    ConfigFile file("[server]\nidle_timeout = \"x\"\n");
    CHECK_THAT(error_of(file.path, environment()), Contains(file.path));
}

TEST_CASE("a TOML syntax error names the file", "[cli][config][errors]")
{
    ConfigFile file("[server\nlisten = \n");
    CHECK_THAT(error_of(file.path, environment()), Contains(file.path));
}

TEST_CASE("a missing file is an error that names it", "[cli][config][errors]")
{
    TempDirectory directory;
    auto missing = (directory.path() / "absent.toml").string();
    CHECK_THAT(error_of(missing, environment()), Contains(missing));
}

TEST_CASE("bad values in the environment name the key", "[cli][config][errors][environment]")
{
    for (const char* bad : {"x", "", "12abc", "1.5", " 30"}) {
        INFO("FORGE_SERVER_IDLE_TIMEOUT='" << bad << "'");
        auto message = error_of_environment({{"FORGE_SERVER_IDLE_TIMEOUT", bad}});
        CHECK_THAT(message, Contains("idle_timeout") || Contains("IDLE_TIMEOUT"));
    }
    CHECK_THAT(error_of_environment({{"FORGE_MAIL_STARTTLS", "maybe"}}),
               Contains("starttls") || Contains("STARTTLS"));
    CHECK_THAT(error_of_environment({{"FORGE_MAIL_PORT", "smtp"}}),
               Contains("mail.port") || Contains("MAIL_PORT"));
}

TEST_CASE("values out of range are errors that name the key", "[cli][config][errors]")
{
    CHECK_THAT(error_of_environment({{"FORGE_SERVER_IDLE_TIMEOUT", "0"}}),
               Contains("server.idle_timeout"));
    CHECK_THAT(error_of_environment({{"FORGE_SERVER_IDLE_TIMEOUT", "3601"}}),
               Contains("server.idle_timeout"));
    CHECK_THAT(error_of_environment({{"FORGE_SERVER_MAX_BODY", "0"}}), Contains("server.max_body"));
    CHECK_THAT(error_of_environment({{"FORGE_MAIL_PORT", "0"}}), Contains("mail.port"));
    CHECK_THAT(error_of_environment({{"FORGE_MAIL_PORT", "65536"}}), Contains("mail.port"));
    CHECK_THAT(error_of_environment({{"FORGE_STORAGE_DATA", ""}}), Contains("storage.data"));
}

TEST_CASE("a bad listen address is an error that names server.listen", "[cli][config][errors]")
{
    for (const char* bad : {"nonsense", "host:99999", "host:", ":8080", "host:http", "host:-1",
                            "host:80x", "[::1:9000", "[]:9000", "", "host:4294967296"}) {
        INFO("listen '" << bad << "'");
        CHECK_THAT(error_of_environment({{"FORGE_SERVER_LISTEN", bad}}), Contains("server.listen"));
    }
    CHECK_THAT(error_of_file("[server]\nlisten = \"nonsense\"\n"), Contains("server.listen"));
}

TEST_CASE("base_url must be an http or https URL", "[cli][config][errors]")
{
    for (const char* bad : {"ftp://x", "x", "forge.example.org", "HTTP//x", "git://x"}) {
        INFO("base_url '" << bad << "'");
        CHECK_THAT(error_of_environment({{"FORGE_SERVER_BASE_URL", bad}}),
                   Contains("server.base_url"));
    }
    CHECK_THAT(error_of_file("[server]\nbase_url = \"ftp://x\"\n"), Contains("server.base_url"));
}

// base_url makes every link and clone URL; one without a host cannot be used, yet the
// check only looks at the scheme prefix.
TEST_CASE("base_url without a host is an error", "[cli][config][errors]")
{
    for (const char* bad : {"http://", "https://", "http:///", "https:///x"}) {
        INFO("base_url '" << bad << "'");
        auto result = load_config(std::nullopt, environment({{"FORGE_SERVER_BASE_URL", bad}}));
        auto* error = std::get_if<ConfigError>(&result);
        CHECK(error != nullptr);
        if (error)
            CHECK_THAT(error->message, Contains("server.base_url"));
    }
}

TEST_CASE("tls.cert and tls.key go together", "[cli][config][errors]")
{
    CHECK_THAT(error_of_file("[tls]\ncert = \"c.pem\"\n"), Contains("tls.key"));
    CHECK_THAT(error_of_file("[tls]\nkey = \"k.pem\"\n"), Contains("tls.cert"));
    CHECK_THAT(error_of_environment({{"FORGE_TLS_CERT", "c.pem"}}), Contains("tls.key"));
}

TEST_CASE("listen_host and listen_port split the listen address", "[cli][config][listen]")
{
    struct Case {
        const char* listen;
        const char* host;
        uint16_t port;
    };
    for (const auto& c :
         {Case{"127.0.0.1:8080", "127.0.0.1", 8080}, Case{"[::1]:9000", "::1", 9000},
          Case{"[::]:443", "::", 443}, Case{"localhost:1", "localhost", 1},
          Case{"0.0.0.0:65535", "0.0.0.0", 65535},
          Case{"forge.example.org:3000", "forge.example.org", 3000}}) {
        INFO("listen '" << c.listen << "'");
        auto config = loaded(std::nullopt, environment({{"FORGE_SERVER_LISTEN", c.listen}}));
        CHECK(config.listen_host() == c.host);
        CHECK(config.listen_port() == c.port);
    }
}

TEST_CASE("the default base_url of an IPv6 listen address keeps its brackets",
          "[cli][config][listen]")
{
    auto config = loaded(std::nullopt, environment({{"FORGE_SERVER_LISTEN", "[::1]:9000"}}));
    CHECK(config.server.base_url == "http://[::1]:9000");
}

TEST_CASE("mail.host needs a sender address without line breaks", "[cli][config][errors]")
{
    CHECK_THAT(error_of_environment({{"FORGE_MAIL_HOST", "smtp.example.org"}}),
               Contains("mail.from"));
    CHECK_THAT(error_of_environment(
                   {{"FORGE_MAIL_HOST", "smtp.example.org"}, {"FORGE_MAIL_FROM", "forge"}}),
               Contains("mail.from"));
    CHECK_THAT(error_of_environment({{"FORGE_MAIL_HOST", "smtp.example.org"},
                                     {"FORGE_MAIL_FROM", "forge@example.org\r\nBcc: x@y.z"}}),
               Contains("mail.from"));
    CHECK_THAT(error_of_environment({{"FORGE_MAIL_HOST", "smtp.example.org"},
                                     {"FORGE_MAIL_FROM", "forge@example.org"},
                                     {"FORGE_MAIL_USER", "a\r\nb"}}),
               Contains("mail.user"));
    auto config =
        loaded(std::nullopt, environment({{"FORGE_MAIL_HOST", "smtp.example.org"},
                                          {"FORGE_MAIL_FROM", "Forge <forge@example.org>"}}));
    CHECK(config.mail.from == "Forge <forge@example.org>");
    // Without a host the other keys are not checked: nothing is sent.
    CHECK(loaded(std::nullopt, environment({{"FORGE_MAIL_FROM", "x"}})).mail.host.empty());
}
