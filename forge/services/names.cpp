// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/names.h"

#include <algorithm>
#include <array>
#include <string>

namespace forge::services {

namespace {

constexpr size_t maximum_name_length = 64;

// First path segments the forge uses itself, and segments under /{owner}/ that a group
// page uses (a project may not shadow them).
constexpr std::array<std::string_view, 27> reserved = {
    "admin",  "api",           "assets", "avatars", "discussions", "explore", "favicon.ico",
    "groups", "healthz",       "help",   "issues",  "login",       "logout",  "merge_requests",
    "new",    "notifications", "org",    "orgs",    "projects",    "repos",   "robots.txt",
    "search", "settings",      "static", "user",    "users",       "-",
};

bool allowed_character(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

} // namespace

bool is_reserved_name(std::string_view name)
{
    return std::find(reserved.begin(), reserved.end(), name) != reserved.end();
}

forge::Result<void> validate_name(std::string_view what, std::string_view name)
{
    std::string prefix = std::string(what) + " name '" + std::string(name) + "' ";
    if (name.empty())
        return Error::invalid_argument(std::string(what) + " name must not be empty");
    if (name.size() > maximum_name_length)
        return Error::invalid_argument(prefix + "is longer than 64 characters");
    if (!std::all_of(name.begin(), name.end(), allowed_character))
        return Error::invalid_argument(prefix + "may only contain a-z, 0-9, '.', '_' and '-'");
    if (name.front() == '.' || name.front() == '-')
        return Error::invalid_argument(prefix + "must not start with '.' or '-'");
    if (name.size() >= 4 && name.substr(name.size() - 4) == ".git")
        return Error::invalid_argument(prefix + "must not end in '.git'");
    if (is_reserved_name(name))
        return Error::invalid_argument(prefix + "is reserved");
    return {};
}

forge::Result<void> validate_email(std::string_view email)
{
    auto invalid = [&] {
        return Error::invalid_argument("invalid e-mail address '" + std::string(email) + "'");
    };
    if (email.empty() || email.size() > 254)
        return invalid();
    for (char c : email) {
        if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f || c == '<' || c == '>')
            return invalid();
    }
    auto at = email.find('@');
    if (at == std::string_view::npos || at == 0 ||
        email.find('@', at + 1) != std::string_view::npos)
        return invalid();
    auto domain = email.substr(at + 1);
    auto dot = domain.find('.');
    if (domain.empty() || dot == std::string_view::npos || dot == 0 || domain.back() == '.')
        return invalid();
    return {};
}

forge::Result<void> validate_text(std::string_view what, std::string_view text, size_t maximum,
                                  TextKind kind)
{
    if (text.size() > maximum)
        return Error::invalid_argument(std::string(what) + " is longer than " +
                                       std::to_string(maximum) + " characters");
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        bool allowed_space = kind == TextKind::paragraphs && (c == '\n' || c == '\r' || c == '\t');
        if ((byte < 0x20 || byte == 0x7f) && !allowed_space)
            return Error::invalid_argument(std::string(what) + " contains a control character");
    }
    return {};
}

} // namespace forge::services
