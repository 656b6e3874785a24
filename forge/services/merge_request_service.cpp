// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/merge_request_service.h"

#include "auth/resolver.h"
#include "forge/common/clock.h"
#include "forge/common/log.h"
#include "forge/db/audit_store.h"
#include "forge/db/fork_store.h"
#include "forge/db/merge_request_store.h"
#include "forge/db/user_store.h"
#include "forge/services/access_checks.h"
#include "forge/services/merge_request_records.h"
#include "forge/services/merge_request_sync.h"
#include "forge/services/merge_rules.h"
#include "forge/services/names.h"
#include "gitcore/ref_names.h"
#include "gitcore/refs.h"

#include <algorithm>
#include <set>

namespace forge::services {

namespace {

constexpr size_t maximum_title_length = 255;
constexpr size_t maximum_body_length = 65536;
constexpr int64_t propose_window_seconds = 24 * 60 * 60;

Result<void> validate_title(const std::string& title)
{
    if (title.find_first_not_of(" \t") == std::string::npos)
        return Error::invalid_argument("the title must not be empty");
    return validate_text("title", title, maximum_title_length, TextKind::line);
}

Result<void> validate_description(const std::string& description)
{
    return validate_text("description", description, maximum_body_length, TextKind::paragraphs);
}

// Where a new request's source is, checked for the actor's rights.
struct SourceSide {
    db::ProjectRow project;
};

Result<SourceSide> source_side(db::Connection& c, const Actor& actor, const db::ProjectRow& target,
                               auth::AccessLevel target_level, const NewMergeRequest& request)
{
    bool same = !request.source ||
                (request.source->owner == target.owner.name && request.source->name == target.name);
    if (same) {
        if (target_level < auth::AccessLevel::write)
            return Error::forbidden("opening a merge request from a branch of this project needs "
                                    "write access; fork the project to propose changes");
        return SourceSide{target};
    }
    auto source = TRY(db::project_store::by_path(c, request.source->owner, request.source->name));
    if (!source)
        return Error::not_found("unknown project '" + request.source->to_string() + "'");
    auto level = TRY(auth::Resolver::access(c, actor.viewer, *source));
    if (level == auth::AccessLevel::none)
        return Error::not_found("unknown project '" + request.source->to_string() + "'");
    if (level < auth::AccessLevel::write)
        return Error::forbidden("you need write access to " + request.source->to_string());
    auto link = TRY(db::fork_store::parent_of(c, source->id));
    if (!link || link->parent_id != target.id)
        return Error::invalid_argument(request.source->to_string() + " is not a fork of " +
                                       target.owner.name + "/" + target.name);
    return SourceSide{std::move(*source)};
}

Result<MergeRequest> load_as_request(Services& services, const auth::Viewer& viewer,
                                     const ProjectPath& path, int64_t number)
{
    return services.database().read([&](db::Connection& c) -> Result<MergeRequest> {
        auto loaded = TRY(load_request(c, viewer, path, number));
        return to_merge_request(c, loaded.row, loaded.project);
    });
}

// The author and write+ may change a request's text and state.
bool may_edit(const Actor& actor, const LoadedRequest& loaded)
{
    if (actor.is_operator)
        return true;
    if (!actor.viewer.signed_in() || actor.viewer.is_blocked)
        return false;
    return *actor.viewer.user_id == loaded.row.author_id ||
           loaded.level >= auth::AccessLevel::write;
}

Result<LoadedRequest> load_for_change(db::Connection& c, const Actor& actor,
                                      const ProjectPath& path, int64_t number)
{
    TRY(require_signed_in(actor));
    auto loaded = TRY(load_request(c, actor.viewer, path, number));
    if (!may_edit(actor, loaded))
        return Error::forbidden("only the author and people with write access may change this "
                                "merge request");
    return loaded;
}

Result<std::string> require_branch(const std::filesystem::path& repository,
                                   const std::string& branch, const std::string& where)
{
    if (!gitcore::is_valid_branch_name(branch))
        return Error::invalid_argument("'" + branch + "' is not a valid branch name");
    auto head = TRY(branch_head(repository, branch));
    if (head == gitcore::zero_id)
        return Error::invalid_argument("there is no branch '" + branch + "' in " + where);
    return head;
}

std::string path_text(const db::ProjectRow& project)
{
    return project.owner.name + "/" + project.name;
}

Result<gitcore::Repository> open_target_repository(Services& services,
                                                   const db::ProjectRow& project)
{
    return gitcore::Repository::open(services.repos().path_for(project.id));
}

} // namespace

Result<MergeRequest> open_merge_request(Services& services, const Actor& actor,
                                        const ProjectPath& target_path,
                                        const NewMergeRequest& request)
{
    TRY(require_signed_in(actor));
    TRY(validate_title(request.title));
    TRY(validate_description(request.description));
    struct Plan {
        db::ProjectRow target;
        db::ProjectRow source;
        std::vector<int64_t> reviewers;
    };
    auto plan = TRY(services.database().read([&](db::Connection& c) -> Result<Plan> {
        auto target = TRY(readable_project(c, actor.viewer, target_path));
        auto source = TRY(source_side(c, actor, target.project, target.level, request));
        auto reviewers = TRY(readers_named(c, target.project, request.reviewers, "reviewer"));
        return Plan{std::move(target.project), std::move(source.project), std::move(reviewers)};
    }));
    std::string target_branch =
        request.target_branch.empty() ? plan.target.default_branch : request.target_branch;
    if (plan.source.id == plan.target.id && request.source_branch == target_branch)
        return Error::invalid_argument("the source and target branch are the same");
    auto target_repository = services.repos().path_for(plan.target.id);
    auto source_repository = services.repos().path_for(plan.source.id);
    auto head_id =
        TRY(require_branch(source_repository, request.source_branch, path_text(plan.source)));
    auto target_id = TRY(require_branch(target_repository, target_branch, path_text(plan.target)));
    if (plan.source.id != plan.target.id)
        TRY(gitcore::import_commit(target_repository, source_repository, head_id));
    auto repo = TRY(open_target_repository(services, plan.target));
    auto base = TRY(gitcore::merge_base(repo, target_id, head_id));
    if (!base)
        return Error::invalid_argument(request.source_branch + " and " + target_branch +
                                       " have no common history");
    if (*base == head_id)
        return Error::invalid_argument("there is nothing to merge: " + target_branch +
                                       " already contains " + request.source_branch);
    int64_t now = unix_now();
    auto opened =
        TRY(services.database().write([&](db::Connection& c) -> Result<db::MergeRequestRow> {
            auto duplicate = TRY(db::merge_request_store::open_duplicate(
                c, plan.target.id, plan.source.id, request.source_branch, target_branch));
            if (duplicate)
                return Error::conflict("merge request !" + std::to_string(*duplicate) +
                                       " already proposes these changes");
            db::MergeRequestRow row;
            row.project_id = plan.target.id;
            row.number =
                TRY(db::merge_request_store::take_number(c, plan.target.id, "merge_request"));
            row.author_id = *actor.viewer.user_id;
            row.title = request.title;
            row.description = request.description;
            row.source_project_id = plan.source.id;
            row.source_branch = request.source_branch;
            row.target_branch = target_branch;
            row.state = "open";
            row.head_id = head_id;
            row.base_id = *base;
            row.created_at = now;
            row.id = TRY(db::merge_request_store::insert(c, row));
            db::RevisionRow first{0, head_id, *base, target_id, false, now};
            TRY(db::merge_request_store::add_revision(c, row.id, first));
            TRY(db::merge_request_store::set_reviewers(c, row.id, plan.reviewers));
            TRY(record_for_project(c, actor, plan.target.id, "merge_request.open",
                                   request_target(plan.target, row.number),
                                   path_text(plan.source) + ":" + request.source_branch + " -> " +
                                       target_branch));
            return row;
        }));
    TRY(gitcore::force_ref(repo, head_ref(opened.number), head_id, "merge request opened"));
    TRY(gitcore::force_ref(repo,
                           "refs/merge-requests/" + std::to_string(opened.number) + "/revisions/1",
                           head_id, "revision"));
    auto refreshed = refresh_status(services, opened, plan.target);
    if (refreshed.is_error())
        log::error("mergeability of " + request_target(plan.target, opened.number) +
                   " not computed: " + refreshed.error().message);
    return load_as_request(services, actor.viewer, target_path, opened.number);
}

Result<MergeRequestView> get_merge_request(Services& services, const auth::Viewer& viewer,
                                           const ProjectPath& path, int64_t number)
{
    return services.database().read([&](db::Connection& c) -> Result<MergeRequestView> {
        auto loaded = TRY(load_request(c, viewer, path, number));
        MergeRequestView view;
        view.request = TRY(to_merge_request(c, loaded.row, loaded.project));
        view.level = loaded.level;
        auto settings = TRY(db::merge_request_store::settings(c, loaded.project.id));
        view.settings = to_settings(settings);
        auto verdicts = TRY(count_verdicts(c, loaded.row, loaded.project));
        view.approvals = verdicts.approvals;
        view.changes_requested = verdicts.changes_requested;
        bool signed_in = viewer.signed_in() && !viewer.is_blocked;
        view.may_edit = signed_in && (*viewer.user_id == loaded.row.author_id ||
                                      loaded.level >= auth::AccessLevel::write);
        view.may_review = signed_in;
        bool allowed =
            TRY(may_merge_into(c, loaded.project, loaded.row.target_branch, loaded.level));
        if (signed_in && allowed) {
            view.merge_blocker = merge_blocker(loaded.row, view.settings, verdicts);
            view.may_merge = view.merge_blocker.empty();
        }
        return view;
    });
}

Result<MergeRequestList> list_merge_requests(Services& services, const auth::Viewer& viewer,
                                             const ProjectPath& path,
                                             const MergeRequestFilter& filter)
{
    return services.database().read([&](db::Connection& c) -> Result<MergeRequestList> {
        auto access = TRY(readable_project(c, viewer, path));
        const auto& project = access.project;
        MergeRequestList list;
        auto counts = TRY(db::merge_request_store::state_counts(c, project.id));
        list.open_count = counts[0];
        list.merged_count = counts[1];
        list.closed_count = counts[2];
        db::MergeRequestQuery query;
        query.project_id = project.id;
        if (filter.state)
            query.state = std::string(to_string(*filter.state));
        query.target_branch = filter.target_branch;
        query.offset = std::max<int64_t>(filter.offset, 0);
        query.limit = std::clamp<int64_t>(filter.limit, 1, 100);
        // An unknown user has no merge requests: the list is empty, not an error.
        for (auto [name, field] : {std::pair{&filter.author, &query.author_id},
                                   std::pair{&filter.reviewer, &query.reviewer_id}}) {
            if (name->empty())
                continue;
            auto user = TRY(db::user_store::by_name(c, *name));
            if (!user)
                return list;
            *field = user->id;
        }
        list.total = TRY(db::merge_request_store::count(c, query));
        auto rows = TRY(db::merge_request_store::list(c, query));
        for (const auto& row : rows) {
            auto request = TRY(to_merge_request(c, row, project));
            list.items.push_back(std::move(request));
        }
        return list;
    });
}

Result<std::vector<MergeRequest>> needs_my_review(Services& services, const auth::Viewer& viewer,
                                                  int64_t limit)
{
    if (!viewer.signed_in() || viewer.is_blocked)
        return std::vector<MergeRequest>();
    return services.database().read([&](db::Connection& c) -> Result<std::vector<MergeRequest>> {
        auto rows = TRY(db::merge_request_store::awaiting_review(c, reader_for(viewer),
                                                                 *viewer.user_id, limit));
        std::vector<MergeRequest> requests;
        for (const auto& row : rows) {
            auto project = TRY(db::project_store::by_id(c, row.project_id));
            if (!project)
                continue;
            auto request = TRY(to_merge_request(c, row, *project));
            requests.push_back(std::move(request));
        }
        return requests;
    });
}

Result<MergeRequest> edit_merge_request(Services& services, const Actor& actor,
                                        const ProjectPath& path, int64_t number,
                                        const MergeRequestEdit& edit)
{
    if (edit.title)
        TRY(validate_title(*edit.title));
    if (edit.description)
        TRY(validate_description(*edit.description));
    auto loaded = TRY(services.database().read(
        [&](db::Connection& c) { return load_for_change(c, actor, path, number); }));
    if (loaded.row.state == "merged")
        return Error::conflict("a merged merge request cannot be changed");
    bool retarget = edit.target_branch && *edit.target_branch != loaded.row.target_branch;
    if (retarget) {
        auto repository = services.repos().path_for(loaded.project.id);
        TRY(require_branch(repository, *edit.target_branch, path.to_string()));
        if (loaded.row.source_project_id == loaded.project.id &&
            loaded.row.source_branch == *edit.target_branch)
            return Error::invalid_argument("the source and target branch are the same");
    }
    TRY(services.database().write([&](db::Connection& c) -> Result<void> {
        auto current = TRY(load_for_change(c, actor, path, number));
        if (edit.reviewers) {
            auto ids = TRY(readers_named(c, current.project, *edit.reviewers, "reviewer"));
            TRY(db::merge_request_store::set_reviewers(c, current.row.id, ids));
        }
        TRY(db::merge_request_store::update_text(
            c, current.row.id, edit.title.value_or(current.row.title),
            edit.description.value_or(current.row.description),
            edit.target_branch.value_or(current.row.target_branch), unix_now()));
        if (retarget)
            TRY(record_for_project(c, actor, current.project.id, "merge_request.retarget",
                                   request_target(current.project, number),
                                   current.row.target_branch + " -> " + *edit.target_branch));
        return {};
    }));
    if (retarget) {
        auto row = TRY(services.database().read([&](db::Connection& c) {
            return db::merge_request_store::by_number(c, loaded.project.id, number);
        }));
        if (row && row->state == "open")
            TRY(refresh_status(services, *row, loaded.project));
    }
    return load_as_request(services, actor.viewer, path, number);
}

Result<MergeRequest> close_merge_request(Services& services, const Actor& actor,
                                         const ProjectPath& path, int64_t number)
{
    TRY(services.database().write([&](db::Connection& c) -> Result<void> {
        auto loaded = TRY(load_for_change(c, actor, path, number));
        if (loaded.row.state != "open")
            return Error::conflict("only an open merge request can be closed");
        int64_t now = unix_now();
        TRY(db::merge_request_store::set_state(c, loaded.row.id, "closed", now, now));
        return record_for_project(c, actor, loaded.project.id, "merge_request.close",
                                  request_target(loaded.project, number));
    }));
    return load_as_request(services, actor.viewer, path, number);
}

Result<MergeRequest> reopen_merge_request(Services& services, const Actor& actor,
                                          const ProjectPath& path, int64_t number)
{
    auto loaded = TRY(services.database().read(
        [&](db::Connection& c) { return load_for_change(c, actor, path, number); }));
    if (loaded.row.state != "closed")
        return Error::conflict("only a closed merge request can be reopened");
    if (!loaded.row.source_project_id)
        return Error::conflict("the source project no longer exists");
    auto head = TRY(branch_head(services.repos().path_for(*loaded.row.source_project_id),
                                loaded.row.source_branch));
    if (head == gitcore::zero_id)
        return Error::conflict("the source branch " + loaded.row.source_branch +
                               " no longer exists");
    TRY(services.database().write([&](db::Connection& c) -> Result<void> {
        auto current = TRY(load_for_change(c, actor, path, number));
        if (current.row.state != "closed")
            return Error::conflict("only a closed merge request can be reopened");
        auto duplicate = TRY(db::merge_request_store::open_duplicate(
            c, current.project.id, current.row.source_project_id, current.row.source_branch,
            current.row.target_branch));
        if (duplicate)
            return Error::conflict("merge request !" + std::to_string(*duplicate) +
                                   " is open for the same branches");
        TRY(db::merge_request_store::set_state(c, current.row.id, "open", 0, unix_now()));
        return record_for_project(c, actor, current.project.id, "merge_request.reopen",
                                  request_target(current.project, number));
    }));
    // The source may have moved while the request was closed.
    db::MergeRequestRow row = loaded.row;
    row.state = "open";
    if (head != row.head_id)
        TRY(add_revision(services, row, loaded.project, head));
    else
        TRY(follow_target(services, actor, row, loaded.project));
    return load_as_request(services, actor.viewer, path, number);
}

Result<std::vector<Revision>> list_revisions(Services& services, const auth::Viewer& viewer,
                                             const ProjectPath& path, int64_t number)
{
    return services.database().read([&](db::Connection& c) -> Result<std::vector<Revision>> {
        auto loaded = TRY(load_request(c, viewer, path, number));
        auto rows = TRY(db::merge_request_store::revisions(c, loaded.row.id));
        std::vector<Revision> revisions;
        for (const auto& row : rows)
            revisions.push_back(
                {row.number, row.head_id, row.base_id, row.target_id, row.forced, row.created_at});
        return revisions;
    });
}

Result<std::vector<gitcore::CommitInfo>> merge_request_commits(Services& services,
                                                               const auth::Viewer& viewer,
                                                               const ProjectPath& path,
                                                               int64_t number)
{
    auto loaded = TRY(services.database().read(
        [&](db::Connection& c) { return load_request(c, viewer, path, number); }));
    auto repo = TRY(open_target_repository(services, loaded.project));
    auto ids = TRY(gitcore::commits_between(repo, loaded.row.base_id, loaded.row.head_id, 250));
    std::vector<gitcore::CommitInfo> commits;
    for (const auto& id : ids) {
        auto commit = TRY(gitcore::read_commit(repo, id));
        commits.push_back(std::move(commit));
    }
    return commits;
}

Result<gitcore::CommitDiff> merge_request_changes(Services& services, const auth::Viewer& viewer,
                                                  const ProjectPath& path, int64_t number,
                                                  int64_t from, int64_t to,
                                                  gitcore::DiffLimits limits)
{
    auto loaded = TRY(services.database().read(
        [&](db::Connection& c) { return load_request(c, viewer, path, number); }));
    auto revisions = TRY(services.database().read(
        [&](db::Connection& c) { return db::merge_request_store::revisions(c, loaded.row.id); }));
    auto target = TRY(revision_numbered(revisions, to));
    auto repo = TRY(open_target_repository(services, loaded.project));
    if (from > 0) {
        auto earlier = TRY(revision_numbered(revisions, from));
        return gitcore::diff_commits(repo, earlier.head_id, target.head_id, limits);
    }
    if (target.base_id.empty())
        return gitcore::diff_commit(repo, target.head_id, limits);
    return gitcore::diff_commits(repo, target.base_id, target.head_id, limits);
}

Result<std::vector<std::string>> branches_to_propose(Services& services, const auth::Viewer& viewer,
                                                     const ProjectPath& path)
{
    if (!viewer.signed_in() || viewer.is_blocked)
        return std::vector<std::string>();
    auto access = TRY(open_project(services, viewer, path));
    if (access.level < auth::AccessLevel::write)
        return std::vector<std::string>();
    const auto& project = access.project;
    auto entries = TRY(services.database().read([&](db::Connection& c) {
        return db::audit_store::pushes_by(c, project.id, *viewer.user_id,
                                          unix_now() - propose_window_seconds, 50);
    }));
    std::vector<std::string> branches;
    std::set<std::string> seen;
    constexpr std::string_view prefix = "refs/heads/";
    for (const auto& entry : entries) {
        // The detail is "<ref> <old> <new>".
        auto ref = entry.detail.substr(0, entry.detail.find(' '));
        if (ref.rfind(prefix, 0) != 0)
            continue;
        auto branch = ref.substr(prefix.size());
        if (branch == project.default_branch || !seen.insert(branch).second)
            continue;
        auto head = TRY(branch_head(services.repos().path_for(project.id), branch));
        if (head == gitcore::zero_id)
            continue;
        auto others = TRY(services.database().read([&](db::Connection& c) {
            return db::merge_request_store::open_from(c, project.id, branch);
        }));
        if (others.empty())
            branches.push_back(branch);
        if (branches.size() >= 3)
            break;
    }
    return branches;
}

} // namespace forge::services
