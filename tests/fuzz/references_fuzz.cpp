// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// Fuzzes the reference scanner (forge/common/references.h) and the Markdown renderer with
// a linker that links every reference it is offered: references lie inside the text, in
// order, without overlap, start with '#', '@' or a letter or digit, and the closing ones
// are among them; the HTML stays harmless (html_invariants.h) whatever the references are.
#include "tests/fuzz/html_invariants.h"

#include "forge/common/references.h"
#include "ui/text/markdown.h"

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

void require(bool condition, const char* invariant)
{
    if (!condition) {
        std::fprintf(stderr, "references invariant violated: %s\n", invariant);
        std::abort();
    }
}

void check_references(std::string_view text)
{
    auto all = forge::find_references(text);
    std::size_t previous_end = 0;
    for (const auto& reference : all) {
        require(reference.begin >= previous_end, "in order and not overlapping");
        require(reference.begin < reference.end && reference.end <= text.size(), "inside");
        char first = text[reference.begin];
        require(first == '#' || first == '@' || std::isalnum(static_cast<unsigned char>(first)),
                "starts with # @ or a letter or digit");
        if (reference.kind == forge::Reference::Kind::item)
            require(reference.number >= 0 && reference.number <= 999999999, "a small number");
        if (reference.kind == forge::Reference::Kind::commit)
            require(reference.commit.size() >= 7 && reference.commit.size() <= 40,
                    "7 to 40 digits");
        previous_end = reference.end;
    }
    for (const auto& closing : forge::closing_references(text)) {
        bool found = false;
        for (const auto& reference : all)
            found = found || (reference.begin == closing.begin && reference.end == closing.end);
        require(found && closing.closes, "closing references are references");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view input(reinterpret_cast<const char*>(data), size);
    check_references(input);
    const ui::text::LinkBase base{"/o/p/blob/main/", "/o/p/raw/main/", ""};
    // Names come from the input: the renderer must escape what the linker returns.
    ui::text::ReferenceLinker linker = [](const forge::Reference& reference) {
        return "/" + reference.owner + "/" + reference.project + "/issues/" +
               std::to_string(reference.number) + "?" + reference.name + reference.commit;
    };
    auto html = ui::text::render_markdown(input, base, linker);
    auto problem = html_invariants::violation(html);
    if (!problem.empty()) {
        std::fprintf(stderr, "references: harmful HTML: %s\n", problem.c_str());
        std::abort();
    }
    return 0;
}
