// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/pkt_line.h"

#include <algorithm>
#include <cassert>

namespace gitcore {

namespace {

constexpr std::string_view not_hex_error = "pkt-line length is not hex";
constexpr std::string_view length_3_error = "pkt-line length 0003 is invalid";
constexpr std::string_view too_long_error = "pkt-line length exceeds 65520";

// The value of one hex digit, or -1. Hand-made rather than std::from_chars or strtol,
// which would take a sign or leading blanks ("-001", " 001") that git rejects.
int hex_digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool is_all_hex(std::string_view digits)
{
    return std::all_of(digits.begin(), digits.end(),
                       [](char c) { return hex_digit_value(c) >= 0; });
}

std::size_t decode_length(std::string_view header)
{
    std::size_t length = 0;
    for (char c : header)
        length = length * 16 + static_cast<std::size_t>(hex_digit_value(c));
    return length;
}

// These set fields one by one: g++ warns about designated initialisers that leave
// fields to their defaults.
PktParse need_more(std::size_t needed)
{
    PktParse parsed;
    parsed.status = PktStatus::need_more;
    parsed.needed = needed;
    return parsed;
}

PktParse malformed(std::string_view error)
{
    PktParse parsed;
    parsed.status = PktStatus::malformed;
    parsed.error = error;
    return parsed;
}

PktParse packet(Pkt found, std::size_t consumed)
{
    PktParse parsed;
    parsed.status = PktStatus::packet;
    parsed.packet = found;
    parsed.consumed = consumed;
    return parsed;
}

PktParse marker_packet(PktType type)
{
    return packet({type, {}}, pkt_header_size);
}

PktParse data_packet(std::string_view buffer, std::size_t length)
{
    if (buffer.size() < length)
        return need_more(length);
    auto payload = buffer.substr(pkt_header_size, length - pkt_header_size);
    return packet({PktType::data, payload}, length);
}

void append_length(std::string& out, std::size_t length)
{
    static constexpr std::string_view digits = "0123456789abcdef";
    for (int shift = 12; shift >= 0; shift -= 4)
        out += digits[(length >> shift) & 0xf];
}

} // namespace

PktParse parse_pkt(std::string_view buffer)
{
    auto header = buffer.substr(0, pkt_header_size);
    // Checked before the header is complete, so that garbage fails at once instead of
    // leaving the caller waiting for bytes that cannot help.
    if (!is_all_hex(header))
        return malformed(not_hex_error);
    if (header.size() < pkt_header_size)
        return need_more(pkt_header_size);
    switch (auto length = decode_length(header)) {
    case 0:
        return marker_packet(PktType::flush);
    case 1:
        return marker_packet(PktType::delim);
    case 2:
        return marker_packet(PktType::response_end);
    case 3:
        return malformed(length_3_error);
    default:
        if (length > pkt_max_length)
            return malformed(too_long_error);
        return data_packet(buffer, length);
    }
}

void PktLineReader::feed(std::string_view chunk)
{
    drop_returned();
    // Normally empty: the caller drained the previous chunk before feeding this one.
    m_buffer.append(m_chunk);
    m_chunk = chunk;
}

forge::Result<std::optional<Pkt>> PktLineReader::next()
{
    if (!m_error.empty())
        return forge::Error::invalid_argument(std::string(m_error));
    drop_returned();
    auto parsed = m_buffer.empty() ? parse_from_chunk() : parse_from_buffer();
    switch (parsed.status) {
    case PktStatus::packet:
        return std::optional<Pkt>(parsed.packet);
    case PktStatus::need_more:
        return std::optional<Pkt>();
    case PktStatus::malformed:
        break;
    }
    m_error = parsed.error;
    return forge::Error::invalid_argument(std::string(m_error));
}

// Deferred from the next() that returned them, because its payload view still pointed here.
void PktLineReader::drop_returned()
{
    m_buffer.erase(0, m_returned);
    m_returned = 0;
}

PktParse PktLineReader::parse_from_chunk()
{
    auto parsed = parse_pkt(m_chunk);
    if (parsed.status == PktStatus::packet) {
        m_chunk.remove_prefix(parsed.consumed);
    } else if (parsed.status == PktStatus::need_more) {
        // Less than a packet is left, so this copy is what bounds the buffer.
        m_buffer.assign(m_chunk);
        m_chunk = {};
    }
    return parsed;
}

// The packet began in an earlier chunk. Takes from the current chunk only the bytes the
// packet lacks (first the rest of its header, then the rest of its payload), so that the
// packets after it are again read straight from the chunk.
PktParse PktLineReader::parse_from_buffer()
{
    for (;;) {
        auto parsed = parse_pkt(m_buffer);
        if (parsed.status == PktStatus::packet)
            m_returned = parsed.consumed;
        if (parsed.status != PktStatus::need_more || m_chunk.empty())
            return parsed;
        assert(parsed.needed > m_buffer.size());
        auto take = std::min(parsed.needed - m_buffer.size(), m_chunk.size());
        m_buffer.append(m_chunk.substr(0, take));
        m_chunk.remove_prefix(take);
    }
}

forge::Result<std::string> pkt_data(std::string_view payload)
{
    if (payload.size() > pkt_max_payload)
        return forge::Error::too_large("pkt-line payload exceeds 65516 bytes");
    std::string out;
    out.reserve(pkt_header_size + payload.size());
    append_length(out, pkt_header_size + payload.size());
    out += payload;
    return out;
}

forge::Result<std::string> pkt_text(std::string_view line)
{
    if (line.ends_with('\n'))
        return pkt_data(line);
    std::string terminated(line);
    terminated += '\n';
    return pkt_data(terminated);
}

std::string_view chomp(std::string_view line)
{
    if (line.ends_with('\n'))
        line.remove_suffix(1);
    return line;
}

forge::Result<std::string> sideband_packets(int band, std::string_view bytes,
                                            std::size_t max_packet)
{
    constexpr std::size_t overhead = pkt_header_size + 1; // header and band byte
    if (band < sideband_data || band > sideband_error)
        return forge::Error::invalid_argument("side-band must be 1, 2 or 3");
    if (max_packet <= overhead || max_packet > pkt_max_length)
        return forge::Error::invalid_argument("side-band packet size must be 6 to 65520");
    auto room = max_packet - overhead;
    std::string out;
    out.reserve(bytes.size() + (bytes.size() / room + 1) * overhead);
    while (!bytes.empty()) {
        auto part = bytes.substr(0, room);
        append_length(out, overhead + part.size());
        out += static_cast<char>(band);
        out += part;
        bytes.remove_prefix(part.size());
    }
    return out;
}

} // namespace gitcore
