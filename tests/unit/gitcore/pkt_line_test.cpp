// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/pkt_line.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

using gitcore::PktStatus;
using gitcore::PktType;

namespace {

// A packet with its payload copied, to outlive the reader's views.
struct OwnedPkt {
    PktType type;
    std::string payload;
    bool operator==(const OwnedPkt&) const = default;
};

std::string framed(std::string_view payload)
{
    auto result = gitcore::pkt_data(payload);
    REQUIRE_FALSE(result.is_error());
    return result.release_value();
}

// Every packet type, a maximal one among them, so that splits fall in every position.
struct Stream {
    std::string big_payload = std::string(gitcore::pkt_max_payload, 'x');
    std::string bytes = framed("command=ls-refs\n") + std::string(gitcore::pkt_delim()) +
                        framed("peel\n") + std::string(gitcore::pkt_flush()) + "0004" +
                        framed(big_payload) + "000DUPPER HEX" +
                        std::string(gitcore::pkt_response_end());
    std::vector<OwnedPkt> packets = {
        {PktType::data, "command=ls-refs\n"},
        {PktType::delim, ""},
        {PktType::data, "peel\n"},
        {PktType::flush, ""},
        {PktType::data, ""},
        {PktType::data, big_payload},
        {PktType::data, "UPPER HEX"},
        {PktType::response_end, ""},
    };
};

// Feeds the chunks one after the other, draining after each. Stops at an error, so that a
// wrong reading shows as a shorter or different sequence.
std::vector<OwnedPkt> read_chunks(const std::vector<std::string_view>& chunks,
                                  gitcore::PktLineReader& reader)
{
    std::vector<OwnedPkt> packets;
    for (auto chunk : chunks) {
        reader.feed(chunk);
        for (;;) {
            auto next = reader.next();
            if (next.is_error() || !next.value())
                break;
            packets.push_back({next.value()->type, std::string(next.value()->payload)});
        }
    }
    return packets;
}

} // namespace

TEST_CASE("parse_pkt reads a data packet whose length includes the header", "[gitcore][pkt_line]")
{
    std::string_view buffer = "0009hello0000";
    auto parsed = gitcore::parse_pkt(buffer);
    REQUIRE(parsed.status == PktStatus::packet);
    CHECK(parsed.packet.type == PktType::data);
    CHECK(parsed.packet.payload == "hello");
    CHECK(parsed.packet.payload.data() == buffer.data() + 4);
    CHECK(parsed.consumed == 9);
}

TEST_CASE("parse_pkt reads the markers 0000, 0001 and 0002", "[gitcore][pkt_line]")
{
    struct Case {
        std::string_view bytes;
        PktType type;
    };
    for (auto [bytes, type] : {Case{"0000", PktType::flush}, Case{"0001", PktType::delim},
                               Case{"0002", PktType::response_end}}) {
        INFO(bytes);
        auto buffer = std::string(bytes) + "0009hello";
        auto parsed = gitcore::parse_pkt(buffer);
        REQUIRE(parsed.status == PktStatus::packet);
        CHECK(parsed.packet.type == type);
        CHECK(parsed.packet.payload.empty());
        CHECK(parsed.consumed == 4);
    }
}

TEST_CASE("parse_pkt takes upper-case hex and the longest packet", "[gitcore][pkt_line]")
{
    auto upper = gitcore::parse_pkt("000AHELLO\n");
    REQUIRE(upper.status == PktStatus::packet);
    CHECK(upper.packet.payload == "HELLO\n");

    auto longest = gitcore::parse_pkt("fff0" + std::string(gitcore::pkt_max_payload, 'p'));
    REQUIRE(longest.status == PktStatus::packet);
    CHECK(longest.consumed == 65520);
    CHECK(longest.packet.payload.size() == 65516);
}

TEST_CASE("parse_pkt tells garbage from packets and from short input", "[gitcore][pkt_line]")
{
    struct Case {
        std::string_view bytes;
        PktStatus status;
        std::string_view error = {};
    };
    const std::string_view not_hex = "pkt-line length is not hex";
    const Case cases[] = {
        {"", PktStatus::need_more},
        {"0", PktStatus::need_more},
        {"00", PktStatus::need_more},
        {"000", PktStatus::need_more},
        {"0004", PktStatus::packet}, // an empty data packet
        {"0005", PktStatus::need_more},
        {"zzzz", PktStatus::malformed, not_hex},
        {"z", PktStatus::malformed, not_hex},
        {"0g", PktStatus::malformed, not_hex},
        {"000g", PktStatus::malformed, not_hex},
        {"-001", PktStatus::malformed, not_hex},
        {" 001", PktStatus::malformed, not_hex},
        {"+004", PktStatus::malformed, not_hex},
        {"0x04", PktStatus::malformed, not_hex},
        {"00\n4", PktStatus::malformed, not_hex},
        {std::string_view("00\0"
                          "4",
                          4),
         PktStatus::malformed, not_hex},
        {"0003", PktStatus::malformed, "pkt-line length 0003 is invalid"},
        {"fff1", PktStatus::malformed, "pkt-line length exceeds 65520"},
        {"FFFF", PktStatus::malformed, "pkt-line length exceeds 65520"},
    };
    for (const auto& c : cases) {
        INFO('"' << c.bytes << '"');
        auto parsed = gitcore::parse_pkt(c.bytes);
        CHECK(parsed.status == c.status);
        CHECK(parsed.error == c.error);
        if (c.status != PktStatus::packet)
            CHECK(parsed.consumed == 0);
    }
}

TEST_CASE("every proper prefix of a packet needs more bytes", "[gitcore][pkt_line]")
{
    for (std::string_view packet : {"0000", "0001", "0002", "0004", "0009hello", "000cls-refs\n"}) {
        for (std::size_t length = 0; length < packet.size(); ++length) {
            auto prefix = packet.substr(0, length);
            INFO('"' << prefix << '"');
            auto parsed = gitcore::parse_pkt(prefix);
            REQUIRE(parsed.status == PktStatus::need_more);
            CHECK(parsed.consumed == 0);
            CHECK(parsed.needed == (length < 4 ? 4 : packet.size()));
        }
    }
}

TEST_CASE("PktLineReader reads the same packets however the stream is split", "[gitcore][pkt_line]")
{
    Stream stream;
    std::string_view bytes = stream.bytes;

    SECTION("in one chunk")
    {
        gitcore::PktLineReader reader;
        CHECK(read_chunks({bytes}, reader) == stream.packets);
        CHECK(reader.partial_size() == 0);
    }
    SECTION("in two chunks split at every byte boundary")
    {
        std::size_t mismatches = 0;
        for (std::size_t split = 0; split <= bytes.size(); ++split) {
            gitcore::PktLineReader reader;
            auto packets = read_chunks({bytes.substr(0, split), bytes.substr(split)}, reader);
            if (packets != stream.packets || reader.partial_size() != 0) {
                UNSCOPED_INFO("split at " << split);
                ++mismatches;
            }
        }
        CHECK(mismatches == 0);
    }
    SECTION("byte by byte, never holding more than one packet")
    {
        gitcore::PktLineReader reader;
        std::vector<OwnedPkt> packets;
        std::size_t most_held = 0;
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            auto more = read_chunks({bytes.substr(i, 1)}, reader);
            packets.insert(packets.end(), more.begin(), more.end());
            most_held = std::max(most_held, reader.partial_size());
        }
        CHECK(packets == stream.packets);
        CHECK(most_held == gitcore::pkt_max_length - 1);
    }
}

TEST_CASE("PktLineReader returns packets inside a chunk as views of it", "[gitcore][pkt_line]")
{
    std::string_view bytes = "0009hello0000";
    gitcore::PktLineReader reader;
    reader.feed(bytes);
    auto first = reader.next();
    REQUIRE(first.value());
    CHECK(first.value()->payload.data() == bytes.data() + 4);
}

TEST_CASE("PktLineReader keeps a truncated packet and fails for good on garbage",
          "[gitcore][pkt_line]")
{
    gitcore::PktLineReader reader;
    CHECK(read_chunks({"0009hello", "0009hel"}, reader).size() == 1);
    CHECK(reader.partial_size() == 7);

    reader.feed("lo000");
    auto packet = reader.next();
    REQUIRE(packet.value());
    CHECK(packet.value()->payload == "hello");
    CHECK_FALSE(reader.next().value());

    reader.feed("zzzz0000");
    auto error = reader.next();
    REQUIRE(error.is_error());
    CHECK(error.error().code == forge::ErrorCode::invalid_argument);
    CHECK(error.error().message == "pkt-line length is not hex");
    reader.feed("0000");
    CHECK(reader.next().is_error());
}

TEST_CASE("PktLineReader loses nothing when fed before it was drained", "[gitcore][pkt_line]")
{
    gitcore::PktLineReader reader;
    reader.feed("0009hello00");
    REQUIRE(reader.next().value());
    reader.feed("000005"); // "0000" still follows "hello"
    std::vector<OwnedPkt> rest = read_chunks({"t000"}, reader);
    std::vector<OwnedPkt> expected = {{PktType::flush, ""}, {PktType::data, "t"}};
    CHECK(rest == expected);
    CHECK(reader.partial_size() == 3);
}

TEST_CASE("pkt_data, pkt_text and the markers write what parse_pkt reads", "[gitcore][pkt_line]")
{
    CHECK(framed("hello") == "0009hello");
    CHECK(framed("") == "0004");
    CHECK(framed(std::string(255, 'a')).substr(0, 4) == "0103");
    CHECK(gitcore::pkt_flush() == "0000");
    CHECK(gitcore::pkt_delim() == "0001");
    CHECK(gitcore::pkt_response_end() == "0002");
    CHECK(gitcore::pkt_text("ls-refs").value() == "000cls-refs\n");
    CHECK(gitcore::pkt_text("ls-refs\n").value() == "000cls-refs\n");

    for (std::size_t size : {0, 1, 1000, 65516}) {
        std::string payload(size, 'q');
        auto bytes = framed(payload);
        auto parsed = gitcore::parse_pkt(bytes);
        REQUIRE(parsed.status == PktStatus::packet);
        CHECK(parsed.consumed == bytes.size());
        CHECK(parsed.packet.payload == payload);
    }
}

TEST_CASE("pkt_data and pkt_text refuse payloads over 65516 bytes", "[gitcore][pkt_line]")
{
    auto data = gitcore::pkt_data(std::string(gitcore::pkt_max_payload + 1, 'x'));
    REQUIRE(data.is_error());
    CHECK(data.error().code == forge::ErrorCode::too_large);
    // The newline pkt_text adds counts too.
    CHECK(gitcore::pkt_text(std::string(gitcore::pkt_max_payload, 'x')).is_error());
    CHECK_FALSE(gitcore::pkt_text(std::string(gitcore::pkt_max_payload - 1, 'x')).is_error());
}

TEST_CASE("chomp strips one trailing newline", "[gitcore][pkt_line]")
{
    CHECK(gitcore::chomp("want abc\n") == "want abc");
    CHECK(gitcore::chomp("a\n\n") == "a\n");
    CHECK(gitcore::chomp("a") == "a");
    CHECK(gitcore::chomp("\n").empty());
    CHECK(gitcore::chomp("").empty());
}

TEST_CASE("sideband_packets splits data into full band-prefixed packets", "[gitcore][pkt_line]")
{
    std::string data;
    for (std::size_t i = 0; i < 200'000; ++i)
        data += static_cast<char>((i * 7919) >> 3);
    for (std::size_t max_packet :
         {gitcore::sideband_64k_max_packet, gitcore::sideband_max_packet, std::size_t{6}}) {
        for (int band :
             {gitcore::sideband_data, gitcore::sideband_progress, gitcore::sideband_error}) {
            INFO("band " << band << ", max_packet " << max_packet);
            auto framed_data = gitcore::sideband_packets(band, data, max_packet);
            REQUIRE_FALSE(framed_data.is_error());
            std::string_view rest = *framed_data;
            std::string joined;
            std::size_t packets = 0;
            bool well_formed = true;
            while (!rest.empty() && well_formed) {
                auto parsed = gitcore::parse_pkt(rest);
                auto payload = parsed.packet.payload;
                well_formed = parsed.status == PktStatus::packet && payload.size() >= 2 &&
                              parsed.consumed <= max_packet && payload[0] == band;
                joined += payload.substr(std::min<std::size_t>(1, payload.size()));
                rest.remove_prefix(parsed.consumed);
                ++packets;
            }
            CHECK(well_formed);
            CHECK(joined == data);
            auto room = max_packet - 5;
            CHECK(packets == (data.size() + room - 1) / room);
        }
    }
}

TEST_CASE("sideband_packets writes nothing for no data and refuses bad arguments",
          "[gitcore][pkt_line]")
{
    CHECK(gitcore::sideband_packets(gitcore::sideband_progress, "", 1000).value().empty());
    CHECK(gitcore::sideband_packets(2, "x", 6).value() == "0006\x02x");
    for (int band : {0, 4, -1})
        CHECK(gitcore::sideband_packets(band, "x", 1000).error().code ==
              forge::ErrorCode::invalid_argument);
    for (std::size_t max_packet : {0, 5, 65521})
        CHECK(gitcore::sideband_packets(1, "x", max_packet).is_error());
}
