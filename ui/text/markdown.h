// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <string>
#include <string_view>

namespace ui::text {

// Where relative links of a Markdown file in a repository point. Paths are the ones of the
// web UI; the roots end at the revision, so that `..` can be kept from climbing out of the
// repository, which a single prefix could not tell apart from the ref (refs contain '/').
struct LinkBase {
    std::string blob_root; // "/alice/tool/blob/main/": relative links resolve below this
    std::string raw_root;  // "/alice/tool/raw/main/": relative image sources resolve below this
    std::string dir;       // "docs" or "docs/api": the rendered file's directory, "" at the top
};

// GitHub-flavoured Markdown (tables, strikethrough, autolinks, task lists) to HTML that is
// safe to embed in a page:
// - raw HTML in the input never becomes markup: each piece is replaced by the comment
//   `<!-- raw HTML omitted -->`;
// - links and images keep only http, https and relative or fragment URLs (links also
//   mailto); any other scheme (javascript:, vbscript:, data:, file:, ... in any spelling
//   cmark decodes) removes the link or image and keeps its text;
// - relative URLs (not starting with '/', '#' or a scheme) resolve against `base`: links
//   below blob_root, images below raw_root, `.` and `..` folded, never above the root;
// - http(s) links get rel="nofollow noopener"; headings get an id made from their text
//   (lower case, spaces to '-', other punctuation dropped, "-1", "-2" on repeats);
// - fenced code blocks in a known language are highlighted as highlight_lines does.
// The output is valid UTF-8 (invalid input bytes become U+FFFD). Never throws except
// std::bad_alloc.
std::string render_markdown(std::string_view markdown, const LinkBase& base);

// The same without repository context (comments, descriptions): relative URLs stay as
// they are written.
std::string render_markdown(std::string_view markdown);

} // namespace ui::text
