// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// Byte-level helpers shared by the Markdown renderer and the highlighter. They live here
// rather than in ui/html.h so that ui_text depends on no other ui code.

#include <string>
#include <string_view>

namespace ui::text {

// Appends `text` escaped for element content and quoted attribute values (& < > " ').
void append_escaped(std::string& out, std::string_view text);

// `bytes` with every byte that is not part of a well-formed UTF-8 sequence, and every NUL,
// replaced by U+FFFD: browsers would show the same, and the output stays valid UTF-8.
std::string valid_utf8(std::string_view bytes);

// `text` with ASCII letters in lower case; other bytes as they are.
std::string ascii_lower(std::string_view text);

// Length of the well-formed UTF-8 sequence at the start of `bytes`; 0 when there is none.
std::size_t utf8_sequence_length(std::string_view bytes);

} // namespace ui::text
