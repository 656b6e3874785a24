// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// Fuzzes the pkt-line codec: parses the input as a stream with parse_pkt, reads it again
// with PktLineReader in one chunk, byte by byte and in splits chosen by the input's first
// byte, and aborts when an invariant breaks or the readings disagree. Also frames the
// input as side-band packets and reads it back.
#include "gitcore/pkt_line.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

using gitcore::Pkt;
using gitcore::PktParse;
using gitcore::PktStatus;
using gitcore::PktType;

namespace {

void require(bool condition, const char* invariant)
{
    if (!condition) {
        std::fprintf(stderr, "pkt_line invariant violated: %s\n", invariant);
        std::abort();
    }
}

// The one-shot reading of a stream: its packets and how it ends.
struct Reading {
    std::vector<Pkt> packets; // payloads view the input
    std::size_t partial = 0;  // bytes of an unfinished last packet
    std::string_view error;   // set when a malformed packet stopped the reading
};

void check_packet(std::string_view rest, const PktParse& parsed)
{
    require(parsed.consumed >= gitcore::pkt_header_size, "a packet has a header");
    require(parsed.consumed <= rest.size(), "consumed bytes lie inside the input");
    require(parsed.consumed <= gitcore::pkt_max_length, "no packet exceeds 65520 bytes");
    auto payload = parsed.packet.payload;
    if (parsed.packet.type == PktType::data) {
        require(payload.data() == rest.data() + gitcore::pkt_header_size,
                "the payload view starts after the header, inside the input");
        require(payload.size() == parsed.consumed - gitcore::pkt_header_size,
                "the payload view ends with the packet");
    } else {
        require(payload.empty() && parsed.consumed == gitcore::pkt_header_size,
                "a marker is a bare header");
    }
}

void check_parse(std::string_view rest, const PktParse& parsed)
{
    switch (parsed.status) {
    case PktStatus::packet:
        check_packet(rest, parsed);
        return;
    case PktStatus::need_more:
        require(parsed.consumed == 0, "need_more consumes nothing");
        require(parsed.needed > rest.size(), "need_more asks for more than there is");
        require(parsed.needed <= gitcore::pkt_max_length, "need_more asks for one packet at most");
        return;
    case PktStatus::malformed:
        require(parsed.consumed == 0 && !parsed.error.empty(), "malformed comes with a message");
        return;
    }
    require(false, "parse_pkt returns a known status");
}

Reading parse_all(std::string_view input)
{
    Reading reading;
    for (;;) {
        auto parsed = gitcore::parse_pkt(input);
        check_parse(input, parsed);
        if (parsed.status == PktStatus::need_more)
            reading.partial = input.size();
        if (parsed.status == PktStatus::malformed)
            reading.error = parsed.error;
        if (parsed.status != PktStatus::packet)
            return reading;
        reading.packets.push_back(parsed.packet);
        input.remove_prefix(parsed.consumed);
    }
}

bool same_packet(const Pkt& a, const Pkt& b)
{
    return a.type == b.type && a.payload == b.payload;
}

// Pulls packets until the reader wants more; false once it failed, which must be exactly
// where the one-shot reading failed, with the same message.
bool drain(gitcore::PktLineReader& reader, const Reading& expected, std::size_t& index)
{
    for (;;) {
        auto next = reader.next();
        if (next.is_error()) {
            require(index == expected.packets.size(), "the reader fails where parse_pkt does");
            require(next.error().message == expected.error, "the reader reports parse_pkt's error");
            require(reader.next().is_error(), "the reader's error is sticky");
            return false;
        }
        if (!next.value())
            return true;
        require(index < expected.packets.size(), "the reader yields no extra packet");
        require(same_packet(*next.value(), expected.packets[index++]),
                "the reader yields what parse_pkt does");
    }
}

void check_reader(const Reading& expected, std::string_view input,
                  const std::function<std::size_t()>& chunk_size)
{
    gitcore::PktLineReader reader;
    std::size_t index = 0;
    while (!input.empty()) {
        auto chunk = input.substr(0, chunk_size());
        input.remove_prefix(chunk.size());
        reader.feed(chunk);
        if (!drain(reader, expected, index))
            return;
        require(reader.partial_size() < gitcore::pkt_max_length,
                "the reader buffers less than one packet");
    }
    require(expected.error.empty(), "the reader fails where parse_pkt does");
    require(index == expected.packets.size(), "the reader yields every packet");
    require(reader.partial_size() == expected.partial, "the reader keeps the unfinished packet");
}

// Random-looking but reproducible chunk sizes from 1 to 1 + seed (xorshift32).
std::function<std::size_t()> chunk_sizes_from(std::uint8_t seed)
{
    return [state = 2463534242u + seed, limit = 1u + seed]() mutable {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return std::size_t{1 + state % limit};
    };
}

void check_writer(const Reading& reading)
{
    for (const auto& packet : reading.packets) {
        if (packet.type != PktType::data)
            continue;
        auto framed = gitcore::pkt_data(packet.payload);
        require(!framed.is_error(), "pkt_data frames every payload parse_pkt accepts");
        auto parsed = gitcore::parse_pkt(*framed);
        require(parsed.status == PktStatus::packet && parsed.consumed == framed->size() &&
                    parsed.packet.payload == packet.payload,
                "pkt_data output parses back to its payload");
    }
}

void check_sideband(std::string_view input, std::uint8_t seed)
{
    int band = 1 + seed % 3;
    std::size_t max_packet = seed % 2 ? gitcore::sideband_64k_max_packet : 6 + seed;
    auto framed = gitcore::sideband_packets(band, input, max_packet);
    require(!framed.is_error(), "sideband_packets frames any bytes");
    std::string_view rest = *framed;
    std::string joined;
    while (!rest.empty()) {
        auto parsed = gitcore::parse_pkt(rest);
        require(parsed.status == PktStatus::packet && parsed.packet.type == PktType::data,
                "sideband_packets writes data packets");
        require(parsed.consumed <= max_packet, "side-band packets respect the size limit");
        auto payload = parsed.packet.payload;
        require(payload.size() >= 2 && payload[0] == band, "side-band packets carry the band");
        joined += payload.substr(1);
        rest.remove_prefix(parsed.consumed);
    }
    require(joined == input, "side-band payloads join to the input");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::uint8_t seed = size > 0 ? data[0] : 0;
    auto reading = parse_all(input);
    check_reader(reading, input, [] { return SIZE_MAX; });
    check_reader(reading, input, [] { return std::size_t{1}; });
    check_reader(reading, input, chunk_sizes_from(seed));
    check_writer(reading);
    check_sideband(input, seed);
    return 0;
}
