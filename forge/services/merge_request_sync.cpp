// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/merge_request_sync.h"

#include "forge/common/clock.h"
#include "forge/common/log.h"
#include "forge/db/review_store.h"
#include "forge/services/merge_request_records.h"
#include "gitcore/merge.h"
#include "gitcore/ref_updates.h"
#include "gitcore/refs.h"

namespace forge::services {

namespace {

struct Finding {
    std::string status = "unchecked";
    std::string base_id;
    bool fast_forward = false;
    std::string conflicts;
};

// The trial merge is made by the forge, not by a person.
gitcore::Signature forge_signature()
{
    return gitcore::Signature{"Forge", "forge@localhost", unix_now(), 0};
}

std::string revision_ref(int64_t number, int64_t revision)
{
    return "refs/merge-requests/" + std::to_string(number) + "/revisions/" +
           std::to_string(revision);
}

Result<Finding> check(gitcore::Repository& repo, const db::MergeRequestRow& row)
{
    Finding finding;
    std::string target_id = gitcore::current_value_of(repo, "refs/heads/" + row.target_branch);
    if (target_id == gitcore::zero_id)
        return finding;
    auto base = TRY(gitcore::merge_base(repo, target_id, row.head_id));
    if (!base) {
        finding.status = "unrelated";
        return finding;
    }
    finding.base_id = *base;
    auto merge = TRY(gitcore::check_merge(repo, target_id, row.head_id));
    finding.fast_forward = merge.fast_forward;
    if (merge.up_to_date) {
        finding.status = "up_to_date";
    } else if (merge.mergeable) {
        finding.status = "mergeable";
        gitcore::MergePlan plan{gitcore::MergeStyle::merge_commit,
                                target_id,
                                row.head_id,
                                "Trial merge of !" + std::to_string(row.number),
                                forge_signature(),
                                forge_signature()};
        auto trial = TRY(gitcore::make_merge(repo, plan));
        TRY(gitcore::force_ref(repo, merge_ref(row.number), trial, "trial merge"));
    } else {
        finding.status = "conflict";
        for (const auto& path : merge.conflicts)
            finding.conflicts += path + "\n";
    }
    return finding;
}

} // namespace

Result<std::string> branch_head(const std::filesystem::path& repository, const std::string& branch)
{
    auto repo = TRY(gitcore::Repository::open(repository));
    return gitcore::current_value_of(repo, "refs/heads/" + branch);
}

Result<void> refresh_status(Services& services, const db::MergeRequestRow& row,
                            const db::ProjectRow& target)
{
    auto repo = TRY(gitcore::Repository::open(services.repos().path_for(target.id)));
    auto finding = TRY(check(repo, row));
    if (finding.status != "mergeable")
        TRY(gitcore::force_ref(repo, merge_ref(row.number), gitcore::zero_id, "not mergeable"));
    return services.database().write([&](db::Connection& c) {
        return db::merge_request_store::set_merge_status(c, row.id, row.head_id, finding.base_id,
                                                         finding.status, finding.fast_forward,
                                                         finding.conflicts);
    });
}

Result<void> add_revision(Services& services, const db::MergeRequestRow& row,
                          const db::ProjectRow& target, const std::string& head_id)
{
    if (!row.source_project_id || head_id == row.head_id)
        return {};
    auto target_path = services.repos().path_for(target.id);
    if (*row.source_project_id != target.id)
        TRY(gitcore::import_commit(target_path, services.repos().path_for(*row.source_project_id),
                                   head_id));
    auto repo = TRY(gitcore::Repository::open(target_path));
    auto common = TRY(gitcore::merge_base(repo, row.head_id, head_id));
    bool forced = !common || *common != row.head_id;
    std::string target_id = gitcore::current_value_of(repo, "refs/heads/" + row.target_branch);
    std::string base_id;
    if (target_id != gitcore::zero_id) {
        auto base = TRY(gitcore::merge_base(repo, target_id, head_id));
        base_id = base.value_or("");
    }
    int64_t now = unix_now();
    db::RevisionRow revision{0, head_id, base_id, target_id, forced, now};
    auto number = TRY(services.database().write([&](db::Connection& c) -> Result<int64_t> {
        auto added = TRY(db::merge_request_store::add_revision(c, row.id, revision));
        TRY(db::merge_request_store::set_head(c, row.id, head_id, base_id, now));
        auto settings = TRY(db::merge_request_store::settings(c, target.id));
        if (settings.reset_approvals)
            TRY(db::review_store::dismiss_verdicts(c, row.id));
        return added;
    }));
    // Every revision keeps a ref, so that older revisions stay readable after a force-push
    // and after housekeeping prunes unreachable objects.
    TRY(gitcore::force_ref(repo, revision_ref(row.number, number), head_id, "revision"));
    TRY(gitcore::force_ref(repo, head_ref(row.number), head_id, "new revision"));
    db::MergeRequestRow updated = row;
    updated.head_id = head_id;
    updated.base_id = base_id;
    return refresh_status(services, updated, target);
}

Result<void> follow_target(Services& services, const Actor& actor, const db::MergeRequestRow& row,
                           const db::ProjectRow& target)
{
    auto repo = TRY(gitcore::Repository::open(services.repos().path_for(target.id)));
    std::string target_id = gitcore::current_value_of(repo, "refs/heads/" + row.target_branch);
    if (target_id != gitcore::zero_id) {
        auto base = TRY(gitcore::merge_base(repo, target_id, row.head_id));
        if (base && *base == row.head_id) {
            TRY(gitcore::force_ref(repo, merge_ref(row.number), gitcore::zero_id, "merged"));
            return services.database().write([&](db::Connection& c) -> Result<void> {
                TRY(db::merge_request_store::set_merged(c, row.id, actor.viewer.user_id, target_id,
                                                        unix_now()));
                return record_for_project(c, actor, target.id, "merge_request.merge",
                                          request_target(target, row.number),
                                          "by push " + target_id);
            });
        }
    }
    return refresh_status(services, row, target);
}

Result<void> follow_target_branch(Services& services, const Actor& actor,
                                  const db::ProjectRow& target, const std::string& branch)
{
    auto rows = TRY(services.database().read([&](db::Connection& c) {
        return db::merge_request_store::open_into(c, target.id, branch);
    }));
    for (const auto& row : rows) {
        auto followed = follow_target(services, actor, row, target);
        if (followed.is_error())
            log::error("merge request " + request_target(target, row.number) +
                       " not refreshed: " + followed.error().message);
    }
    return {};
}

} // namespace forge::services
