// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// What the highlighter knows of each language: which characters start comments, strings
// and names, and which names are keywords or types. A description, not a grammar: the
// lexer only has to colour text plausibly, in one pass.

#include <cstdint>
#include <string_view>
#include <vector>

namespace ui::text {

// The classes a token can have; the letter is the suffix of its CSS class "hl-X".
enum class TokenKind : std::uint8_t {
    plain,
    keyword,
    string,
    comment,
    number,
    meta,
    type,
    attribute
};

char class_letter(TokenKind kind);

// Sorted words for binary search, built once from a space-separated list.
class WordSet {
  public:
    explicit WordSet(std::string_view words);
    bool contains(std::string_view word) const;

  private:
    std::vector<std::string_view> m_words;
};

enum class LexerKind : std::uint8_t { code, markup };

struct LanguageSpec {
    std::string_view name = {};
    LexerKind lexer = LexerKind::code;
    std::string_view line_comment = {};       // "//", "#", "--"; empty when none
    std::string_view other_line_comment = {}; // a second one, as PHP's "#"
    std::string_view block_open = {};         // "/*"
    std::string_view block_close = {};        // "*/"
    std::string_view quotes = {};             // characters that open a string
    std::string_view multiline_quotes = {};   // those of them whose strings may span lines
    std::string_view raw_quotes = {};         // those of them without backslash escapes
    bool triple_quotes = false;               // """ and ''' strings (Python, TOML)
    bool cpp_raw_strings = false;             // R"delim( ... )delim"
    bool char_literals_only = false;          // ' opens only 'x' and '\n' (Rust lifetimes)
    bool comment_at_word_start = false;       // '#' starts a comment only after a blank (shell)
    char line_marker = 0;                     // first character that makes a line a token
    TokenKind line_marker_kind = TokenKind::meta;
    bool line_continues = false;    // a backslash continues a marked line (C)
    char decorator = 0;             // '@' before a name: annotation, decorator
    char key_suffix = 0;            // a name or string before it is a key (JSON ':')
    bool dash_in_names = false;     // "runs-on", "font-size"
    bool dollar_in_names = true;    // "$el" in JavaScript, but "$x" in shell splits
    bool case_insensitive = false;  // SQL, CMake: keyword lists are lower case
    bool capitalised_types = false; // "Foo" is a type (Java, Rust, Swift)
    const WordSet* keywords = nullptr;
    const WordSet* types = nullptr;
};

// The language with this canonical name (see language_for), or null.
const LanguageSpec* find_language(std::string_view name);

} // namespace ui::text
