// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "auth/resolver.h"
#include "forge/common/clock.h"
#include "forge/common/log.h"
#include "forge/common/references.h"
#include "forge/db/issue_store.h"
#include "forge/services/issue_activity.h"
#include "forge/services/issue_records.h"
#include "forge/services/issue_service.h"
#include "forge/services/merge_request_sync.h"
#include "gitcore/commit_info.h"
#include "gitcore/merge.h"
#include "gitcore/refs.h"

// What pushed commits do to issues: references and closing keywords in their messages.
namespace forge::services {

namespace {

constexpr std::string_view branch_prefix = "refs/heads/";
// A push of a long history (an import) is not searched beyond its newest commits.
constexpr size_t maximum_commits = 500;

struct PushedCommit {
    std::string id;
    std::string message;
};

// The commits a ref update brought, oldest first: those after the old value, or for a new
// branch those not on the default branch.
Result<std::vector<PushedCommit>> pushed_commits(const GitRepository& repository,
                                                 const gitcore::RefUpdate& update,
                                                 const std::string& branch)
{
    std::string base = update.old_id;
    if (update.is_create()) {
        if (branch == repository.project.default_branch)
            return std::vector<PushedCommit>(); // a first push or an import: nothing to close
        base = TRY(branch_head(repository.path, repository.project.default_branch));
    }
    auto repo = TRY(gitcore::Repository::open(repository.path));
    auto ids = TRY(gitcore::commits_between(repo, base, update.new_id, maximum_commits));
    std::vector<PushedCommit> commits;
    for (const auto& id : ids) {
        auto info = TRY(gitcore::read_commit(repo, id));
        commits.push_back({info.id, info.message});
    }
    return commits;
}

// The project an item reference points into, when the actor may read it.
Result<std::optional<LoadedIssue>> referenced_issue(db::Connection& c, const Actor& actor,
                                                    const db::ProjectRow& here,
                                                    const Reference& reference)
{
    db::ProjectRow project = here;
    if (!reference.owner.empty()) {
        auto other = TRY(db::project_store::by_path(c, reference.owner, reference.project));
        if (!other)
            return std::optional<LoadedIssue>();
        project = std::move(*other);
    }
    auto level = TRY(auth::Resolver::access(c, actor.viewer, project));
    auto row = TRY(db::issue_store::by_number(c, project.id, reference.number));
    if (!row || level == auth::AccessLevel::none ||
        !TRY(may_see_issue(c, actor.viewer, level, *row)))
        return std::optional<LoadedIssue>();
    return std::optional<LoadedIssue>(LoadedIssue{std::move(*row), std::move(project), level});
}

Result<void> apply_commit(Services& services, db::Connection& c, const Actor& actor,
                          const db::ProjectRow& project, const PushedCommit& commit,
                          bool on_default_branch)
{
    std::string where = project.owner.name + "/" + project.name + "@" + commit.id;
    auto closing = closing_references(commit.message);
    for (const auto& reference : find_references(commit.message)) {
        if (reference.kind != Reference::Kind::item)
            continue;
        auto loaded = TRY(referenced_issue(c, actor, project, reference));
        if (!loaded)
            continue;
        int64_t now = unix_now();
        if (!TRY(db::issue_store::has_event(c, loaded->row.id, "commit_referenced", where)))
            TRY(add_issue_event(c, actor, *loaded, "commit_referenced", where, now));
        bool closes = false;
        for (const auto& closer : closing)
            closes = closes || closer.begin == reference.begin;
        if (!closes || !on_default_branch || loaded->row.state != "open" ||
            loaded->level < auth::AccessLevel::write)
            continue;
        TRY(db::issue_store::set_closed(c, loaded->row.id, "done", 0, actor.viewer.user_id,
                                        commit.id, now));
        TRY(add_issue_event(c, actor, *loaded, "closed_by_commit", where, now));
        TRY(notify_state_change(services, c, actor, *loaded, false));
        TRY(record_for_project(c, actor, loaded->project.id, "issue.close",
                               issue_target(loaded->project, loaded->row.number),
                               "commit " + commit.id));
        loaded->row.state = "closed";
    }
    return {};
}

} // namespace

Result<void> issues_after_push(Services& services, const Actor& actor,
                               const GitRepository& repository, const gitcore::PushOutcome& outcome)
{
    for (const auto& result : outcome.results) {
        const auto& update = result.update;
        if (!result.error.empty() || update.is_delete() || update.name.rfind(branch_prefix, 0) != 0)
            continue;
        std::string branch = update.name.substr(branch_prefix.size());
        auto commits = TRY(pushed_commits(repository, update, branch));
        if (commits.empty())
            continue;
        bool on_default = branch == repository.project.default_branch;
        TRY(services.database().write([&](db::Connection& c) -> Result<void> {
            for (const auto& commit : commits)
                TRY(apply_commit(services, c, actor, repository.project, commit, on_default));
            return {};
        }));
    }
    return {};
}

} // namespace forge::services
