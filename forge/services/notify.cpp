// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/notify.h"

#include "forge/common/clock.h"
#include "forge/common/references.h"
#include "forge/db/group_store.h"
#include "forge/db/notification_store.h"
#include "forge/db/user_store.h"

#include <set>

namespace forge::services {

namespace {

std::string mail_body(const Services& services, const Actor& actor, const Notice& notice)
{
    std::string body = notice.text + "\r\n\r\n" + notice.subject + ": " + notice.title + "\r\n" +
                       services.options().base_url + notice.url + "\r\n";
    if (!actor.name.empty())
        body += "\r\n-- \r\n" + actor.name + "\r\n";
    return body;
}

} // namespace

Result<void> deliver(Services& services, db::Connection& c, const Actor& actor,
                     const std::vector<int64_t>& users, const Notice& notice,
                     const std::function<Result<bool>(int64_t)>& may_see)
{
    std::set<int64_t> done;
    if (actor.viewer.user_id)
        done.insert(*actor.viewer.user_id);
    int64_t now = unix_now();
    for (int64_t user_id : users) {
        if (!done.insert(user_id).second)
            continue;
        auto user = TRY(db::user_store::by_id(c, user_id));
        if (!user || user->is_blocked || !TRY(may_see(user_id)))
            continue;
        db::NotificationRow row;
        row.user_id = user_id;
        row.reason = notice.reason;
        row.subject = notice.subject;
        row.title = notice.title;
        row.url = notice.url;
        row.actor_id = actor.viewer.user_id;
        row.created_at = now;
        TRY(db::notification_store::insert(c, row));
        if (services.options().mail_enabled && !user->email.empty())
            TRY(db::notification_store::enqueue_mail(c, user->email,
                                                     "[" + notice.subject + "] " + notice.title,
                                                     mail_body(services, actor, notice), now));
    }
    return {};
}

Result<std::vector<int64_t>> mentioned_users(db::Connection& c, std::string_view text)
{
    std::vector<int64_t> ids;
    std::set<std::string> seen;
    for (const auto& reference : find_references(text)) {
        if (reference.kind != Reference::Kind::mention || !seen.insert(reference.name).second)
            continue;
        if (auto user = TRY(db::user_store::by_name(c, reference.name))) {
            ids.push_back(user->id);
            continue;
        }
        if (auto group = TRY(db::group_store::by_name(c, reference.name))) {
            auto members = TRY(db::group_store::members(c, group->id));
            for (const auto& member : members)
                ids.push_back(member.user_id);
        }
    }
    return ids;
}

std::string project_subject(int64_t project_id)
{
    return "project:" + std::to_string(project_id);
}

std::string issue_subject(int64_t issue_id)
{
    return "issue:" + std::to_string(issue_id);
}

} // namespace forge::services
