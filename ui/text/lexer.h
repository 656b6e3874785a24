// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "ui/text/languages.h"

#include <cstddef>
#include <string_view>
#include <vector>

namespace ui::text {

// A coloured stretch of the source, [begin, end). Text between tokens is plain.
struct Token {
    std::size_t begin = 0;
    std::size_t end = 0;
    TokenKind kind = TokenKind::plain;
};

// Splits source into tokens as `spec` describes, in one pass: every token is non-empty,
// tokens are in order and do not overlap, and none ends past the source. Tokens may span
// lines (block comments, some strings); unterminated ones run to the end of their line or
// of the source. Each position is looked at a bounded number of times, so the time is
// linear in the size of the source.
std::vector<Token> tokenize(std::string_view source, const LanguageSpec& spec);

// The same for HTML and XML (markup_lexer.cpp): tags, attributes, values, comments,
// declarations and entities; text between tags is plain.
std::vector<Token> tokenize_markup(std::string_view source);

} // namespace ui::text
