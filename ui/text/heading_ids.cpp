// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/text/heading_ids.h"

namespace ui::text {

std::string slug(std::string_view text)
{
    auto blank = [](char c) {
        return c == ' ' || c == '\t' || c == '\n';
    };
    while (!text.empty() && blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && blank(text.back()))
        text.remove_suffix(1);
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        auto byte = static_cast<unsigned char>(c);
        auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else if (byte == 0xC3 && next >= 0x80 && next <= 0x9E && next != 0x97) {
            // À to Þ but ×, whose small letters are 0x20 above them.
            out += c;
            out += static_cast<char>(next + 0x20);
            ++i;
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                   byte >= 0x80) {
            out += c;
        } else if (c == ' ') {
            out += '-';
        }
    }
    return out;
}

std::string HeadingIds::next(std::string_view text)
{
    std::string base = slug(text);
    if (base.empty())
        return {};
    std::string id = base;
    auto& counter = m_counters[base];
    while (!m_used.insert(id).second)
        id = base + "-" + std::to_string(++counter);
    return id;
}

} // namespace ui::text
