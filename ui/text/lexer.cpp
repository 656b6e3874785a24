// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/text/lexer.h"

#include "ui/text/escape.h"

#include <algorithm>
#include <string>

namespace ui::text {

namespace {

constexpr auto npos = std::string_view::npos;

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

bool is_space(char c)
{
    return is_blank(c) || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Lexes one language of the "code" family. Each lex_* method either consumes a token at
// m_pos and returns true, or leaves m_pos alone and returns false.
class CodeLexer {
  public:
    CodeLexer(std::string_view source, const LanguageSpec& spec)
        : m_src(source)
        , m_spec(spec)
    {
    }

    std::vector<Token> run()
    {
        while (m_pos < m_src.size()) {
            if (lex_comment() || lex_line_marker() || lex_string() || lex_number() ||
                lex_decorator() || lex_word())
                continue;
            char c = m_src[m_pos++];
            if (c == '\n')
                m_line_start = true;
            else if (!is_blank(c))
                m_line_start = false;
        }
        return std::move(m_tokens);
    }

  private:
    bool at(std::string_view text) const
    {
        return !text.empty() && m_src.substr(m_pos).starts_with(text);
    }
    char peek(std::size_t offset) const
    {
        return m_pos + offset < m_src.size() ? m_src[m_pos + offset] : '\0';
    }
    bool after_word() const { return m_pos > 0 && is_name_char(m_src[m_pos - 1]); }
    bool is_name_start(char c) const
    {
        return is_alpha(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80 ||
               (c == '$' && m_spec.dollar_in_names);
    }
    bool is_name_char(char c) const
    {
        return is_name_start(c) || is_digit(c) || (c == '-' && m_spec.dash_in_names);
    }

    void emit(std::size_t begin, std::size_t end, TokenKind kind)
    {
        end = std::min(end, m_src.size());
        if (end > begin)
            m_tokens.push_back({begin, end, kind});
        m_pos = end;
        m_line_start = false;
    }
    std::size_t line_end(std::size_t from) const
    {
        return std::min(m_src.find('\n', from), m_src.size());
    }

    bool lex_comment();
    bool lex_line_comment(std::string_view marker);
    bool lex_line_marker();
    bool lex_string();
    bool lex_quoted(char quote);
    bool lex_triple_quoted();
    bool lex_raw_string();
    bool lex_number();
    bool lex_decorator();
    bool lex_word();
    bool followed_by_key_suffix(std::size_t from) const;

    std::string_view m_src;
    const LanguageSpec& m_spec;
    std::size_t m_pos = 0;
    bool m_line_start = true; // only blanks so far on this line
    std::vector<Token> m_tokens;
};

bool CodeLexer::lex_comment()
{
    if (at(m_spec.block_open)) {
        auto close = m_src.find(m_spec.block_close, m_pos + m_spec.block_open.size());
        auto end = close == npos ? m_src.size() : close + m_spec.block_close.size();
        emit(m_pos, end, TokenKind::comment);
        return true;
    }
    return lex_line_comment(m_spec.line_comment) || lex_line_comment(m_spec.other_line_comment);
}

bool CodeLexer::lex_line_comment(std::string_view marker)
{
    if (!at(marker))
        return false;
    if (m_spec.comment_at_word_start && m_pos > 0 && !is_space(m_src[m_pos - 1]))
        return false;
    emit(m_pos, line_end(m_pos), TokenKind::comment);
    return true;
}

// A preprocessor directive, a Markdown heading, a TOML table: from the marker at the
// start of a line to its end, or past ends escaped with a backslash.
bool CodeLexer::lex_line_marker()
{
    if (!m_spec.line_marker || !m_line_start || m_src[m_pos] != m_spec.line_marker)
        return false;
    auto end = line_end(m_pos);
    while (m_spec.line_continues && end < m_src.size()) {
        auto last = m_src.find_last_not_of('\r', end - 1);
        if (last == npos || last < m_pos || m_src[last] != '\\')
            break;
        end = line_end(end + 1);
    }
    emit(m_pos, end, m_spec.line_marker_kind);
    return true;
}

bool CodeLexer::lex_string()
{
    char c = m_src[m_pos];
    if (m_spec.cpp_raw_strings && c == 'R' && peek(1) == '"' && !after_word())
        if (lex_raw_string())
            return true;
    if (m_spec.quotes.find(c) == npos)
        return false;
    if (m_spec.triple_quotes && peek(1) == c && peek(2) == c)
        return lex_triple_quoted();
    if (m_spec.char_literals_only && c == '\'') {
        // 'a' and '\n' are characters; 'a alone is a Rust lifetime or label.
        auto length = utf8_sequence_length(m_src.substr(m_pos + 1));
        bool is_char = peek(1) == '\\' || (length > 0 && peek(1 + length) == '\'');
        if (!is_char)
            return false;
    }
    return lex_quoted(c);
}

bool CodeLexer::lex_quoted(char quote)
{
    bool multiline = m_spec.multiline_quotes.find(quote) != npos;
    bool escapes = m_spec.raw_quotes.find(quote) == npos;
    std::size_t i = m_pos + 1;
    while (i < m_src.size()) {
        char c = m_src[i];
        if (c == '\\' && escapes) {
            i += 2;
            continue;
        }
        if (c == quote) {
            ++i;
            break;
        }
        if (c == '\n' && !multiline)
            break;
        ++i;
    }
    auto end = std::min(i, m_src.size());
    bool key = m_spec.key_suffix && followed_by_key_suffix(end);
    emit(m_pos, end, key ? TokenKind::attribute : TokenKind::string);
    return true;
}

bool CodeLexer::lex_triple_quoted()
{
    char quote = m_src[m_pos];
    bool escapes = m_spec.raw_quotes.find(quote) == npos;
    std::size_t i = m_pos + 3;
    while (i < m_src.size()) {
        if (m_src[i] == '\\' && escapes) {
            i += 2;
        } else if (m_src[i] == quote && i + 2 < m_src.size() && m_src[i + 1] == quote &&
                   m_src[i + 2] == quote) {
            i += 3;
            break;
        } else {
            ++i;
        }
    }
    emit(m_pos, i, TokenKind::string);
    return true;
}

// R"delim( ... )delim": the delimiter is at most 16 characters and has no blanks,
// parentheses or backslashes; anything else is no raw string.
bool CodeLexer::lex_raw_string()
{
    // Looking no further than a delimiter can reach keeps the lexer linear.
    auto length = m_src.substr(m_pos + 2, 17).find('(');
    if (length == npos)
        return false;
    auto delimiter = m_src.substr(m_pos + 2, length);
    auto open = m_pos + 2 + length;
    if (delimiter.find_first_of(" ()\\\t\n\r\f\v\"") != npos)
        return false;
    std::string close = ")" + std::string(delimiter) + "\"";
    auto found = m_src.find(close, open + 1);
    emit(m_pos, found == npos ? m_src.size() : found + close.size(), TokenKind::string);
    return true;
}

// 42, 0x1F, 1'000, 3.14e-2f, .5: digits, letters and dots, a sign only after an exponent.
bool CodeLexer::lex_number()
{
    char c = m_src[m_pos];
    bool starts = is_digit(c) || (c == '.' && is_digit(peek(1)));
    if (!starts || after_word())
        return false;
    bool hex = c == '0' && (peek(1) == 'x' || peek(1) == 'X');
    std::size_t i = m_pos + 1;
    while (i < m_src.size()) {
        char d = m_src[i];
        char previous = m_src[i - 1];
        bool exponent =
            !hex && (previous == 'e' || previous == 'E' || previous == 'p' || previous == 'P');
        if (is_digit(d) || is_alpha(d) || d == '_' ||
            (d == '.' && (i + 1 >= m_src.size() || m_src[i + 1] != '.')) ||
            (d == '\'' && i + 1 < m_src.size() && is_digit(m_src[i + 1])) ||
            ((d == '+' || d == '-') && exponent))
            ++i;
        else
            break;
    }
    emit(m_pos, i, TokenKind::number);
    return true;
}

// @Override, @dataclass, @app.route, @media.
bool CodeLexer::lex_decorator()
{
    if (!m_spec.decorator || m_src[m_pos] != m_spec.decorator || !is_name_start(peek(1)))
        return false;
    std::size_t i = m_pos + 1;
    while (i < m_src.size() && (is_name_char(m_src[i]) || m_src[i] == '.'))
        ++i;
    emit(m_pos, i, TokenKind::meta);
    return true;
}

bool CodeLexer::followed_by_key_suffix(std::size_t from) const
{
    while (from < m_src.size() && is_blank(m_src[from]))
        ++from;
    return from < m_src.size() && m_src[from] == m_spec.key_suffix &&
           (from + 1 >= m_src.size() || m_src[from + 1] != m_spec.key_suffix);
}

bool CodeLexer::lex_word()
{
    if (!is_name_start(m_src[m_pos]))
        return false;
    std::size_t end = m_pos + 1;
    while (end < m_src.size() && is_name_char(m_src[end]))
        ++end;
    std::string_view word = m_src.substr(m_pos, end - m_pos);
    std::string folded;
    if (m_spec.case_insensitive) {
        folded = ascii_lower(word);
        word = folded;
    }
    auto kind = TokenKind::plain;
    if (m_spec.keywords && m_spec.keywords->contains(word))
        kind = TokenKind::keyword;
    else if (m_spec.types && m_spec.types->contains(word))
        kind = TokenKind::type;
    else if (m_spec.key_suffix && followed_by_key_suffix(end))
        kind = TokenKind::attribute;
    else if (m_spec.capitalised_types && word[0] >= 'A' && word[0] <= 'Z')
        kind = TokenKind::type;
    if (kind == TokenKind::plain) {
        m_pos = end;
        m_line_start = false;
    } else {
        emit(m_pos, end, kind);
    }
    return true;
}

} // namespace

std::vector<Token> tokenize(std::string_view source, const LanguageSpec& spec)
{
    if (spec.lexer == LexerKind::markup)
        return tokenize_markup(source);
    return CodeLexer(source, spec).run();
}

} // namespace ui::text
