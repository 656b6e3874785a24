// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/html.h"

#include "ui/text/escape.h"

namespace ui {

SafeHtml escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    text::append_escaped(out, text);
    return SafeHtml::trusted(std::move(out));
}

} // namespace ui
