// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// GFM's extended autolinks (www.…, http(s)://…, user@host.tld) found in plain text, in
// linear time. cmark-gfm 0.29.0.gfm.6's own autolink extension takes quadratic time on
// inputs such as "www.a.b" followed by many ')' (seconds for 50 kB), so the renderer finds
// them itself, in the text nodes cmark leaves outside links and code.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ui::text {

struct Autolink {
    std::size_t begin = 0; // the link's text is text[begin, end)
    std::size_t end = 0;
    std::string url; // "http://" added to www links, "mailto:" to addresses
};

// The autolinks in `text`, in order and not overlapping. URLs start at the beginning of the
// text, after a blank or after one of * _ ~ ( and need a domain with a period and no '_' in
// its last two labels; they end before a blank or '<', without trailing punctuation
// (? ! . , : * _ ~ ' "), without ')' that close nothing and without a trailing entity-like
// "&name;". Addresses are [A-Za-z0-9.+_-]+ '@' and labels of [A-Za-z0-9_-] with a period,
// not ending in '-' or '_'.
std::vector<Autolink> find_autolinks(std::string_view text);

} // namespace ui::text
