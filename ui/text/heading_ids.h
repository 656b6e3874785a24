// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace ui::text {

// The anchor GitHub makes of a heading's text: trimmed, lower case (ASCII and Latin-1 letters, so
// German umlauts), blanks to '-', letters, digits, '-' and '_' kept (all non-ASCII bytes
// too), other punctuation dropped. May be empty.
std::string slug(std::string_view text);

// Gives the headings of one document distinct ids, in document order: the first "usage",
// then "usage-1", "usage-2", skipping ids taken by earlier headings. Empty for a heading
// whose slug is empty.
class HeadingIds {
  public:
    std::string next(std::string_view text);

  private:
    std::unordered_set<std::string> m_used;
    std::unordered_map<std::string, int> m_counters;
};

} // namespace ui::text
