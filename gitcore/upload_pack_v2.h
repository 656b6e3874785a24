// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/io.h"
#include "forge/common/result.h"
#include "gitcore/shallow.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace gitcore {

class PacketInput;
class PackCache;

// One protocol v2 request: "command=X", capability lines, then (after a delim) arguments.
struct V2Request {
    std::string command;
    std::vector<std::string> capabilities;
    std::vector<std::string> arguments;
};

// Reads one v2 request. invalid_argument for malformed packets, a missing command, an
// object format other than sha1, or more than `max_lines` lines.
forge::Result<V2Request> read_v2_request(PacketInput&, size_t max_lines = 1 << 20);

// A v2 command (ls-refs or fetch) checked against the repository and ready to answer.
// prepare() fails with invalid_argument for unknown commands and arguments and for wants
// that the repository does not have or that no ref reaches, so that these become a 400
// before any response is sent.
class UploadPackV2 {
  public:
    // `cache`, when given, answers repeated identical fetches (see PackCache).
    static forge::Result<UploadPackV2> prepare(const std::filesystem::path& repo, V2Request,
                                               PackCache* cache = nullptr);
    UploadPackV2(UploadPackV2&&) noexcept;
    ~UploadPackV2();

    // Writes the response, streaming the pack for fetch. Fails only when `out` fails.
    forge::Result<void> respond(forge::ByteSink& out);

    struct State;

  private:
    explicit UploadPackV2(std::unique_ptr<State>);
    std::unique_ptr<State> m_state;
};

} // namespace gitcore
