// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/embedded.h"
#include "ui/i18n.h"
#include "ui/template.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace {

ui::TemplateSet embedded_templates()
{
    ui::TemplateSet templates;
    for (const auto& file : ui::embedded_files()) {
        if (!file.path.starts_with("templates/"))
            continue;
        std::string name(file.path.substr(10, file.path.size() - 15));
        auto added = templates.add(name, file.content);
        INFO(file.path);
        REQUIRE_FALSE(added.is_error());
    }
    return templates;
}

// English texts that code hands to Context::text: string literals of ui/ that start with
// a capital letter, except header names and values ("Content-Type") and units ("KiB").
std::set<std::string> texts_in_code()
{
    std::set<std::string> texts;
    const std::regex literal("(set_header\\(\\s*)?\"([A-Z][^\"\\\\]*)\"");
    const std::regex header_name(
        "[A-Z][A-Za-z]*(-[A-Z][A-Za-z]*)+|[A-Z][A-Za-z-]*(, [A-Z][A-Za-z-]*)+|[A-Z]+|[KMGT]iB");
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(FORGE_SOURCE_DIR "/ui")) {
        if (entry.path().extension() != ".cpp" ||
            entry.path().string().find("/text/") != std::string::npos)
            continue;
        std::ifstream in(entry.path());
        std::stringstream source;
        source << in.rdbuf();
        std::string content = source.str();
        for (std::sregex_iterator it(content.begin(), content.end(), literal), end; it != end;
             ++it) {
            std::string text = (*it)[2];
            if (!(*it)[1].matched && !std::regex_match(text, header_name) && text != "UTF-8")
                texts.insert(text);
        }
    }
    return texts;
}

} // namespace

TEST_CASE("every embedded template parses and includes only existing templates", "[ui][catalogue]")
{
    auto templates = embedded_templates();
    CHECK(templates.has("layout"));
    CHECK(templates.has("error"));
    auto partials = templates.check_partials();
    INFO((partials.is_error() ? partials.error().message : ""));
    CHECK_FALSE(partials.is_error());
}

TEST_CASE("every text of templates and pages has a German translation", "[ui][catalogue]")
{
    const auto& german = ui::translations_for(ui::Language::de);
    REQUIRE(german.language() == ui::Language::de);
    std::set<std::string> texts = texts_in_code();
    for (const auto& text : embedded_templates().translatable_texts())
        texts.insert(text);
    std::vector<std::string> missing;
    for (const auto& text : texts)
        if (!german.contains(text))
            missing.push_back(text);
    std::string list;
    for (const auto& text : missing)
        list += "en: " + text + "\n";
    INFO("missing German texts:\n" << list);
    CHECK(missing.empty());
    CHECK(texts.size() > 100);
}

TEST_CASE("German texts keep the placeholders of their English texts", "[ui][catalogue]")
{
    const auto& german = ui::translations_for(ui::Language::de);
    for (const auto& text : embedded_templates().translatable_texts()) {
        for (const char* placeholder : {"{0}", "{1}", "{2}"}) {
            INFO(text);
            CHECK((text.find(placeholder) == std::string::npos) ==
                  (german.get(text).find(placeholder) == std::string_view::npos));
        }
    }
}
