// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/housekeeping_service.h"

#include "forge/common/log.h"
#include "gitcore/housekeeping.h"

#include <thread>

namespace forge::services {

void schedule_housekeeping(const std::filesystem::path& repository)
{
    if (!gitcore::needs_repack(repository))
        return;
    // The thread owns a copy of the path and nothing else, so it may outlive the server.
    std::thread([repository] {
        auto repacked = gitcore::repack(repository);
        if (repacked.is_error())
            log::warning(repacked.error().message);
        else if (repacked.value())
            log::info("repacked " + repository.string());
    }).detach();
}

} // namespace forge::services
