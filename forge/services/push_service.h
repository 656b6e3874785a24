// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/services/git_service.h"
#include "forge/services/services.h"
#include "gitcore/receive_pack.h"

namespace forge::services {

// The rules one push must follow: protected branches take pushes only from maintain and
// above, and never a force-push or a deletion; refs/merge-requests/ belongs to the forge.
// Built once per push from the database; the returned policy needs no database.
Result<gitcore::RefPolicy> push_policy(Services&, const GitRepository&);

// Records every ref the push moved in the audit log (who, project, ref, old, new, when)
// and, when any moved, marks the project as active (projects.updated_at).
Result<void> record_push(Services&, const Actor&, const GitRepository&,
                         const gitcore::PushOutcome&);

} // namespace forge::services
