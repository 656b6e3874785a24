// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/body_sources.h"

#include <array>
#include <zlib.h>

namespace forge::http {

struct GzipSource::Inflater {
    z_stream stream{};
    std::array<char, 65536> input{};
    bool finished = false;
    bool input_ended = false;
};

GzipSource::GzipSource(ByteSource& compressed, uint64_t limit)
    : m_compressed(compressed)
    , m_inflater(std::make_unique<Inflater>())
    , m_limit(limit)
{
    // 16 + MAX_WBITS: expect a gzip header, not a raw zlib stream.
    inflateInit2(&m_inflater->stream, 16 + MAX_WBITS);
}

GzipSource::~GzipSource()
{
    inflateEnd(&m_inflater->stream);
}

Result<size_t> GzipSource::read(char* data, size_t size)
{
    auto& z = *m_inflater;
    if (z.finished || size == 0)
        return size_t{0};
    z.stream.next_out = reinterpret_cast<Bytef*>(data);
    z.stream.avail_out = static_cast<uInt>(size);
    while (z.stream.avail_out == size) {
        if (z.stream.avail_in == 0 && !z.input_ended) {
            size_t n = TRY(m_compressed.read(z.input.data(), z.input.size()));
            z.input_ended = n == 0;
            z.stream.next_in = reinterpret_cast<Bytef*>(z.input.data());
            z.stream.avail_in = static_cast<uInt>(n);
        }
        int rc = inflate(&z.stream, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            z.finished = true;
            break;
        }
        if (rc != Z_OK && !(rc == Z_BUF_ERROR && !z.input_ended))
            return Error::invalid_argument("invalid gzip body");
        if (z.input_ended && z.stream.avail_in == 0 && z.stream.avail_out == size)
            return Error::invalid_argument("gzip body ends early");
    }
    size_t produced = size - z.stream.avail_out;
    m_produced += produced;
    if (m_produced > m_limit)
        return Error::too_large("request body too large");
    return produced;
}

Result<size_t> LimitedSource::read(char* data, size_t size)
{
    size_t n = TRY(m_inner.read(data, size));
    m_passed += n;
    if (m_passed > m_limit)
        return Error::too_large("request body too large");
    return n;
}

} // namespace forge::http
