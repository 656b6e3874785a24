// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/text/heading_ids.h"

#include <catch2/catch.hpp>

#include <string_view>

TEST_CASE("slugs are made as GitHub makes them", "[ui_text][heading_ids]")
{
    struct Case {
        std::string_view text;
        std::string_view slug;
    };
    const Case cases[] = {
        {"Hello World", "hello-world"},
        {"  Hello, World!  ", "hello-world"},
        {"snake_case and kebab-case", "snake_case-and-kebab-case"},
        {"C++ & \"quotes\" <tags>", "c--quotes-tags"},
        {"Größe ÄÖÜ", "größe-äöü"},
        {"日本語", "日本語"},
        {"!!!", ""},
        {"", ""},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(ui::text::slug(c.text) == c.slug);
    }
}

TEST_CASE("heading ids are distinct within a document", "[ui_text][heading_ids]")
{
    ui::text::HeadingIds ids;
    CHECK(ids.next("Usage") == "usage");
    CHECK(ids.next("usage") == "usage-1");
    CHECK(ids.next("Usage 1") == "usage-1-1");
    CHECK(ids.next("Usage") == "usage-2");
    CHECK(ids.next("???") == "");
    CHECK(ids.next("???") == "");
}
