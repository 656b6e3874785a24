// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/common/references.h"

#include <array>
#include <cctype>

namespace forge {

namespace {

bool is_word(char c)
{
    unsigned char u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || u >= 0x80;
}

bool is_name_char(char c)
{
    unsigned char u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || c == '-' || c == '.';
}

bool is_hex(char c)
{
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

// The end of the digits starting at `at` (== at when there are none); numbers are kept to
// nine digits so that they fit any issue number column.
std::size_t digits_end(std::string_view text, std::size_t at)
{
    std::size_t end = at;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])))
        ++end;
    return end - at > 9 ? at : end;
}

// A name ([A-Za-z0-9._-], starting with a letter or digit, not ending in '.') from `at`.
std::size_t name_end(std::string_view text, std::size_t at)
{
    if (at >= text.size() || !std::isalnum(static_cast<unsigned char>(text[at])))
        return at;
    std::size_t end = at;
    while (end < text.size() && is_name_char(text[end]))
        ++end;
    while (end > at && text[end - 1] == '.')
        --end;
    return end;
}

bool ends_word(std::string_view text, std::size_t end)
{
    return end >= text.size() || !is_word(text[end]);
}

bool starts_word(std::string_view text, std::size_t begin, bool item)
{
    if (begin == 0)
        return true;
    char before = text[begin - 1];
    return !is_word(before) && !(item && before == '&') && before != '/' && before != '@';
}

// `#12` at `at`.
bool local_item(std::string_view text, std::size_t at, Reference& out)
{
    std::size_t end = digits_end(text, at + 1);
    if (end == at + 1 || !ends_word(text, end) || !starts_word(text, at, true))
        return false;
    out = Reference{};
    out.kind = Reference::Kind::item;
    out.begin = at;
    out.end = end;
    out.number = std::stoll(std::string(text.substr(at + 1, end - at - 1)));
    return true;
}

// `owner/project#12` or a commit id or nothing, starting at `at` (a word start).
bool word_reference(std::string_view text, std::size_t at, Reference& out)
{
    std::size_t owner_end = name_end(text, at);
    if (owner_end > at && owner_end < text.size() && text[owner_end] == '/') {
        std::size_t project_end = name_end(text, owner_end + 1);
        if (project_end > owner_end + 1 && project_end < text.size() && text[project_end] == '#') {
            std::size_t end = digits_end(text, project_end + 1);
            if (end > project_end + 1 && ends_word(text, end)) {
                out = Reference{};
                out.kind = Reference::Kind::item;
                out.begin = at;
                out.end = end;
                out.owner = std::string(text.substr(at, owner_end - at));
                out.project = std::string(text.substr(owner_end + 1, project_end - owner_end - 1));
                out.number =
                    std::stoll(std::string(text.substr(project_end + 1, end - project_end - 1)));
                return true;
            }
        }
    }
    std::size_t end = at;
    bool letter = false, digit = false;
    while (end < text.size() && is_hex(text[end])) {
        (std::isdigit(static_cast<unsigned char>(text[end])) ? digit : letter) = true;
        ++end;
    }
    // Both kinds of digit, so that plain numbers and words such as "deadbeef" or "cafe"
    // are not taken for commits.
    if (end - at < 7 || end - at > 40 || !letter || !digit || !ends_word(text, end))
        return false;
    out = Reference{};
    out.kind = Reference::Kind::commit;
    out.begin = at;
    out.end = end;
    for (std::size_t i = at; i < end; ++i)
        out.commit += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    return true;
}

bool mention(std::string_view text, std::size_t at, Reference& out)
{
    std::size_t end = name_end(text, at + 1);
    if (end == at + 1 || !starts_word(text, at, false) || !ends_word(text, end))
        return false;
    out = Reference{};
    out.kind = Reference::Kind::mention;
    out.begin = at;
    out.end = end;
    out.name = std::string(text.substr(at + 1, end - at - 1));
    return true;
}

std::string lower_ascii(std::string_view text)
{
    std::string lower;
    for (char c : text)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower;
}

// Whether the word ending right before `end` (ignoring blanks and one ':') is a closing
// keyword.
bool after_keyword(std::string_view text, std::size_t end)
{
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t'))
        --end;
    if (end > 0 && text[end - 1] == ':')
        --end;
    std::size_t begin = end;
    while (begin > 0 && is_word(text[begin - 1]))
        --begin;
    static const std::array<std::string_view, 11> keywords = {
        "fix",     "fixes",    "fixed",    "close",  "closes",         "closed",
        "resolve", "resolves", "resolved", "behebt", "schlie\xc3\x9ft"};
    std::string word = lower_ascii(text.substr(begin, end - begin));
    for (auto keyword : keywords)
        if (word == keyword)
            return true;
    return false;
}

// Whether only a list separator (",", "and", "und", blanks) lies between two references.
bool list_separator(std::string_view between)
{
    std::string words;
    for (char c : between)
        if (c != ',' && c != ' ' && c != '\t')
            words += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return words.empty() || words == "and" || words == "und";
}

} // namespace

std::vector<Reference> find_references(std::string_view text)
{
    std::vector<Reference> found;
    std::size_t at = 0;
    while (at < text.size()) {
        Reference reference;
        char c = text[at];
        bool matched = false;
        if (c == '#')
            matched = local_item(text, at, reference);
        else if (c == '@')
            matched = mention(text, at, reference);
        else if (std::isalnum(static_cast<unsigned char>(c)) && starts_word(text, at, false))
            matched = word_reference(text, at, reference);
        if (matched) {
            found.push_back(reference);
            at = reference.end;
            continue;
        }
        // Skip the rest of a word: references only start at word boundaries.
        if (is_word(c))
            while (at < text.size() && is_word(text[at]))
                ++at;
        else
            ++at;
    }
    return found;
}

std::vector<Reference> closing_references(std::string_view text)
{
    std::vector<Reference> closing;
    const Reference* previous = nullptr;
    auto all = find_references(text);
    for (const auto& reference : all) {
        if (reference.kind != Reference::Kind::item) {
            previous = nullptr;
            continue;
        }
        bool closes = after_keyword(text, reference.begin) ||
                      (previous &&
                       list_separator(text.substr(previous->end, reference.begin - previous->end)));
        if (closes) {
            closing.push_back(reference);
            closing.back().closes = true;
            previous = &reference;
        } else {
            previous = nullptr;
        }
    }
    return closing;
}

} // namespace forge
