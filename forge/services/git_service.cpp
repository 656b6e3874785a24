// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/git_service.h"

namespace forge::services {

Result<GitRepository> open_git_repository(Services& services, const auth::Viewer& viewer,
                                          const ProjectPath& path, GitOperation operation)
{
    auto opened = TRY(open_project(services, viewer, path));
    if (operation == GitOperation::push) {
        if (!viewer.signed_in())
            return Error::unauthenticated("sign in to push");
        if (!auth::may_push(opened.level))
            return Error::forbidden("you may not push to '" + path.to_string() + "'");
    }
    auto repo = services.repos().path_for(opened.project.id);
    return GitRepository{std::move(opened.project), opened.level, std::move(repo)};
}

} // namespace forge::services
