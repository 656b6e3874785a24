// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "auth/secret.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <string_view>

namespace {

bool is_base64url(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

bool is_lower_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

} // namespace

TEST_CASE("random_secret is 43 characters of base64url", "[auth][secret]")
{
    auto first = auth::random_secret();
    auto second = auth::random_secret();
    REQUIRE_FALSE(first.is_error());
    REQUIRE_FALSE(second.is_error());
    CHECK(first.value().size() == 43);
    CHECK(second.value().size() == 43);
    CHECK(first.value() != second.value());

    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        auto secret = auth::random_secret();
        REQUIRE_FALSE(secret.is_error());
        const auto& text = secret.value();
        INFO(text);
        REQUIRE(text.size() == 43);
        for (char c : text)
            REQUIRE(is_base64url(c));
        // 256 bits in 43 characters of 6 bits: the last character carries 4 bits and two
        // zero bits, as canonical base64url (no padding) requires.
        CHECK(std::string_view("AEIMQUYcgkosw048").find(text.back()) != std::string_view::npos);
        seen.insert(text);
    }
    CHECK(seen.size() == 200);
}

TEST_CASE("sha256_hex matches the standard test vectors", "[auth][secret]")
{
    CHECK(auth::sha256_hex("abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(auth::sha256_hex("") ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(auth::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    // Bytes, not C strings: an embedded NUL is hashed too.
    CHECK(auth::sha256_hex(std::string_view("a\0b", 3)) ==
          "59b271ae1bbcb1d31d41929817f4b16fb439eb4f31520b5ad1d5ce98920a7138");

    auto digest = auth::sha256_hex("forge");
    CHECK(digest.size() == 64);
    for (char c : digest)
        CHECK(is_lower_hex(c));
}

TEST_CASE("constant_time_equals", "[auth][secret]")
{
    using auth::constant_time_equals;
    CHECK(constant_time_equals("", ""));
    CHECK(constant_time_equals("secret", "secret"));
    CHECK(constant_time_equals(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));

    CHECK_FALSE(constant_time_equals("secret", "secreT"));
    CHECK_FALSE(constant_time_equals("secret", "Secret"));
    CHECK_FALSE(constant_time_equals("secret", "secrex"));
    CHECK_FALSE(constant_time_equals("secret", "secret "));
    CHECK_FALSE(constant_time_equals("secret", "secre"));
    CHECK_FALSE(constant_time_equals("", "x"));
    CHECK_FALSE(constant_time_equals("x", ""));
    CHECK_FALSE(constant_time_equals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
    CHECK_FALSE(constant_time_equals(std::string_view("a\0b", 3), "a"));

    auto secret = auth::random_secret();
    REQUIRE_FALSE(secret.is_error());
    auto copy = secret.value();
    CHECK(constant_time_equals(secret.value(), copy));
    copy.back() = copy.back() == 'A' ? 'E' : 'A';
    CHECK_FALSE(constant_time_equals(secret.value(), copy));
}

TEST_CASE("random_password has the asked length and an unambiguous alphabet", "[auth][secret]")
{
    auto standard = auth::random_password();
    REQUIRE_FALSE(standard.is_error());
    CHECK(standard.value().size() == 20);

    for (size_t length : {size_t{10}, size_t{20}, size_t{64}}) {
        auto password = auth::random_password(length);
        REQUIRE_FALSE(password.is_error());
        INFO(password.value());
        CHECK(password.value().size() == length);
        for (char c : password.value()) {
            bool alphanumeric =
                (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '2' && c <= '9');
            CHECK(alphanumeric);
            // Printed once and copied by hand: none of 0/O, 1/l/I.
            CHECK(std::string_view("0O1lI").find(c) == std::string_view::npos);
        }
    }

    auto other = auth::random_password();
    REQUIRE_FALSE(other.is_error());
    CHECK(standard.value() != other.value());
}
