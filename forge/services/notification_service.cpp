// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/notification_service.h"

#include "forge/common/clock.h"
#include "forge/db/notification_store.h"
#include "forge/services/access_checks.h"
#include "forge/services/issue_records.h"
#include "forge/services/merge_request_records.h"
#include "forge/services/notify.h"

namespace forge::services {

Result<std::vector<Notification>> inbox(Services& services, const auth::Viewer& viewer,
                                        bool unread_only, int64_t offset, int64_t limit)
{
    if (!viewer.signed_in())
        return Error::unauthenticated("sign in first");
    return services.database().read([&](db::Connection& c) -> Result<std::vector<Notification>> {
        auto rows =
            TRY(db::notification_store::inbox(c, *viewer.user_id, unread_only, offset, limit));
        std::vector<Notification> items;
        for (const auto& row : rows) {
            Notification item{row.id,  row.reason, row.subject,    row.title,
                              row.url, {},         row.created_at, row.read_at != 0};
            if (row.actor_id) {
                auto actor = TRY(person(c, *row.actor_id));
                item.actor = std::move(actor);
            }
            items.push_back(std::move(item));
        }
        return items;
    });
}

Result<int64_t> unread_notifications(Services& services, const auth::Viewer& viewer)
{
    if (!viewer.signed_in())
        return int64_t{0};
    return services.database().read([&](db::Connection& c) {
        return db::notification_store::unread_count(c, *viewer.user_id);
    });
}

Result<void> mark_notifications_read(Services& services, const Actor& actor, int64_t id)
{
    TRY(require_signed_in(actor));
    return services.database().write([&](db::Connection& c) {
        return db::notification_store::mark_read(c, *actor.viewer.user_id, id, unix_now());
    });
}

Result<void> watch_project(Services& services, const Actor& actor, const ProjectPath& path,
                           std::optional<bool> watching)
{
    TRY(require_signed_in(actor));
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto access = TRY(readable_project(c, actor.viewer, path));
        return db::notification_store::set_watch(c, *actor.viewer.user_id,
                                                 project_subject(access.project.id), watching);
    });
}

Result<std::optional<bool>> project_watch(Services& services, const auth::Viewer& viewer,
                                          const ProjectPath& path)
{
    return services.database().read([&](db::Connection& c) -> Result<std::optional<bool>> {
        auto access = TRY(readable_project(c, viewer, path));
        if (!viewer.signed_in())
            return std::optional<bool>();
        return db::notification_store::watch(c, *viewer.user_id,
                                             project_subject(access.project.id));
    });
}

Result<void> watch_issue(Services& services, const Actor& actor, const ProjectPath& path,
                         int64_t number, std::optional<bool> watching)
{
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto loaded = TRY(load_issue_for_change(c, actor, path, number));
        return db::notification_store::set_watch(c, *actor.viewer.user_id,
                                                 issue_subject(loaded.row.id), watching);
    });
}

Result<std::optional<bool>> issue_watch(Services& services, const auth::Viewer& viewer,
                                        const ProjectPath& path, int64_t number)
{
    return services.database().read([&](db::Connection& c) -> Result<std::optional<bool>> {
        auto loaded = TRY(load_issue(c, viewer, path, number));
        if (!viewer.signed_in())
            return std::optional<bool>();
        return db::notification_store::watch(c, *viewer.user_id, issue_subject(loaded.row.id));
    });
}

} // namespace forge::services
