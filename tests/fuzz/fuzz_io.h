// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// What the protocol fuzz targets share: the input served as a request body in chunks of
// varying size, a response body that is only counted, and the abort on a broken invariant.

#include "forge/common/io.h"
#include "forge/common/result.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace fuzz {

inline void require(bool condition, const char* target, const char* invariant)
{
    if (!condition) {
        std::fprintf(stderr, "%s invariant violated: %s\n", target, invariant);
        std::abort();
    }
}

// The input as a body arriving in reads of 1 to `limit` bytes, sizes drawn reproducibly
// (xorshift32) from a seed hashed from the input's first four bytes (FNV-1a), as socket
// reads would be: requests differ there, in the length of their first packet.
class ChunkedSource : public forge::ByteSource {
  public:
    explicit ChunkedSource(std::string_view input)
        : m_rest(input)
    {
        std::uint32_t seed = 2166136261u;
        for (unsigned char byte : input.substr(0, 4))
            seed = (seed ^ byte) * 16777619u;
        m_state = seed | 1;
        // Mostly small reads, which split packets everywhere; sometimes the whole input.
        m_limit = seed % 8 == 0 ? SIZE_MAX : 1 + seed % 97;
    }

    forge::Result<size_t> read(char* data, size_t size) override
    {
        size_t n = std::min({size, m_rest.size(), next_size()});
        std::memcpy(data, m_rest.data(), n);
        m_rest.remove_prefix(n);
        return n;
    }

  private:
    size_t next_size()
    {
        if (m_limit == SIZE_MAX)
            return SIZE_MAX;
        m_state ^= m_state << 13;
        m_state ^= m_state >> 17;
        m_state ^= m_state << 5;
        return 1 + m_state % m_limit;
    }

    std::string_view m_rest;
    std::uint32_t m_state = 0;
    size_t m_limit = 0;
};

// A response body that only counts what it is given; it never fails.
class CountingSink : public forge::ByteSink {
  public:
    forge::Result<void> write(std::string_view bytes) override
    {
        m_bytes += bytes.size();
        return {};
    }
    size_t bytes() const { return m_bytes; }

  private:
    size_t m_bytes = 0;
};

// Garbage must be refused as a bad request: a parser that fails with another code either
// misreports the client's mistake or hides an internal failure.
template <typename T>
void require_client_error(const forge::Result<T>& result, const char* target, const char* what)
{
    if (result.is_error() && result.error().code != forge::ErrorCode::invalid_argument) {
        std::fprintf(stderr, "%s: %s failed with code %d: %s\n", target, what,
                     static_cast<int>(result.error().code), result.error().message.c_str());
        std::abort();
    }
}

} // namespace fuzz
