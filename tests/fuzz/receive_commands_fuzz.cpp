// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// Fuzzes what receive-pack reads before the pack: the input, served in chunks of varying
// size, is read as push commands. Garbage must be refused with invalid_argument. Commands
// that parse get a made-up outcome, and the report-status answer for it must read back,
// side-band frames removed, as one line per update in order.
#include "tests/fuzz/fuzz_io.h"

#include "gitcore/packet_io.h"
#include "gitcore/pkt_line.h"
#include "gitcore/receive_pack.h"
#include "gitcore/ref_names.h"
#include "gitcore/refs.h"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

using gitcore::PktStatus;
using gitcore::PktType;

namespace {

constexpr const char* target = "receive_commands";

void check_request(const gitcore::PushRequest& request)
{
    std::set<std::string> names;
    for (const auto& update : request.updates) {
        fuzz::require(gitcore::is_object_id(update.old_id) && gitcore::is_object_id(update.new_id),
                      target, "commands carry object ids");
        fuzz::require(!update.name.empty(), target, "commands name a ref");
        fuzz::require(names.insert(update.name).second, target, "no ref is named twice");
    }
    fuzz::require(request.push_options.empty() || request.has("push-options"), target,
                  "push options come only with the capability");
}

// What receive_push could have answered: unpacking failed for every update, or each is
// refused or accepted; a name git would call funny is always refused.
gitcore::PushOutcome outcome_for(const gitcore::PushRequest& request, std::string_view input)
{
    gitcore::PushOutcome outcome;
    if (input.size() % 5 == 0)
        outcome.unpack_error = "index-pack failed";
    for (size_t i = 0; i < request.updates.size(); ++i) {
        const auto& update = request.updates[i];
        std::string error;
        if (!outcome.unpack_error.empty())
            error = "unpacker error";
        else if (!gitcore::is_valid_ref_name(update.name))
            error = "funny refname";
        else if ((input.size() + i) % 3 == 0)
            error = "stale info";
        outcome.results.push_back({update, error});
    }
    return outcome;
}

// The next packet of `rest`, which must be one; consumes it.
gitcore::Pkt take_packet(std::string_view& rest)
{
    auto parsed = gitcore::parse_pkt(rest);
    fuzz::require(parsed.status == PktStatus::packet, target, "the report is whole pkt-lines");
    rest.remove_prefix(parsed.consumed);
    return parsed.packet;
}

// The report without its side-band framing: band-1 packets, then a flush.
std::string unband(std::string_view report)
{
    std::string joined;
    for (;;) {
        auto packet = take_packet(report);
        if (packet.type == PktType::flush)
            break;
        fuzz::require(packet.type == PktType::data && packet.payload.size() > 1 &&
                          packet.payload[0] == gitcore::sideband_data,
                      target, "a side-band report is band-1 data packets");
        joined += packet.payload.substr(1);
    }
    fuzz::require(report.empty(), target, "nothing follows the side-band flush");
    return joined;
}

void check_report(const gitcore::PushRequest& request, const gitcore::PushOutcome& outcome,
                  const std::string& report)
{
    bool reports = request.has("report-status") || request.has("report-status-v2");
    if (request.updates.empty() || !reports) {
        fuzz::require(report.empty(), target, "no report unless one is asked for and due");
        return;
    }
    std::string inner = request.has("side-band-64k") ? unband(report) : report;
    std::string_view rest = inner;
    std::vector<std::string> expected = {
        outcome.unpack_error.empty() ? "unpack ok" : "unpack " + outcome.unpack_error};
    for (const auto& result : outcome.results)
        expected.push_back(result.error.empty() ? "ok " + result.update.name
                                                : "ng " + result.update.name + " " + result.error);
    for (const auto& line : expected) {
        auto packet = take_packet(rest);
        fuzz::require(packet.type == PktType::data && gitcore::chomp(packet.payload) == line,
                      target, "the report has one line per update, in order");
    }
    fuzz::require(take_packet(rest).type == PktType::flush && rest.empty(), target,
                  "the report ends with a flush");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view input(reinterpret_cast<const char*>(data), size);
    fuzz::ChunkedSource source(input);
    gitcore::PacketInput packets(source);
    auto request = gitcore::read_push_commands(packets);
    fuzz::require_client_error(request, target, "read_push_commands");
    if (request.is_error())
        return 0;
    check_request(request.value());
    auto outcome = outcome_for(request.value(), input);
    check_report(request.value(), outcome, gitcore::encode_report(request.value(), outcome));
    return 0;
}
