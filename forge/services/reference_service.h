// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/references.h"
#include "forge/common/result.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"

#include <optional>
#include <string>

// What a reference in a text written in a project points at, as one viewer may see it:
// nothing is resolved that the viewer could not open, so rendered links never reveal
// private projects or confidential issues.
namespace forge::services {

struct ResolvedReference {
    enum class Kind { issue, merge_request, user, group, commit };
    Kind kind = Kind::issue;
    ProjectPath project; // issues, merge requests and commits
    int64_t number = 0;
    std::string name;   // users and groups
    std::string commit; // the full id
};

// nullopt when the reference points at nothing the viewer may see.
Result<std::optional<ResolvedReference>>
resolve_reference(Services&, const auth::Viewer&, const ProjectPath& here, const Reference&);

} // namespace forge::services
