// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/text/lexer.h"

#include <algorithm>

namespace ui::text {

namespace {

constexpr auto npos = std::string_view::npos;

bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

class MarkupLexer {
  public:
    explicit MarkupLexer(std::string_view source)
        : m_src(source)
    {
    }

    std::vector<Token> run()
    {
        while (m_pos < m_src.size()) {
            if (lex_delimited("<!--", "-->", TokenKind::comment) ||
                lex_delimited("<![CDATA[", "]]>", TokenKind::string) ||
                lex_delimited("<?", "?>", TokenKind::meta) ||
                lex_delimited("<!", ">", TokenKind::meta) || lex_tag() || lex_entity())
                continue;
            ++m_pos;
        }
        return std::move(m_tokens);
    }

  private:
    bool at(std::string_view text) const { return m_src.substr(m_pos).starts_with(text); }
    char peek(std::size_t offset) const
    {
        return m_pos + offset < m_src.size() ? m_src[m_pos + offset] : '\0';
    }
    void emit(std::size_t end, TokenKind kind)
    {
        end = std::min(end, m_src.size());
        if (end > m_pos)
            m_tokens.push_back({m_pos, end, kind});
        m_pos = end;
    }

    // From `open` to the end of the next `close`, or to the end of the source.
    bool lex_delimited(std::string_view open, std::string_view close, TokenKind kind)
    {
        if (!at(open))
            return false;
        auto found = m_src.find(close, m_pos + open.size());
        emit(found == npos ? m_src.size() : found + close.size(), kind);
        return true;
    }

    bool lex_tag();
    void lex_inside_tag();
    bool lex_entity();

    std::string_view m_src;
    std::size_t m_pos = 0;
    std::vector<Token> m_tokens;
};

// "<name" or "</name" as a tag token, then attributes until ">" or "/>".
bool MarkupLexer::lex_tag()
{
    if (m_src[m_pos] != '<')
        return false;
    std::size_t name = peek(1) == '/' ? 2 : 1;
    if (!is_alpha(peek(name)))
        return false;
    std::size_t end = m_pos + name;
    while (end < m_src.size() && !is_space(m_src[end]) && m_src[end] != '>' && m_src[end] != '/')
        ++end;
    emit(end, TokenKind::type);
    lex_inside_tag();
    return true;
}

void MarkupLexer::lex_inside_tag()
{
    while (m_pos < m_src.size()) {
        char c = m_src[m_pos];
        if (c == '>' || (c == '/' && peek(1) == '>')) {
            emit(m_pos + (c == '>' ? 1 : 2), TokenKind::type);
            return;
        }
        if (c == '"' || c == '\'') {
            auto close = m_src.find(c, m_pos + 1);
            emit(close == npos ? m_src.size() : close + 1, TokenKind::string);
        } else if (c == '=') {
            ++m_pos;
            if (m_pos < m_src.size() && !is_space(m_src[m_pos]) && m_src[m_pos] != '"' &&
                m_src[m_pos] != '\'' && m_src[m_pos] != '>') {
                auto end = m_src.find_first_of(" \t\n\r\f>", m_pos);
                emit(end == npos ? m_src.size() : end, TokenKind::string);
            }
        } else if (is_space(c) || c == '/') {
            ++m_pos;
        } else {
            auto end = m_src.find_first_of(" \t\n\r\f>/='\"", m_pos);
            emit(end == npos ? m_src.size() : end, TokenKind::attribute);
        }
    }
}

// &amp; &#39; &#x27;: only when a ';' closes it within a few characters.
bool MarkupLexer::lex_entity()
{
    if (m_src[m_pos] != '&')
        return false;
    auto window = m_src.substr(m_pos + 1, 32);
    auto length = window.find(';');
    if (length == npos || length == 0)
        return false;
    for (char c : window.substr(0, length))
        if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '#')
            return false;
    emit(m_pos + length + 2, TokenKind::number);
    return true;
}

} // namespace

std::vector<Token> tokenize_markup(std::string_view source)
{
    return MarkupLexer(source).run();
}

} // namespace ui::text
