// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/issue_activity.h"

#include "auth/resolver.h"
#include "forge/common/references.h"
#include "forge/db/issue_store.h"
#include "forge/db/notification_store.h"
#include "forge/services/merge_request_records.h"
#include "forge/services/notify.h"

#include <algorithm>

namespace forge::services {

namespace {

std::string issue_url(const db::ProjectRow& project, int64_t number)
{
    return "/" + project.owner.name + "/" + project.name + "/issues/" + std::to_string(number);
}

Notice notice_for(const LoadedIssue& loaded, std::string reason, std::string text)
{
    return Notice{std::move(reason), issue_target(loaded.project, loaded.row.number),
                  loaded.row.title, issue_url(loaded.project, loaded.row.number), std::move(text)};
}

// Whether the user may see the issue (the project and, if confidential, the issue).
std::function<Result<bool>(int64_t)> issue_readers(db::Connection& c, const LoadedIssue& loaded)
{
    return [&c, &loaded](int64_t user_id) -> Result<bool> {
        auto viewer = TRY(viewer_of(c, user_id));
        auto level = TRY(auth::Resolver::access(c, viewer, loaded.project));
        if (level == auth::AccessLevel::none)
            return false;
        return may_see_issue(c, viewer, level, loaded.row);
    };
}

// Who follows the issue: its author, assignees and commenters, those watching it or its
// project, but none who muted it.
Result<std::vector<int64_t>> participants(db::Connection& c, const LoadedIssue& loaded)
{
    std::vector<int64_t> users{loaded.row.author_id};
    auto assignees = TRY(db::issue_store::assignee_ids(c, loaded.row.id));
    users.insert(users.end(), assignees.begin(), assignees.end());
    auto comments = TRY(db::issue_store::comments(c, loaded.row.id));
    for (const auto& comment : comments)
        users.push_back(comment.author_id);
    auto issue_watchers =
        TRY(db::notification_store::watchers(c, issue_subject(loaded.row.id), true));
    users.insert(users.end(), issue_watchers.begin(), issue_watchers.end());
    auto project_watchers =
        TRY(db::notification_store::watchers(c, project_subject(loaded.project.id), true));
    users.insert(users.end(), project_watchers.begin(), project_watchers.end());
    auto muted = TRY(db::notification_store::watchers(c, issue_subject(loaded.row.id), false));
    std::erase_if(users, [&](int64_t id) {
        return std::find(muted.begin(), muted.end(), id) != muted.end();
    });
    return users;
}

std::string who(const Actor& actor)
{
    return actor.name.empty() ? std::string("Forge") : actor.name;
}

} // namespace

Result<void> add_issue_event(db::Connection& c, const Actor& actor, const LoadedIssue& loaded,
                             std::string_view kind, std::string_view detail, int64_t now)
{
    return db::issue_store::add_event(c, loaded.row.id, actor.viewer.user_id, kind, detail, now);
}

Result<void> note_references(Services& services, db::Connection& c, const Actor& actor,
                             const LoadedIssue& loaded, std::string_view text, int64_t now)
{
    std::string source = issue_target(loaded.project, loaded.row.number);
    for (const auto& reference : find_references(text)) {
        if (reference.kind != Reference::Kind::item)
            continue;
        db::ProjectRow project = loaded.project;
        if (!reference.owner.empty()) {
            auto other = TRY(db::project_store::by_path(c, reference.owner, reference.project));
            if (!other)
                continue;
            project = std::move(*other);
        }
        auto target = TRY(db::issue_store::by_number(c, project.id, reference.number));
        if (!target || target->id == loaded.row.id)
            continue;
        if (TRY(db::issue_store::has_event(c, target->id, "referenced", source)))
            continue;
        TRY(db::issue_store::add_event(c, target->id, actor.viewer.user_id, "referenced", source,
                                       now));
    }
    auto mentioned = TRY(mentioned_users(c, text));
    return deliver(services, c, actor, mentioned,
                   notice_for(loaded, "mention", who(actor) + " mentioned you in " + source),
                   issue_readers(c, loaded));
}

Result<void> notify_new_issue(Services& services, db::Connection& c, const Actor& actor,
                              const LoadedIssue& loaded)
{
    auto watchers =
        TRY(db::notification_store::watchers(c, project_subject(loaded.project.id), true));
    return deliver(
        services, c, actor, watchers,
        notice_for(loaded, "opened",
                   who(actor) + " opened " + issue_target(loaded.project, loaded.row.number)),
        issue_readers(c, loaded));
}

Result<void> notify_assignment(Services& services, db::Connection& c, const Actor& actor,
                               const LoadedIssue& loaded, int64_t assignee_id)
{
    return deliver(services, c, actor, {assignee_id},
                   notice_for(loaded, "assigned",
                              who(actor) + " assigned you to " +
                                  issue_target(loaded.project, loaded.row.number)),
                   issue_readers(c, loaded));
}

Result<void> notify_state_change(Services& services, db::Connection& c, const Actor& actor,
                                 const LoadedIssue& loaded, bool reopened)
{
    auto users = TRY(participants(c, loaded));
    return deliver(services, c, actor, users,
                   notice_for(loaded, "state",
                              who(actor) + (reopened ? " reopened " : " closed ") +
                                  issue_target(loaded.project, loaded.row.number)),
                   issue_readers(c, loaded));
}

Result<void> notify_comment(Services& services, db::Connection& c, const Actor& actor,
                            const LoadedIssue& loaded, std::string_view body)
{
    auto users = TRY(participants(c, loaded));
    // Those mentioned have their own notification about this comment.
    auto mentioned = TRY(mentioned_users(c, body));
    std::erase_if(users, [&](int64_t id) {
        return std::find(mentioned.begin(), mentioned.end(), id) != mentioned.end();
    });
    std::string excerpt(body.substr(0, 400));
    return deliver(services, c, actor, users,
                   notice_for(loaded, "comment",
                              who(actor) + " commented on " +
                                  issue_target(loaded.project, loaded.row.number) + ":\r\n\r\n" +
                                  excerpt),
                   issue_readers(c, loaded));
}

} // namespace forge::services
