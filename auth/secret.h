// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <string>
#include <string_view>

namespace auth {

// 32 random bytes from OpenSSL's CSPRNG, base64url without padding (43 characters).
// Fails with internal only when the CSPRNG cannot be seeded.
forge::Result<std::string> random_secret();

// A human-typable random password of `length` characters from an unambiguous alphabet.
forge::Result<std::string> random_password(size_t length = 20);

// Lower-case hex SHA-256 of the bytes: how tokens and session ids are stored.
std::string sha256_hex(std::string_view bytes);

// Compares without an early exit, so the time taken tells nothing about where two
// secrets differ. Different lengths compare unequal.
bool constant_time_equals(std::string_view a, std::string_view b);

} // namespace auth
