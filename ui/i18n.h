// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

// German and English. Texts are written in English in templates and code; the German
// catalogue (ui/translations/de.txt) maps each English text to its German one.
namespace ui {

enum class Language { en, de };

std::string_view language_code(Language);

// The user's setting ("de"/"en") wins; otherwise the first of de/en in Accept-Language,
// by q-value; otherwise English.
Language negotiate_language(std::string_view user_setting, std::string_view accept_language);

class Translations {
  public:
    // Parses a catalogue: blocks of "en: <text>" and "de: <text>" lines; '#' comments.
    static forge::Result<Translations> parse(Language, std::string_view catalogue);
    static Translations english() { return Translations(Language::en); }

    Language language() const { return m_language; }
    // The text in this language; the English text itself when there is no entry.
    std::string_view get(std::string_view english) const;
    bool contains(std::string_view english) const;

  private:
    explicit Translations(Language language)
        : m_language(language)
    {
    }
    Language m_language;
    std::map<std::string, std::string, std::less<>> m_texts;
};

// The catalogues compiled into the binary.
const Translations& translations_for(Language);

// Replaces {0}, {1}.. in `text` with the arguments (no escaping: callers escape first).
std::string format_text(std::string_view text, const std::vector<std::string>& arguments);

} // namespace ui
