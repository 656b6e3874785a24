// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace gitcore {

// The bare repositories of all projects, addressed by project id so that renames and
// transfers move no files and no user-chosen name reaches a path:
// <root>/<id mod 256 as two hex digits>/<id>.git
class RepoStore {
  public:
    explicit RepoStore(std::filesystem::path root);

    std::filesystem::path path_for(int64_t project_id) const;
    bool exists(int64_t project_id) const;

    // Creates an empty bare repository whose HEAD points at refs/heads/<default_branch>.
    // It is built beside its final place and renamed in, so a crash leaves no
    // half-made repository under the final name. Fails with conflict when one exists.
    forge::Result<void> create(int64_t project_id, std::string_view default_branch);
    // Renames an existing repository out of the way (to <id>.git.orphaned-<suffix>) without
    // deleting anything, for leftovers of a create that crashed before its project row
    // was committed. Succeeds when there was none.
    forge::Result<void> set_aside(int64_t project_id, std::string_view suffix);
    // Deletes the repository; succeeds when there was none.
    forge::Result<void> remove(int64_t project_id);

    const std::filesystem::path& root() const { return m_root; }

  private:
    std::filesystem::path m_root;
};

} // namespace gitcore
