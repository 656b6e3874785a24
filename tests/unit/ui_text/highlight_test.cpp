// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/fuzz/html_invariants.h"

#include "ui/text/highlight.h"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

using ui::text::highlight_lines;
using Lines = std::vector<std::string>;

TEST_CASE("languages come from file names", "[ui_text][highlight]")
{
    struct Case {
        std::string_view file_name;
        std::string_view language;
    };
    const Case cases[] = {
        {"main.cpp", "cpp"},
        {"src/x/Main.CC", "cpp"},
        {"a.h", "cpp"},
        {"a.c", "c"},
        {"Makefile", "makefile"},
        {"GNUmakefile", "makefile"},
        {"CMakeLists.txt", "cmake"},
        {"x.cmake", "cmake"},
        {"setup.py", "python"},
        {"app.js", "javascript"},
        {"app.ts", "typescript"},
        {"run.sh", "shell"},
        {"lib.rs", "rust"},
        {"main.go", "go"},
        {"A.java", "java"},
        {"package.json", "json"},
        {"ci.yml", "yaml"},
        {"ci.yaml", "yaml"},
        {"Cargo.toml", "toml"},
        {"README.md", "markdown"},
        {"index.html", "html"},
        {"pom.xml", "xml"},
        {"site.css", "css"},
        {"schema.sql", "sql"},
        {"app.rb", "ruby"},
        {"index.php", "php"},
        {"Dockerfile", "dockerfile"},
        {"dir\\win.py", "python"},
        {".bashrc", "shell"},
        {"LICENSE", ""},
        {"notes.txt", ""},
        {"archive.tar.gz", ""},
        {"trailing.", ""},
        {"", ""},
        {".py", "python"},
        {"a.py/", ""},
    };
    for (const auto& c : cases) {
        INFO(c.file_name);
        CHECK(ui::text::language_for(c.file_name) == c.language);
    }
}

TEST_CASE("fence names map to languages", "[ui_text][highlight]")
{
    CHECK(ui::text::language_named("C++") == "cpp");
    CHECK(ui::text::language_named("py") == "python");
    CHECK(ui::text::language_named("bash") == "shell");
    CHECK(ui::text::language_named("yml") == "yaml");
    CHECK(ui::text::language_named("golang") == "go");
    CHECK(ui::text::language_named("rust") == "rust");
    CHECK(ui::text::language_named("Makefile") == "makefile");
    CHECK(ui::text::language_named("") == "");
    CHECK(ui::text::language_named("brainfuck") == "");
    CHECK(ui::text::language_named("../etc/x.py") == "");
}

TEST_CASE("lines are counted as editors count them", "[ui_text][highlight]")
{
    CHECK(highlight_lines("", "cpp").empty());
    CHECK(highlight_lines("a\n", "") == Lines{"a"});
    CHECK(highlight_lines("a", "") == Lines{"a"});
    CHECK(highlight_lines("a\nb", "") == Lines{"a", "b"});
    CHECK(highlight_lines("\n", "") == Lines{""});
    CHECK(highlight_lines("\n\n", "cpp") == Lines{"", ""});
    CHECK(highlight_lines("a\r\nb\r\n", "") == Lines{"a", "b"});
    CHECK(highlight_lines("a\rb", "") == Lines{"a\rb"});
}

TEST_CASE("unknown languages give escaped plain text", "[ui_text][highlight]")
{
    CHECK(highlight_lines("<a href='x'>&\"</a>", "") ==
          Lines{"&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"});
    CHECK(highlight_lines("int x;", "cobol") == Lines{"int x;"});
}

TEST_CASE("C++: keywords, types, strings with escapes, numbers, comments", "[ui_text][highlight]")
{
    CHECK(highlight_lines("#include <map>\nreturn \"a\\\"<b>\" + 'c';", "cpp") ==
          Lines{"<span class=\"hl-p\">#include &lt;map&gt;</span>",
                "<span class=\"hl-k\">return</span> <span class=\"hl-s\">&quot;a\\&quot;&lt;b&gt;"
                "&quot;</span> + <span class=\"hl-s\">&#39;c&#39;</span>;"});
    CHECK(highlight_lines("int x = 0x1F + 1'000 + 3.5e-2f; // c", "cpp") ==
          Lines{"<span class=\"hl-t\">int</span> x = <span class=\"hl-n\">0x1F</span> + "
                "<span class=\"hl-n\">1&#39;000</span> + <span class=\"hl-n\">3.5e-2f</span>; "
                "<span class=\"hl-c\">// c</span>"});
    CHECK(highlight_lines("x1 = a2;", "cpp") == Lines{"x1 = a2;"});
}

TEST_CASE("comments and strings spanning lines are reopened on each line", "[ui_text][highlight]")
{
    CHECK(highlight_lines("a /* one\ntwo\n\nthree */ b", "c") ==
          Lines{"a <span class=\"hl-c\">/* one</span>", "<span class=\"hl-c\">two</span>", "",
                "<span class=\"hl-c\">three */</span> b"});
    CHECK(highlight_lines("s = \"\"\"doc\nstring\"\"\" # c", "python") ==
          Lines{"s = <span class=\"hl-s\">&quot;&quot;&quot;doc</span>",
                "<span class=\"hl-s\">string&quot;&quot;&quot;</span> <span class=\"hl-c\"># "
                "c</span>"});
    CHECK(highlight_lines("x = `a\nb`", "javascript") ==
          Lines{"x = <span class=\"hl-s\">`a</span>", "<span class=\"hl-s\">b`</span>"});
    CHECK(highlight_lines("R\"x(a\n)\"\n)x\" y", "cpp") ==
          Lines{"<span class=\"hl-s\">R&quot;x(a</span>", "<span class=\"hl-s\">)&quot;</span>",
                "<span class=\"hl-s\">)x&quot;</span> y"});
    // A string that may not span lines ends, unterminated, with its line.
    CHECK(highlight_lines("\"open\nint", "c") ==
          Lines{"<span class=\"hl-s\">&quot;open</span>", "<span class=\"hl-t\">int</span>"});
    // An unterminated block comment runs to the end.
    CHECK(highlight_lines("/*\nx", "css") ==
          Lines{"<span class=\"hl-c\">/*</span>", "<span class=\"hl-c\">x</span>"});
}

TEST_CASE("other languages", "[ui_text][highlight]")
{
    CHECK(highlight_lines("echo \"$#\" # c\nx=${#a}", "shell") ==
          Lines{"<span class=\"hl-k\">echo</span> <span class=\"hl-s\">&quot;$#&quot;</span> "
                "<span class=\"hl-c\"># c</span>",
                "x=${#a}"});
    CHECK(highlight_lines("{\"k\": [1, true, \"v\"]}", "json") ==
          Lines{"{<span class=\"hl-a\">&quot;k&quot;</span>: [<span class=\"hl-n\">1</span>, "
                "<span class=\"hl-k\">true</span>, <span class=\"hl-s\">&quot;v&quot;</span>]}"});
    CHECK(highlight_lines("runs-on: ubuntu # c", "yaml") ==
          Lines{"<span class=\"hl-a\">runs-on</span>: ubuntu <span class=\"hl-c\"># c</span>"});
    CHECK(highlight_lines("SELECT id FROM t -- c", "sql") ==
          Lines{"<span class=\"hl-k\">SELECT</span> id <span class=\"hl-k\">FROM</span> t "
                "<span class=\"hl-c\">-- c</span>"});
    CHECK(
        highlight_lines("fn f<'a>(c: char) { '\\n' }", "rust") ==
        Lines{"<span class=\"hl-k\">fn</span> f&lt;&#39;a&gt;(c: <span class=\"hl-t\">char</span>) "
              "{ <span class=\"hl-s\">&#39;\\n&#39;</span> }"});
    CHECK(highlight_lines("@Override\nString s;", "java") ==
          Lines{"<span class=\"hl-p\">@Override</span>", "<span class=\"hl-t\">String</span> s;"});
    CHECK(highlight_lines("[server]\nport = 8080", "toml") ==
          Lines{"<span class=\"hl-t\">[server]</span>",
                "<span class=\"hl-a\">port</span> = <span class=\"hl-n\">8080</span>"});
}

TEST_CASE("markup: tags, attributes, values, comments, entities", "[ui_text][highlight]")
{
    CHECK(highlight_lines("<a href=\"x\" data-y=z>T &amp; <!-- c\nd --></a>", "html") ==
          Lines{"<span class=\"hl-t\">&lt;a</span> <span class=\"hl-a\">href</span>="
                "<span class=\"hl-s\">&quot;x&quot;</span> <span class=\"hl-a\">data-y</span>="
                "<span class=\"hl-s\">z</span><span class=\"hl-t\">&gt;</span>T "
                "<span class=\"hl-n\">&amp;amp;</span> <span class=\"hl-c\">&lt;!-- c</span>",
                "<span class=\"hl-c\">d --&gt;</span><span class=\"hl-t\">&lt;/a</span>"
                "<span class=\"hl-t\">&gt;</span>"});
    CHECK(highlight_lines("<?xml version=\"1.0\"?><br/>", "xml") ==
          Lines{"<span class=\"hl-p\">&lt;?xml version=&quot;1.0&quot;?&gt;</span>"
                "<span class=\"hl-t\">&lt;br</span><span class=\"hl-t\">/&gt;</span>"});
}

TEST_CASE("arbitrary bytes come out as valid, escaped UTF-8", "[ui_text][highlight]")
{
    std::string input = "\"\xff\xfe\" // \xc3\xa4\xe2\x82\xac";
    input += '\0';
    input += "\xed\xa0\x80\xf4\x90\x80\x80\xc0\xaf";
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK(highlight_lines(input, "cpp") ==
          Lines{"<span class=\"hl-s\">&quot;" + fffd + fffd +
                "&quot;</span> <span "
                "class=\"hl-c\">// \xc3\xa4\xe2\x82\xac" +
                fffd + fffd + fffd + fffd + fffd + fffd + fffd + fffd + fffd + fffd + "</span>"});
    // Cut-off sequences at the very end.
    CHECK(highlight_lines("a\xe2\x82", "") == Lines{"a" + fffd + fffd});
}

TEST_CASE("every language survives every byte", "[ui_text][highlight]")
{
    std::string all;
    for (int i = 0; i < 256; ++i)
        all += static_cast<char>(i);
    all += all;
    for (std::string_view language :
         {"c",        "cpp",      "csharp", "css",        "cmake",      "dockerfile", "go",
          "html",     "ini",      "java",   "javascript", "json",       "kotlin",     "lua",
          "makefile", "markdown", "perl",   "php",        "python",     "ruby",       "rust",
          "shell",    "sql",      "swift",  "toml",       "typescript", "xml",        "yaml"}) {
        INFO(language);
        for (std::size_t cut = 0; cut <= all.size(); cut += 37) {
            auto lines = highlight_lines(std::string_view(all).substr(cut), language);
            for (const auto& line : lines)
                CHECK(html_invariants::line_violation(line) == "");
        }
    }
}
