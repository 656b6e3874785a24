// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/common/references.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using forge::Reference;

namespace {

// Each reference as text: "#12", "o/p#3", "@name", "commit:abc1234".
std::vector<std::string> shown(const std::vector<Reference>& references)
{
    std::vector<std::string> texts;
    for (const auto& r : references) {
        switch (r.kind) {
        case Reference::Kind::item:
            texts.push_back((r.owner.empty() ? "" : r.owner + "/" + r.project) + "#" +
                            std::to_string(r.number));
            break;
        case Reference::Kind::mention:
            texts.push_back("@" + r.name);
            break;
        case Reference::Kind::commit:
            texts.push_back("commit:" + r.commit);
            break;
        }
    }
    return texts;
}

std::vector<std::string> found(std::string_view text)
{
    return shown(forge::find_references(text));
}

std::vector<std::string> closing(std::string_view text)
{
    return shown(forge::closing_references(text));
}

} // namespace

TEST_CASE("items are found at word starts only", "[references]")
{
    CHECK(found("#12") == std::vector<std::string>{"#12"});
    CHECK(found("see #3, (#4) and #5.") == std::vector<std::string>{"#3", "#4", "#5"});
    CHECK(found("a#1 &#12; http://x/#7 #x #").empty());
    CHECK(found("town/waste#4 and x/y#2z") == std::vector<std::string>{"town/waste#4"});
    CHECK(found("#1234567890").empty()); // more digits than any issue number
    auto spans = forge::find_references("ab #12 cd");
    REQUIRE(spans.size() == 1);
    CHECK(spans[0].begin == 3);
    CHECK(spans[0].end == 6);
}

TEST_CASE("mentions and commit ids", "[references]")
{
    CHECK(found("thanks @alice.") == std::vector<std::string>{"@alice"});
    CHECK(found("mail bob@example.com").empty());
    CHECK(found("@town-it and @a.b") == std::vector<std::string>{"@town-it", "@a.b"});
    CHECK(found("@-x @").empty());
    CHECK(found("fixed in 1A2b3C4d") == std::vector<std::string>{"commit:1a2b3c4d"});
    // Hex words without a digit or without a letter, and ids of the wrong length, are not.
    CHECK(found("deadbeef cafe 1234567 abc123 " + std::string(41, 'a') + "1").empty());
}

TEST_CASE("closing keywords in commit messages", "[references]")
{
    for (const char* keyword :
         {"fix", "Fixes", "FIXED", "close", "Closes", "closed", "resolve", "resolves", "Resolved",
          "behebt", "Behebt", "schlie\xc3\x9ft", "Schlie\xc3\x9ft"})
        CHECK(closing(std::string(keyword) + " #9") == std::vector<std::string>{"#9"});
    CHECK(closing("Fixes: #1") == std::vector<std::string>{"#1"});
    CHECK(closing("fixes #1, #2 and #3") == std::vector<std::string>{"#1", "#2", "#3"});
    CHECK(closing("behebt #4 und #5") == std::vector<std::string>{"#4", "#5"});
    CHECK(closing("fixes town/waste#6") == std::vector<std::string>{"town/waste#6"});
    CHECK(closing("see #5, related to #6").empty());
    CHECK(closing("fixes #1, see #2") == std::vector<std::string>{"#1"});
    CHECK(closing("prefixes #1").empty());
    auto all = forge::closing_references("Closes #8");
    REQUIRE(all.size() == 1);
    CHECK(all[0].closes);
}
