// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// Fuzzes the Markdown sanitiser: renders the input with and without a repository link base
// and aborts unless the HTML is harmless (allowlisted tags and attributes only, double-quoted
// values, href and src with http, https, mailto or no scheme; see html_invariants.h), valid
// UTF-8. Also resolves the input as a relative URL, which must stay below the root. Code fences in
// the input reach the highlighter, which highlight_fuzz.cpp checks on its own.
#include "tests/fuzz/html_invariants.h"

#include "ui/text/escape.h"
#include "ui/text/links.h"
#include "ui/text/markdown.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

void require(bool condition, const char* invariant, const std::string& detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "markdown invariant violated: %s %s\n", invariant, detail.c_str());
        std::abort();
    }
}

void check(const std::string& html)
{
    auto problem = html_invariants::violation(html);
    require(problem.empty(), "the HTML is harmless:", problem);
    require(ui::text::valid_utf8(html) == html, "the HTML is valid UTF-8 without NUL");
}

bool is_dot_segment(std::string segment)
{
    for (char& c : segment)
        if (c == 'E')
            c = 'e';
    for (std::string_view dots : {".", "..", "%2e", "%2e%2e", ".%2e", "%2e."})
        if (segment == dots)
            return true;
    return false;
}

// The input read as a relative URL resolves below the root, with no segment that a
// browser would fold further.
void check_contained(std::string_view url)
{
    constexpr std::string_view root = "/o/p/blob/main/";
    auto resolved = ui::text::resolve_relative(root, "docs/api", url);
    require(resolved.starts_with(root), "relative URLs resolve below the root", resolved);
    std::string_view path(resolved);
    path = path.substr(root.size(), path.find_first_of("?#") - root.size());
    while (!path.empty()) {
        auto end = std::min(path.find_first_of("/\\"), path.size());
        require(!is_dot_segment(std::string(path.substr(0, end))),
                "no dot segment is left after the root", resolved);
        path.remove_prefix(std::min(end + 1, path.size()));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view input(reinterpret_cast<const char*>(data), size);
    const ui::text::LinkBase base{"/o/p/blob/main/", "/o/p/raw/main/", "docs/api"};
    auto with_base = ui::text::render_markdown(input, base);
    check(with_base);
    check(ui::text::render_markdown(input));
    check_contained(input.substr(0, input.find_first_of("?#")));
    return 0;
}
