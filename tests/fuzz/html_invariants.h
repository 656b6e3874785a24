// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// Checks that HTML from the Markdown renderer is harmless: every '<' opens a tag from a
// short allowlist (or is the one comment cmark puts for raw HTML), every attribute is on
// an allowlist and double-quoted, and href and src carry only http, https, mailto (href)
// or scheme-less URLs. Also checks the lines of the highlighter. Shared by the fuzz targets
// and the unit tests.

#include <string>
#include <string_view>

namespace html_invariants {

inline bool one_of(std::string_view word, std::initializer_list<std::string_view> words)
{
    for (auto w : words)
        if (w == word)
            return true;
    return false;
}

inline std::string lower(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// The value as a browser reads it: entities decoded (the renderer writes only these five),
// leading control characters and blanks dropped, tabs and line ends removed.
inline std::string decoded_url(std::string_view value)
{
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        auto rest = value.substr(i);
        std::pair<std::string_view, char> entities[] = {
            {"&amp;", '&'}, {"&quot;", '"'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&#39;", '\''}};
        bool replaced = false;
        for (auto [entity, c] : entities) {
            if (rest.starts_with(entity)) {
                out += c;
                i += entity.size() - 1;
                replaced = true;
                break;
            }
        }
        if (!replaced && value[i] != '\t' && value[i] != '\n' && value[i] != '\r')
            out += value[i];
    }
    std::size_t start = 0;
    while (start < out.size() && static_cast<unsigned char>(out[start]) <= 0x20)
        ++start;
    return out.substr(start);
}

inline std::string check_url(std::string_view attribute, std::string_view value)
{
    // A scheme, as the URL standard reads one: a letter, then letters, digits, '+', '-'
    // or '.', then ':'. Anything else makes the URL relative.
    std::string url = decoded_url(value);
    auto is_alpha = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    };
    if (url.empty() || !is_alpha(url[0]))
        return {};
    std::size_t colon = 1;
    while (colon < url.size() &&
           (is_alpha(url[colon]) || (url[colon] >= '0' && url[colon] <= '9') || url[colon] == '+' ||
            url[colon] == '-' || url[colon] == '.'))
        ++colon;
    if (colon == url.size() || url[colon] != ':')
        return {};
    std::string scheme = lower(url.substr(0, colon));
    if (scheme == "http" || scheme == "https" || (scheme == "mailto" && attribute == "href"))
        return {};
    return "scheme '" + scheme + "' in " + std::string(attribute);
}

// Reads the attributes of a tag from `pos` to its '>'; advances `pos` past it.
inline std::string check_attributes(std::string_view html, std::size_t& pos)
{
    for (;;) {
        while (pos < html.size() && html[pos] == ' ')
            ++pos;
        if (html.substr(pos).starts_with("/>") || html.substr(pos).starts_with(">")) {
            pos = html.find('>', pos) + 1;
            return {};
        }
        std::size_t name_end = pos;
        while (name_end < html.size() &&
               ((html[name_end] >= 'a' && html[name_end] <= 'z') || html[name_end] == '-'))
            ++name_end;
        auto name = html.substr(pos, name_end - pos);
        if (!one_of(name, {"href", "src", "alt", "title", "rel", "id", "class", "align", "type",
                           "checked", "disabled", "start"}))
            return "attribute '" + std::string(name) + "'";
        if (html.substr(name_end).rfind("=\"", 0) != 0)
            return "unquoted attribute '" + std::string(name) + "'";
        auto close = html.find('"', name_end + 2);
        if (close == std::string_view::npos)
            return "unterminated attribute";
        auto value = html.substr(name_end + 2, close - name_end - 2);
        if (value.find('<') != std::string_view::npos)
            return "'<' in an attribute";
        if (name == "href" || name == "src")
            if (auto problem = check_url(name, value); !problem.empty())
                return problem;
        pos = close + 1;
    }
}

// Empty when `html` is harmless, else what is wrong.
inline std::string violation(std::string_view html)
{
    constexpr std::string_view omitted = "<!-- raw HTML omitted -->";
    std::size_t pos = 0;
    while ((pos = html.find('<', pos)) != std::string_view::npos) {
        if (html.substr(pos).starts_with(omitted)) {
            pos += omitted.size();
            continue;
        }
        std::size_t name_start = pos + 1 + (pos + 1 < html.size() && html[pos + 1] == '/');
        std::size_t name_end = name_start;
        while (name_end < html.size() && ((html[name_end] >= 'a' && html[name_end] <= 'z') ||
                                          (html[name_end] >= '1' && html[name_end] <= '6')))
            ++name_end;
        auto name = html.substr(name_start, name_end - name_start);
        if (!one_of(name, {"p",     "a",     "em",         "strong", "del", "code",  "pre",
                           "h1",    "h2",    "h3",         "h4",     "h5",  "h6",    "ul",
                           "ol",    "li",    "blockquote", "hr",     "br",  "img",   "table",
                           "thead", "tbody", "tr",         "th",     "td",  "input", "span"}))
            return "tag '" + std::string(html.substr(pos, 12)) + "'";
        pos = name_end;
        if (auto problem = check_attributes(html, pos); !problem.empty())
            return problem;
    }
    return {};
}

// Empty when a highlighted line is well-formed: text escaped, only
// <span class="hl-X"> ... </span> around it, not nested, all closed, no line end.
inline std::string line_violation(std::string_view line)
{
    constexpr std::string_view classes = "ksncpta";
    bool open = false;
    for (std::size_t pos = 0; pos < line.size();) {
        auto rest = line.substr(pos);
        if (rest.starts_with("<span class=\"hl-") && rest.size() >= 19 &&
            classes.find(rest[16]) != std::string_view::npos && rest.substr(17, 2) == "\">") {
            if (open)
                return "nested span";
            open = true;
            pos += 19;
        } else if (rest.starts_with("</span>")) {
            if (!open)
                return "span closed twice";
            open = false;
            pos += 7;
        } else if (rest[0] == '&') {
            bool known = false;
            for (std::string_view entity : {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"})
                known = known || rest.starts_with(entity);
            if (!known)
                return "bare '&'";
            pos += rest.find(';') + 1;
        } else if (std::string_view("<>\"'\n").find(rest[0]) != std::string_view::npos) {
            return "unescaped character";
        } else {
            ++pos;
        }
    }
    return open ? "span left open" : "";
}

} // namespace html_invariants
