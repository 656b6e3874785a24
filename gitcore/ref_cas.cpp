// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// Moving refs for merge requests: the target branch with compare-and-swap, the forge's own
// refs by force.
#include "gitcore/git_objects.h"
#include "gitcore/library.h"
#include "gitcore/merge.h"
#include "gitcore/ref_names.h"
#include "gitcore/ref_updates.h"
#include "gitcore/refs.h"

namespace gitcore {

forge::Result<void> move_ref(Repository& repo, const std::string& name,
                             std::string_view expected_old, std::string_view new_id,
                             const std::string& log_message)
{
    TRY(full_oid(expected_old));
    TRY(full_oid(new_id));
    RefUpdate update{std::string(expected_old), std::string(new_id), name};
    if (update.is_create() && update.is_delete())
        return forge::Error::invalid_argument("nothing to do for " + name);
    // A libgit2 transaction writes whatever id it is given, so the object is checked here;
    // a deletion of a ref that is gone is left to the comparison below (a conflict).
    std::string problem = update.is_delete() ? (is_valid_ref_name(name) ? "" : "funny refname")
                                             : check_update(repo, update);
    if (!problem.empty())
        return forge::Error::invalid_argument("cannot move " + name + ": " + problem);
    // The same locking as pushes use, so that a merge and a push exclude each other.
    std::vector<RefResult> results{RefResult{update, ""}};
    apply_updates(repo, results, false, log_message);
    const auto& error = results.front().error;
    if (error.empty())
        return {};
    if (error == "stale info" || error == "failed to lock")
        return forge::Error::conflict(name + " was changed by someone else meanwhile");
    return forge::Error::internal("could not move " + name + ": " + error);
}

forge::Result<void> force_ref(Repository& repo, const std::string& name, std::string_view new_id,
                              const std::string& log_message)
{
    if (!is_valid_ref_name(name))
        return forge::Error::invalid_argument("'" + name + "' is no valid ref name");
    if (new_id == zero_id) {
        int rc = git_reference_remove(repo.raw(), name.c_str());
        if (rc < 0 && rc != GIT_ENOTFOUND)
            return last_error(rc, "delete " + name);
        return {};
    }
    git_oid oid = TRY(full_oid(new_id));
    git_reference* raw = nullptr;
    // libgit2 refuses ids of objects the repository lacks (strict object creation is on).
    if (int rc = git_reference_create(&raw, repo.raw(), name.c_str(), &oid, 1, log_message.c_str());
        rc < 0)
        return last_error(rc, "set " + name);
    ReferencePtr created(raw);
    return {};
}

} // namespace gitcore
