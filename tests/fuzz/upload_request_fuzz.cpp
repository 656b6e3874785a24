// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// Fuzzes what upload-pack reads from a client. The input, served in chunks of varying size,
// is read as a protocol v2 request and, separately, as one protocol v0 negotiation round
// over stateless HTTP. What parses is prepared against a real bare repository, made once
// per process, and answered into a sink that only counts. Garbage must be refused with
// invalid_argument, never with another code, and so must an answer that fails while its
// sink does not: UploadPackV0 finds an unknown deepen-not ref or client shallow commit
// only while answering.
#include "tests/fuzz/fuzz_io.h"
#include "tests/unit/gitcore/git_fixture.h"

#include "gitcore/packet_io.h"
#include "gitcore/upload_pack_v0.h"
#include "gitcore/upload_pack_v2.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string_view>

namespace {

constexpr const char* target = "upload_request";

// The corpus names the fixture's object ids, so they must be what the repository holds.
std::filesystem::path make_repository(const gitcore::testing::GitFixture& fixture)
{
    auto created = fixture.repository("fuzz.git");
    if (created.is_error())
        std::fprintf(stderr, "%s\n", created.error().message.c_str());
    fuzz::require(!created.is_error(), target, "the fixture repository can be made");
    auto tip = fixture.rev_parse(*created, "refs/heads/main");
    fuzz::require(!tip.is_error() && *tip == gitcore::testing::ids::c4, target,
                  "the fixture repository has the object ids the corpus names");
    return created.release_value();
}

const std::filesystem::path& repository()
{
    static gitcore::testing::GitFixture fixture;
    static const std::filesystem::path path = make_repository(fixture);
    return path;
}

template <typename Command> void answer(Command& command, bool says_something)
{
    fuzz::CountingSink sink;
    auto answered = command.respond(sink);
    fuzz::require_client_error(answered, target, "respond");
    fuzz::require(answered.is_error() || !says_something || sink.bytes() > 0, target,
                  "a v2 answer is never empty");
}

void fuzz_v2(std::string_view input)
{
    fuzz::ChunkedSource source(input);
    gitcore::PacketInput packets(source);
    auto request = gitcore::read_v2_request(packets);
    fuzz::require_client_error(request, target, "read_v2_request");
    if (request.is_error())
        return;
    fuzz::require(!request->command.empty(), target, "a v2 request has a command");
    auto prepared = gitcore::UploadPackV2::prepare(repository(), request.release_value());
    fuzz::require_client_error(prepared, target, "UploadPackV2::prepare");
    if (!prepared.is_error())
        answer(prepared.value(), true);
}

void fuzz_v0(std::string_view input)
{
    fuzz::ChunkedSource source(input);
    gitcore::PacketInput packets(source);
    auto prepared = gitcore::UploadPackV0::prepare(repository(), packets);
    fuzz::require_client_error(prepared, target, "UploadPackV0::prepare");
    // A round without haves, deepening or "done" has nothing to say, as with git.
    if (!prepared.is_error())
        answer(prepared.value(), false);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view input(reinterpret_cast<const char*>(data), size);
    fuzz_v2(input);
    fuzz_v0(input);
    return 0;
}
