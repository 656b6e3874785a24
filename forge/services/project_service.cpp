// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/project_service.h"

#include "auth/resolver.h"
#include "forge/common/clock.h"
#include "forge/common/log.h"
#include "forge/db/grant_store.h"
#include "forge/db/group_store.h"
#include "forge/db/protected_branch_store.h"
#include "forge/db/user_store.h"
#include "forge/services/access_checks.h"
#include "forge/services/names.h"
#include "gitcore/ref_names.h"

namespace forge::services {

Result<ProjectPath> parse_project_path(std::string_view text)
{
    auto slash = text.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == text.size() ||
        text.find('/', slash + 1) != std::string_view::npos)
        return Error::invalid_argument("project must be given as OWNER/NAME, not '" +
                                       std::string(text) + "'");
    return ProjectPath{std::string(text.substr(0, slash)), std::string(text.substr(slash + 1))};
}

Result<db::ProjectRow> create_project(Services& services, const Actor& actor,
                                      const NewProjectRequest& request)
{
    TRY(validate_name("project", request.path.name));
    if (!auth::parse_visibility(request.visibility))
        return Error::invalid_argument("unknown visibility '" + request.visibility +
                                       "' (public, internal or private)");
    std::optional<int64_t> created_id;
    auto result = services.database().write([&](db::Connection& c) -> Result<db::ProjectRow> {
        auto owner = TRY(db::project_store::find_owner(c, request.path.owner));
        if (!owner)
            return Error::not_found("unknown user or group '" + request.path.owner + "'");
        TRY(check_may_create_under(c, actor, *owner));
        if (TRY(db::project_store::by_path(c, owner->name, request.path.name)))
            return Error::conflict("project '" + request.path.to_string() + "' already exists");
        db::NewProject row{*owner, request.path.name, request.description, request.visibility};
        int64_t id = TRY(db::project_store::insert(c, row, unix_now()));
        auto project = TRY(db::project_store::by_id(c, id));
        // Ids are never reused once committed, so a repository already there is the
        // leftover of a create that crashed before its commit: keep it, but out of the way.
        if (services.repos().exists(id)) {
            log::warning("moving aside leftover repository of project id " + std::to_string(id));
            TRY(services.repos().set_aside(id, std::to_string(unix_now())));
        }
        TRY(services.repos().create(id, project->default_branch));
        created_id = id;
        TRY(record_for_project(c, actor, id, "project.create", request.path.to_string(),
                               request.visibility));
        return *project;
    });
    // The transaction rolled back; take the repository with it.
    if (result.is_error() && created_id)
        (void)services.repos().remove(*created_id);
    return result;
}

Result<ProjectAccess> open_project(Services& services, const auth::Viewer& viewer,
                                   const ProjectPath& path)
{
    return services.database().read(
        [&](db::Connection& c) { return readable_project(c, viewer, path); });
}

Result<void> grant_access(Services& services, const Actor& actor, const ProjectPath& path,
                          const std::string& grantee, const std::string& level)
{
    if (!auth::parse_access_level(level))
        return Error::invalid_argument("unknown access level '" + level +
                                       "' (read, write, maintain or admin)");
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto project = TRY(project_for_change(c, actor, path, auth::AccessLevel::admin));
        if (!grantee.empty() && grantee.front() == '@') {
            auto group = TRY(db::group_store::by_name(c, grantee.substr(1)));
            if (!group)
                return Error::not_found("unknown group '" + grantee.substr(1) + "'");
            TRY(db::grant_store::set_group_grant(c, project.id, group->id, level));
        } else {
            auto user = TRY(db::user_store::by_name(c, grantee));
            if (!user)
                return Error::not_found("unknown user '" + grantee + "'");
            TRY(db::grant_store::set_user_grant(c, project.id, user->id, level));
        }
        TRY(record_for_project(c, actor, project.id, "project.grant", path.to_string(),
                               grantee + " " + level));
        return {};
    });
}

Result<void> protect_branch(Services& services, const Actor& actor, const ProjectPath& path,
                            const std::string& branch)
{
    if (!gitcore::is_valid_branch_name(branch))
        return Error::invalid_argument("invalid branch name '" + branch + "'");
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto project = TRY(project_for_change(c, actor, path, auth::AccessLevel::admin));
        TRY(db::protected_branch_store::protect(c, project.id, branch, unix_now()));
        TRY(record_for_project(c, actor, project.id, "branch.protect", path.to_string(), branch));
        return {};
    });
}

} // namespace forge::services
