// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/io.h"
#include "forge/common/result.h"

#include <filesystem>
#include <memory>

namespace gitcore {

class PacketInput;
class PackCache;

// One round of protocol v0/v1 negotiation over stateless HTTP: the client sends its wants
// (with capabilities, shallow and deepen lines), then the haves of this round ended by a
// flush or "done"; the answer is the shallow update, the ACK/NAK lines, and the pack once
// negotiation is over. prepare() fails with invalid_argument for malformed requests and
// for wants that no ref reaches, before any response is sent.
class UploadPackV0 {
  public:
    // `cache`, when given, answers repeated identical fetches (see PackCache).
    static forge::Result<UploadPackV0> prepare(const std::filesystem::path& repo, PacketInput&,
                                               PackCache* cache = nullptr);
    UploadPackV0(UploadPackV0&&) noexcept;
    ~UploadPackV0();

    // Fails only when `out` fails.
    forge::Result<void> respond(forge::ByteSink& out);

    struct State;

  private:
    explicit UploadPackV0(std::unique_ptr<State>);
    std::unique_ptr<State> m_state;
};

} // namespace gitcore
