// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/issue_records.h"

#include "forge/services/access_checks.h"
#include "forge/services/merge_request_records.h"

#include <algorithm>

namespace forge::services {

std::string_view to_string(CloseReason reason)
{
    switch (reason) {
    case CloseReason::done:
        return "done";
    case CloseReason::not_planned:
        return "not_planned";
    case CloseReason::duplicate:
        return "duplicate";
    }
    return "done";
}

std::optional<CloseReason> parse_close_reason(std::string_view text)
{
    for (auto reason : {CloseReason::done, CloseReason::not_planned, CloseReason::duplicate})
        if (to_string(reason) == text)
            return reason;
    return std::nullopt;
}

bool may_manage_issues(const Actor& actor, auth::AccessLevel level)
{
    if (actor.is_operator)
        return true;
    return actor.viewer.signed_in() && !actor.viewer.is_blocked &&
           level >= auth::AccessLevel::maintain;
}

bool is_author(const Actor& actor, const db::IssueRow& row)
{
    return actor.viewer.signed_in() && *actor.viewer.user_id == row.author_id;
}

Result<bool> may_see_issue(db::Connection& c, const auth::Viewer& viewer, auth::AccessLevel level,
                           const db::IssueRow& row)
{
    if (!row.confidential || level >= auth::AccessLevel::maintain)
        return true;
    if (!viewer.signed_in())
        return false;
    if (*viewer.user_id == row.author_id)
        return true;
    auto assignees = TRY(db::issue_store::assignee_ids(c, row.id));
    return std::find(assignees.begin(), assignees.end(), *viewer.user_id) != assignees.end();
}

Result<LoadedIssue> load_issue(db::Connection& c, const auth::Viewer& viewer,
                               const ProjectPath& path, int64_t number)
{
    auto access = TRY(readable_project(c, viewer, path));
    auto row = TRY(db::issue_store::by_number(c, access.project.id, number));
    auto missing =
        Error::not_found("no issue #" + std::to_string(number) + " in '" + path.to_string() + "'");
    if (!row)
        return missing;
    if (!TRY(may_see_issue(c, viewer, access.level, *row)))
        return missing;
    return LoadedIssue{std::move(*row), std::move(access.project), access.level};
}

Result<LoadedIssue> load_issue_for_change(db::Connection& c, const Actor& actor,
                                          const ProjectPath& path, int64_t number)
{
    TRY(require_signed_in(actor));
    return load_issue(c, actor.viewer, path, number);
}

Label to_label(const db::LabelRow& row)
{
    return Label{row.id, row.name, row.color, row.description, row.group_id.has_value()};
}

Milestone to_milestone(const db::MilestoneRow& row)
{
    return Milestone{row.id,           row.title,           row.description,
                     row.due_on,       row.state == "open", row.open_issues,
                     row.closed_issues};
}

int64_t owning_group(const db::ProjectRow& project)
{
    return project.owner.kind == db::OwnerRef::Kind::group ? project.owner.id : 0;
}

Result<Issue> to_issue(db::Connection& c, const db::IssueRow& row, const db::ProjectRow& project)
{
    Issue issue;
    issue.id = row.id;
    issue.number = row.number;
    issue.project = project;
    issue.title = row.title;
    issue.body = row.body;
    issue.open = row.state == "open";
    if (!issue.open)
        issue.close_reason = parse_close_reason(row.close_reason).value_or(CloseReason::done);
    issue.duplicate_of = row.duplicate_of;
    if (row.closed_by) {
        auto closer = TRY(person(c, *row.closed_by));
        issue.closed_by = std::move(closer);
    }
    issue.closing_commit = row.closing_commit;
    issue.closed_at = row.closed_at;
    issue.confidential = row.confidential;
    issue.locked = row.locked;
    if (row.milestone_id) {
        auto milestone = TRY(db::label_store::milestone_brief(c, project.id, *row.milestone_id));
        if (milestone)
            issue.milestone = to_milestone(*milestone);
    }
    auto label_ids = TRY(db::issue_store::label_ids(c, row.id));
    auto labels = TRY(db::label_store::by_ids(c, label_ids));
    for (const auto& label : labels)
        issue.labels.push_back(to_label(label));
    auto assignee_ids = TRY(db::issue_store::assignee_ids(c, row.id));
    for (int64_t id : assignee_ids) {
        auto assignee = TRY(person(c, id));
        issue.assignees.push_back(std::move(assignee));
    }
    issue.author = TRY(person(c, row.author_id));
    issue.comment_count = row.comment_count;
    issue.first_reply_at = row.first_reply_at;
    issue.created_at = row.created_at;
    issue.updated_at = row.updated_at;
    return issue;
}

Result<std::vector<int64_t>> label_ids_named(db::Connection& c, const db::ProjectRow& project,
                                             const std::vector<std::string>& names)
{
    auto usable = TRY(db::label_store::usable(c, project.id, owning_group(project)));
    std::vector<int64_t> ids;
    for (const auto& name : names) {
        if (name.empty())
            continue;
        // A project's own label wins over a group's of the same name (listed first).
        auto found = std::find_if(usable.begin(), usable.end(),
                                  [&](const db::LabelRow& row) { return row.name == name; });
        if (found == usable.end())
            return Error::invalid_argument("unknown label '" + name + "'");
        if (std::find(ids.begin(), ids.end(), found->id) == ids.end())
            ids.push_back(found->id);
    }
    return ids;
}

Result<void> check_milestone(db::Connection& c, const db::ProjectRow& project, int64_t milestone_id)
{
    if (milestone_id == 0)
        return {};
    auto milestone = TRY(db::label_store::milestone_brief(c, project.id, milestone_id));
    if (!milestone)
        return Error::invalid_argument("unknown milestone " + std::to_string(milestone_id));
    return {};
}

std::string issue_target(const db::ProjectRow& project, int64_t number)
{
    return project.owner.name + "/" + project.name + "#" + std::to_string(number);
}

} // namespace forge::services
