// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <filesystem>
#include <string>
#include <vector>

namespace gitcore {

class PacketInput;

// A directory inside the repository's objects/ where a pushed pack waits until the push
// is accepted. Objects there are visible to checks run with environment(), not to anyone
// else; the directory is removed when the Quarantine goes away unless accept() moved
// its packs into the repository.
class Quarantine {
  public:
    static forge::Result<Quarantine> create(const std::filesystem::path& repo);
    Quarantine(Quarantine&&) noexcept;
    Quarantine& operator=(Quarantine&&) = delete;
    ~Quarantine();

    // Streams the pack that follows in `input` through `git index-pack --fix-thin`.
    // Returns "" on success or the reason the pack was refused.
    forge::Result<std::string> receive_pack(PacketInput& input);
    // "" when every object reachable from `tips` exists (in the repository or the
    // quarantine), else the reason.
    forge::Result<std::string> check_connected(const std::vector<std::string>& tips);
    // Moves the received packs into objects/pack, index last so that readers never see
    // an index without its pack.
    forge::Result<void> accept();

    // GIT_* variables that make git see the quarantined objects beside the repository's.
    std::vector<std::string> environment() const;

  private:
    Quarantine(std::filesystem::path repo, std::filesystem::path directory);
    std::filesystem::path m_repo;
    std::filesystem::path m_directory;
};

} // namespace gitcore
