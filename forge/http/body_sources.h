// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/io.h"

#include <cstdint>
#include <memory>

namespace forge::http {

// Inflates a "Content-Encoding: gzip" body as it is read. invalid_argument for data that
// is not gzip or ends early; too_large when more than `limit` bytes come out (a small
// compressed body can expand enormously).
class GzipSource final : public ByteSource {
  public:
    GzipSource(ByteSource& compressed, uint64_t limit);
    ~GzipSource() override;
    Result<size_t> read(char* data, size_t size) override;

  private:
    struct Inflater;
    ByteSource& m_compressed;
    std::unique_ptr<Inflater> m_inflater;
    uint64_t m_limit;
    uint64_t m_produced = 0;
};

// Passes bytes through and fails with too_large once more than `limit` have come.
class LimitedSource final : public ByteSource {
  public:
    LimitedSource(ByteSource& inner, uint64_t limit)
        : m_inner(inner)
        , m_limit(limit)
    {
    }
    Result<size_t> read(char* data, size_t size) override;

  private:
    ByteSource& m_inner;
    uint64_t m_limit;
    uint64_t m_passed = 0;
};

} // namespace forge::http
