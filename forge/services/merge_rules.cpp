// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/merge_rules.h"

#include "auth/resolver.h"
#include "forge/db/protected_branch_store.h"
#include "forge/db/review_store.h"
#include "forge/services/merge_request_records.h"

#include <map>

namespace forge::services {

Result<Verdicts> count_verdicts(db::Connection& c, const db::MergeRequestRow& row,
                                const db::ProjectRow& project)
{
    auto reviews = TRY(db::review_store::reviews(c, row.id));
    // Oldest first, so the last verdict of each reviewer wins.
    std::map<int64_t, std::string> latest;
    for (const auto& review : reviews)
        if (review.state != "commented" && !review.dismissed)
            latest[review.reviewer_id] = review.state;
    Verdicts verdicts;
    for (const auto& [reviewer_id, state] : latest) {
        if (reviewer_id == row.author_id)
            continue;
        auto viewer = TRY(viewer_of(c, reviewer_id));
        auto level = TRY(auth::Resolver::access(c, viewer, project));
        if (level < auth::AccessLevel::maintain)
            continue;
        if (state == "approved")
            ++verdicts.approvals;
        else
            verdicts.changes_requested = true;
    }
    return verdicts;
}

Result<bool> may_merge_into(db::Connection& c, const db::ProjectRow& project,
                            const std::string& branch, auth::AccessLevel level)
{
    if (level >= auth::AccessLevel::maintain)
        return true;
    if (level < auth::AccessLevel::write)
        return false;
    bool is_protected = TRY(db::protected_branch_store::is_protected(c, project.id, branch));
    return !is_protected;
}

std::string merge_blocker(const db::MergeRequestRow& row, const MergeSettings& settings,
                          const Verdicts& verdicts)
{
    if (row.state == "merged")
        return "the merge request is already merged";
    if (row.state == "closed")
        return "the merge request is closed";
    if (row.merge_status == "conflict")
        return "the changes conflict with " + row.target_branch;
    if (row.merge_status == "unrelated")
        return "the source and target branches have no common history";
    if (row.merge_status == "up_to_date")
        return "there is nothing to merge: " + row.target_branch + " contains every commit";
    if (row.merge_status != "mergeable")
        return "the target branch " + row.target_branch + " does not exist";
    if (verdicts.changes_requested)
        return "a maintainer requested changes";
    if (verdicts.approvals < settings.required_approvals)
        return "it needs " + std::to_string(settings.required_approvals) +
               " approvals from maintainers and has " + std::to_string(verdicts.approvals);
    return "";
}

} // namespace forge::services
