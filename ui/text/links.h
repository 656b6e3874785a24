// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// URL checks for the Markdown renderer, kept apart from cmark so that they can be tested
// on their own.

#include <string>
#include <string_view>

namespace ui::text {

enum class UrlKind {
    fragment,      // "#usage", or empty: this page
    absolute_path, // "/alice/tool": this site
    relative,      // "docs/a.md", "../b.png", "?plain=1"
    web,           // "https://...", "http://...", "//host/...": another site
    mail,          // "mailto:..."
    unsafe,        // any other scheme: javascript:, vbscript:, data:, file:, ...
};

// `url` as a browser reads it: without leading and trailing spaces and control
// characters, and without tabs and line ends anywhere (the URL standard drops them).
std::string clean_url(std::string_view url);

// The kind of a cleaned URL. Anything with a ':' before its first '/', '?' or '#' has a
// scheme, or might be taken for one, and is unsafe unless the scheme is http, https or
// mailto, in any case; "\\" counts as "/", as browsers read it in http URLs.
UrlKind classify_url(std::string_view url);

// A relative URL joined to `root` (a URL path ending with '/') and `dir` (a repository
// path below it, as stored, not URL-encoded: its '%', '?', '#' and '\' are encoded here):
// '.' segments go, '..' takes back one segment but never one of `root`, and '.'/'..'
// spelled with %2e count too. The query and fragment are kept as they are.
std::string resolve_relative(std::string_view root, std::string_view dir, std::string_view url);

// `url` ready for a double-quoted attribute: bytes that may not stand in a URL are
// percent-encoded, '&' becomes "&amp;".
std::string attribute_url(std::string_view url);

} // namespace ui::text
