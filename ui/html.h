// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <string>
#include <string_view>

namespace ui {

// Markup that is known to be safe: produced by escaping or written by the forge itself.
// Raw strings never become SafeHtml implicitly.
class SafeHtml {
  public:
    static SafeHtml trusted(std::string markup) { return SafeHtml(std::move(markup)); }
    const std::string& str() const { return m_markup; }
    SafeHtml& operator+=(const SafeHtml& other)
    {
        m_markup += other.m_markup;
        return *this;
    }

  private:
    explicit SafeHtml(std::string markup)
        : m_markup(std::move(markup))
    {
    }
    std::string m_markup;
};

// Escapes text for element content and quoted attribute values alike (& < > " ').
SafeHtml escape(std::string_view text);

} // namespace ui
