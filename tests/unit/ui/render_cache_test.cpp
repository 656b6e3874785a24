// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/pages/render_cache.h"

#include <catch2/catch.hpp>

TEST_CASE("rendered text is kept by key and the least recently used leaves", "[ui][cache]")
{
    ui::RenderCache cache(2);
    int renders = 0;
    auto render = [&](std::string text) {
        return [&renders, text] {
            ++renders;
            return text;
        };
    };
    CHECK(cache.get_or_render("a", render("A")) == "A");
    CHECK(cache.get_or_render("a", render("other")) == "A");
    CHECK(renders == 1);
    CHECK(cache.get_or_render("b", render("B")) == "B");
    CHECK(cache.get_or_render("a", render("other")) == "A"); // a is now the newest
    CHECK(cache.get_or_render("c", render("C")) == "C");     // b leaves
    CHECK(renders == 3);
    CHECK(cache.get_or_render("a", render("other")) == "A");
    CHECK(cache.get_or_render("b", render("B2")) == "B2");
    CHECK(renders == 4);
}
