// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/text/autolink.h"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

namespace {

// The links of `text` as "text=url" pairs, separated by blanks.
std::string links_in(std::string_view text)
{
    std::string out;
    for (const auto& link : ui::text::find_autolinks(text)) {
        if (!out.empty())
            out += ' ';
        out += std::string(text.substr(link.begin, link.end - link.begin)) + "=" + link.url;
    }
    return out;
}

} // namespace

TEST_CASE("autolinks are found as GFM finds them", "[ui_text][autolink]")
{
    struct Case {
        std::string_view text;
        std::string_view links;
    };
    const Case cases[] = {
        {"www.commonmark.org", "www.commonmark.org=http://www.commonmark.org"},
        {"Visit www.commonmark.org/help for more.",
         "www.commonmark.org/help=http://www.commonmark.org/help"},
        {"www.a.org/b. and www.c.org,",
         "www.a.org/b=http://www.a.org/b www.c.org=http://www.c.org"},
        {"https://a.org/x?y=1&z=2!?", "https://a.org/x?y=1&z=2=https://a.org/x?y=1&z=2"},
        {"(www.a.org/x_(y))", "www.a.org/x_(y)=http://www.a.org/x_(y)"},
        {"www.a.org/b))))", "www.a.org/b=http://www.a.org/b"},
        {"www.a.org/b&hl;", "www.a.org/b=http://www.a.org/b"},
        {"www.a.org/b&hl;x", "www.a.org/b&hl;x=http://www.a.org/b&hl;x"},
        {"www.a.org/<b>", "www.a.org/=http://www.a.org/"},
        {"HTTP://A.ORG", "HTTP://A.ORG=HTTP://A.ORG"},
        {"*www.a.org* ~www.b.org~", "www.a.org=http://www.a.org www.b.org=http://www.b.org"},
        {"xwww.a.org", ""},
        {"www.a_b.c_d", ""},
        {"www.a_b.c.d", "www.a_b.c.d=http://www.a_b.c.d"},
        {"www.", ""},
        {"http://localhost", ""},
        {"ftp://a.org", ""},
        {"foo@bar.example.com.", "foo@bar.example.com=mailto:foo@bar.example.com"},
        {"hello+x_y-z.1@a.b", "hello+x_y-z.1@a.b=mailto:hello+x_y-z.1@a.b"},
        {"a@b", ""},
        {"a@b.c-", ""},
        {"a@b.c_", ""},
        {"@a.b", ""},
        {"a@.b", ""},
        {"x: a@b.c, d@e.f", "a@b.c=mailto:a@b.c d@e.f=mailto:d@e.f"},
        {"", ""},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(links_in(c.text) == c.links);
    }
}

TEST_CASE("autolinking is linear on hostile text", "[ui_text][autolink]")
{
    // Each of these took cmark-gfm's own extension seconds at this size.
    std::string parens = "www.a.b" + std::string(200000, ')');
    CHECK(links_in(parens) == "www.a.b=http://www.a.b");
    std::string ats;
    for (int i = 0; i < 100000; ++i)
        ats += "a@";
    CHECK(ui::text::find_autolinks(ats).empty());
    std::string underscores;
    for (int i = 0; i < 50000; ++i)
        underscores += "www.a_";
    CHECK(ui::text::find_autolinks(underscores).empty());
}
