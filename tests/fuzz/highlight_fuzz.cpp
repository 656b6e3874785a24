// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// Fuzzes the syntax highlighter: the first byte picks a language, the rest is the source.
// Aborts unless there is one line per line end (plus one for a last line without one), and
// every line is escaped text with only closed, unnested <span class="hl-X"> around it.
#include "tests/fuzz/html_invariants.h"

#include "ui/text/escape.h"
#include "ui/text/highlight.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view languages[] = {
    "",         "c",    "cpp",        "csharp",     "css",  "cmake",  "dockerfile", "go",
    "html",     "ini",  "java",       "javascript", "json", "kotlin", "lua",        "makefile",
    "markdown", "perl", "php",        "python",     "ruby", "rust",   "shell",      "sql",
    "swift",    "toml", "typescript", "xml",        "yaml"};

void require(bool condition, const char* invariant, const std::string& detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "highlight invariant violated: %s %s\n", invariant, detail.c_str());
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    auto language = languages[data[0] % std::size(languages)];
    std::string_view source(reinterpret_cast<const char*>(data) + 1, size - 1);
    auto lines = ui::text::highlight_lines(source, language);
    auto line_ends = static_cast<std::size_t>(std::count(source.begin(), source.end(), '\n'));
    bool open_last_line = !source.empty() && source.back() != '\n';
    require(lines.size() == line_ends + (open_last_line ? 1 : 0), "one line per line end");
    for (const auto& line : lines) {
        auto problem = html_invariants::line_violation(line);
        require(problem.empty(), "lines are well-formed:", problem);
        require(ui::text::valid_utf8(line) == line, "lines are valid UTF-8 without NUL");
    }
    return 0;
}
