// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/merge_request_records.h"

#include "auth/resolver.h"
#include "forge/db/review_store.h"
#include "forge/db/user_store.h"
#include "forge/services/access_checks.h"

#include <sstream>

namespace forge::services {

std::string_view to_string(MergeState state)
{
    switch (state) {
    case MergeState::open:
        return "open";
    case MergeState::closed:
        return "closed";
    case MergeState::merged:
        return "merged";
    }
    return "open";
}

std::string_view to_string(MergeStatus status)
{
    switch (status) {
    case MergeStatus::unchecked:
        return "unchecked";
    case MergeStatus::mergeable:
        return "mergeable";
    case MergeStatus::conflict:
        return "conflict";
    case MergeStatus::up_to_date:
        return "up_to_date";
    case MergeStatus::unrelated:
        return "unrelated";
    }
    return "unchecked";
}

std::string_view to_string(ReviewState state)
{
    switch (state) {
    case ReviewState::approved:
        return "approved";
    case ReviewState::changes_requested:
        return "changes_requested";
    case ReviewState::commented:
        return "commented";
    }
    return "commented";
}

namespace {

MergeStatus parse_merge_status(std::string_view text)
{
    for (auto status : {MergeStatus::mergeable, MergeStatus::conflict, MergeStatus::up_to_date,
                        MergeStatus::unrelated})
        if (to_string(status) == text)
            return status;
    return MergeStatus::unchecked;
}

std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty())
            lines.push_back(line);
    return lines;
}

} // namespace

std::optional<MergeState> parse_merge_state(std::string_view text)
{
    for (auto state : {MergeState::open, MergeState::closed, MergeState::merged})
        if (to_string(state) == text)
            return state;
    return std::nullopt;
}

Result<LoadedRequest> load_request(db::Connection& c, const auth::Viewer& viewer,
                                   const ProjectPath& path, int64_t number)
{
    auto access = TRY(readable_project(c, viewer, path));
    auto row = TRY(db::merge_request_store::by_number(c, access.project.id, number));
    if (!row)
        return Error::not_found("no merge request !" + std::to_string(number) + " in '" +
                                path.to_string() + "'");
    return LoadedRequest{std::move(*row), std::move(access.project), access.level};
}

Result<auth::Viewer> viewer_of(db::Connection& c, int64_t user_id)
{
    auto user = TRY(db::user_store::by_id(c, user_id));
    if (!user)
        return auth::Viewer::anonymous();
    return auth::Viewer{user->id, user->is_admin, user->is_blocked};
}

Result<Person> person(db::Connection& c, int64_t user_id)
{
    auto user = TRY(db::user_store::by_id(c, user_id));
    if (!user)
        return Person{user_id, "ghost", ""};
    return Person{user->id, user->name, user->display_name};
}

Result<MergeRequest> to_merge_request(db::Connection& c, const db::MergeRequestRow& row,
                                      const db::ProjectRow& target)
{
    MergeRequest request;
    request.id = row.id;
    request.number = row.number;
    request.project = target;
    if (row.source_project_id) {
        if (*row.source_project_id == target.id)
            request.source_project = target;
        else
            request.source_project = TRY(db::project_store::by_id(c, *row.source_project_id));
    }
    request.source_branch = row.source_branch;
    request.target_branch = row.target_branch;
    request.title = row.title;
    request.description = row.description;
    request.state = parse_merge_state(row.state).value_or(MergeState::open);
    request.author = TRY(person(c, row.author_id));
    request.head_id = row.head_id;
    request.base_id = row.base_id;
    auto revisions = TRY(db::merge_request_store::revisions(c, row.id));
    request.revision_count = static_cast<int64_t>(revisions.size());
    request.merge_status = parse_merge_status(row.merge_status);
    request.fast_forward = row.fast_forward;
    request.conflicts = lines_of(row.conflicts);
    if (row.merged_by) {
        auto merger = TRY(person(c, *row.merged_by));
        request.merged_by = std::move(merger);
    }
    request.merged_at = row.merged_at;
    request.merge_commit_id = row.merge_commit_id;
    request.closed_at = row.closed_at;
    request.created_at = row.created_at;
    request.updated_at = row.updated_at;
    auto reviewer_ids = TRY(db::merge_request_store::reviewers(c, row.id));
    for (int64_t id : reviewer_ids) {
        auto reviewer = TRY(person(c, id));
        request.reviewers.push_back(std::move(reviewer));
    }
    request.comment_count = TRY(db::review_store::count_comments(c, row.id));
    return request;
}

MergeSettings to_settings(const db::MergeSettingsRow& row)
{
    return MergeSettings{static_cast<int>(row.required_approvals), row.reset_approvals,
                         row.allow_merge_commit, row.allow_squash, row.allow_fast_forward};
}

Result<void> require_signed_in(const Actor& actor)
{
    if (!actor.viewer.signed_in())
        return Error::unauthenticated("sign in first");
    if (actor.viewer.is_blocked)
        return Error::forbidden("this account is blocked");
    return {};
}

std::string request_target(const db::ProjectRow& project, int64_t number)
{
    return project.owner.name + "/" + project.name + "!" + std::to_string(number);
}

std::string head_ref(int64_t number)
{
    return "refs/merge-requests/" + std::to_string(number) + "/head";
}

std::string merge_ref(int64_t number)
{
    return "refs/merge-requests/" + std::to_string(number) + "/merge";
}

Result<db::RevisionRow> revision_numbered(const std::vector<db::RevisionRow>& revisions,
                                          int64_t number)
{
    if (revisions.empty())
        return Error::not_found("the merge request has no revisions");
    if (number == 0)
        return revisions.back();
    for (const auto& revision : revisions)
        if (revision.number == number)
            return revision;
    return Error::not_found("no revision " + std::to_string(number));
}

} // namespace forge::services
