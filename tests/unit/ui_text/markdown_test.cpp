// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/fuzz/html_invariants.h"

#include "ui/text/markdown.h"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

using ui::text::LinkBase;
using ui::text::render_markdown;

namespace {

const LinkBase base{"/alice/tool/blob/main/", "/alice/tool/raw/main/", "docs/api"};

bool contains(std::string_view haystack, std::string_view needle)
{
    return haystack.find(needle) != std::string_view::npos;
}

} // namespace

TEST_CASE("hostile Markdown renders without active content", "[ui_text][markdown]")
{
    struct Case {
        std::string_view markdown;
        std::string_view expected; // a part of the output, or empty
    };
    const Case cases[] = {
        {"<script>alert(1)</script>", "<!-- raw HTML omitted -->"},
        {"a <script>alert(1)</script> b", "<p>a <!-- raw HTML omitted -->alert(1)"},
        {"<img src=x onerror=alert(1)>", "<!-- raw HTML omitted -->"},
        {"x <img src=x onerror=alert(1)> y", "<p>x <!-- raw HTML omitted --> y</p>"},
        {"<a href=\"javascript:alert(1)\">x</a>", ""},
        {"a <a href=\"javascript:alert(1)\">x</a>", "<!-- raw HTML omitted -->x"},
        {"[x](javascript:alert(1))", "<p>x</p>"},
        {"[x](JaVaScRiPt:alert(1))", "<p>x</p>"},
        {"[x](&#106;avascript:alert(1))", "<p>x</p>"},
        {"[x](&#x6A;avascript&colon;alert(1))", "<p>x</p>"},
        {"[x]( javascript:alert(1))", "<p>x</p>"},
        {"[x](<\x01javascript:alert(1)>)", "<p>x</p>"},
        {"[x](<java\tscript:alert(1)>)", ""},
        {"[x](vbscript:msgbox(1))", "<p>x</p>"},
        {"[x](data:text/html;base64,PHNjcmlwdD4=)", "<p>x</p>"},
        {"![x](data:image/png;base64,iVBORw0KGgo=)", "<p>x</p>"},
        {"![x](DATA:image/svg+xml,<svg/onload=alert(1)>)", ""},
        {"[x][r]\n\n[r]: javascript:alert(1)", "<p>x</p>"},
        {"<iframe src=\"https://evil.example\"></iframe>", "<!-- raw HTML omitted -->"},
        {"<style>body{display:none}</style>", "<!-- raw HTML omitted -->"},
        {"<p style=\"position:fixed\">x</p>", "<!-- raw HTML omitted -->"},
        {"a <span style=\"color:red\">x</span>", "<!-- raw HTML omitted -->x"},
        {"<!-- <script>x</script> -->", "<!-- raw HTML omitted -->"},
        {"<javascript:alert(1)>", ""},
        {"[x](\"onmouseover=alert(1))", ""},
        {"[x](y \"\\\" onmouseover=alert(1)\")", "title=\"&quot; onmouseover=alert(1)\""},
        {"```\n<script>alert(1)</script>\n```", "&lt;script&gt;"},
        {"`<script>`", "<code>&lt;script&gt;</code>"},
        {"# <script>x</script>", ""},
    };
    for (const auto& c : cases) {
        INFO(c.markdown);
        auto html = render_markdown(c.markdown, base);
        INFO(html);
        CHECK(html_invariants::violation(html) == "");
        CHECK(contains(html, c.expected));
        CHECK(html_invariants::violation(render_markdown(c.markdown)) == "");
    }
}

TEST_CASE("autolinks become links with safe targets only", "[ui_text][markdown]")
{
    CHECK(render_markdown("see www.example.org.") ==
          "<p>see <a href=\"http://www.example.org\" rel=\"nofollow noopener\">www.example.org</a>"
          ".</p>\n");
    CHECK(render_markdown("<https://example.org/a?b=1&c=2>") ==
          "<p><a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener\">"
          "https://example.org/a?b=1&amp;c=2</a></p>\n");
    CHECK(render_markdown("mail ann@example.org") ==
          "<p>mail <a href=\"mailto:ann@example.org\">ann@example.org</a></p>\n");
    CHECK(render_markdown("[www.a.org](/x) `www.b.org`") ==
          "<p><a href=\"/x\">www.a.org</a> <code>www.b.org</code></p>\n");
    CHECK(render_markdown("javascript:alert(1) and <javascript:alert(1)>") ==
          "<p>javascript:alert(1) and javascript:alert(1)</p>\n");
}

TEST_CASE("relative links resolve below the repository root", "[ui_text][markdown]")
{
    struct Case {
        std::string_view markdown;
        std::string_view expected;
    };
    const Case cases[] = {
        {"[a](x.md)", "<a href=\"/alice/tool/blob/main/docs/api/x.md\">a</a>"},
        {"[a](./x.md)", "<a href=\"/alice/tool/blob/main/docs/api/x.md\">a</a>"},
        {"[a](../x.md)", "<a href=\"/alice/tool/blob/main/docs/x.md\">a</a>"},
        {"[a](../../../../../etc/passwd)", "<a href=\"/alice/tool/blob/main/etc/passwd\">a</a>"},
        {"[a](%2e%2e/%2E%2E/%2e%2e/x)", "<a href=\"/alice/tool/blob/main/x\">a</a>"},
        {"[a](..\\\\..\\\\..\\\\x)", "<a href=\"/alice/tool/blob/main/x\">a</a>"},
        {"[a](sub/dir/)", "<a href=\"/alice/tool/blob/main/docs/api/sub/dir/\">a</a>"},
        {"[a](x.md#usage)", "<a href=\"/alice/tool/blob/main/docs/api/x.md#usage\">a</a>"},
        {"[a](x.md?plain=1)", "<a href=\"/alice/tool/blob/main/docs/api/x.md?plain=1\">a</a>"},
        {"[a](#usage)", "<a href=\"#user-content-usage\">a</a>"},
        {"[a](#user-content-usage)", "<a href=\"#user-content-usage\">a</a>"},
        {"[a](/bob/other)", "<a href=\"/bob/other\">a</a>"},
        {"[a](my%20file.md)", "<a href=\"/alice/tool/blob/main/docs/api/my%20file.md\">a</a>"},
        {"[a](<my file.md>)", "<a href=\"/alice/tool/blob/main/docs/api/my%20file.md\">a</a>"},
        {"[a](https://example.org/x)",
         "<a href=\"https://example.org/x\" rel=\"nofollow noopener\">a</a>"},
        {"[a](//example.org/x)", "<a href=\"//example.org/x\" rel=\"nofollow noopener\">a</a>"},
        {"[a](mailto:ann@example.org)", "<a href=\"mailto:ann@example.org\">a</a>"},
        {"![i](pic.png)", "<img src=\"/alice/tool/raw/main/docs/api/pic.png\" alt=\"i\" />"},
        {"![i](../../pic.png)", "<img src=\"/alice/tool/raw/main/pic.png\" alt=\"i\" />"},
        {"![i](/static/logo.svg)", "<img src=\"/static/logo.svg\" alt=\"i\" />"},
        {"![i](https://example.org/i.png)", "<img src=\"https://example.org/i.png\" alt=\"i\" />"},
        {"![i](mailto:ann@example.org)", "<p>i</p>"},
        {"[![i](i.png)](x.md)", "<a href=\"/alice/tool/blob/main/docs/api/x.md\"><img "
                                "src=\"/alice/tool/raw/main/docs/api/i.png\" alt=\"i\" /></a>"},
    };
    for (const auto& c : cases) {
        INFO(c.markdown);
        auto html = render_markdown(c.markdown, base);
        INFO(html);
        CHECK(contains(html, c.expected));
    }
}

TEST_CASE("without a base, relative links stay as written", "[ui_text][markdown]")
{
    CHECK(render_markdown("[a](./x.md) ![i](../i.png) [b](#c)") ==
          "<p><a href=\"./x.md\">a</a> <img src=\"../i.png\" alt=\"i\" /> "
          "<a href=\"#c\">b</a></p>\n");
    LinkBase top{"/alice/tool/blob/v1.0/", "/alice/tool/raw/v1.0/", ""};
    CHECK(render_markdown("[a](../x)", top) ==
          "<p><a href=\"/alice/tool/blob/v1.0/x\">a</a></p>\n");
}

TEST_CASE("headings get distinct, prefixed ids from their text", "[ui_text][markdown]")
{
    CHECK(render_markdown("# Hello, *World*!\n## Hello World\n### `code_x` & Co.", base) ==
          "<h2 id=\"user-content-hello-world\">Hello, <em>World</em>!</h2>\n"
          "<h3 id=\"user-content-hello-world-1\">Hello World</h3>\n"
          "<h4 id=\"user-content-code_x--co\"><code>code_x</code> &amp; Co.</h4>\n");
    CHECK(render_markdown("# Über uns\n# ÄÖÜ×\n# !!!", base) ==
          "<h2 id=\"user-content-über-uns\">Über uns</h2>\n<h2 "
          "id=\"user-content-äöü×\">ÄÖÜ×</h2>\n<h2>!!!</h2>\n");
    CHECK(render_markdown("# a\n# a-1\n# a", base) ==
          "<h2 id=\"user-content-a\">a</h2>\n<h2 id=\"user-content-a-1\">a-1</h2>\n<h2 "
          "id=\"user-content-a-2\">a</h2>\n");
    CHECK(
        render_markdown("Title\n=====\n\n> ## [Link](#x)", base) ==
        "<h2 id=\"user-content-title\">Title</h2>\n<blockquote>\n"
        "<h3 id=\"user-content-link\"><a href=\"#user-content-x\">Link</a></h3>\n</blockquote>\n");
}

TEST_CASE("what moves out of a heading keeps its text and titles", "[ui_text][markdown]")
{
    // The text of cmark's inline nodes may live in their heading's buffer, which must
    // outlive the rendering; AddressSanitizer watches this one.
    CHECK(render_markdown("# ![a](/b.png \"title\") [x](/y \"z\") `c`", base) ==
          "<h2 id=\"user-content-x-c\"><img src=\"/b.png\" alt=\"a\" title=\"title\" /> "
          "<a href=\"/y\" title=\"z\">x</a> <code>c</code></h2>\n");
}

TEST_CASE("without a base, headings get no ids", "[ui_text][markdown]")
{
    CHECK(render_markdown("# Main\n## Readme") == "<h1>Main</h1>\n<h2>Readme</h2>\n");
}

TEST_CASE("GitHub extensions: tables, strikethrough, task lists", "[ui_text][markdown]")
{
    CHECK(render_markdown("| a | b |\n|:--|--:|\n| 1 | ~~2~~ |") ==
          "<table>\n<thead>\n<tr>\n<th align=\"left\">a</th>\n<th align=\"right\">b</th>\n"
          "</tr>\n</thead>\n<tbody>\n<tr>\n<td align=\"left\">1</td>\n"
          "<td align=\"right\"><del>2</del></td>\n</tr>\n</tbody>\n</table>\n");
    CHECK(render_markdown("- [ ] open\n- [x] done") ==
          "<ul>\n<li><input type=\"checkbox\" disabled=\"\" /> open</li>\n"
          "<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>\n</ul>\n");
    CHECK(render_markdown("~~gone~~ and *em* **strong**") ==
          "<p><del>gone</del> and <em>em</em> <strong>strong</strong></p>\n");
}

TEST_CASE("a row of too many cells stays text", "[ui_text][markdown]")
{
    std::string row = "|";
    for (int i = 0; i < 200; ++i)
        row += "a|";
    auto html = render_markdown(row + "\n" + row + "\n");
    CHECK_FALSE(contains(html, "<table>"));
}

TEST_CASE("fenced code is highlighted when its language is known", "[ui_text][markdown]")
{
    CHECK(render_markdown("```c++\nint x = 1; // <b>\n```") ==
          "<pre><code class=\"language-cpp\"><span class=\"hl-t\">int</span> x = "
          "<span class=\"hl-n\">1</span>; <span class=\"hl-c\">// &lt;b&gt;</span>\n"
          "</code></pre>\n");
    CHECK(render_markdown("```\"><script>\nx\n```") ==
          "<pre><code class=\"language-&quot;&gt;&lt;script&gt;\">x\n</code></pre>\n");
    CHECK(render_markdown("    indented <b>\n") ==
          "<pre><code>indented &lt;b&gt;\n</code></pre>\n");
}

TEST_CASE("invalid UTF-8 and NUL come out as U+FFFD", "[ui_text][markdown]")
{
    std::string input = "a\xff\xc0 b";
    input += '\0';
    input += "c";
    CHECK(render_markdown(input) == "<p>a\xEF\xBF\xBD\xEF\xBF\xBD b\xEF\xBF\xBD"
                                    "c</p>\n");
    CHECK(render_markdown("") == "");
}

TEST_CASE("the harmlessness check itself refuses active content", "[ui_text][markdown]")
{
    for (std::string_view bad :
         {"<script>", "<p style=\"x\">", "<a onclick=\"x\">", "<a href=\"javascript:x\">",
          "<a href=\" JavaScript:x\">", "<img src=\"data:image/png,x\" />", "<a href=x>",
          "<iframe>", "<!-- x -->", "<a href=\"mailto:x\" title=\"<\">"})
        CHECK(html_invariants::violation(bad) != "");
    CHECK(html_invariants::violation("<p><a href=\"https://x\" rel=\"nofollow noopener\">x</a>"
                                     "<img src=\"/a.png\" alt=\"\" /></p>\n") == "");
}
