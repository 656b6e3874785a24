// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/merge_service.h"

#include "forge/common/clock.h"
#include "forge/common/log.h"
#include "forge/db/merge_request_store.h"
#include "forge/db/project_store.h"
#include "forge/db/user_store.h"
#include "forge/services/access_checks.h"
#include "forge/services/issue_service.h"
#include "forge/services/merge_request_records.h"
#include "forge/services/merge_request_sync.h"
#include "forge/services/merge_rules.h"
#include "gitcore/ref_updates.h"
#include "gitcore/refs.h"

namespace forge::services {

namespace {

constexpr std::string_view branch_prefix = "refs/heads/";

bool style_allowed(const MergeSettings& settings, gitcore::MergeStyle style)
{
    switch (style) {
    case gitcore::MergeStyle::merge_commit:
        return settings.allow_merge_commit;
    case gitcore::MergeStyle::squash:
        return settings.allow_squash;
    case gitcore::MergeStyle::fast_forward_only:
        return settings.allow_fast_forward;
    }
    return false;
}

std::string_view style_name(gitcore::MergeStyle style)
{
    switch (style) {
    case gitcore::MergeStyle::merge_commit:
        return "merge";
    case gitcore::MergeStyle::squash:
        return "squash";
    case gitcore::MergeStyle::fast_forward_only:
        return "fast-forward-only";
    }
    return "merge";
}

gitcore::Signature signature_of(const db::UserRow& user, int64_t now)
{
    return gitcore::Signature{user.display_name.empty() ? user.name : user.display_name, user.email,
                              now, 0};
}

std::string default_message(const db::MergeRequestRow& row, const db::ProjectRow& project,
                            gitcore::MergeStyle style)
{
    std::string reference =
        project.owner.name + "/" + project.name + "!" + std::to_string(row.number);
    if (style == gitcore::MergeStyle::squash)
        return row.title + " (" + reference + ")\n\n" + row.description;
    return "Merge branch '" + row.source_branch + "' into '" + row.target_branch + "'\n\n" +
           row.title + "\n\nSee merge request " + reference + "\n";
}

// Everything a merge needs, read and checked in one transaction.
struct MergeInputs {
    LoadedRequest loaded;
    db::UserRow merger;
    db::UserRow author;
};

Result<MergeInputs> check_merge_allowed(db::Connection& c, const Actor& actor,
                                        const ProjectPath& path, int64_t number,
                                        const MergeOptions& options)
{
    TRY(require_signed_in(actor));
    auto loaded = TRY(load_request(c, actor.viewer, path, number));
    bool allowed = TRY(may_merge_into(c, loaded.project, loaded.row.target_branch, loaded.level));
    if (!allowed)
        return Error::forbidden("you may not merge into " + loaded.row.target_branch);
    auto settings_row = TRY(db::merge_request_store::settings(c, loaded.project.id));
    auto settings = to_settings(settings_row);
    if (!style_allowed(settings, options.style))
        return Error::unprocessable("this project does not allow the merge method '" +
                                    std::string(style_name(options.style)) + "'");
    if (!options.expected_head_id.empty() && options.expected_head_id != loaded.row.head_id)
        return Error::conflict("the merge request has new commits; review them and try again");
    auto verdicts = TRY(count_verdicts(c, loaded.row, loaded.project));
    auto blocker = merge_blocker(loaded.row, settings, verdicts);
    if (!blocker.empty()) {
        bool rules = verdicts.changes_requested || verdicts.approvals < settings.required_approvals;
        bool state_ok = loaded.row.state == "open" && loaded.row.merge_status == "mergeable";
        if (state_ok && rules)
            return Error::unprocessable(blocker);
        return Error::conflict(blocker);
    }
    auto merger = TRY(db::user_store::by_id(c, *actor.viewer.user_id));
    auto author = TRY(db::user_store::by_id(c, loaded.row.author_id));
    if (!merger || !author)
        return Error::not_found("unknown user");
    return MergeInputs{std::move(loaded), std::move(*merger), std::move(*author)};
}

// Deletes the source branch after a merge when the merger may push there and nobody
// moved it meanwhile. Failing to delete does not undo the merge.
void delete_source_branch(Services& services, const Actor& actor, const db::MergeRequestRow& row)
{
    if (!row.source_project_id)
        return;
    auto outcome = services.database().read([&](db::Connection& c) -> Result<db::ProjectRow> {
        auto source = TRY(db::project_store::by_id(c, *row.source_project_id));
        if (!source)
            return Error::not_found("source project deleted");
        auto level = TRY(auth::Resolver::access(c, actor.viewer, *source));
        bool allowed = TRY(may_merge_into(c, *source, row.source_branch, level));
        if (!allowed || source->default_branch == row.source_branch)
            return Error::forbidden("the source branch stays");
        return *source;
    });
    if (outcome.is_error())
        return;
    auto repo = gitcore::Repository::open(services.repos().path_for(outcome.value().id));
    if (repo.is_error())
        return;
    std::string ref = std::string(branch_prefix) + row.source_branch;
    auto moved =
        gitcore::move_ref(repo.value(), ref, row.head_id, gitcore::zero_id, "deleted after merge");
    if (moved.is_error())
        return;
    auto recorded = services.database().write([&](db::Connection& c) {
        return record_for_project(c, actor, outcome.value().id, "ref.delete",
                                  outcome.value().owner.name + "/" + outcome.value().name,
                                  ref + " " + row.head_id + " " + std::string(gitcore::zero_id));
    });
    if (recorded.is_error())
        log::error("deleted branch not in the audit log: " + recorded.error().message);
}

} // namespace

Result<MergeRequest> merge_merge_request(Services& services, const Actor& actor,
                                         const ProjectPath& path, int64_t number,
                                         const MergeOptions& options)
{
    TRY(require_signed_in(actor));
    // Mergeability is checked again against the target as it is now, not as it was at the
    // last push.
    auto current = TRY(services.database().read(
        [&](db::Connection& c) { return load_request(c, actor.viewer, path, number); }));
    if (current.row.state == "open")
        TRY(refresh_status(services, current.row, current.project));
    auto inputs = TRY(services.database().read(
        [&](db::Connection& c) { return check_merge_allowed(c, actor, path, number, options); }));
    const auto& row = inputs.loaded.row;
    const auto& project = inputs.loaded.project;
    auto repo = TRY(gitcore::Repository::open(services.repos().path_for(project.id)));
    std::string target_ref = std::string(branch_prefix) + row.target_branch;
    std::string target_id = gitcore::current_value_of(repo, target_ref);
    if (target_id == gitcore::zero_id)
        return Error::conflict("the target branch " + row.target_branch + " no longer exists");
    int64_t now = unix_now();
    gitcore::MergePlan plan;
    plan.style = options.style;
    plan.target_id = target_id;
    plan.source_id = row.head_id;
    plan.message =
        options.message.empty() ? default_message(row, project, options.style) : options.message;
    plan.committer = signature_of(inputs.merger, now);
    plan.author = options.style == gitcore::MergeStyle::squash ? signature_of(inputs.author, now)
                                                               : plan.committer;
    auto merged = gitcore::make_merge(repo, plan);
    if (merged.is_error()) {
        // The target may have moved into a conflict since the last check: show it.
        (void)refresh_status(services, row, project);
        return merged.error();
    }
    // The commit-and-swap point: the target moves only from the commit the merge was made
    // on, so a push that landed meanwhile is never overwritten.
    auto moved = gitcore::move_ref(repo, target_ref, target_id, merged.value(),
                                   "merge !" + std::to_string(number));
    if (moved.is_error()) {
        if (moved.error().code == ErrorCode::conflict)
            return Error::conflict("the target branch " + row.target_branch +
                                   " moved while merging; try again");
        return moved.error();
    }
    auto recorded = services.database().write([&](db::Connection& c) -> Result<void> {
        TRY(db::merge_request_store::set_merged(c, row.id, actor.viewer.user_id, merged.value(),
                                                now));
        std::string project_text = project.owner.name + "/" + project.name;
        TRY(record_for_project(c, actor, project.id, "ref.update", project_text,
                               target_ref + " " + target_id + " " + merged.value()));
        TRY(record_for_project(c, actor, project.id, "merge_request.merge",
                               request_target(project, number),
                               std::string(style_name(options.style)) + " " + merged.value()));
        return db::project_store::touch(c, project.id, now);
    });
    if (recorded.is_error()) {
        // The branch moved; the next push or refresh marks the request merged.
        log::error("merge of " + request_target(project, number) +
                   " not recorded: " + recorded.error().message);
        return recorded.error();
    }
    (void)gitcore::force_ref(repo, merge_ref(number), gitcore::zero_id, "merged");
    if (options.delete_source_branch)
        delete_source_branch(services, actor, row);
    TRY(follow_target_branch(services, actor, project, row.target_branch));
    // The merged commits reference and close issues as a push of them would.
    gitcore::PushOutcome moved_target;
    moved_target.results.push_back({gitcore::RefUpdate{target_id, merged.value(), target_ref}, ""});
    GitRepository repository{project, auth::AccessLevel::maintain,
                             services.repos().path_for(project.id)};
    auto issues = issues_after_push(services, actor, repository, moved_target);
    if (issues.is_error())
        log::error("issues not updated after merging " + request_target(project, number) + ": " +
                   issues.error().message);
    return services.database().read([&](db::Connection& c) -> Result<MergeRequest> {
        auto reloaded = TRY(load_request(c, actor.viewer, path, number));
        return to_merge_request(c, reloaded.row, reloaded.project);
    });
}

Result<MergeSettings> merge_settings(Services& services, const auth::Viewer& viewer,
                                     const ProjectPath& path)
{
    auto access = TRY(open_project(services, viewer, path));
    return services.database().read([&](db::Connection& c) -> Result<MergeSettings> {
        auto row = TRY(db::merge_request_store::settings(c, access.project.id));
        return to_settings(row);
    });
}

Result<void> update_merge_settings(Services& services, const Actor& actor, const ProjectPath& path,
                                   const MergeSettings& settings)
{
    if (settings.required_approvals < 0 || settings.required_approvals > 20)
        return Error::invalid_argument("required approvals must be between 0 and 20");
    if (!settings.allow_merge_commit && !settings.allow_squash && !settings.allow_fast_forward)
        return Error::invalid_argument("allow at least one merge method");
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto project = TRY(project_for_change(c, actor, path, auth::AccessLevel::admin));
        db::MergeSettingsRow row{settings.required_approvals, settings.reset_approvals,
                                 settings.allow_merge_commit, settings.allow_squash,
                                 settings.allow_fast_forward};
        TRY(db::merge_request_store::save_settings(c, project.id, row));
        return record_for_project(c, actor, project.id, "project.merge_settings", path.to_string(),
                                  "approvals " + std::to_string(settings.required_approvals) +
                                      (settings.reset_approvals ? ", reset on new revision" : ""));
    });
}

Result<void> refresh_after_push(Services& services, const Actor& actor,
                                const GitRepository& repository,
                                const gitcore::PushOutcome& outcome)
{
    const auto& project = repository.project;
    for (const auto& result : outcome.results) {
        const auto& update = result.update;
        if (!result.error.empty() || update.name.rfind(branch_prefix, 0) != 0)
            continue;
        std::string branch = update.name.substr(branch_prefix.size());
        auto sources = TRY(services.database().read([&](db::Connection& c) {
            return db::merge_request_store::open_from(c, project.id, branch);
        }));
        for (const auto& row : sources) {
            if (update.is_delete())
                continue; // the request keeps its last head
            auto target = TRY(services.database().read(
                [&](db::Connection& c) { return db::project_store::by_id(c, row.project_id); }));
            if (!target)
                continue;
            auto revised = add_revision(services, row, *target, update.new_id);
            if (revised.is_error())
                log::error("new revision of " + request_target(*target, row.number) +
                           " not recorded: " + revised.error().message);
        }
        TRY(follow_target_branch(services, actor, project, branch));
    }
    return {};
}

} // namespace forge::services
