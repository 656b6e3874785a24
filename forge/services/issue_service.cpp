// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/issue_service.h"

#include "forge/common/clock.h"
#include "forge/db/issue_store.h"
#include "forge/db/label_store.h"
#include "forge/db/merge_request_store.h"
#include "forge/db/user_store.h"
#include "forge/services/access_checks.h"
#include "forge/services/issue_activity.h"
#include "forge/services/issue_records.h"
#include "forge/services/merge_request_records.h"
#include "forge/services/names.h"

#include <algorithm>
#include <set>

namespace forge::services {

namespace {

constexpr size_t maximum_title_length = 255;
constexpr size_t maximum_body_length = 65536;

Result<void> validate_title(const std::string& title)
{
    if (title.find_first_not_of(" \t") == std::string::npos)
        return Error::invalid_argument("the title must not be empty");
    return validate_text("title", title, maximum_title_length, TextKind::line);
}

Result<void> validate_body(const std::string& body)
{
    return validate_text("description", body, maximum_body_length, TextKind::paragraphs);
}

Result<Issue> load_as_issue(Services& services, const auth::Viewer& viewer, const ProjectPath& path,
                            int64_t number)
{
    return services.database().read([&](db::Connection& c) -> Result<Issue> {
        auto loaded = TRY(load_issue(c, viewer, path, number));
        return to_issue(c, loaded.row, loaded.project);
    });
}

Result<void> require_manager(const Actor& actor, const LoadedIssue& loaded)
{
    if (!may_manage_issues(actor, loaded.level))
        return Error::forbidden("labels, assignees, milestones, locking and moving need "
                                "maintain access");
    return {};
}

Result<void> require_author_or_manager(const Actor& actor, const LoadedIssue& loaded,
                                       const char* what)
{
    if (!is_author(actor, loaded.row) && !may_manage_issues(actor, loaded.level))
        return Error::forbidden(std::string("only the author and maintainers may ") + what);
    return {};
}

std::vector<std::string> names_of(db::Connection& c, const std::vector<int64_t>& ids, bool labels)
{
    std::vector<std::string> names;
    for (int64_t id : ids) {
        if (labels) {
            auto label = db::label_store::by_id(c, id);
            if (!label.is_error() && label.value())
                names.push_back(label.value()->name);
        } else {
            auto user = person(c, id);
            if (!user.is_error())
                names.push_back(user.value().name);
        }
    }
    return names;
}

// Timeline events for what was added to and removed from a set of labels or assignees.
Result<void> record_set_change(Services& services, db::Connection& c, const Actor& actor,
                               const LoadedIssue& loaded, const std::vector<int64_t>& before,
                               const std::vector<int64_t>& after, bool labels, int64_t now)
{
    std::set<int64_t> old_set(before.begin(), before.end()), new_set(after.begin(), after.end());
    std::vector<int64_t> added, removed;
    for (int64_t id : new_set)
        if (!old_set.count(id))
            added.push_back(id);
    for (int64_t id : old_set)
        if (!new_set.count(id))
            removed.push_back(id);
    for (const auto& name : names_of(c, added, labels))
        TRY(add_issue_event(c, actor, loaded, labels ? "labeled" : "assigned", name, now));
    for (const auto& name : names_of(c, removed, labels))
        TRY(add_issue_event(c, actor, loaded, labels ? "unlabeled" : "unassigned", name, now));
    if (!labels)
        for (int64_t id : added)
            TRY(notify_assignment(services, c, actor, loaded, id));
    return {};
}

std::string join(const std::vector<std::string>& names)
{
    std::string text;
    for (const auto& name : names)
        text += (text.empty() ? "" : " ") + name;
    return text;
}

db::IssueQuery base_query(const db::ProjectRow& project, const auth::Viewer& viewer,
                          auth::AccessLevel level)
{
    db::IssueQuery query;
    query.project_id = project.id;
    query.all_confidential = level >= auth::AccessLevel::maintain;
    query.viewer_id = viewer.user_id;
    return query;
}

} // namespace

Result<Issue> open_issue(Services& services, const Actor& actor, const ProjectPath& path,
                         const NewIssue& request)
{
    TRY(require_signed_in(actor));
    TRY(validate_title(request.title));
    TRY(validate_body(request.body));
    int64_t number = TRY(services.database().write([&](db::Connection& c) -> Result<int64_t> {
        auto access = TRY(readable_project(c, actor.viewer, path));
        bool manager = may_manage_issues(actor, access.level);
        std::vector<int64_t> labels, assignees;
        int64_t milestone = 0;
        if (manager) {
            labels = TRY(label_ids_named(c, access.project, request.labels));
            assignees = TRY(readers_named(c, access.project, request.assignees, "assignee"));
            TRY(check_milestone(c, access.project, request.milestone_id));
            milestone = request.milestone_id;
        }
        int64_t now = unix_now();
        db::IssueRow row;
        row.project_id = access.project.id;
        row.number = TRY(db::merge_request_store::take_number(c, access.project.id, "issue"));
        row.author_id = *actor.viewer.user_id;
        row.title = request.title;
        row.body = request.body;
        row.confidential = request.confidential;
        if (milestone)
            row.milestone_id = milestone;
        row.created_at = now;
        row.id = TRY(db::issue_store::insert(c, row));
        TRY(db::issue_store::set_labels(c, row.id, labels));
        TRY(db::issue_store::set_assignees(c, row.id, assignees));
        LoadedIssue loaded{row, access.project, access.level};
        TRY(note_references(services, c, actor, loaded, request.body, now));
        TRY(notify_new_issue(services, c, actor, loaded));
        for (int64_t id : assignees)
            TRY(notify_assignment(services, c, actor, loaded, id));
        TRY(record_for_project(c, actor, access.project.id, "issue.open",
                               issue_target(access.project, row.number),
                               request.confidential ? "confidential" : ""));
        return row.number;
    }));
    return load_as_issue(services, actor.viewer, path, number);
}

Result<IssueView> get_issue(Services& services, const auth::Viewer& viewer, const ProjectPath& path,
                            int64_t number)
{
    return services.database().read([&](db::Connection& c) -> Result<IssueView> {
        auto loaded = TRY(load_issue(c, viewer, path, number));
        IssueView view;
        view.issue = TRY(to_issue(c, loaded.row, loaded.project));
        view.level = loaded.level;
        Actor actor;
        actor.viewer = viewer;
        view.may_manage = may_manage_issues(actor, loaded.level);
        bool active = viewer.signed_in() && !viewer.is_blocked;
        view.may_comment = active && (!loaded.row.locked || view.may_manage);
        view.may_edit = active && (is_author(actor, loaded.row) || view.may_manage);
        view.may_close = view.may_edit;
        auto comments = TRY(db::issue_store::comments(c, loaded.row.id));
        for (const auto& row : comments) {
            IssueComment comment;
            comment.id = row.id;
            comment.author = TRY(person(c, row.author_id));
            comment.body = row.body;
            comment.created_at = row.created_at;
            comment.updated_at = row.updated_at;
            comment.edit_count = row.edit_count;
            comment.may_change = active && (row.author_id == *viewer.user_id || view.may_manage);
            view.comments.push_back(std::move(comment));
        }
        auto events = TRY(db::issue_store::events(c, loaded.row.id));
        for (const auto& row : events) {
            IssueEvent event;
            if (row.actor_id) {
                auto actor_person = TRY(person(c, *row.actor_id));
                event.actor = std::move(actor_person);
            }
            event.kind = row.kind;
            event.detail = row.detail;
            event.created_at = row.created_at;
            view.events.push_back(std::move(event));
        }
        return view;
    });
}

Result<std::string> item_kind(Services& services, const auth::Viewer& viewer,
                              const ProjectPath& path, int64_t number)
{
    return services.database().read([&](db::Connection& c) -> Result<std::string> {
        auto access = TRY(readable_project(c, viewer, path));
        auto issue = TRY(db::issue_store::by_number(c, access.project.id, number));
        if (issue && TRY(may_see_issue(c, viewer, access.level, *issue)))
            return std::string("issue");
        auto request = TRY(db::merge_request_store::by_number(c, access.project.id, number));
        if (request)
            return std::string("merge_request");
        return Error::not_found("no #" + std::to_string(number) + " in '" + path.to_string() + "'");
    });
}

Result<IssueList> list_issues(Services& services, const auth::Viewer& viewer,
                              const ProjectPath& path, const IssueFilter& filter)
{
    return services.database().read([&](db::Connection& c) -> Result<IssueList> {
        auto access = TRY(readable_project(c, viewer, path));
        auto query = base_query(access.project, viewer, access.level);
        IssueList list;
        auto counts = TRY(db::issue_store::state_counts(c, query));
        list.open_count = counts.first;
        list.closed_count = counts.second;
        if (filter.open)
            query.state = *filter.open ? "open" : "closed";
        auto labels = label_ids_named(c, access.project, filter.labels);
        if (labels.is_error())
            return list; // an unknown label matches nothing
        query.label_ids = labels.value();
        if (filter.milestone_id)
            query.milestone_id = filter.milestone_id;
        for (auto [name, target] : {std::pair{&filter.assignee, &query.assignee_id},
                                    std::pair{&filter.author, &query.author_id}}) {
            if (name->empty())
                continue;
            auto user = TRY(db::user_store::by_name(c, *name));
            if (!user)
                return list;
            *target = user->id;
        }
        query.text = filter.text;
        query.sort = filter.sort == IssueSort::updated    ? "updated"
                     : filter.sort == IssueSort::comments ? "comments"
                                                          : "created";
        query.ascending = filter.ascending;
        query.offset = std::max<int64_t>(0, filter.offset);
        query.limit = std::clamp<int64_t>(filter.limit, 1, 100);
        bool unfiltered = query.label_ids.empty() && !query.milestone_id && !query.assignee_id &&
                          !query.author_id && query.text.empty();
        // Without filters the state counts above are the total: no second pass over the
        // project's issues.
        if (unfiltered)
            list.total = !filter.open   ? list.open_count + list.closed_count
                         : *filter.open ? list.open_count
                                        : list.closed_count;
        else
            list.total = TRY(db::issue_store::count(c, query));
        auto rows = TRY(db::issue_store::list(c, query));
        for (const auto& row : rows) {
            auto issue = TRY(to_issue(c, row, access.project));
            list.items.push_back(std::move(issue));
        }
        return list;
    });
}

Result<std::vector<Issue>> assigned_issues(Services& services, const auth::Viewer& viewer,
                                           int64_t limit)
{
    if (!viewer.signed_in())
        return std::vector<Issue>();
    return services.database().read([&](db::Connection& c) -> Result<std::vector<Issue>> {
        auto rows =
            TRY(db::issue_store::assigned_to(c, reader_for(viewer), *viewer.user_id, limit));
        std::vector<Issue> issues;
        for (const auto& row : rows) {
            auto project = TRY(db::project_store::by_id(c, row.project_id));
            if (!project)
                continue;
            auto issue = TRY(to_issue(c, row, *project));
            issues.push_back(std::move(issue));
        }
        return issues;
    });
}

Result<Issue> change_issue(Services& services, const Actor& actor, const ProjectPath& path,
                           int64_t number, const IssueChange& change)
{
    if (change.title)
        TRY(validate_title(*change.title));
    if (change.body)
        TRY(validate_body(*change.body));
    TRY(services.database().write([&](db::Connection& c) -> Result<void> {
        auto loaded = TRY(load_issue_for_change(c, actor, path, number));
        const auto& row = loaded.row;
        int64_t now = unix_now();
        bool text_changes = (change.title && *change.title != row.title) ||
                            (change.body && *change.body != row.body);
        if (text_changes) {
            TRY(require_author_or_manager(actor, loaded, "edit this issue"));
            if (change.body && *change.body != row.body)
                TRY(db::issue_store::record_body_edit(c, row.id, *actor.viewer.user_id, row.body,
                                                      now));
            if (change.title && *change.title != row.title)
                TRY(add_issue_event(c, actor, loaded, "retitled", row.title, now));
            TRY(db::issue_store::update_text(c, row.id, change.title.value_or(row.title),
                                             change.body.value_or(row.body), now));
            if (change.body)
                TRY(note_references(services, c, actor, loaded, *change.body, now));
            TRY(record_for_project(c, actor, loaded.project.id, "issue.edit",
                                   issue_target(loaded.project, number)));
        }
        if (change.labels) {
            TRY(require_manager(actor, loaded));
            auto ids = TRY(label_ids_named(c, loaded.project, *change.labels));
            auto before = TRY(db::issue_store::label_ids(c, row.id));
            TRY(db::issue_store::set_labels(c, row.id, ids));
            TRY(record_set_change(services, c, actor, loaded, before, ids, true, now));
            TRY(record_for_project(c, actor, loaded.project.id, "issue.label",
                                   issue_target(loaded.project, number), join(*change.labels)));
        }
        if (change.assignees) {
            TRY(require_manager(actor, loaded));
            auto ids = TRY(readers_named(c, loaded.project, *change.assignees, "assignee"));
            auto before = TRY(db::issue_store::assignee_ids(c, row.id));
            TRY(db::issue_store::set_assignees(c, row.id, ids));
            TRY(record_set_change(services, c, actor, loaded, before, ids, false, now));
            TRY(record_for_project(c, actor, loaded.project.id, "issue.assign",
                                   issue_target(loaded.project, number), join(*change.assignees)));
        }
        if (change.milestone_id && *change.milestone_id != row.milestone_id.value_or(0)) {
            TRY(require_manager(actor, loaded));
            TRY(check_milestone(c, loaded.project, *change.milestone_id));
            std::optional<int64_t> milestone;
            if (*change.milestone_id)
                milestone = *change.milestone_id;
            TRY(db::issue_store::set_milestone(c, row.id, milestone, now));
            std::string title;
            int64_t shown = milestone ? *milestone : row.milestone_id.value_or(0);
            if (auto m = TRY(db::label_store::milestone_brief(c, loaded.project.id, shown)))
                title = m->title;
            TRY(add_issue_event(c, actor, loaded, milestone ? "milestoned" : "demilestoned", title,
                                now));
            TRY(record_for_project(c, actor, loaded.project.id, "issue.milestone",
                                   issue_target(loaded.project, number), title));
        }
        bool confidential = change.confidential.value_or(row.confidential);
        bool locked = change.locked.value_or(row.locked);
        if (confidential != row.confidential || locked != row.locked) {
            // The author may make their own report confidential, never public again.
            bool author_hides =
                is_author(actor, loaded.row) && confidential && locked == row.locked;
            if (!author_hides)
                TRY(require_manager(actor, loaded));
            TRY(db::issue_store::set_flags(c, row.id, confidential, locked, now));
            if (confidential != row.confidential)
                TRY(add_issue_event(c, actor, loaded, confidential ? "confidential" : "public", "",
                                    now));
            if (locked != row.locked)
                TRY(add_issue_event(c, actor, loaded, locked ? "locked" : "unlocked", "", now));
            TRY(record_for_project(
                c, actor, loaded.project.id, "issue.flags", issue_target(loaded.project, number),
                std::string(confidential ? "confidential" : "public") + (locked ? " locked" : "")));
        }
        return {};
    }));
    return load_as_issue(services, actor.viewer, path, number);
}

Result<Issue> close_issue(Services& services, const Actor& actor, const ProjectPath& path,
                          int64_t number, CloseReason reason, int64_t duplicate_of)
{
    TRY(services.database().write([&](db::Connection& c) -> Result<void> {
        auto loaded = TRY(load_issue_for_change(c, actor, path, number));
        TRY(require_author_or_manager(actor, loaded, "close this issue"));
        if (loaded.row.state != "open")
            return Error::conflict("the issue is closed already");
        if (reason == CloseReason::duplicate) {
            if (duplicate_of == number)
                return Error::invalid_argument("an issue cannot duplicate itself");
            auto original = TRY(db::issue_store::by_number(c, loaded.project.id, duplicate_of));
            if (!original)
                return Error::invalid_argument("no issue #" + std::to_string(duplicate_of) +
                                               " to be a duplicate of");
        } else {
            duplicate_of = 0;
        }
        int64_t now = unix_now();
        TRY(db::issue_store::set_closed(c, loaded.row.id, to_string(reason), duplicate_of,
                                        actor.viewer.user_id, "", now));
        std::string detail(to_string(reason));
        if (duplicate_of)
            detail += " #" + std::to_string(duplicate_of);
        TRY(add_issue_event(c, actor, loaded, "closed", detail, now));
        TRY(notify_state_change(services, c, actor, loaded, false));
        return record_for_project(c, actor, loaded.project.id, "issue.close",
                                  issue_target(loaded.project, number), detail);
    }));
    return load_as_issue(services, actor.viewer, path, number);
}

Result<Issue> reopen_issue(Services& services, const Actor& actor, const ProjectPath& path,
                           int64_t number)
{
    TRY(services.database().write([&](db::Connection& c) -> Result<void> {
        auto loaded = TRY(load_issue_for_change(c, actor, path, number));
        TRY(require_author_or_manager(actor, loaded, "reopen this issue"));
        if (loaded.row.state == "open")
            return Error::conflict("the issue is open already");
        int64_t now = unix_now();
        TRY(db::issue_store::set_open(c, loaded.row.id, now));
        TRY(add_issue_event(c, actor, loaded, "reopened", "", now));
        TRY(notify_state_change(services, c, actor, loaded, true));
        return record_for_project(c, actor, loaded.project.id, "issue.reopen",
                                  issue_target(loaded.project, number));
    }));
    return load_as_issue(services, actor.viewer, path, number);
}

Result<Issue> move_issue(Services& services, const Actor& actor, const ProjectPath& from,
                         int64_t number, const ProjectPath& to)
{
    int64_t new_number = TRY(services.database().write([&](db::Connection& c) -> Result<int64_t> {
        auto loaded = TRY(load_issue_for_change(c, actor, from, number));
        TRY(require_manager(actor, loaded));
        auto target = TRY(project_for_change(c, actor, to, auth::AccessLevel::maintain));
        if (target.id == loaded.project.id)
            return Error::invalid_argument("the issue is in this project already");
        int64_t now = unix_now();
        int64_t taken = TRY(db::merge_request_store::take_number(c, target.id, "issue"));
        TRY(add_issue_event(c, actor, loaded, "moved_to", issue_target(target, taken), now));
        TRY(db::issue_store::move(c, loaded.row.id, target.id, taken, now));
        LoadedIssue arrived{loaded.row, target, auth::AccessLevel::maintain};
        TRY(add_issue_event(c, actor, arrived, "moved_from", issue_target(loaded.project, number),
                            now));
        TRY(record_for_project(c, actor, loaded.project.id, "issue.move",
                               issue_target(loaded.project, number), issue_target(target, taken)));
        return taken;
    }));
    return load_as_issue(services, actor.viewer, to, new_number);
}

} // namespace forge::services
