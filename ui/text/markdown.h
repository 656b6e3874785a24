// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/references.h"

#include <functional>
#include <string>
#include <string_view>

namespace ui::text {

// Where relative links of a Markdown file in a repository point. Paths are the ones of the
// web UI; the roots end at the revision, so that `..` can be kept from climbing out of the
// repository, which a single prefix could not tell apart from the ref (refs contain '/').
struct LinkBase {
    std::string blob_root; // "/alice/tool/blob/main/", URL-encoded: links resolve below it
    std::string raw_root;  // "/alice/tool/raw/main/", URL-encoded: images resolve below it
    std::string dir;       // "docs/api": the rendered file's directory as stored in the
                           // repository, not URL-encoded; "" at the top
};

// GitHub-flavoured Markdown (tables, strikethrough, autolinks, task lists) to HTML that is
// safe to embed in a page:
// - raw HTML in the input never becomes markup: each piece is replaced by the comment
//   `<!-- raw HTML omitted -->`;
// - links and images keep only http, https and relative or fragment URLs (links also
//   mailto); any other scheme (javascript:, vbscript:, data:, file:, ... in any spelling
//   cmark decodes, with blanks or control characters in front) removes the link or image
//   and keeps its text;
// - relative URLs (not starting with '/', '#' or a scheme) resolve against `base`: links
//   below blob_root, images below raw_root, `.` and `..` folded, never above the root;
//   URLs starting with '/' stay as written;
// - headings move one level down (# becomes <h2>): the page around them has its own h1
// - http(s) links get rel="nofollow noopener"; headings get an id "user-content-" + a slug
//   of their text (see heading_ids.h; "-1", "-2" on repeats), so that they cannot repeat
//   the page's ids, and links to fragments ("#usage") get the prefix too;
// - fenced code blocks in a language language_named knows are highlighted as
//   highlight_lines does, inside <pre><code class="language-NAME">;
// - a document with a line of more than 128 '|' gets no tables (the table code of
//   cmark-gfm 0.29 is quadratic in a row's cells).
// The output is valid UTF-8 (invalid input bytes become U+FFFD). The time is about linear
// in the input (1 MB of hostile input renders in about a second), so callers should still
// bound its size. Never throws except std::bad_alloc.
std::string render_markdown(std::string_view markdown, const LinkBase& base);

// The same without repository context (comments, descriptions): relative URLs and
// fragments stay as they are written, and headings get no ids, since one page shows many
// such texts.
std::string render_markdown(std::string_view markdown);

// Where a reference in the text (`#12`, `owner/project#12`, `@name`, a commit id; see
// forge/common/references.h) links to: a URL, or "" to leave it as text.
using ReferenceLinker = std::function<std::string(const forge::Reference&)>;

// The same as render_markdown(markdown, base), with references outside links and code
// turned into links where `linker` has a target for them. Comments and descriptions of
// issues and merge requests are rendered this way.
std::string render_markdown(std::string_view markdown, const LinkBase& base,
                            const ReferenceLinker& linker);

} // namespace ui::text
