// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "auth/secret.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>

namespace auth {

namespace {

forge::Result<void> fill_random(unsigned char* bytes, size_t size)
{
    if (RAND_bytes(bytes, static_cast<int>(size)) != 1)
        return forge::Error::internal("random number generator failed");
    return {};
}

} // namespace

forge::Result<std::string> random_secret()
{
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::array<unsigned char, 32> bytes;
    TRY(fill_random(bytes.data(), bytes.size()));
    // base64url: every 3 bytes become 4 characters; 32 bytes make 43 without padding.
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(alphabet[(buffer >> bits) & 0x3f]);
        }
    }
    if (bits > 0)
        out.push_back(alphabet[(buffer << (6 - bits)) & 0x3f]);
    OPENSSL_cleanse(bytes.data(), bytes.size());
    return out;
}

forge::Result<std::string> random_password(size_t length)
{
    // No 0/O, 1/l/I: passwords printed once are copied by hand.
    static constexpr std::string_view alphabet =
        "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    std::string out;
    while (out.size() < length) {
        unsigned char byte;
        TRY(fill_random(&byte, 1));
        // Rejection sampling keeps every character equally likely.
        if (byte < 256 - 256 % alphabet.size())
            out.push_back(alphabet[byte % alphabet.size()]);
    }
    return out;
}

std::string sha256_hex(std::string_view bytes)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest;
    unsigned int length = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 0xf]);
    }
    return out;
}

bool constant_time_equals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace auth
