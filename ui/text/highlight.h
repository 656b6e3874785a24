// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ui::text {

// The language of a file from its name (a path works too): "main.cpp" gives "cpp",
// "Makefile" "makefile", "CMakeLists.txt" "cmake". Names returned: c, cpp, csharp, css,
// cmake, dockerfile, go, html, ini, java, javascript, json, kotlin, lua, makefile,
// markdown, perl, php, python, ruby, rust, shell, sql, swift, toml, typescript, xml, yaml.
// Empty when unknown.
std::string language_for(std::string_view file_name);

// The language a fenced code block's info string names ("c++", "py", "bash", "yml", or
// any name above), case-insensitively; empty when unknown.
std::string language_named(std::string_view name);

// Highlights source code, one HTML string per line, line ends left out. Text is escaped
// (& < > " '); tokens are wrapped in <span class="hl-X">: k keyword, s string, c comment,
// n number, p preprocessor or meta, t type or tag, a attribute or key. A span never
// crosses a line end: a comment or string spanning lines is closed at the end of each line
// and opened again on the next. An unknown or empty language gives escaped plain lines.
// Lines end at "\n" ("\r\n" too; the "\r" is dropped); a last line without a line end
// still counts, so "" gives no line, "a\n" one and "a\nb" two. Invalid UTF-8 and NUL
// bytes come out as U+FFFD. Linear in the input; never throws except std::bad_alloc.
std::vector<std::string> highlight_lines(std::string_view source, std::string_view language);

} // namespace ui::text
