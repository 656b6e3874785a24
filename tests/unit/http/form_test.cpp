// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/form.h"

#include <catch2/catch.hpp>

using namespace forge::http;

TEST_CASE("percent decoding", "[http][form]")
{
    CHECK(percent_decode("a%20b%2Fc") == "a b/c");
    CHECK(percent_decode("a+b") == "a+b");
    CHECK(percent_decode("a+b", true) == "a b");
    CHECK(percent_decode("%") == "%");
    CHECK(percent_decode("%4") == "%4");
    CHECK(percent_decode("%zz%41") == "%zzA");
    CHECK(percent_decode("%00") == std::string(1, '\0'));
}

TEST_CASE("percent encoding keeps unreserved characters and, if asked, slashes", "[http][form]")
{
    CHECK(percent_encode("feature/x y&z") == "feature%2Fx%20y%26z");
    CHECK(percent_encode("feature/x y", true) == "feature/x%20y");
    CHECK(percent_encode("\xc3\xa4") == "%C3%A4");
    CHECK(percent_decode(percent_encode("any \x01 bytes/\xff")) == "any \x01 bytes/\xff");
}

TEST_CASE("form fields", "[http][form]")
{
    auto form = FormFields::parse("a=1&b=x+y&a=2&flag&&c=%3D%26&=empty");
    CHECK(form.get("a") == "1");
    CHECK(form.all("a") == std::vector<std::string>{"1", "2"});
    CHECK(form.get("b") == "x y");
    CHECK(form.has("flag"));
    CHECK(form.get("flag").empty());
    CHECK(form.get("c") == "=&");
    CHECK_FALSE(form.has("missing"));
    CHECK(form.get("") == "empty");
    CHECK_FALSE(FormFields::parse("").has("a"));
}

TEST_CASE("cookies", "[http][form]")
{
    CHECK(cookie_value("a=1; forge_session=xyz; b=2", "forge_session") == "xyz");
    CHECK(cookie_value("forge_session=\"q\"", "forge_session") == "q");
    CHECK(cookie_value("xforge_session=1", "forge_session") == std::nullopt);
    CHECK(cookie_value("forge_session", "forge_session") == std::nullopt);
    CHECK(cookie_value(" a = 1 ;", "a") == "1");
    CHECK(cookie_value("", "a") == std::nullopt);
}
