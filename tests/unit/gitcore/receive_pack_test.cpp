// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// What receive-pack reads before the pack (read_push_commands) and the report it answers
// with (encode_report), byte for byte.
#include "tests/unit/gitcore/git_fixture.h"
#include "tests/unit/gitcore/wire.h"

#include "gitcore/packet_io.h"
#include "gitcore/receive_pack.h"
#include "gitcore/refs.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

using gitcore::testing::Wire;
namespace ids = gitcore::testing::ids;

namespace {

const std::string zero(gitcore::zero_id), c3(ids::c3), c4(ids::c4), s1(ids::s1);
const std::string pack_start("PACK\0\0\0\2\0\0\0\0", 12); // a pack header, no objects

std::string command(const std::string& old_id, const std::string& new_id, const std::string& name)
{
    return old_id + " " + new_id + " " + name;
}

// The first command, with capabilities after a NUL as git sends them.
std::string first_command(const std::string& name, const std::string& capabilities)
{
    return command(zero, c4, name) + std::string(1, '\0') + capabilities;
}

forge::Result<gitcore::PushRequest> read_commands(const Wire& wire, std::string* rest = nullptr)
{
    gitcore::testing::StringSource source(wire.bytes());
    gitcore::PacketInput input(source);
    auto request = gitcore::read_push_commands(input);
    char buffer[64];
    while (rest && !request.is_error()) {
        auto n = input.read_raw(buffer, sizeof buffer);
        if (n.is_error() || n.value() == 0)
            break;
        rest->append(buffer, n.value());
    }
    return request;
}

gitcore::PushRequest request_with(const std::set<std::string>& capabilities)
{
    gitcore::PushRequest request;
    request.updates = {{zero, c4, "refs/heads/main"}, {s1, zero, "refs/heads/side"}};
    request.capabilities = capabilities;
    return request;
}

gitcore::PushOutcome outcome_for(const gitcore::PushRequest& request)
{
    return {"", {{request.updates[0], ""}, {request.updates[1], "stale info"}}};
}

} // namespace

TEST_CASE("read_push_commands reads git's commands and capabilities",
          "[gitcore][negotiation][receive_pack]")
{
    auto wire = Wire()
                    .line(first_command("refs/heads/main",
                                        "report-status side-band-64k atomic agent=git/2.39.5"))
                    .line(command(s1, zero, "refs/heads/side"))
                    .flush()
                    .raw(pack_start);
    std::string rest;
    auto request = read_commands(wire, &rest);
    INFO((request.is_error() ? request.error().message : ""));
    REQUIRE_FALSE(request.is_error());
    REQUIRE(request->updates.size() == 2);
    CHECK(request->updates[0].name == "refs/heads/main");
    CHECK(request->updates[0].is_create());
    CHECK(request->updates[0].new_id == c4);
    CHECK(request->updates[1].name == "refs/heads/side");
    CHECK(request->updates[1].is_delete());
    CHECK(request->capabilities ==
          std::set<std::string>{"report-status", "side-band-64k", "atomic", "agent=git/2.39.5"});
    CHECK(request->push_options.empty());
    CHECK(rest == pack_start);

    SECTION("push options follow the commands when asked for")
    {
        auto with_options =
            Wire()
                .line(first_command("refs/heads/main", "report-status push-options"))
                .flush()
                .line("ci.skip")
                .line("merge_request.create")
                .flush()
                .raw(pack_start);
        std::string after;
        auto parsed = read_commands(with_options, &after);
        REQUIRE_FALSE(parsed.is_error());
        CHECK(parsed->push_options == std::vector<std::string>{"ci.skip", "merge_request.create"});
        CHECK(after == pack_start);
    }
    SECTION("a lone flush is git's probe: no commands")
    {
        auto probe = read_commands(Wire().flush());
        REQUIRE_FALSE(probe.is_error());
        CHECK(probe->updates.empty());
    }
}

TEST_CASE("read_push_commands refuses malformed commands", "[gitcore][negotiation][receive_pack]")
{
    const std::string first = first_command("refs/heads/main", "report-status");
    struct Case {
        const char* name;
        Wire wire;
    };
    std::vector<Case> cases = {
        {"a ref named twice",
         Wire().line(first).line(command(zero, c3, "refs/heads/main")).flush()},
        {"no ref name", Wire().line(zero + " " + c4).flush()},
        {"no space after the old id", Wire().line(zero + "_" + c4 + " refs/heads/main").flush()},
        {"an id that is not hex",
         Wire().line(command(zero, std::string(40, 'g'), "refs/x")).flush()},
        {"no flush after the commands", Wire().line(first)},
        {"a delim among the commands", Wire().line(first).delim().flush()},
        {"a truncated packet", Wire().raw(Wire().line(first).bytes().substr(0, 30))},
        {"push options without their flush",
         Wire().line(first_command("refs/heads/main", "push-options")).flush().line("ci.skip")},
    };
    for (const auto& test : cases) {
        DYNAMIC_SECTION(test.name)
        {
            auto request = read_commands(test.wire);
            REQUIRE(request.is_error());
            CHECK(request.error().code == forge::ErrorCode::invalid_argument);
        }
    }
}

TEST_CASE("read_push_commands accepts the shallow lines of a push from a shallow clone",
          "[gitcore][negotiation][receive_pack]")
{
    // git's send-pack writes "shallow <id>" for each shallow commit before the commands,
    // and git's receive-pack reads them (receive.shallowUpdate decides what they allow).
    auto request = read_commands(Wire()
                                     .line("shallow " + c3)
                                     .line(first_command("refs/heads/main", "report-status"))
                                     .flush());
    INFO((request.is_error() ? request.error().message : ""));
    REQUIRE_FALSE(request.is_error());
    CHECK(request->updates.size() == 1);
}

TEST_CASE("encode_report writes git's report-status", "[gitcore][negotiation][receive_pack]")
{
    const std::string report = "000eunpack ok\n"
                               "0017ok refs/heads/main\n"
                               "0022ng refs/heads/side stale info\n"
                               "0000";
    SECTION("plain")
    {
        auto request = request_with({"report-status"});
        CHECK(gitcore::encode_report(request, outcome_for(request)) == report);
    }
    SECTION("in side-band-64k: the report with its flush on band 1, then a flush")
    {
        auto request = request_with({"report-status", "side-band-64k"});
        CHECK(gitcore::encode_report(request, outcome_for(request)) ==
              "0050\x01" + report + "0000");
    }
    SECTION("an unpack failure")
    {
        auto request = request_with({"report-status-v2"});
        gitcore::PushOutcome outcome{
            "index-pack failed",
            {{request.updates[0], "unpacker error"}, {request.updates[1], "unpacker error"}}};
        CHECK(gitcore::encode_report(request, outcome) == "001dunpack index-pack failed\n"
                                                          "0026ng refs/heads/main unpacker error\n"
                                                          "0026ng refs/heads/side unpacker error\n"
                                                          "0000");
    }
    SECTION("nothing when the client asked for no report")
    {
        auto request = request_with({"side-band-64k"});
        CHECK(gitcore::encode_report(request, outcome_for(request)).empty());
    }
}
