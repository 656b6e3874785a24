// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/push_service.h"

#include "forge/common/clock.h"
#include "forge/db/project_store.h"
#include "forge/db/protected_branch_store.h"

#include <set>

namespace forge::services {

namespace {

constexpr std::string_view branch_prefix = "refs/heads/";

// The rule itself is auth's; this only says what kind of change the update is.
std::string protected_refusal(const gitcore::RefUpdate& update, const gitcore::UpdateFacts& facts,
                              auth::AccessLevel level)
{
    auto change = update.is_delete()    ? auth::BranchChange::deletion
                  : !facts.fast_forward ? auth::BranchChange::force_update
                                        : auth::BranchChange::update;
    return auth::protected_branch_refusal(level, change);
}

} // namespace

Result<gitcore::RefPolicy> push_policy(Services& services, const GitRepository& repository)
{
    auto branches = TRY(services.database().read([&](db::Connection& c) {
        return db::protected_branch_store::for_project(c, repository.project.id);
    }));
    std::set<std::string> protected_refs;
    for (const auto& branch : branches)
        protected_refs.insert(std::string(branch_prefix) + branch);
    auto level = repository.level;
    return gitcore::RefPolicy([protected_refs, level](const gitcore::RefUpdate& update,
                                                      const gitcore::UpdateFacts& facts) {
        if (update.name.rfind("refs/merge-requests/", 0) == 0)
            return std::string("refs/merge-requests/ is managed by the forge");
        if (protected_refs.count(update.name))
            return protected_refusal(update, facts, level);
        return std::string();
    });
}

Result<void> record_push(Services& services, const Actor& actor, const GitRepository& repository,
                         const gitcore::PushOutcome& outcome)
{
    std::string project = repository.project.owner.name + "/" + repository.project.name;
    int64_t project_id = repository.project.id;
    return services.database().write([&](db::Connection& c) -> Result<void> {
        bool moved = false;
        for (const auto& result : outcome.results) {
            if (!result.error.empty())
                continue;
            const auto& update = result.update;
            std::string action = update.is_create()   ? "ref.create"
                                 : update.is_delete() ? "ref.delete"
                                                      : "ref.update";
            TRY(record_for_project(c, actor, project_id, action, project,
                                   update.name + " " + update.old_id + " " + update.new_id));
            moved = true;
        }
        // Listings sort projects by their latest activity.
        if (moved)
            TRY(db::project_store::touch(c, project_id, unix_now()));
        return {};
    });
}

} // namespace forge::services
