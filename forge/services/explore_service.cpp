// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/explore_service.h"

#include "forge/common/log.h"
#include "forge/services/access_checks.h"
#include "forge/services/listing.h"

namespace forge::services {

namespace {

Result<std::vector<ProjectSummary>>
confirmed_summaries(db::Connection& c, const auth::Viewer& viewer, std::vector<db::ProjectRow> rows)
{
    std::vector<ProjectSummary> summaries;
    summaries.reserve(rows.size());
    for (auto& row : rows) {
        // The SQL filter should say what the resolver says; should they ever differ, the
        // resolver wins and the log tells.
        if (TRY(auth::Resolver::access(c, viewer, row)) == auth::AccessLevel::none) {
            log::error("project listing offered project id " + std::to_string(row.id) +
                       " which the resolver hides");
            continue;
        }
        summaries.push_back(summarise(std::move(row)));
    }
    return summaries;
}

} // namespace

ProjectSummary summarise(db::ProjectRow project)
{
    ProjectSummary summary;
    summary.owner = project.owner.name;
    summary.owner_is_group = project.owner.kind == db::OwnerRef::Kind::group;
    summary.last_activity = project.updated_at;
    summary.project = std::move(project);
    return summary;
}

Result<std::vector<ProjectSummary>> list_projects_for(db::Connection& c, const auth::Viewer& viewer,
                                                      const db::ProjectListing& listing)
{
    auto rows = TRY(db::project_store::list(c, listing));
    return confirmed_summaries(c, viewer, std::move(rows));
}

Result<std::vector<ProjectSummary>> list_projects(Services& services, const auth::Viewer& viewer,
                                                  const ProjectQuery& query)
{
    db::ProjectListing listing{reader_for(viewer), query.text, query.owner,
                               static_cast<int64_t>(query.offset), clamp_page_size(query.limit)};
    return services.database().read(
        [&](db::Connection& c) { return list_projects_for(c, viewer, listing); });
}

Result<std::vector<GroupSummary>> list_groups(Services& services, const auth::Viewer& viewer,
                                              std::string_view text, size_t offset, size_t limit)
{
    auto rows = TRY(services.database().read([&](db::Connection& c) {
        return db::group_store::list(c, reader_for(viewer), text, static_cast<int64_t>(offset),
                                     clamp_page_size(limit));
    }));
    std::vector<GroupSummary> groups;
    groups.reserve(rows.size());
    for (auto& row : rows)
        groups.push_back(GroupSummary{std::move(row.group), row.project_count});
    return groups;
}

namespace {

// A user as others see them: never the password hash, the e-mail address only for the
// user themself and site administrators.
db::UserRow public_user(db::UserRow user, const auth::Viewer& viewer)
{
    user.password_hash.clear();
    bool trusted = !viewer.is_blocked && (viewer.user_id == user.id || viewer.is_admin);
    if (!trusted)
        user.email.clear();
    return user;
}

Result<OwnerPage> owner_page(db::Connection& c, const auth::Viewer& viewer, std::string_view name)
{
    auto owner = TRY(db::project_store::find_owner(c, name));
    if (!owner)
        return Error::not_found("unknown user or group '" + std::string(name) + "'");
    OwnerPage page;
    page.owner = *owner;
    if (owner->kind == db::OwnerRef::Kind::user) {
        auto user = TRY(db::user_store::by_id(c, owner->id));
        if (user)
            page.user = public_user(std::move(*user), viewer);
    } else {
        page.group = TRY(db::group_store::by_id(c, owner->id));
    }
    return page;
}

} // namespace

Result<OwnerPage> open_owner(Services& services, const auth::Viewer& viewer, std::string_view name,
                             size_t offset, size_t limit)
{
    return services.database().read([&](db::Connection& c) -> Result<OwnerPage> {
        auto page = TRY(owner_page(c, viewer, name));
        db::ProjectListing listing{reader_for(viewer), "", page.owner.name,
                                   static_cast<int64_t>(offset), clamp_page_size(limit)};
        page.projects = TRY(list_projects_for(c, viewer, listing));
        return page;
    });
}

} // namespace forge::services
