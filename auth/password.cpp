// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "auth/password.h"

#include <openssl/rand.h>

#include <argon2.h>
#include <array>
#include <vector>

namespace auth {

namespace {

constexpr uint32_t memory_kib = 19 * 1024;
constexpr uint32_t passes = 2;
constexpr uint32_t lanes = 1;
constexpr size_t salt_length = 16;
constexpr size_t hash_length = 32;

} // namespace

forge::Result<void> check_password_policy(std::string_view password)
{
    if (password.size() < minimum_password_length)
        return forge::Error::invalid_argument("password must have at least " +
                                              std::to_string(minimum_password_length) +
                                              " characters");
    if (password.size() > maximum_password_length)
        return forge::Error::invalid_argument("password must have at most " +
                                              std::to_string(maximum_password_length) +
                                              " characters");
    return {};
}

forge::Result<std::string> hash_password(std::string_view password)
{
    std::array<unsigned char, salt_length> salt;
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1)
        return forge::Error::internal("random number generator failed");
    size_t encoded_length =
        argon2_encodedlen(passes, memory_kib, lanes, salt_length, hash_length, Argon2_id);
    std::vector<char> encoded(encoded_length);
    int rc = argon2id_hash_encoded(passes, memory_kib, lanes, password.data(), password.size(),
                                   salt.data(), salt.size(), hash_length, encoded.data(),
                                   encoded.size());
    if (rc != ARGON2_OK)
        return forge::Error::internal(std::string("password hashing failed: ") +
                                      argon2_error_message(rc));
    return std::string(encoded.data());
}

bool verify_password(std::string_view password, const std::string& encoded)
{
    if (encoded.rfind("$argon2id$", 0) != 0)
        return false;
    return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

void burn_verification_time(std::string_view password)
{
    // A fixed hash of a random string: verifying against it fails after the full cost.
    static const std::string decoy = [] {
        auto hashed = hash_password("decoy password that nobody knows");
        return hashed.is_error() ? std::string() : hashed.release_value();
    }();
    (void)verify_password(password, decoy);
}

} // namespace auth
