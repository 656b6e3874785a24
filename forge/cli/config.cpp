// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/cli/config.h"

#include "forge/mail/message.h"

#include <charconv>
#include <cstdlib>
#include <toml++/toml.h>
#include <vector>

namespace forge::cli {

namespace {

// One configurable key: where it lives and how a text value is stored into Config.
struct Key {
    const char* section;
    const char* name;
    enum class Type { text, integer, boolean } type;
    std::string* text = nullptr;
    int64_t* integer = nullptr;
    bool* boolean = nullptr;

    std::string dotted() const { return std::string(section) + "." + name; }
    std::string variable() const
    {
        std::string out = "FORGE_";
        for (const char* p : {section, "_", name}) {
            for (; *p; ++p)
                out += static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
        }
        return out;
    }
};

std::vector<Key> keys_of(Config& c)
{
    using T = Key::Type;
    return {
        {"server", "listen", T::text, &c.server.listen},
        {"server", "base_url", T::text, &c.server.base_url},
        {"server", "idle_timeout", T::integer, nullptr, &c.server.idle_timeout},
        {"server", "shutdown_timeout", T::integer, nullptr, &c.server.shutdown_timeout},
        {"server", "max_body", T::integer, nullptr, &c.server.max_body},
        {"storage", "data", T::text, &c.storage.data},
        {"cache", "packs", T::integer, nullptr, &c.cache.packs},
        {"tls", "cert", T::text, &c.tls.cert},
        {"tls", "key", T::text, &c.tls.key},
        {"mail", "host", T::text, &c.mail.host},
        {"mail", "port", T::integer, nullptr, &c.mail.port},
        {"mail", "from", T::text, &c.mail.from},
        {"mail", "user", T::text, &c.mail.user},
        {"mail", "password", T::text, &c.mail.password},
        {"mail", "starttls", T::boolean, nullptr, nullptr, &c.mail.starttls},
    };
}

std::optional<ConfigError> set_from_text(const Key& key, const std::string& value,
                                         const std::string& origin)
{
    auto invalid = [&](const char* expected) {
        return ConfigError{"invalid value for " + key.dotted() + " (" + origin + "): expected " +
                           expected};
    };
    switch (key.type) {
    case Key::Type::text:
        *key.text = value;
        return std::nullopt;
    case Key::Type::integer: {
        int64_t number = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (ec != std::errc() || end != value.data() + value.size() || value.empty())
            return invalid("an integer");
        *key.integer = number;
        return std::nullopt;
    }
    case Key::Type::boolean:
        if (value == "true" || value == "1")
            *key.boolean = true;
        else if (value == "false" || value == "0")
            *key.boolean = false;
        else
            return invalid("true or false");
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<ConfigError> set_from_toml(const Key& key, const toml::node& node,
                                         const std::string& file)
{
    auto invalid = [&](const char* expected) {
        return ConfigError{"invalid value for " + key.dotted() + " in " + file + " (line " +
                           std::to_string(node.source().begin.line) + "): expected " + expected};
    };
    switch (key.type) {
    case Key::Type::text:
        if (!node.is_string())
            return invalid("a string");
        *key.text = *node.value<std::string>();
        return std::nullopt;
    case Key::Type::integer:
        if (!node.is_integer())
            return invalid("an integer");
        *key.integer = *node.value<int64_t>();
        return std::nullopt;
    case Key::Type::boolean:
        if (!node.is_boolean())
            return invalid("true or false");
        *key.boolean = *node.value<bool>();
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<ConfigError> read_file(const std::string& file, std::vector<Key>& keys)
{
    toml::table root;
    try {
        root = toml::parse_file(file);
    } catch (const toml::parse_error& e) {
        return ConfigError{"cannot read configuration " + file + " (line " +
                           std::to_string(e.source().begin.line) +
                           "): " + std::string(e.description())};
    }
    for (const auto& [section_name, section] : root) {
        std::string section_text(section_name.str());
        if (!section.is_table())
            return ConfigError{"unknown key '" + section_text + "' in " + file};
        for (const auto& [key_name, node] : *section.as_table()) {
            std::string dotted = section_text + "." + std::string(key_name.str());
            auto key = std::find_if(keys.begin(), keys.end(),
                                    [&](const Key& k) { return k.dotted() == dotted; });
            if (key == keys.end())
                return ConfigError{"unknown key '" + dotted + "' in " + file};
            if (auto error = set_from_toml(*key, node, file))
                return error;
        }
    }
    return std::nullopt;
}

bool parse_listen(const std::string& listen, std::string* host, uint16_t* port)
{
    auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0)
        return false;
    std::string h = listen.substr(0, colon);
    if (h.front() == '[') {
        if (h.back() != ']')
            return false;
        h = h.substr(1, h.size() - 2);
    }
    std::string port_text = listen.substr(colon + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port_text.empty() ||
        value > 65535 || h.empty())
        return false;
    if (host)
        *host = h;
    if (port)
        *port = static_cast<uint16_t>(value);
    return true;
}

bool has_http_scheme_and_host(const std::string& url)
{
    for (std::string_view scheme : {"http://", "https://"}) {
        if (url.rfind(scheme, 0) == 0)
            return url.size() > scheme.size() && url[scheme.size()] != '/' &&
                   url.find_first_of(" \t\r\n") == std::string::npos;
    }
    return false;
}

std::optional<ConfigError> validate(Config& c)
{
    auto bad = [](const char* key, const std::string& why) {
        return ConfigError{"invalid value for " + std::string(key) + ": " + why};
    };
    if (!parse_listen(c.server.listen, nullptr, nullptr))
        return bad("server.listen", "expected HOST:PORT, e.g. 127.0.0.1:8080");
    if (c.server.base_url.empty())
        c.server.base_url = "http://" + c.server.listen;
    if (!has_http_scheme_and_host(c.server.base_url))
        return bad("server.base_url", "expected an http:// or https:// URL with a host");
    while (c.server.base_url.size() > 8 && c.server.base_url.back() == '/')
        c.server.base_url.pop_back();
    if (c.server.idle_timeout < 1 || c.server.idle_timeout > 3600)
        return bad("server.idle_timeout", "expected 1 to 3600 seconds");
    if (c.server.shutdown_timeout < 0 || c.server.shutdown_timeout > 3600)
        return bad("server.shutdown_timeout", "expected 0 to 3600 seconds");
    if (c.server.max_body < 1 || c.server.max_body > (int64_t{1} << 34))
        return bad("server.max_body", "expected 1 to 17179869184 bytes");
    if (c.cache.packs < 0)
        return bad("cache.packs", "expected 0 (off) or a size in bytes");
    if (c.storage.data.empty())
        return bad("storage.data", "must not be empty");
    if (c.tls.cert.empty() != c.tls.key.empty())
        return bad(c.tls.cert.empty() ? "tls.cert" : "tls.key",
                   "tls.cert and tls.key must be set together");
    if (c.mail.port < 1 || c.mail.port > 65535)
        return bad("mail.port", "expected 1 to 65535");
    if (!c.mail.host.empty()) {
        if (c.mail.host.find_first_of(" \t\r\n/") != std::string::npos)
            return bad("mail.host", "expected a host name or address");
        if (c.mail.from.empty())
            return bad("mail.from",
                       "must be set when mail.host is, e.g. \"Forge <forge@example.org>\"");
        if (auto from = mail::parse_mailbox(c.mail.from); from.is_error())
            return bad("mail.from", from.error().message);
        if (mail::has_control_characters(c.mail.user) ||
            mail::has_control_characters(c.mail.password))
            return bad(mail::has_control_characters(c.mail.user) ? "mail.user" : "mail.password",
                       "must not contain line breaks or control characters");
    }
    return std::nullopt;
}

} // namespace

std::string Config::listen_host() const
{
    std::string host;
    parse_listen(server.listen, &host, nullptr);
    return host;
}

uint16_t Config::listen_port() const
{
    uint16_t port = 0;
    parse_listen(server.listen, nullptr, &port);
    return port;
}

std::variant<Config, ConfigError> load_config(const std::optional<std::string>& file,
                                              const EnvironmentLookup& environment)
{
    Config config;
    auto keys = keys_of(config);
    if (file) {
        if (auto error = read_file(*file, keys))
            return *error;
    }
    for (const auto& key : keys) {
        auto value = environment(key.variable());
        if (!value)
            continue;
        if (auto error = set_from_text(key, *value, key.variable()))
            return *error;
    }
    if (auto error = validate(config))
        return *error;
    return config;
}

std::optional<std::string> process_environment(const std::string& name)
{
    const char* value = std::getenv(name.c_str());
    if (!value)
        return std::nullopt;
    return std::string(value);
}

} // namespace forge::cli
