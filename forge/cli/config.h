// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>

namespace forge::cli {

// Every key of the TOML file; each also settable as FORGE_<SECTION>_<KEY>.
struct Config {
    struct Server {
        std::string listen = "127.0.0.1:8080";
        std::string base_url; // empty: http://<listen>
        int64_t idle_timeout = 30;
        int64_t shutdown_timeout = 30;
        int64_t max_body = 1 << 20;
    } server;
    struct Storage {
        std::string data = "./data";
    } storage;
    struct Cache {
        int64_t packs = int64_t{1} << 30; // bytes of generated packs kept; 0 disables
    } cache;
    struct Tls {
        std::string cert;
        std::string key;
    } tls;
    struct Mail {
        std::string host;
        int64_t port = 587;
        std::string from;
        std::string user;
        std::string password;
        bool starttls = true;
    } mail;

    // The listen address split into host and port (validated by load_config).
    std::string listen_host() const;
    uint16_t listen_port() const;
};

// A configuration that cannot be used; `message` names the key or the file.
struct ConfigError {
    std::string message;
};

using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Reads defaults, then the TOML file (when given), then FORGE_* environment variables,
// and validates the result. Unknown keys in the file are errors, as are values of the
// wrong type or out of range.
std::variant<Config, ConfigError> load_config(const std::optional<std::string>& file,
                                              const EnvironmentLookup& environment);

// The process environment, for load_config.
std::optional<std::string> process_environment(const std::string& name);

} // namespace forge::cli
