// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/access_checks.h"

#include "forge/db/user_store.h"

#include <set>

namespace forge::services {

bool may_administer_site(const Actor& actor)
{
    return actor.is_operator || (actor.viewer.is_admin && !actor.viewer.is_blocked);
}

Result<void> require_site_admin(const Actor& actor)
{
    if (!may_administer_site(actor))
        return Error::forbidden("only site administrators may do this");
    return {};
}

auth::Viewer site_admin_viewer(const Actor& actor)
{
    if (actor.viewer.signed_in())
        return actor.viewer;
    // The operator has no account; id 0 belongs to nobody, so it matches no membership.
    return auth::Viewer{int64_t{0}, true, false};
}

Result<std::optional<auth::GroupRole>> role_in_group(db::Connection& c, int64_t group_id,
                                                     const auth::Viewer& viewer)
{
    if (!viewer.user_id)
        return std::optional<auth::GroupRole>();
    auto role = TRY(db::group_store::role_of(c, group_id, *viewer.user_id));
    return role ? auth::parse_group_role(*role) : std::nullopt;
}

Result<void> require_group_manager(db::Connection& c, const Actor& actor, const db::GroupRow& group)
{
    if (actor.is_operator)
        return {};
    auto role = TRY(role_in_group(c, group.id, actor.viewer));
    if (!auth::may_manage_group(actor.viewer, role))
        return Error::forbidden("only owners of group '" + group.name + "' may do this");
    return {};
}

Result<void> check_may_create_under(db::Connection& c, const Actor& actor,
                                    const db::OwnerRef& owner)
{
    if (actor.is_operator)
        return {};
    if (!actor.viewer.signed_in() || actor.viewer.is_blocked)
        return Error::unauthenticated("sign in to create a project");
    if (owner.kind == db::OwnerRef::Kind::user) {
        if (owner.id == *actor.viewer.user_id || actor.viewer.is_admin)
            return {};
        return Error::forbidden("you may only create projects under your own name");
    }
    auto role = TRY(role_in_group(c, owner.id, actor.viewer));
    if (auth::may_manage_group(actor.viewer, role))
        return {};
    return Error::forbidden("only owners of group '" + owner.name + "' create projects in it");
}

Result<db::ProjectRow> project_for_change(db::Connection& c, const Actor& actor,
                                          const ProjectPath& path, auth::AccessLevel needed)
{
    auto project = TRY(db::project_store::by_path(c, path.owner, path.name));
    if (!project)
        return Error::not_found("unknown project '" + path.to_string() + "'");
    if (actor.is_operator)
        return *project;
    auto level = TRY(auth::Resolver::access(c, actor.viewer, *project));
    if (level == auth::AccessLevel::none)
        return Error::not_found("unknown project '" + path.to_string() + "'");
    if (level < needed)
        return Error::forbidden("you need " + std::string(auth::to_string(needed)) +
                                " access to '" + path.to_string() + "'");
    return *project;
}

db::ProjectReader reader_for(const auth::Viewer& viewer)
{
    using Kind = db::ProjectReader::Kind;
    switch (auth::read_scope(viewer)) {
    case auth::ReadScope::nothing:
        return {Kind::nothing, 0};
    case auth::ReadScope::public_only:
        return {Kind::public_only, 0};
    case auth::ReadScope::signed_in:
        return {Kind::signed_in, *viewer.user_id};
    case auth::ReadScope::everything:
        return {Kind::everything, 0};
    }
    return {Kind::nothing, 0};
}

Result<ProjectAccess> readable_project(db::Connection& c, const auth::Viewer& viewer,
                                       const ProjectPath& path)
{
    auto project = TRY(db::project_store::by_path(c, path.owner, path.name));
    if (!project)
        return Error::not_found("unknown project '" + path.to_string() + "'");
    auto level = TRY(auth::Resolver::access(c, viewer, *project));
    if (level == auth::AccessLevel::none)
        return Error::not_found("unknown project '" + path.to_string() + "'");
    return ProjectAccess{std::move(*project), level};
}

Result<std::vector<int64_t>> readers_named(db::Connection& c, const db::ProjectRow& project,
                                           const std::vector<std::string>& names,
                                           std::string_view role)
{
    std::vector<int64_t> ids;
    std::set<std::string> seen;
    for (const auto& name : names) {
        if (name.empty() || !seen.insert(name).second)
            continue;
        auto user = TRY(db::user_store::by_name(c, name));
        if (!user)
            return Error::invalid_argument("unknown " + std::string(role) + " '" + name + "'");
        auto level = TRY(auth::Resolver::access(
            c, auth::Viewer{user->id, user->is_admin, user->is_blocked}, project));
        if (level == auth::AccessLevel::none)
            return Error::invalid_argument("'" + name + "' cannot read this project");
        ids.push_back(user->id);
    }
    return ids;
}

} // namespace forge::services
