// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// pkt-line framing of the git wire protocol (gitprotocol-common, gitprotocol-v2).
//
// A packet starts with its total length as four hex digits, the header included:
// "0009hello" carries "hello". Lengths 0000, 0001 and 0002 carry no data but mark the
// end of a message (flush), a section boundary in a v2 command (delim) and the end of a
// v2 response on a stateless transport (response-end). 0003 is invalid, 0004 is a data
// packet with an empty payload, and no packet is longer than 65520 bytes.

#include "forge/common/result.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gitcore {

inline constexpr std::size_t pkt_header_size = 4;
inline constexpr std::size_t pkt_max_length = 65520;
inline constexpr std::size_t pkt_max_payload = pkt_max_length - pkt_header_size;

enum class PktType { data, flush, delim, response_end };

struct Pkt {
    PktType type = PktType::flush;
    std::string_view payload; // the bytes after the header; always empty unless type is data
};

enum class PktStatus { packet, need_more, malformed };

// What parse_pkt found at the start of a buffer. Which fields mean something depends on
// `status`; the others keep their defaults.
struct PktParse {
    PktStatus status = PktStatus::need_more;
    Pkt packet;               // packet: the packet
    std::size_t consumed = 0; // packet: bytes it took, header included (4 to 65520)
    std::size_t needed = 0;   // need_more: buffer size at which parsing can progress
    std::string_view error;   // malformed: lower-case message with static lifetime
};

// Parses the one packet at the start of `buffer` without reading past its end.
//  - packet: the packet and the bytes it `consumed`; the bytes after them are untouched.
//    A data packet's payload is a view into `buffer` and lives as long as it does.
//  - need_more: `buffer` holds only the start of a packet, possibly nothing at all.
//    `needed` is 4 while the length header is incomplete and the packet's whole length
//    once it is known; call again when the buffer has grown to that size.
//  - malformed: no further bytes can make this a packet, and as the length is what
//    frames the stream, the stream cannot be resynchronised. `error` is one of
//      "pkt-line length is not hex"      a header byte is not 0-9, a-f or A-F (also "-001"
//                                        and " 001"); reported as soon as such a byte is
//                                        in the buffer, even before all four are
//      "pkt-line length 0003 is invalid" the only length below 4 that marks nothing
//      "pkt-line length exceeds 65520"   the limit every git implementation enforces
PktParse parse_pkt(std::string_view buffer);

// Reads a pkt-line stream arriving in chunks of any size, such as socket reads: feed() a
// chunk, call next() until it yields no packet, then feed() the next chunk.
//
// A packet lying inside one chunk is returned as a view of that chunk, without copying.
// Only a packet that spans chunks is copied, into a buffer that holds at most that one
// packet, so memory stays below 64 KiB whatever the length of the stream, provided each
// chunk is drained before the next is fed.
class PktLineReader {
  public:
    // Queues `chunk` after the bytes not yet read. The reader keeps a view of it, not a
    // copy, so `chunk` must outlive the next() calls that drain it. Feeding before the
    // previous chunk is drained is allowed: its unread rest is copied into the buffer,
    // which may then grow past one packet.
    void feed(std::string_view chunk);

    // The next packet, or std::nullopt when the bytes fed so far end inside a packet or at
    // its end: feed more. A payload view stays valid until the next call to feed() or
    // next(), and no longer than the chunk it came from. Fails with invalid_argument and
    // parse_pkt's message on a malformed packet; as the stream cannot be resynchronised,
    // every later call fails alike.
    forge::Result<std::optional<Pkt>> next();

    // Bytes of an unfinished packet held back once next() has yielded std::nullopt. Not
    // zero when the input has ended means the stream was truncated.
    std::size_t partial_size() const { return m_buffer.size() - m_returned; }

  private:
    void drop_returned();
    PktParse parse_from_chunk();
    PktParse parse_from_buffer();

    std::string m_buffer;       // the start of a packet that spans chunks
    std::size_t m_returned = 0; // leading bytes of m_buffer that next() has returned
    std::string_view m_chunk;   // unread rest of the chunk last fed
    std::string_view m_error;   // set once the stream turned out malformed
};

// The markers. Constants, so they cannot fail.
constexpr std::string_view pkt_flush()
{
    return "0000";
}
constexpr std::string_view pkt_delim()
{
    return "0001";
}
constexpr std::string_view pkt_response_end()
{
    return "0002";
}

// Frames `payload` as one data packet with a lower-case hex length. Fails with too_large
// when it exceeds pkt_max_payload (65516 bytes); larger data must be split, for instance
// by sideband_packets.
forge::Result<std::string> pkt_data(std::string_view payload);

// Frames a text line as a data packet, appending the '\n' that git expects after text
// when `line` lacks it. Fails with too_large when the framed line exceeds 65516 bytes.
forge::Result<std::string> pkt_text(std::string_view line);

// `line` without its trailing '\n', if any: how text packets are read back. Strips one
// newline only, so that a payload ending in "\n\n" keeps its meaningful second one.
std::string_view chomp(std::string_view line);

// Side-band multiplexing (gitprotocol-pack): pack data, progress messages and a fatal error
// share one pkt-line stream, each payload prefixed with its band's byte.
inline constexpr int sideband_data = 1;
inline constexpr int sideband_progress = 2;
inline constexpr int sideband_error = 3;

// Longest packet, header and band byte included, with side-band-64k and with side-band.
inline constexpr std::size_t sideband_64k_max_packet = pkt_max_length;
inline constexpr std::size_t sideband_max_packet = 1000;

// Frames `bytes` as consecutive data packets on `band`, none longer than `max_packet` in
// total and all but the last full. Empty `bytes` give an empty string, not an empty
// packet. Fails with invalid_argument when `band` is not 1, 2 or 3, or when `max_packet`
// is outside 6..65520 (a packet needs room for its header, the band byte and one byte).
forge::Result<std::string> sideband_packets(int band, std::string_view bytes,
                                            std::size_t max_packet);

} // namespace gitcore
