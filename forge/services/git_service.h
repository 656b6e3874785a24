// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "auth/access.h"
#include "auth/resolver.h"
#include "forge/common/result.h"
#include "forge/db/project_store.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"

#include <filesystem>

namespace forge::services {

// A project's repository as one caller may use it over git.
struct GitRepository {
    db::ProjectRow project;
    auth::AccessLevel level = auth::AccessLevel::none;
    std::filesystem::path path;
};

enum class GitOperation { fetch, push };

// The repository for a git request. not_found when the project does not exist or the
// viewer may not read it (the HTTP layer turns that into 401 for anonymous callers);
// unauthenticated for an anonymous push; forbidden for a push without write access.
Result<GitRepository> open_git_repository(Services&, const auth::Viewer&, const ProjectPath&,
                                          GitOperation);

} // namespace forge::services
