// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/text/highlight.h"

#include "ui/text/escape.h"
#include "ui/text/lexer.h"

namespace ui::text {

namespace {

// Collects HTML lines from pieces of text, each with one class; a piece that spans lines
// is closed at every line end and opened again after it.
class LineWriter {
  public:
    void add(std::string_view text, TokenKind kind)
    {
        while (!text.empty()) {
            auto newline = text.find('\n');
            write(text.substr(0, newline), kind);
            if (newline == std::string_view::npos)
                return;
            end_line();
            text.remove_prefix(newline + 1);
        }
    }

    // A last line without a line end still counts; an empty source has no lines.
    std::vector<std::string> finish() &&
    {
        if (m_pending)
            end_line();
        return std::move(m_lines);
    }

  private:
    void write(std::string_view text, TokenKind kind)
    {
        if (text.empty())
            return;
        m_pending = true;
        char letter = class_letter(kind);
        if (letter) {
            m_line += "<span class=\"hl-";
            m_line += letter;
            m_line += "\">";
        }
        append_escaped(m_line, text);
        if (letter)
            m_line += "</span>";
    }

    void end_line()
    {
        m_lines.push_back(std::move(m_line));
        m_line.clear();
        m_pending = false;
    }

    std::vector<std::string> m_lines;
    std::string m_line;
    bool m_pending = false; // m_line has text of a line not yet ended
};

// Valid UTF-8 with "\r\n" turned into "\n"; a lone "\r" stays.
std::string prepare(std::string_view source)
{
    std::string text = valid_utf8(source);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
            continue;
        text[kept++] = text[i];
    }
    text.resize(kept);
    return text;
}

} // namespace

std::vector<std::string> highlight_lines(std::string_view source, std::string_view language)
{
    std::string text = prepare(source);
    const LanguageSpec* spec = language.empty() ? nullptr : find_language(language);
    std::vector<Token> tokens;
    if (spec)
        tokens = tokenize(text, *spec);
    LineWriter writer;
    std::string_view view = text;
    std::size_t done = 0;
    for (const auto& token : tokens) {
        writer.add(view.substr(done, token.begin - done), TokenKind::plain);
        writer.add(view.substr(token.begin, token.end - token.begin), token.kind);
        done = token.end;
    }
    writer.add(view.substr(done), TokenKind::plain);
    return std::move(writer).finish();
}

} // namespace ui::text
