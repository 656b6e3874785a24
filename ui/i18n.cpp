// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/i18n.h"

#include "forge/common/log.h"
#include "ui/embedded.h"

#include <cstdlib>

namespace ui {

namespace {

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

bool equals_ignoring_case(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + 32) : a[i];
        char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] + 32) : b[i];
        if (x != y)
            return false;
    }
    return true;
}

// The q-value of one Accept-Language entry ("de-DE;q=0.8" -> 0.8); 1 without one.
double quality(std::string_view parameters)
{
    size_t q = parameters.find("q=");
    if (q == std::string_view::npos)
        return 1.0;
    std::string number(trim(parameters.substr(q + 2)));
    return std::strtod(number.c_str(), nullptr);
}

} // namespace

std::string_view language_code(Language language)
{
    return language == Language::de ? "de" : "en";
}

Language negotiate_language(std::string_view setting, std::string_view accept_language)
{
    if (setting == "de")
        return Language::de;
    if (setting == "en")
        return Language::en;
    Language best = Language::en;
    double best_quality = 0;
    while (!accept_language.empty()) {
        size_t comma = accept_language.find(',');
        std::string_view entry = trim(accept_language.substr(0, comma));
        accept_language = comma == std::string_view::npos ? std::string_view{}
                                                          : accept_language.substr(comma + 1);
        size_t semicolon = entry.find(';');
        std::string_view tag = trim(entry.substr(0, semicolon));
        std::string_view primary = tag.substr(0, tag.find('-'));
        double q = semicolon == std::string_view::npos ? 1.0 : quality(entry.substr(semicolon));
        if (q <= best_quality)
            continue;
        if (equals_ignoring_case(primary, "de")) {
            best = Language::de;
            best_quality = q;
        } else if (equals_ignoring_case(primary, "en")) {
            best = Language::en;
            best_quality = q;
        }
    }
    return best;
}

forge::Result<Translations> Translations::parse(Language language, std::string_view catalogue)
{
    Translations translations(language);
    std::string english;
    size_t line_number = 0;
    auto fail = [&](std::string message) {
        return forge::Error::invalid_argument("translations line " + std::to_string(line_number) +
                                              ": " + message);
    };
    while (!catalogue.empty()) {
        ++line_number;
        size_t end = catalogue.find('\n');
        std::string_view line = trim(catalogue.substr(0, end));
        catalogue = end == std::string_view::npos ? std::string_view{} : catalogue.substr(end + 1);
        if (line.empty() || line.starts_with('#'))
            continue;
        if (line.starts_with("en:")) {
            if (!english.empty())
                return fail("\"" + english + "\" has no translation");
            english = trim(line.substr(3));
        } else if (line.starts_with(language_code(language)) && line.substr(2, 1) == ":") {
            if (english.empty())
                return fail("translation without an English text");
            translations.m_texts[english] = trim(line.substr(3));
            english.clear();
        } else {
            return fail("expected \"en:\" or \"" + std::string(language_code(language)) + ":\"");
        }
    }
    if (!english.empty())
        return fail("\"" + english + "\" has no translation");
    return translations;
}

std::string_view Translations::get(std::string_view english) const
{
    auto found = m_texts.find(english);
    return found == m_texts.end() ? english : std::string_view(found->second);
}

bool Translations::contains(std::string_view english) const
{
    return m_texts.contains(english);
}

const Translations& translations_for(Language language)
{
    static const Translations english = Translations::english();
    static const Translations german = [] {
        for (const auto& file : embedded_files()) {
            if (file.path != "translations/de.txt")
                continue;
            auto parsed = Translations::parse(Language::de, file.content);
            if (parsed.is_error()) {
                forge::log::error(parsed.error().message);
                break;
            }
            return std::move(parsed.value());
        }
        return Translations::english();
    }();
    return language == Language::de ? german : english;
}

std::string format_text(std::string_view text, const std::vector<std::string>& arguments)
{
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}' && text[i + 1] >= '0' &&
            text[i + 1] <= '9') {
            size_t index = static_cast<size_t>(text[i + 1] - '0');
            if (index < arguments.size())
                out += arguments[index];
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

} // namespace ui
