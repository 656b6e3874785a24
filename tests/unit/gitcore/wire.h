// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// Bytes on the wire for protocol tests: request bodies built from pkt-lines, in-memory
// streams, and responses split the way a client reads them.

#include "forge/common/io.h"
#include "gitcore/pkt_line.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace gitcore::testing {

// A request body: text lines framed by pkt_text, markers as they are.
class Wire {
  public:
    Wire& line(std::string_view text)
    {
        auto packet = pkt_text(text);
        m_bytes += packet.is_error() ? std::string("<line too long>") : packet.value();
        return *this;
    }
    Wire& flush()
    {
        m_bytes += pkt_flush();
        return *this;
    }
    Wire& delim()
    {
        m_bytes += pkt_delim();
        return *this;
    }
    Wire& raw(std::string_view bytes)
    {
        m_bytes += bytes;
        return *this;
    }
    const std::string& bytes() const { return m_bytes; }

  private:
    std::string m_bytes;
};

class StringSource : public forge::ByteSource {
  public:
    explicit StringSource(std::string bytes)
        : m_bytes(std::move(bytes))
    {
    }
    forge::Result<size_t> read(char* data, size_t size) override
    {
        size_t n = std::min(size, m_bytes.size() - m_position);
        std::memcpy(data, m_bytes.data() + m_position, n);
        m_position += n;
        return n;
    }

  private:
    std::string m_bytes;
    size_t m_position = 0;
};

class StringSink : public forge::ByteSink {
  public:
    forge::Result<void> write(std::string_view bytes) override
    {
        m_bytes += bytes;
        return {};
    }
    const std::string& bytes() const { return m_bytes; }

  private:
    std::string m_bytes;
};

// An upload-pack response as a client reads it.
struct Answer {
    // The lines before the pack, without line ends; "0000", "0001" and "0002" stand for
    // flush, delim and response-end.
    std::vector<std::string> lines;
    std::string pack;              // side-band 1 joined, or the raw bytes after the lines
    std::string errors;            // side-band 3
    bool flush_after_pack = false; // a flush ended the side-band stream
    std::string unparsed;          // bytes that were not a packet
};

inline Answer read_answer(std::string_view bytes)
{
    Answer answer;
    bool in_sideband = false;
    while (!bytes.empty()) {
        if (!in_sideband && bytes.substr(0, 4) == "PACK") {
            answer.pack = bytes;
            return answer;
        }
        auto parsed = parse_pkt(bytes);
        if (parsed.status != PktStatus::packet) {
            answer.unparsed = bytes;
            return answer;
        }
        bytes.remove_prefix(parsed.consumed);
        auto payload = parsed.packet.payload;
        if (parsed.packet.type == PktType::data && !payload.empty() && payload[0] >= 1 &&
            payload[0] <= 3) {
            in_sideband = true;
            if (payload[0] == sideband_data)
                answer.pack += payload.substr(1);
            if (payload[0] == sideband_error)
                answer.errors += payload.substr(1);
        } else if (in_sideband && parsed.packet.type == PktType::flush) {
            answer.flush_after_pack = true;
        } else if (parsed.packet.type == PktType::data) {
            answer.lines.emplace_back(chomp(payload));
        } else {
            auto marker = parsed.packet.type == PktType::flush   ? pkt_flush()
                          : parsed.packet.type == PktType::delim ? pkt_delim()
                                                                 : pkt_response_end();
            answer.lines.emplace_back(marker);
        }
    }
    return answer;
}

} // namespace gitcore::testing
