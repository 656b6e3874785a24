// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/text/links.h"

#include "ui/text/escape.h"

#include <vector>

namespace ui::text {

namespace {

bool is_control_or_space(char c)
{
    return static_cast<unsigned char>(c) <= 0x20;
}

bool is_separator(char c)
{
    return c == '/' || c == '\\';
}

// "." and ".." also as "%2e", ".%2E" and so on, which browsers fold the same way.
int dot_segment(std::string_view segment)
{
    std::string folded = ascii_lower(segment);
    std::string dots;
    for (std::size_t i = 0; i < folded.size();) {
        if (folded[i] == '.') {
            dots += '.';
            ++i;
        } else if (folded.compare(i, 3, "%2e") == 0) {
            dots += '.';
            i += 3;
        } else {
            return 0;
        }
    }
    return dots == "." ? 1 : dots == ".." ? 2 : 0;
}

// Applies a path's segments to `segments`, as a browser resolves a relative path.
void walk(std::vector<std::string_view>& segments, std::string_view path)
{
    while (!path.empty()) {
        std::size_t end = 0;
        while (end < path.size() && !is_separator(path[end]))
            ++end;
        auto segment = path.substr(0, end);
        int dots = dot_segment(segment);
        if (dots == 2 && !segments.empty())
            segments.pop_back();
        else if (dots == 0 && !segment.empty())
            segments.push_back(segment);
        path.remove_prefix(end < path.size() ? end + 1 : end);
    }
}

// A path that names a directory keeps its final '/': "docs/", "..", "./".
bool names_directory(std::string_view path)
{
    if (path.empty())
        return false;
    if (is_separator(path.back()))
        return true;
    auto start = path.find_last_of("/\\");
    auto last = start == std::string_view::npos ? path : path.substr(start + 1);
    return dot_segment(last) != 0;
}

// A repository path as a URL path: the characters that would end the path, escape, or
// separate in a URL are percent-encoded; attribute_url does the rest.
std::string url_path(std::string_view path)
{
    std::string out;
    for (char c : path) {
        if (c == '%')
            out += "%25";
        else if (c == '?')
            out += "%3F";
        else if (c == '#')
            out += "%23";
        else if (c == '\\')
            out += "%5C";
        else
            out += c;
    }
    return out;
}

} // namespace

std::string clean_url(std::string_view url)
{
    while (!url.empty() && is_control_or_space(url.front()))
        url.remove_prefix(1);
    while (!url.empty() && is_control_or_space(url.back()))
        url.remove_suffix(1);
    std::string out;
    for (char c : url)
        if (c != '\t' && c != '\n' && c != '\r')
            out += c;
    return out;
}

UrlKind classify_url(std::string_view url)
{
    if (url.empty() || url.front() == '#')
        return UrlKind::fragment;
    if (is_separator(url.front()))
        return url.size() > 1 && is_separator(url[1]) ? UrlKind::web : UrlKind::absolute_path;
    auto colon = url.find(':');
    auto path_start = url.find_first_of("/\\?#");
    if (colon == std::string_view::npos || colon > path_start)
        return UrlKind::relative;
    std::string scheme = ascii_lower(url.substr(0, colon));
    if (scheme == "http" || scheme == "https")
        return UrlKind::web;
    if (scheme == "mailto")
        return UrlKind::mail;
    return UrlKind::unsafe;
}

std::string resolve_relative(std::string_view root, std::string_view dir, std::string_view url)
{
    auto suffix_start = url.find_first_of("?#");
    auto path = url.substr(0, suffix_start);
    auto suffix =
        suffix_start == std::string_view::npos ? std::string_view{} : url.substr(suffix_start);
    std::vector<std::string_view> segments;
    std::string dir_path = url_path(dir);
    walk(segments, dir_path);
    walk(segments, path);
    std::string out(root);
    if (out.empty() || out.back() != '/')
        out += '/';
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (i > 0)
            out += '/';
        out += segments[i];
    }
    if (!segments.empty() && names_directory(path))
        out += '/';
    out += suffix;
    return out;
}

std::string attribute_url(std::string_view url)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : url) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '&') {
            out += "&amp;";
        } else if (byte <= 0x20 || byte >= 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' ||
                   c == '`' || c == '\\') {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0x0F];
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace ui::text
