// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/fork_service.h"

#include "auth/resolver.h"
#include "forge/common/clock.h"
#include "forge/common/log.h"
#include "forge/db/fork_store.h"
#include "forge/services/access_checks.h"
#include "forge/services/merge_request_records.h"
#include "gitcore/merge.h"

namespace forge::services {

namespace {

// Removes a fork whose copying failed, so that no empty project is left behind.
void discard(Services& services, int64_t project_id)
{
    auto removed = services.database().write(
        [&](db::Connection& c) { return db::project_store::remove(c, project_id); });
    if (removed.is_error())
        log::error("half-made fork " + std::to_string(project_id) +
                   " not removed: " + removed.error().message);
    (void)services.repos().remove(project_id);
}

} // namespace

Result<db::ProjectRow> fork_project(Services& services, const Actor& actor,
                                    const ProjectPath& parent_path, const ForkRequest& request)
{
    TRY(require_signed_in(actor));
    auto parent = TRY(open_project(services, actor.viewer, parent_path));
    NewProjectRequest creation;
    creation.path.owner = request.owner.empty() ? actor.name : request.owner;
    creation.path.name = request.name.empty() ? parent.project.name : request.name;
    creation.visibility = parent.project.visibility;
    creation.description = parent.project.description;
    auto fork = TRY(create_project(services, actor, creation));
    auto copied = gitcore::copy_repository(services.repos().path_for(parent.project.id),
                                           services.repos().path_for(fork.id));
    if (copied.is_error()) {
        discard(services, fork.id);
        return copied.error();
    }
    auto linked = services.database().write([&](db::Connection& c) -> Result<db::ProjectRow> {
        int64_t now = unix_now();
        TRY(db::fork_store::insert(c, fork.id, parent.project.id, now));
        TRY(db::project_store::update_settings(c, fork.id, fork.description, fork.visibility,
                                               parent.project.default_branch, now));
        TRY(record_for_project(c, actor, fork.id, "project.fork", creation.path.to_string(),
                               "from " + parent_path.to_string()));
        auto row = TRY(db::project_store::by_id(c, fork.id));
        if (!row)
            return Error::internal("the fork disappeared");
        return *row;
    });
    if (linked.is_error())
        discard(services, fork.id);
    return linked;
}

Result<ForkOrigin> fork_origin(Services& services, const auth::Viewer& viewer, int64_t project_id)
{
    return services.database().read([&](db::Connection& c) -> Result<ForkOrigin> {
        auto link = TRY(db::fork_store::parent_of(c, project_id));
        ForkOrigin origin;
        if (!link)
            return origin;
        origin.is_fork = true;
        if (!link->parent_id)
            return origin;
        auto parent = TRY(db::project_store::by_id(c, *link->parent_id));
        if (!parent)
            return origin;
        auto level = TRY(auth::Resolver::access(c, viewer, *parent));
        if (level != auth::AccessLevel::none)
            origin.parent = std::move(*parent);
        return origin;
    });
}

Result<std::vector<db::ProjectRow>> list_forks(Services& services, const auth::Viewer& viewer,
                                               const ProjectPath& path)
{
    auto access = TRY(open_project(services, viewer, path));
    return services.database().read([&](db::Connection& c) -> Result<std::vector<db::ProjectRow>> {
        auto ids = TRY(db::fork_store::forks_of(c, access.project.id));
        std::vector<db::ProjectRow> forks;
        for (int64_t id : ids) {
            auto fork = TRY(db::project_store::by_id(c, id));
            if (!fork)
                continue;
            auto level = TRY(auth::Resolver::access(c, viewer, *fork));
            if (level != auth::AccessLevel::none)
                forks.push_back(std::move(*fork));
        }
        return forks;
    });
}

} // namespace forge::services
