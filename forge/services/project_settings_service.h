// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/db/grant_store.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"

#include <string>
#include <vector>

// The settings pages of a project. Unless said otherwise every function needs admin
// access to the project and fails with not_found when the project does not exist or the
// actor may not read it, and with forbidden when the actor may read it but not change it.
namespace forge::services {

struct ProjectSettings {
    std::string description; // at most 2000 characters
    std::string visibility;  // "public", "internal" or "private"
    std::string default_branch;
};

// Also points the repository's HEAD at refs/heads/<default_branch> (the branch need not
// exist yet). Errors besides the above: invalid_argument (visibility, branch name,
// description).
Result<void> update_project(Services&, const Actor&, const ProjectPath&, const ProjectSettings&);

// Returns the new path. The repository stays where it is: it is addressed by id.
// Errors besides the above: invalid_argument (name), conflict (name taken).
Result<ProjectPath> rename_project(Services&, const Actor&, const ProjectPath&,
                                   std::string new_name);

// Moves the project to another user or group and returns the new path. Besides admin on
// the project the actor needs the right to create projects there: their own name, a
// group they own, or any owner for site administrators. Grants and protected branches
// stay. Errors besides the above: not_found (new owner), forbidden (may not create
// there), conflict (the new owner has a project of that name), invalid_argument (same
// owner).
Result<ProjectPath> transfer_project(Services&, const Actor&, const ProjectPath&,
                                     std::string new_owner);

// Deletes the project with its grants and protected branches, then its repository. Should
// the repository not go (it is no longer reachable), the log says so; its id is never
// reused.
Result<void> delete_project(Services&, const Actor&, const ProjectPath&);

// Grants by grantee name (groups and users together).
Result<std::vector<db::GrantRow>> list_grants(Services&, const Actor&, const ProjectPath&);

// Revokes the grant of a user or, written "@name", a group. not_found when there is no
// such grant.
Result<void> revoke_access(Services&, const Actor&, const ProjectPath&, const std::string& grantee);

// Protected branches by name; everyone who may read the project may see them.
Result<std::vector<std::string>> list_protected_branches(Services&, const Actor&,
                                                         const ProjectPath&);

// not_found when the branch is not protected.
Result<void> unprotect_branch(Services&, const Actor&, const ProjectPath&,
                              const std::string& branch);

} // namespace forge::services
