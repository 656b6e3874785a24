// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/io.h"
#include "forge/common/result.h"
#include "gitcore/pkt_line.h"

#include <optional>
#include <string>
#include <string_view>

namespace gitcore {

// Reads pkt-lines from a byte stream, holding at most one packet plus one read's worth of
// bytes; after the packets, the raw rest (a pack) can be read through the same buffer.
class PacketInput {
  public:
    explicit PacketInput(forge::ByteSource& source)
        : m_source(source)
    {
    }

    // The next packet; std::nullopt at a clean end of input (between packets). Fails with
    // invalid_argument for a malformed or truncated packet. The payload stays valid until
    // the next call.
    forge::Result<std::optional<Pkt>> next();
    // Reads bytes that follow the packets (buffered ones first); 0 at the end.
    forge::Result<size_t> read_raw(char* data, size_t size);

  private:
    forge::Result<bool> fill(size_t wanted); // false: the input ended first
    forge::ByteSource& m_source;
    std::string m_buffer;
    size_t m_position = 0;
};

// Writes pkt-lines to a byte stream, gathering small packets into larger writes.
class PacketOutput {
  public:
    explicit PacketOutput(forge::ByteSink& sink)
        : m_sink(sink)
    {
    }

    forge::Result<void> data(std::string_view payload);
    forge::Result<void> text(std::string_view line); // adds the line end when missing
    forge::Result<void> flush_packet();
    forge::Result<void> delim_packet();
    // Payload split into side-band packets on `band` (1 data, 2 progress, 3 error).
    forge::Result<void> sideband(int band, std::string_view bytes, size_t max_packet);
    // Bytes without framing (a pack for clients that use no side-band).
    forge::Result<void> raw(std::string_view bytes) { return append(bytes); }
    // Sends what is gathered: before waiting for the client, and at the end.
    forge::Result<void> send();

  private:
    forge::Result<void> append(std::string_view bytes);
    forge::ByteSink& m_sink;
    std::string m_pending;
};

} // namespace gitcore
