// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "auth/access.h"
#include "forge/common/result.h"
#include "forge/db/project_store.h"
#include "forge/services/services.h"

#include <string>
#include <string_view>

namespace forge::services {

struct ProjectPath {
    std::string owner;
    std::string name;

    std::string to_string() const { return owner + "/" + name; }
};

// Splits "owner/name"; invalid_argument when it is not exactly two non-empty segments.
Result<ProjectPath> parse_project_path(std::string_view);

struct NewProjectRequest {
    ProjectPath path;
    std::string visibility = "private";
    std::string description;
};

// Creates the project row and its empty bare repository together: when either fails,
// neither remains. Users create projects under their own name or in groups they own.
// Errors: invalid_argument (name, visibility), not_found (owner), conflict (name taken),
// forbidden.
Result<db::ProjectRow> create_project(Services&, const Actor&, const NewProjectRequest&);

// A project together with what the viewer may do there.
struct ProjectAccess {
    db::ProjectRow project;
    auth::AccessLevel level = auth::AccessLevel::none;
};

// The project as the viewer sees it: not_found when it does not exist or the viewer may
// not read it, so that hidden projects cannot be told from missing ones.
Result<ProjectAccess> open_project(Services&, const auth::Viewer&, const ProjectPath&);

// Grants `level` (read, write, maintain, admin) to a user or, written "@name", a group,
// replacing an earlier grant. Needs admin on the project.
Result<void> grant_access(Services&, const Actor&, const ProjectPath&, const std::string& grantee,
                          const std::string& level);

// Protects a branch: only maintain and above push to it; nobody force-pushes or deletes
// it. Needs admin on the project. The branch need not exist yet.
Result<void> protect_branch(Services&, const Actor&, const ProjectPath&, const std::string& branch);

} // namespace forge::services
