// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// References in the plain text of issues, comments and commit messages: `#12` (an issue or
// merge request of the same project), `owner/project#12` (of another project), `@name`
// (a user or a group) and commit ids (7 to 40 hexadecimal digits). Pure text scanning in
// linear time; whether a reference points at something is for the caller to find out.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace forge {

struct Reference {
    enum class Kind { item, mention, commit };
    Kind kind = Kind::item;
    std::size_t begin = 0; // the reference is text[begin, end)
    std::size_t end = 0;
    std::string owner; // items of another project: its owner and name; else empty
    std::string project;
    int64_t number = 0;  // items
    std::string name;    // mentions
    std::string commit;  // commit ids, lower case
    bool closes = false; // an item named after a closing keyword (fixes, closes, ...)
};

// Every reference in `text`, in order, none overlapping. A reference starts at the start
// of the text or after a character that is not a letter, digit, '_' or (for items) '&',
// and ends before one that is not part of it.
std::vector<Reference> find_references(std::string_view text);

// The items a commit message closes: those right after "fix", "fixes", "fixed", "close",
// "closes", "closed", "resolve", "resolves", "resolved" or the German "behebt" and
// "schließt" (any case, optionally followed by ':'), also in lists such as
// "fixes #1, #2 and #3".
std::vector<Reference> closing_references(std::string_view text);

} // namespace forge
