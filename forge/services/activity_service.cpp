// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/activity_service.h"

#include "forge/db/audit_store.h"
#include "forge/services/access_checks.h"
#include "forge/services/listing.h"

#include <sstream>

namespace forge::services {

namespace {

// record_push writes "<ref> <old id> <new id>" (ref names hold no spaces).
PushEvent push_event(const db::RefEvent& event)
{
    PushEvent push;
    push.project = event.project_path;
    push.actor = event.entry.actor_name;
    push.at = event.entry.at;
    push.action = event.entry.action.substr(event.entry.action.find('.') + 1);
    std::istringstream words(event.entry.detail);
    words >> push.ref >> push.old_id >> push.new_id;
    push.detail = push.old_id + " " + push.new_id;
    return push;
}

} // namespace

Result<std::vector<PushEvent>> recent_pushes(Services& services, const auth::Viewer& viewer,
                                             size_t limit)
{
    auto events = TRY(services.database().read([&](db::Connection& c) {
        return db::audit_store::ref_events(c, reader_for(viewer), clamp_page_size(limit));
    }));
    std::vector<PushEvent> pushes;
    pushes.reserve(events.size());
    for (const auto& event : events)
        pushes.push_back(push_event(event));
    return pushes;
}

Result<std::vector<ProjectSummary>> my_projects(Services& services, const auth::Viewer& viewer,
                                                size_t limit)
{
    if (!viewer.signed_in() || viewer.is_blocked)
        return std::vector<ProjectSummary>();
    db::ProjectListing listing;
    listing.reader = {db::ProjectReader::Kind::involved, *viewer.user_id};
    listing.limit = clamp_page_size(limit);
    return services.database().read(
        [&](db::Connection& c) { return list_projects_for(c, viewer, listing); });
}

} // namespace forge::services
