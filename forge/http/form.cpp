// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/form.h"

namespace forge::http {

namespace {

int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool is_unreserved(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

std::string_view trim_spaces(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

} // namespace

std::string percent_decode(std::string_view text, bool plus_is_space)
{
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+' && plus_is_space) {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
                   hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::string percent_encode(std::string_view text, bool keep_slash)
{
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (is_unreserved(byte) || (keep_slash && c == '/')) {
            out += c;
        } else {
            out += '%';
            out += digits[byte >> 4];
            out += digits[byte & 15];
        }
    }
    return out;
}

FormFields FormFields::parse(std::string_view encoded)
{
    FormFields fields;
    while (!encoded.empty()) {
        size_t end = encoded.find('&');
        std::string_view pair = encoded.substr(0, end);
        encoded = end == std::string_view::npos ? std::string_view{} : encoded.substr(end + 1);
        if (pair.empty())
            continue;
        size_t equals = pair.find('=');
        std::string_view name = pair.substr(0, equals);
        std::string_view value =
            equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1);
        fields.m_fields.emplace_back(percent_decode(name, true), percent_decode(value, true));
    }
    return fields;
}

std::optional<std::string> FormFields::find(std::string_view name) const
{
    for (const auto& [key, value] : m_fields)
        if (key == name)
            return value;
    return std::nullopt;
}

std::string FormFields::get(std::string_view name) const
{
    return find(name).value_or(std::string{});
}

std::vector<std::string> FormFields::all(std::string_view name) const
{
    std::vector<std::string> values;
    for (const auto& [key, value] : m_fields)
        if (key == name)
            values.push_back(value);
    return values;
}

std::optional<std::string> cookie_value(std::string_view header, std::string_view name)
{
    while (!header.empty()) {
        size_t end = header.find(';');
        std::string_view pair = trim_spaces(header.substr(0, end));
        header = end == std::string_view::npos ? std::string_view{} : header.substr(end + 1);
        size_t equals = pair.find('=');
        if (equals == std::string_view::npos || trim_spaces(pair.substr(0, equals)) != name)
            continue;
        std::string_view value = trim_spaces(pair.substr(equals + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.substr(1, value.size() - 2);
        return std::string(value);
    }
    return std::nullopt;
}

} // namespace forge::http
