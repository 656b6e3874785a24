// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/i18n.h"
#include "ui/template.h"

#include <catch2/catch.hpp>

using ui::SafeHtml;
using ui::Value;

namespace {

std::string render(std::string_view source, const Value& data,
                   const ui::Translations& translations = ui::Translations::english())
{
    ui::TemplateSet templates;
    auto added = templates.add("page", source);
    INFO((added.is_error() ? added.error().message : ""));
    REQUIRE_FALSE(added.is_error());
    return templates.render("page", data, translations).str();
}

} // namespace

TEST_CASE("values are escaped unless they are SafeHtml", "[ui][template]")
{
    Value data;
    data.set("text", "<script>alert('x')</script> & \"q\"");
    data.set("markup", SafeHtml::trusted("<b>bold</b>"));
    data.set("number", int64_t{42});
    CHECK(render("{{text}}", data) ==
          "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    CHECK(render("<a title=\"{{text}}\">", data).find('"', 10) ==
          std::string("<a title=\"").size() +
              std::string("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
                  .size());
    CHECK(render("{{markup}}", data) == "<b>bold</b>");
    CHECK(render("{{number}}", data) == "42");
    CHECK(render("[{{missing}}]", data) == "[]");
}

TEST_CASE("conditions, loops and scopes", "[ui][template]")
{
    Value data;
    data.set("yes", true);
    data.set("no", false);
    data.set("empty", Value::List{});
    data.set("outer", "O");
    Value first;
    first.set("name", "a<");
    Value second;
    second.set("name", "b");
    second.set("outer", "shadowed");
    data.set("items", Value::List{first, second});
    data.set("words", Value::List{Value("x"), Value("y")});
    Value nested;
    nested.set("inner", "deep");
    data.set("nested", nested);

    CHECK(render("{{#if yes}}Y{{#else}}N{{/if}}{{#if no}}Y{{#else}}N{{/if}}", data) == "YN");
    CHECK(render("{{#unless no}}U{{/unless}}", data) == "U");
    CHECK(render("{{#each items}}[{{name}}:{{outer}}]{{/each}}", data) == "[a&lt;:O][b:shadowed]");
    CHECK(render("{{#each words}}{{.}},{{/each}}", data) == "x,y,");
    CHECK(render("{{#each empty}}x{{#else}}none{{/each}}", data) == "none");
    CHECK(render("{{nested.inner}} {{nested.missing.deeper}}", data) == "deep ");
    CHECK(render("{{! a comment }}ok", data) == "ok");
}

TEST_CASE("partials see the data of the including template", "[ui][template]")
{
    ui::TemplateSet templates;
    REQUIRE_FALSE(templates.add("part", "<i>{{name}}</i>").is_error());
    REQUIRE_FALSE(templates.add("page", "{{#each people}}{{> part}}{{/each}}").is_error());
    REQUIRE_FALSE(templates.check_partials().is_error());
    Value person;
    person.set("name", "<x>");
    Value data;
    data.set("people", Value::List{person});
    CHECK(templates.render("page", data, ui::Translations::english()).str() == "<i>&lt;x&gt;</i>");
    REQUIRE_FALSE(templates.add("broken", "{{> nowhere}}").is_error());
    auto missing = templates.check_partials();
    REQUIRE(missing.is_error());
    CHECK(missing.error().message.find("nowhere") != std::string::npos);
}

TEST_CASE("translations replace texts and escape their arguments", "[ui][template]")
{
    auto german = ui::Translations::parse(ui::Language::de, "en: Hello {0}\nde: Hallo {0}\n");
    REQUIRE_FALSE(german.is_error());
    Value data;
    data.set("who", "<Eve>");
    CHECK(render("{{t \"Hello {0}\" who}}", data, german.value()) == "Hallo &lt;Eve&gt;");
    CHECK(render("{{t \"Hello {0}\" who}}", data) == "Hello &lt;Eve&gt;");
    CHECK(render("{{t \"Untranslated & raw\"}}", data, german.value()) == "Untranslated &amp; raw");
}

TEST_CASE("malformed templates are refused with the line", "[ui][template]")
{
    struct Case {
        const char* source;
        const char* message;
    };
    const Case cases[] = {
        {"{{#if x}}open", "closed by"},
        {"line\n{{/if}}", "line 2"},
        {"{{#each}}{{/each}}", "needs a value"},
        {"{{#loop x}}{{/loop}}", "unknown block"},
        {"{{unclosed", "unclosed"},
        {"{{t unquoted}}", "quoted"},
        {"{{t \"open}}", "unclosed text"},
        {"{{two words}}", "bad tag"},
        {"{{#if a}}{{/each}}", "closed by"},
        {"{{#else}}", "unexpected"},
    };
    for (const auto& bad : cases) {
        ui::TemplateSet templates;
        auto added = templates.add("bad", bad.source);
        INFO(bad.source);
        REQUIRE(added.is_error());
        CHECK(added.error().message.find(bad.message) != std::string::npos);
    }
}

TEST_CASE("copies of values do not share later changes", "[ui][template]")
{
    Value original;
    original.set("a", "1");
    Value copy = original;
    copy.set("a", "2");
    CHECK(render("{{a}}", original) == "1");
    CHECK(render("{{a}}", copy) == "2");
}
