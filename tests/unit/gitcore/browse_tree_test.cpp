// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// Directory listings, READMEs, file contents and raw streaming, on a tree with every
// kind of entry: directories, files, an executable, a symlink, a submodule, binary files
// and unicode names.
#include "tests/unit/gitcore/browse_fixture.h"
#include "tests/unit/gitcore/wire.h"

#include "gitcore/browse.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using gitcore::EntryKind;
using gitcore::testing::BrowseRepo;
using gitcore::testing::code_of;
using gitcore::testing::CommitSpec;
using gitcore::testing::gitlink;
using gitcore::testing::must;
using gitcore::testing::put;

namespace {

const std::string submodule_commit = "0123456789abcdef0123456789abcdef01234567";
const std::string unicode_dir = "gr\xc3\xbc\xc3\x9f"
                                "e";                              // "grüße"
const std::string unicode_file = "na\xc3\xafve \xe2\x9c\x93.txt"; // "naïve ✓.txt"

// 200 bytes of text, a NUL, and more text: binary for git.
std::string binary_content()
{
    return std::string(200, 'x') + std::string(1, '\0') + "tail";
}

// A NUL only after the first 8000 bytes: git still calls that text.
std::string late_nul_content()
{
    return std::string(8000, 'y') + std::string(1, '\0') + "z";
}

std::vector<CommitSpec> specs()
{
    return {{"main",
             "tree\n",
             1700000000,
             {},
             {put("README.md", "# Hello\n"), put("src/main.c", "int main(void)\n{\n}\n"),
              put("src/lib/util.c", "/* util */\n"), put("run.sh", "#!/bin/sh\n", "100755"),
              put("link", "src/main.c", "120000"), gitlink("vendor/sub", submodule_commit),
              put("bin.dat", binary_content()), put("late.txt", late_nul_content()),
              put("docs/readme.txt", "lower\n"), put("docs/README", "upper\n"),
              put("docs/Readme.markdown", "markdown\n"), put("empty/README.md/x", "dir\n"),
              put(unicode_dir + "/" + unicode_file, "unicode\n")}}};
}

std::vector<std::string> names_of(const std::vector<gitcore::TreeEntry>& entries)
{
    std::vector<std::string> names;
    for (const auto& entry : entries)
        names.push_back(entry.name);
    return names;
}

// Text of `size` bytes that no two lines of repeat, so that no delta shrinks it.
std::string large_text(size_t size)
{
    std::string text;
    for (size_t i = 0; text.size() < size; ++i)
        text += "line " + std::to_string(i * 7919 % 1000003) + " of the large file\n";
    text.resize(size);
    return text;
}

// Counts the writes, to see that a blob arrives in parts.
class CountingSink : public gitcore::testing::StringSink {
  public:
    forge::Result<void> write(std::string_view bytes) override
    {
        ++m_writes;
        return StringSink::write(bytes);
    }
    size_t writes() const { return m_writes; }

  private:
    size_t m_writes = 0;
};

} // namespace

TEST_CASE("list_tree lists directories first, then by name", "[gitcore][browse_tree]")
{
    BrowseRepo repo(specs());
    auto entries = must(gitcore::list_tree(repo.repo(), repo.id(0), ""));
    CHECK(names_of(entries) == std::vector<std::string>{"docs", "empty", unicode_dir, "src",
                                                        "vendor", "README.md", "bin.dat",
                                                        "late.txt", "link", "run.sh"});
    CHECK(entries[0].kind == EntryKind::directory);
    CHECK(entries[0].path == "docs");
    CHECK(entries[0].id == repo.rev_parse("main:docs"));
    CHECK(entries[0].mode == 040000);
    CHECK(entries[0].size == 0);
    CHECK(entries[5].kind == EntryKind::file);
    CHECK(entries[5].id == repo.rev_parse("main:README.md"));
    CHECK(entries[5].mode == 0100644);
    CHECK(entries[5].size == 8);
    CHECK(entries[6].size == binary_content().size());
    CHECK(entries[8].kind == EntryKind::symlink);
    CHECK(entries[8].mode == 0120000);
    CHECK(entries[9].mode == 0100755);
    CHECK(entries[9].kind == EntryKind::file);
}

TEST_CASE("list_tree lists nested directories with full paths", "[gitcore][browse_tree]")
{
    BrowseRepo repo(specs());
    auto src = must(gitcore::list_tree(repo.repo(), repo.id(0).substr(0, 8), "src"));
    CHECK(names_of(src) == std::vector<std::string>{"lib", "main.c"});
    CHECK(src[1].path == "src/main.c");
    auto lib = must(gitcore::list_tree(repo.repo(), repo.id(0), "src/lib"));
    REQUIRE(lib.size() == 1);
    CHECK(lib[0].path == "src/lib/util.c");
    CHECK(lib[0].id == repo.rev_parse("main:src/lib/util.c"));
    CHECK(lib[0].size == 11);

    auto vendor = must(gitcore::list_tree(repo.repo(), repo.id(0), "vendor"));
    REQUIRE(vendor.size() == 1);
    CHECK(vendor[0].kind == EntryKind::submodule);
    CHECK(vendor[0].id == submodule_commit);
    CHECK(vendor[0].mode == 0160000);
    CHECK(vendor[0].path == "vendor/sub");

    auto unicode = must(gitcore::list_tree(repo.repo(), repo.id(0), unicode_dir));
    REQUIRE(unicode.size() == 1);
    CHECK(unicode[0].name == unicode_file);
    CHECK(unicode[0].path == unicode_dir + "/" + unicode_file);
}

TEST_CASE("list_tree answers not_found for what is no directory", "[gitcore][browse_tree]")
{
    BrowseRepo repo(specs());
    for (std::string path :
         {std::string("nope"), std::string("src/nope"), std::string("README.md"),
          std::string("link"), std::string("vendor/sub"), std::string("src/main.c/x"),
          std::string("/src"), std::string("src\0lib", 7)}) {
        INFO(path);
        CHECK(code_of(gitcore::list_tree(repo.repo(), repo.id(0), path)) ==
              forge::ErrorCode::not_found);
    }
    CHECK(code_of(gitcore::list_tree(repo.repo(), std::string(40, 'a'), "")) ==
          forge::ErrorCode::not_found);
    CHECK(code_of(gitcore::list_tree(repo.repo(), repo.rev_parse("main^{tree}"), "")) ==
          forge::ErrorCode::not_found);
}

TEST_CASE("find_readme picks the first README by name, in any case", "[gitcore][browse_tree]")
{
    BrowseRepo repo(specs());
    auto root = must(gitcore::find_readme(repo.repo(), repo.id(0), ""));
    REQUIRE(root);
    CHECK(root->path == "README.md");
    CHECK(root->id == repo.rev_parse("main:README.md"));
    auto docs = must(gitcore::find_readme(repo.repo(), repo.id(0), "docs"));
    REQUIRE(docs);
    CHECK(docs->path == "docs/Readme.markdown");
    // A directory named README.md is no README.
    CHECK_FALSE(must(gitcore::find_readme(repo.repo(), repo.id(0), "empty")));
    CHECK_FALSE(must(gitcore::find_readme(repo.repo(), repo.id(0), "src")));
    CHECK(code_of(gitcore::find_readme(repo.repo(), repo.id(0), "README.md")) ==
          forge::ErrorCode::not_found);
}

TEST_CASE("read_blob reads text, binary and symlinks", "[gitcore][browse_blob]")
{
    BrowseRepo repo(specs());
    auto text = must(gitcore::read_blob(repo.repo(), repo.id(0), "src/main.c", 1000));
    CHECK(text.data == "int main(void)\n{\n}\n");
    CHECK(text.size == 19);
    CHECK(text.id == repo.rev_parse("main:src/main.c"));
    CHECK(text.path == "src/main.c");
    CHECK(text.mode == 0100644);
    CHECK_FALSE(text.binary);
    CHECK_FALSE(text.truncated);

    auto binary = must(gitcore::read_blob(repo.repo(), repo.id(0), "bin.dat", 1000));
    CHECK(binary.binary);
    CHECK(binary.data == binary_content());

    auto late = must(gitcore::read_blob(repo.repo(), repo.id(0), "late.txt", 100000));
    CHECK_FALSE(late.binary);
    CHECK(late.size == 8002);

    auto link = must(gitcore::read_blob(repo.repo(), repo.id(0), "link", 1000));
    CHECK(link.data == "src/main.c");
    CHECK(link.mode == 0120000);

    auto unicode =
        must(gitcore::read_blob(repo.repo(), repo.id(0), unicode_dir + "/" + unicode_file, 100));
    CHECK(unicode.data == "unicode\n");
}

TEST_CASE("read_blob cuts data at max_bytes but still detects binary", "[gitcore][browse_blob]")
{
    BrowseRepo repo(specs());
    auto cut = must(gitcore::read_blob(repo.repo(), repo.id(0), "src/main.c", 5));
    CHECK(cut.data == "int m");
    CHECK(cut.size == 19);
    CHECK(cut.truncated);
    auto exact = must(gitcore::read_blob(repo.repo(), repo.id(0), "src/main.c", 19));
    CHECK_FALSE(exact.truncated);
    // The NUL is at byte 200, beyond the 10 bytes kept.
    auto binary = must(gitcore::read_blob(repo.repo(), repo.id(0), "bin.dat", 10));
    CHECK(binary.binary);
    CHECK(binary.data == std::string(10, 'x'));
    CHECK(binary.truncated);
    auto none = must(gitcore::read_blob(repo.repo(), repo.id(0), "README.md", 0));
    CHECK(none.data.empty());
    CHECK(none.truncated);
}

TEST_CASE("read_blob answers not_found for what is no file", "[gitcore][browse_blob]")
{
    BrowseRepo repo(specs());
    for (std::string path : {"", "nope", "src", "vendor/sub", "src/main.c/x", "docs/"}) {
        INFO(path);
        CHECK(code_of(gitcore::read_blob(repo.repo(), repo.id(0), path, 100)) ==
              forge::ErrorCode::not_found);
    }
}

TEST_CASE("stream_blob writes small and large blobs whole", "[gitcore][browse_blob]")
{
    auto large = large_text((9 << 20) + 123);
    auto packed_specs = specs();
    packed_specs[0].changes.push_back(put("large.txt", large));
    BrowseRepo repo(packed_specs);

    CountingSink small;
    REQUIRE_FALSE(
        gitcore::stream_blob(repo.repo(), repo.rev_parse("main:src/main.c"), small).is_error());
    CHECK(small.bytes() == "int main(void)\n{\n}\n");

    SECTION("packed, through git cat-file")
    {
        CountingSink sink;
        auto streamed = gitcore::stream_blob(repo.repo(), repo.rev_parse("main:large.txt"), sink);
        REQUIRE_FALSE(streamed.is_error());
        CHECK(sink.bytes() == large);
        CHECK(sink.writes() > 1);
        auto head = must(gitcore::read_blob(repo.repo(), repo.id(0), "large.txt", 100));
        CHECK(head.data == large.substr(0, 100));
        CHECK(head.size == large.size());
        CHECK(head.truncated);
    }
    SECTION("loose, inflated as it is read")
    {
        auto loose = large_text((8 << 20) + 4567) + "loose\n";
        auto id = repo.git({"hash-object", "-w", "--stdin"}, loose);
        id.pop_back();
        CountingSink sink;
        REQUIRE_FALSE(gitcore::stream_blob(repo.repo(), id, sink).is_error());
        CHECK(sink.bytes() == loose);
        CHECK(sink.writes() > 1);
    }
}

TEST_CASE("stream_blob answers not_found for what is no blob", "[gitcore][browse_blob]")
{
    BrowseRepo repo(specs());
    gitcore::testing::StringSink sink;
    for (std::string id : {repo.id(0), repo.rev_parse("main^{tree}"), std::string(40, '1'),
                           repo.rev_parse("main:README.md").substr(0, 10), std::string("x")}) {
        INFO(id);
        CHECK(code_of(gitcore::stream_blob(repo.repo(), id, sink)) == forge::ErrorCode::not_found);
    }
    CHECK(sink.bytes().empty());
}
