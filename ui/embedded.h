// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <span>
#include <string_view>

namespace ui {

// A file of ui/ compiled into the binary (templates/, translations/, static/).
struct EmbeddedFile {
    std::string_view path; // relative to ui/, e.g. "templates/layout.html"
    std::string_view content;
};

std::span<const EmbeddedFile> embedded_files();

} // namespace ui
