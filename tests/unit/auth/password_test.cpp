// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/db/test_database.h"

#include "auth/password.h"

#include <catch2/catch.hpp>

#include <string>

using forge::ErrorCode;

namespace {

// Hashing costs tens of milliseconds: hash once for the whole file.
const std::string& sample_hash()
{
    static const std::string hash =
        forge::test::unwrap(auth::hash_password("correct horse battery"));
    return hash;
}

} // namespace

TEST_CASE("check_password_policy: at least 10, at most 1024 characters", "[auth][password]")
{
    auto too_short = auth::check_password_policy(std::string(9, 'x'));
    REQUIRE(too_short.is_error());
    CHECK(too_short.error().code == ErrorCode::invalid_argument);
    CHECK_THAT(too_short.error().message, Catch::Contains("10"));

    CHECK(auth::check_password_policy("").is_error());
    CHECK_FALSE(auth::check_password_policy(std::string(10, 'x')).is_error());
    // No composition rules: ten spaces or ten digits are as good as anything.
    CHECK_FALSE(auth::check_password_policy("          ").is_error());
    CHECK_FALSE(auth::check_password_policy("0123456789").is_error());
    CHECK_FALSE(auth::check_password_policy(std::string(1024, 'x')).is_error());

    auto too_long = auth::check_password_policy(std::string(1025, 'x'));
    REQUIRE(too_long.is_error());
    CHECK(too_long.error().code == ErrorCode::invalid_argument);
    CHECK_THAT(too_long.error().message, Catch::Contains("1024"));
    CHECK(too_long.error().message != too_short.error().message);

    CHECK(auth::minimum_password_length == 10);
    CHECK(auth::maximum_password_length == 1024);
}

TEST_CASE("hash_password makes salted Argon2id PHC strings", "[auth][password]")
{
    const auto& first = sample_hash();
    CHECK_THAT(first, Catch::StartsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
    CHECK(first.find("correct horse battery") == std::string::npos);

    auto second = auth::hash_password("correct horse battery");
    REQUIRE_FALSE(second.is_error());
    CHECK_THAT(second.value(), Catch::StartsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
    // A fresh salt each time, so equal passwords do not show as equal hashes.
    CHECK(second.value() != first);
    CHECK(auth::verify_password("correct horse battery", second.value()));
}

TEST_CASE("verify_password", "[auth][password]")
{
    const auto& hash = sample_hash();
    CHECK(auth::verify_password("correct horse battery", hash));

    CHECK_FALSE(auth::verify_password("correct horse batterY", hash));
    CHECK_FALSE(auth::verify_password("correct horse battery ", hash));
    CHECK_FALSE(auth::verify_password("correct horse batter", hash));
    CHECK_FALSE(auth::verify_password("", hash));

    SECTION("malformed hashes never verify")
    {
        for (std::string bad :
             {std::string(), std::string("garbage"),
              std::string("$2y$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"),
              std::string("$argon2id$"), std::string("$argon2id$v=19$m=19456,t=2,p=1$"),
              hash.substr(0, hash.size() - 4), hash + "AAAA",
              std::string("correct horse battery")}) {
            INFO('"' << bad << '"');
            CHECK_FALSE(auth::verify_password("correct horse battery", bad));
            CHECK_FALSE(auth::verify_password("", bad));
        }
    }
    SECTION("a tampered hash does not verify")
    {
        // One character inside the digest (the last one carries unused bits) changed.
        auto tampered = hash;
        auto& c = tampered[tampered.size() - 10];
        c = c == 'A' ? 'B' : 'A';
        CHECK_FALSE(auth::verify_password("correct horse battery", tampered));
    }
}
