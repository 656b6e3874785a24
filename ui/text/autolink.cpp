// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/text/autolink.h"

#include "ui/text/escape.h"

#include <algorithm>

namespace ui::text {

namespace {

// Domains are at most 253 characters (RFC 1035); scanning no further than that keeps the
// search linear even where every position could start one.
constexpr std::size_t max_domain = 253;

bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_domain_char(char c)
{
    return is_alnum(c) || c == '-' || c == '_' || c == '.';
}

bool is_local_char(char c)
{
    return is_alnum(c) || c == '.' || c == '+' || c == '-' || c == '_';
}

// The labels and periods at the start of `text`, without trailing periods.
std::string_view domain_span(std::string_view text)
{
    std::size_t length = 0;
    std::size_t limit = std::min(text.size(), max_domain);
    while (length < limit && is_domain_char(text[length]))
        ++length;
    while (length > 0 && text[length - 1] == '.')
        --length;
    return text.substr(0, length);
}

// Length of the domain at the start of `text`, or 0 when it is no valid domain: labels
// separated by periods, at least one period, no '_' in the last two labels.
std::size_t domain_length(std::string_view text)
{
    auto domain = domain_span(text);
    auto length = domain.size();
    auto last_dot = domain.rfind('.');
    if (last_dot == std::string_view::npos || last_dot == 0)
        return 0;
    auto second_dot = domain.rfind('.', last_dot - 1);
    auto last_two = second_dot == std::string_view::npos ? domain : domain.substr(second_dot);
    return last_two.find('_') == std::string_view::npos ? length : 0;
}

bool is_trailing_punctuation(char c)
{
    return std::string_view("?!.,:*_~'\"").find(c) != std::string_view::npos;
}

// Length of an "&name;" at the end of `link`, or 0.
std::size_t entity_suffix(std::string_view link)
{
    if (link.size() < 3 || link.back() != ';')
        return 0;
    std::size_t i = link.size() - 1;
    while (i > 0 && is_alnum(link[i - 1]))
        --i;
    if (i == 0 || i == link.size() - 1 || link[i - 1] != '&')
        return 0;
    return link.size() - (i - 1);
}

// `link` without what GFM leaves out of the end of an autolink; never shorter than `keep`.
std::size_t trimmed_length(std::string_view link, std::size_t keep)
{
    auto opens = std::count(link.begin(), link.end(), '(');
    auto closes = std::count(link.begin(), link.end(), ')');
    std::size_t length = link.size();
    while (length > keep) {
        char last = link[length - 1];
        std::size_t entity = entity_suffix(link.substr(0, length));
        if (is_trailing_punctuation(last)) {
            --length;
        } else if (last == ')' && closes > opens) {
            --length;
            --closes;
        } else if (entity > 0 && length - entity >= keep) {
            length -= entity;
        } else {
            break;
        }
    }
    return length;
}

bool may_start_url(std::string_view text, std::size_t i)
{
    return i == 0 || is_blank(text[i - 1]) ||
           std::string_view("*_~(").find(text[i - 1]) != std::string_view::npos;
}

// A www or http(s) link starting at text[i], if there is one.
bool match_url(std::string_view text, std::size_t i, Autolink& link)
{
    auto rest = text.substr(i);
    auto start = ascii_lower(rest.substr(0, 8));
    std::string_view scheme;
    std::size_t domain_start = 0;
    if (start.starts_with("www.")) {
        scheme = "http://";
    } else if (start.starts_with("http://")) {
        domain_start = 7;
    } else if (start.starts_with("https://")) {
        domain_start = 8;
    } else {
        return false;
    }
    std::size_t domain = domain_length(rest.substr(domain_start));
    if (domain == 0)
        return false;
    std::size_t end = domain_start + domain;
    while (end < rest.size() && !is_blank(rest[end]) && rest[end] != '<')
        ++end;
    std::size_t length = trimmed_length(rest.substr(0, end), domain_start + domain);
    link = {i, i + length, std::string(scheme) + std::string(rest.substr(0, length))};
    return true;
}

// An address whose '@' is at text[at] and whose local part starts at text[local].
bool match_email(std::string_view text, std::size_t local, std::size_t at, Autolink& link)
{
    if (local >= at)
        return false;
    auto domain = domain_span(text.substr(at + 1));
    if (domain.empty() || domain.front() == '.' || domain.find('.') == std::string_view::npos ||
        domain.back() == '-' || domain.back() == '_')
        return false;
    std::size_t end = at + 1 + domain.size();
    link = {local, end, "mailto:" + std::string(text.substr(local, end - local))};
    return true;
}

} // namespace

std::vector<Autolink> find_autolinks(std::string_view text)
{
    std::vector<Autolink> links;
    std::size_t local = 0; // where the run of address characters before text[i] starts
    std::size_t i = 0;
    while (i < text.size()) {
        Autolink link;
        bool found = (may_start_url(text, i) && match_url(text, i, link)) ||
                     (text[i] == '@' && match_email(text, local, i, link));
        if (found) {
            links.push_back(std::move(link));
            i = local = links.back().end;
            continue;
        }
        if (!is_local_char(text[i]))
            local = i + 1;
        ++i;
    }
    return links;
}

} // namespace ui::text
