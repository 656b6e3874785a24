// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "auth/resolver.h"

#include "forge/db/database.h"
#include "forge/db/grant_store.h"
#include "forge/db/group_store.h"
#include "forge/db/project_store.h"
#include "forge/db/user_store.h"

#include <algorithm>

namespace auth {

namespace db = forge::db;

AccessLevel decide(const Viewer& viewer, const ProjectFacts& facts)
{
    if (viewer.is_blocked)
        return AccessLevel::none;
    if (viewer.signed_in() && viewer.is_admin)
        return AccessLevel::admin;

    AccessLevel level = AccessLevel::none;
    auto raise = [&level](AccessLevel other) {
        level = std::max(level, other);
    };
    if (facts.visibility == Visibility::public_)
        raise(AccessLevel::read);
    if (!viewer.signed_in())
        return level;
    if (facts.visibility == Visibility::internal)
        raise(AccessLevel::read);
    if (facts.viewer_is_owner)
        raise(AccessLevel::admin);
    if (facts.role_in_owning_group)
        raise(level_of(*facts.role_in_owning_group));
    if (facts.direct_grant)
        raise(*facts.direct_grant);
    for (auto granted : facts.group_grants)
        raise(granted);
    return level;
}

ReadScope read_scope(const Viewer& viewer)
{
    if (viewer.is_blocked)
        return ReadScope::nothing;
    if (!viewer.signed_in())
        return ReadScope::public_only;
    return viewer.is_admin ? ReadScope::everything : ReadScope::signed_in;
}

bool may_manage_group(const Viewer& viewer, std::optional<GroupRole> role_in_group)
{
    if (viewer.is_blocked || !viewer.signed_in())
        return false;
    return viewer.is_admin || role_in_group == GroupRole::owner;
}

bool may_push(AccessLevel level)
{
    return level >= AccessLevel::write;
}

std::string protected_branch_refusal(AccessLevel level, BranchChange change)
{
    if (change == BranchChange::deletion)
        return "protected branch cannot be deleted";
    if (change == BranchChange::force_update)
        return "protected branch cannot be force-pushed";
    if (level < AccessLevel::maintain)
        return "protected branch needs maintain access";
    return "";
}

namespace {

forge::Result<ProjectFacts> load_facts(db::Connection& c, int64_t user_id,
                                       const db::ProjectRow& project)
{
    ProjectFacts facts;
    facts.visibility = parse_visibility(project.visibility).value_or(Visibility::private_);
    if (project.owner.kind == db::OwnerRef::Kind::user) {
        facts.viewer_is_owner = project.owner.id == user_id;
    } else {
        auto role = TRY(db::group_store::role_of(c, project.owner.id, user_id));
        if (role)
            facts.role_in_owning_group = parse_group_role(*role);
    }
    auto direct = TRY(db::grant_store::user_level(c, project.id, user_id));
    if (direct)
        facts.direct_grant = parse_access_level(*direct);
    for (const auto& granted :
         TRY(db::grant_store::group_levels_for_user(c, project.id, user_id))) {
        if (auto level = parse_access_level(granted))
            facts.group_grants.push_back(*level);
    }
    return facts;
}

} // namespace

forge::Result<AccessLevel> Resolver::access(db::Connection& c, const Viewer& viewer,
                                            const db::ProjectRow& project)
{
    ProjectFacts facts;
    facts.visibility = parse_visibility(project.visibility).value_or(Visibility::private_);
    // Anonymous viewers, blocked users and admins need no lookups.
    if (viewer.signed_in() && !viewer.is_blocked && !viewer.is_admin)
        facts = TRY(load_facts(c, *viewer.user_id, project));
    return decide(viewer, facts);
}

forge::Result<AccessLevel> Resolver::access(const Viewer& viewer, const db::ProjectRow& project)
{
    return m_database.read([&](db::Connection& c) { return Resolver::access(c, viewer, project); });
}

forge::Result<Viewer> Resolver::viewer_for(int64_t user_id)
{
    auto user =
        TRY(m_database.read([&](db::Connection& c) { return db::user_store::by_id(c, user_id); }));
    if (!user)
        return Viewer::anonymous();
    return Viewer{user->id, user->is_admin, user->is_blocked};
}

} // namespace auth
