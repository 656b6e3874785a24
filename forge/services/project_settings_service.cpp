// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/project_settings_service.h"

#include "forge/common/clock.h"
#include "forge/common/log.h"
#include "forge/db/group_store.h"
#include "forge/db/project_store.h"
#include "forge/db/protected_branch_store.h"
#include "forge/db/user_store.h"
#include "forge/services/access_checks.h"
#include "forge/services/names.h"
#include "gitcore/head.h"
#include "gitcore/ref_names.h"
#include "gitcore/repository.h"

#include <algorithm>

namespace forge::services {

namespace {

using auth::AccessLevel;

Result<void> validate_settings(const ProjectSettings& settings)
{
    TRY(validate_text("description", settings.description, maximum_description_length,
                      TextKind::paragraphs));
    if (!auth::parse_visibility(settings.visibility))
        return Error::invalid_argument("unknown visibility '" + settings.visibility +
                                       "' (public, internal or private)");
    if (!gitcore::is_valid_branch_name(settings.default_branch))
        return Error::invalid_argument("invalid branch name '" + settings.default_branch + "'");
    return {};
}

// What changed, for the audit log.
std::string describe_changes(const db::ProjectRow& before, const ProjectSettings& after)
{
    std::string changes;
    auto add = [&](const std::string& change) {
        changes += (changes.empty() ? "" : ", ") + change;
    };
    if (before.visibility != after.visibility)
        add("visibility " + before.visibility + " -> " + after.visibility);
    if (before.default_branch != after.default_branch)
        add("default branch " + before.default_branch + " -> " + after.default_branch);
    if (before.description != after.description)
        add("description");
    return changes;
}

Result<void> point_head_at(Services& services, int64_t project_id, const std::string& branch)
{
    auto repository = TRY(gitcore::Repository::open(services.repos().path_for(project_id)));
    // Before the first push any name may be chosen; after it, HEAD must not dangle.
    if (!gitcore::is_empty(repository)) {
        auto branches = TRY(gitcore::list_branches(repository));
        bool exists = std::any_of(branches.begin(), branches.end(),
                                  [&](const auto& known) { return known.name == branch; });
        if (!exists)
            return Error::invalid_argument("branch '" + branch + "' does not exist");
    }
    return gitcore::set_head(repository, branch);
}

} // namespace

Result<void> update_project(Services& services, const Actor& actor, const ProjectPath& path,
                            const ProjectSettings& settings)
{
    TRY(validate_settings(settings));
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto project = TRY(project_for_change(c, actor, path, AccessLevel::admin));
        TRY(db::project_store::update_settings(c, project.id, settings.description,
                                               settings.visibility, settings.default_branch,
                                               unix_now()));
        // Inside the transaction: when HEAD cannot be moved, the settings stay as they were.
        if (settings.default_branch != project.default_branch)
            TRY(point_head_at(services, project.id, settings.default_branch));
        TRY(record_for_project(c, actor, project.id, "project.update", path.to_string(),
                               describe_changes(project, settings)));
        return {};
    });
}

Result<ProjectPath> rename_project(Services& services, const Actor& actor, const ProjectPath& path,
                                   std::string new_name)
{
    TRY(validate_name("project", new_name));
    return services.database().write([&](db::Connection& c) -> Result<ProjectPath> {
        auto project = TRY(project_for_change(c, actor, path, AccessLevel::admin));
        ProjectPath renamed{project.owner.name, new_name};
        if (new_name == project.name)
            return renamed;
        if (TRY(db::project_store::by_path(c, renamed.owner, renamed.name)))
            return Error::conflict("project '" + renamed.to_string() + "' already exists");
        TRY(db::project_store::rename(c, project.id, new_name, unix_now()));
        TRY(record_for_project(c, actor, project.id, "project.rename", path.to_string(),
                               renamed.to_string()));
        return renamed;
    });
}

Result<ProjectPath> transfer_project(Services& services, const Actor& actor,
                                     const ProjectPath& path, std::string new_owner)
{
    return services.database().write([&](db::Connection& c) -> Result<ProjectPath> {
        auto project = TRY(project_for_change(c, actor, path, AccessLevel::admin));
        auto owner = TRY(db::project_store::find_owner(c, new_owner));
        if (!owner)
            return Error::not_found("unknown user or group '" + new_owner + "'");
        if (owner->kind == project.owner.kind && owner->id == project.owner.id)
            return Error::invalid_argument("'" + path.to_string() + "' already belongs to '" +
                                           owner->name + "'");
        TRY(check_may_create_under(c, actor, *owner));
        ProjectPath moved{owner->name, project.name};
        if (TRY(db::project_store::by_path(c, moved.owner, moved.name)))
            return Error::conflict("project '" + moved.to_string() + "' already exists");
        TRY(db::project_store::set_owner(c, project.id, *owner, unix_now()));
        TRY(record_for_project(c, actor, project.id, "project.transfer", path.to_string(),
                               moved.to_string()));
        return moved;
    });
}

Result<void> delete_project(Services& services, const Actor& actor, const ProjectPath& path)
{
    int64_t project_id = 0;
    TRY(services.database().write([&](db::Connection& c) -> Result<void> {
        auto project = TRY(project_for_change(c, actor, path, AccessLevel::admin));
        TRY(db::project_store::remove(c, project.id));
        TRY(record_for_project(c, actor, project.id, "project.delete", path.to_string()));
        project_id = project.id;
        return {};
    }));
    // The row is gone for good, so nothing reaches the repository any more; should it
    // not go, it is only disk space, and its id is never given out again.
    if (auto removed = services.repos().remove(project_id); removed.is_error())
        log::error("project '" + path.to_string() +
                   "' deleted, its repository not: " + removed.error().message);
    return {};
}

Result<std::vector<db::GrantRow>> list_grants(Services& services, const Actor& actor,
                                              const ProjectPath& path)
{
    return services.database().read([&](db::Connection& c) -> Result<std::vector<db::GrantRow>> {
        auto project = TRY(project_for_change(c, actor, path, AccessLevel::admin));
        return db::grant_store::for_project(c, project.id);
    });
}

namespace {

// Revokes the grant; false when there was none.
Result<bool> revoke_grant(db::Connection& c, int64_t project_id, const std::string& grantee)
{
    bool to_group = !grantee.empty() && grantee.front() == '@';
    if (to_group) {
        auto group = TRY(db::group_store::by_name(c, grantee.substr(1)));
        if (!group)
            return false;
        if (!TRY(db::grant_store::has_group_grant(c, project_id, group->id)))
            return false;
        TRY(db::grant_store::revoke_group(c, project_id, group->id));
        return true;
    }
    auto user = TRY(db::user_store::by_name(c, grantee));
    if (!user)
        return false;
    if (!TRY(db::grant_store::has_user_grant(c, project_id, user->id)))
        return false;
    TRY(db::grant_store::revoke_user(c, project_id, user->id));
    return true;
}

} // namespace

Result<void> revoke_access(Services& services, const Actor& actor, const ProjectPath& path,
                           const std::string& grantee)
{
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto project = TRY(project_for_change(c, actor, path, AccessLevel::admin));
        if (!TRY(revoke_grant(c, project.id, grantee)))
            return Error::not_found("'" + grantee + "' holds no grant on '" + path.to_string() +
                                    "'");
        TRY(record_for_project(c, actor, project.id, "project.revoke", path.to_string(), grantee));
        return {};
    });
}

Result<std::vector<std::string>> list_protected_branches(Services& services, const Actor& actor,
                                                         const ProjectPath& path)
{
    return services.database().read([&](db::Connection& c) -> Result<std::vector<std::string>> {
        auto project = TRY(project_for_change(c, actor, path, AccessLevel::read));
        return db::protected_branch_store::for_project(c, project.id);
    });
}

Result<void> unprotect_branch(Services& services, const Actor& actor, const ProjectPath& path,
                              const std::string& branch)
{
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto project = TRY(project_for_change(c, actor, path, AccessLevel::admin));
        if (!TRY(db::protected_branch_store::is_protected(c, project.id, branch)))
            return Error::not_found("branch '" + branch + "' is not protected");
        TRY(db::protected_branch_store::unprotect(c, project.id, branch));
        TRY(record_for_project(c, actor, project.id, "branch.unprotect", path.to_string(), branch));
        return {};
    });
}

} // namespace forge::services
