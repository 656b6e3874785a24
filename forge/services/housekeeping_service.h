// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <filesystem>

namespace forge::services {

// After a push: when the repository has gathered enough packs, repacks it with a bitmap
// on a background thread, so that neither the push nor later fetches wait for it. The
// repository's own lock file keeps repacks of several forge processes apart; a process
// that exits mid-repack leaves git to finish it.
void schedule_housekeeping(const std::filesystem::path& repository);

} // namespace forge::services
