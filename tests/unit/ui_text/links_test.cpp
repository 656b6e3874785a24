// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/text/links.h"

#include <catch2/catch.hpp>

#include <string_view>

using ui::text::UrlKind;

TEST_CASE("URLs are classified as browsers would read them", "[ui_text][links]")
{
    struct Case {
        std::string_view url;
        UrlKind kind;
    };
    const Case cases[] = {
        {"", UrlKind::fragment},
        {"#usage", UrlKind::fragment},
        {"/alice", UrlKind::absolute_path},
        {"\\alice", UrlKind::absolute_path},
        {"//evil.example/x", UrlKind::web},
        {"/\\evil.example/x", UrlKind::web},
        {"\\\\evil.example", UrlKind::web},
        {"http://x", UrlKind::web},
        {"HTTPS://x", UrlKind::web},
        {"mailto:a@b.c", UrlKind::mail},
        {"MailTo:a@b.c", UrlKind::mail},
        {"docs/a.md", UrlKind::relative},
        {"a.md?x=a:b", UrlKind::relative},
        {"a/b:c", UrlKind::relative},
        {"?plain=1", UrlKind::relative},
        {"javascript:alert(1)", UrlKind::unsafe},
        {"JaVaScRiPt:alert(1)", UrlKind::unsafe},
        {"vbscript:x", UrlKind::unsafe},
        {"data:text/html,x", UrlKind::unsafe},
        {"file:///etc/passwd", UrlKind::unsafe},
        {"ftp://x", UrlKind::unsafe},
        {"%6Aavascript:x", UrlKind::unsafe},
        {"c:/windows", UrlKind::unsafe},
    };
    for (const auto& c : cases) {
        INFO(c.url);
        CHECK(ui::text::classify_url(ui::text::clean_url(c.url)) == c.kind);
    }
}

TEST_CASE("cleaning drops what browsers drop", "[ui_text][links]")
{
    CHECK(ui::text::clean_url(" \x01\x1f javascript:x ") == "javascript:x");
    CHECK(ui::text::clean_url("java\tscr\nipt\r:x") == "javascript:x");
    CHECK(ui::text::clean_url("a b") == "a b");
}

TEST_CASE("relative URLs resolve without climbing above the root", "[ui_text][links]")
{
    struct Case {
        std::string_view dir;
        std::string_view url;
        std::string_view expected;
    };
    const Case cases[] = {
        {"docs", "a.md", "/r/blob/main/docs/a.md"},
        {"docs", "./a.md", "/r/blob/main/docs/a.md"},
        {"docs", "../a.md", "/r/blob/main/a.md"},
        {"docs", "../../../a.md", "/r/blob/main/a.md"},
        {"docs/api", "../../x/./y/../z.md", "/r/blob/main/x/z.md"},
        {"", "..", "/r/blob/main/"},
        {"docs", "..", "/r/blob/main/"},
        {"docs/api", "..", "/r/blob/main/docs/"},
        {"docs", "sub/", "/r/blob/main/docs/sub/"},
        {"docs", ".", "/r/blob/main/docs/"},
        {"docs", "a//b.md", "/r/blob/main/docs/a/b.md"},
        {"docs", "%2e%2e/%2E./.%2e/a", "/r/blob/main/a"},
        {"docs", "..\\..\\a", "/r/blob/main/a"},
        {"docs", "a.md#x/../../y", "/r/blob/main/docs/a.md#x/../../y"},
        {"docs", "a.md?p=../..", "/r/blob/main/docs/a.md?p=../.."},
        {"docs", "?plain=1", "/r/blob/main/docs?plain=1"},
        {"../..", "a", "/r/blob/main/a"},
        {"a#b/c?d/50%", "x", "/r/blob/main/a%23b/c%3Fd/50%25/x"},
        {"w\\x/%2e%2e", "..", "/r/blob/main/w%5Cx/"},
    };
    for (const auto& c : cases) {
        INFO(c.dir << " + " << c.url);
        CHECK(ui::text::resolve_relative("/r/blob/main/", c.dir, c.url) == c.expected);
    }
    CHECK(ui::text::resolve_relative("/r/blob/main", "", "a") == "/r/blob/main/a");
}

TEST_CASE("URLs are encoded for attributes", "[ui_text][links]")
{
    CHECK(ui::text::attribute_url("/a b?x=1&y=\"2\"") == "/a%20b?x=1&amp;y=%222%22");
    CHECK(ui::text::attribute_url("/\xC3\xBC<>'`\\") == "/%C3%BC%3C%3E%27%60%5C");
    CHECK(ui::text::attribute_url("/a%20b#c") == "/a%20b#c");
}
