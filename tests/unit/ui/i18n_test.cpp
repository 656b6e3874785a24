// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/i18n.h"

#include <catch2/catch.hpp>

using ui::Language;

TEST_CASE("the user's setting wins over the browser's languages", "[ui][i18n]")
{
    CHECK(ui::negotiate_language("en", "de-DE,de;q=0.9") == Language::en);
    CHECK(ui::negotiate_language("de", "en-US") == Language::de);
}

TEST_CASE("Accept-Language picks German or English by quality", "[ui][i18n]")
{
    CHECK(ui::negotiate_language("", "de-DE,de;q=0.9,en;q=0.8") == Language::de);
    CHECK(ui::negotiate_language("", "en-US,en;q=0.9,de;q=0.8") == Language::en);
    CHECK(ui::negotiate_language("", "fr-FR,de;q=0.5,en;q=0.3") == Language::de);
    CHECK(ui::negotiate_language("", "fr-FR") == Language::en);
    CHECK(ui::negotiate_language("", "") == Language::en);
    CHECK(ui::negotiate_language("", "DE") == Language::de);
    CHECK(ui::negotiate_language("", "en;q=0.2, de;q=0.7") == Language::de);
    CHECK(ui::negotiate_language("", ";;,,q=,de;q=abc") == Language::en);
}

TEST_CASE("catalogues refuse texts without a translation", "[ui][i18n]")
{
    CHECK(ui::Translations::parse(Language::de, "en: One\n").is_error());
    CHECK(ui::Translations::parse(Language::de, "de: Eins\n").is_error());
    CHECK(ui::Translations::parse(Language::de, "en: One\nen: Two\nde: Zwei\n").is_error());
    CHECK(ui::Translations::parse(Language::de, "fr: Un\n").is_error());
    auto good = ui::Translations::parse(Language::de, "# comment\n\nen: One\nde: Eins\n");
    REQUIRE_FALSE(good.is_error());
    CHECK(good.value().get("One") == "Eins");
    CHECK(good.value().get("Two") == "Two");
}

TEST_CASE("placeholders are filled in order and unknown ones dropped", "[ui][i18n]")
{
    CHECK(ui::format_text("{1} before {0}", {"a", "b"}) == "b before a");
    CHECK(ui::format_text("{5} {x} {", {"a"}) == " {x} {");
}
