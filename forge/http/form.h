// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Decoding of what browsers send besides the path: query strings, url-encoded form
// bodies and cookies. Every function accepts any bytes; malformed parts are decoded as
// far as they make sense and never make the caller fail.
namespace forge::http {

// "%41b+c" -> "Ab c" when `plus_is_space`; a '%' not followed by two hex digits stays.
std::string percent_decode(std::string_view, bool plus_is_space = false);

// Encodes everything but unreserved characters (RFC 3986) and, when `keep_slash`, '/'.
std::string percent_encode(std::string_view, bool keep_slash = false);

// The fields of "a=1&b=2" (query strings and application/x-www-form-urlencoded bodies),
// in order, decoded. A field without '=' has an empty value.
class FormFields {
  public:
    FormFields() = default;
    static FormFields parse(std::string_view encoded);

    // The first value of the field, or empty.
    std::string get(std::string_view name) const;
    std::optional<std::string> find(std::string_view name) const;
    bool has(std::string_view name) const { return find(name).has_value(); }
    std::vector<std::string> all(std::string_view name) const;

  private:
    std::vector<std::pair<std::string, std::string>> m_fields;
};

// The value of the cookie `name` in a Cookie header ("a=1; b=2"), if present.
std::optional<std::string> cookie_value(std::string_view cookie_header, std::string_view name);

} // namespace forge::http
