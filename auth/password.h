// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <string>
#include <string_view>

namespace auth {

// NIST SP 800-63B: a minimum length and no composition rules.
constexpr size_t minimum_password_length = 10;
// Argon2 hashes any length, but a bound keeps one request from costing much.
constexpr size_t maximum_password_length = 1024;

// invalid_argument when the password is shorter than the minimum or longer than the
// maximum; the message says which.
forge::Result<void> check_password_policy(std::string_view password);

// Argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), a fresh 16-byte salt,
// in the PHC string format ("$argon2id$v=19$m=19456,t=2,p=1$...").
forge::Result<std::string> hash_password(std::string_view password);

// True when `password` matches `encoded`; false for a malformed or empty hash.
bool verify_password(std::string_view password, const std::string& encoded);

// Spends the time of one verification without a real hash, so that a sign-in for an
// unknown user takes as long as one for a known user with a wrong password.
void burn_verification_time(std::string_view password);

} // namespace auth
