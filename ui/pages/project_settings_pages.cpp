// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// /{owner}/{project}/settings: general settings, access, protected branches, and the
// rename, transfer and delete of a project. The services check the rights again.
#include "forge/http/form.h"
#include "forge/http/router.h"
#include "forge/services/merge_service.h"
#include "forge/services/project_service.h"
#include "forge/services/project_settings_service.h"
#include "ui/pages/pages.h"
#include "ui/pages/project_view.h"
#include "ui/web.h"

namespace ui {

namespace http = forge::http;
namespace services = forge::services;

namespace {

// Settings pages of projects the viewer may read but not administer are 404 as well:
// they exist for nobody but administrators.
forge::Result<ProjectView> open_for_admin(WebUi& web, Context& context)
{
    auto view = TRY(open_project_view(web, context));
    if (!view.may_admin())
        return forge::Error::not_found("no such page");
    return view;
}

services::ProjectPath path_of(const ProjectView& view)
{
    return services::ProjectPath{view.owner, view.name};
}

forge::Result<http::Response> general_page(WebUi& web, Context& context)
{
    auto view = TRY(open_for_admin(web, context));
    const auto& project = view.access.project;
    Value data;
    data.set("title", std::string(context.text("Settings")) + " · " + view.owner + "/" + view.name);
    data.set("project", view.header(context, "settings"));
    data.set("description", project.description);
    data.set("default_branch", project.default_branch);
    data.set("is_" + project.visibility, true);
    data.set("full_name", view.owner + "/" + view.name);
    data.set("section_general", true);
    return web.page(context, "project_settings", std::move(data));
}

forge::Result<http::Response> save_general(WebUi& web, Context& context,
                                           const http::FormFields& form)
{
    auto view = TRY(open_for_admin(web, context));
    services::ProjectSettings settings{form.get("description"), form.get("visibility"),
                                       form.get("default_branch")};
    if (auto done =
            services::update_project(web.services(), context.actor(), path_of(view), settings);
        done.is_error())
        return web.refused(context, view.base + "/settings", done.error());
    return web.redirect_with_notice(context, view.base + "/settings", "Settings saved");
}

forge::Result<http::Response> rename(WebUi& web, Context& context, const http::FormFields& form)
{
    auto view = TRY(open_for_admin(web, context));
    auto renamed = services::rename_project(web.services(), context.actor(), path_of(view),
                                            form.get("new_name"));
    if (renamed.is_error())
        return web.refused(context, view.base + "/settings", renamed.error());
    return web.redirect_with_notice(context, "/" + renamed.value().to_string() + "/settings",
                                    "Project renamed");
}

forge::Result<http::Response> transfer(WebUi& web, Context& context, const http::FormFields& form)
{
    auto view = TRY(open_for_admin(web, context));
    auto moved = services::transfer_project(web.services(), context.actor(), path_of(view),
                                            form.get("new_owner"));
    if (moved.is_error())
        return web.refused(context, view.base + "/settings", moved.error());
    return web.redirect_with_notice(context, "/" + moved.value().to_string(),
                                    "Project transferred");
}

forge::Result<http::Response> remove(WebUi& web, Context& context, const http::FormFields& form)
{
    auto view = TRY(open_for_admin(web, context));
    if (form.get("confirm") != view.owner + "/" + view.name)
        return web.refused(context, view.base + "/settings",
                           forge::Error::invalid_argument(std::string(
                               context.text("Type the full name of the project to delete it"))));
    TRY(services::delete_project(web.services(), context.actor(), path_of(view)));
    return web.redirect_with_notice(context, "/" + view.owner, "Project deleted");
}

forge::Result<http::Response> access_page(WebUi& web, Context& context)
{
    auto view = TRY(open_for_admin(web, context));
    auto grants = TRY(services::list_grants(web.services(), context.actor(), path_of(view)));
    Value::List rows;
    for (const auto& grant : grants) {
        Value row;
        bool group = grant.group_id.has_value();
        row.set("grantee", (group ? "@" : "") + grant.grantee_name);
        row.set("url", "/" + grant.grantee_name);
        row.set("level", grant.level);
        rows.push_back(std::move(row));
    }
    Value data;
    data.set("title", std::string(context.text("Access")) + " · " + view.owner + "/" + view.name);
    data.set("project", view.header(context, "settings"));
    data.set("grants", std::move(rows));
    data.set("section_access", true);
    return web.page(context, "project_access", std::move(data));
}

forge::Result<http::Response> grant(WebUi& web, Context& context, const http::FormFields& form)
{
    auto view = TRY(open_for_admin(web, context));
    if (auto done = services::grant_access(web.services(), context.actor(), path_of(view),
                                           form.get("grantee"), form.get("level"));
        done.is_error())
        return web.refused(context, view.base + "/settings/access", done.error());
    return web.redirect_with_notice(context, view.base + "/settings/access", "Access granted");
}

forge::Result<http::Response> revoke(WebUi& web, Context& context, const http::FormFields& form)
{
    auto view = TRY(open_for_admin(web, context));
    if (auto done = services::revoke_access(web.services(), context.actor(), path_of(view),
                                            form.get("grantee"));
        done.is_error())
        return web.refused(context, view.base + "/settings/access", done.error());
    return web.redirect_with_notice(context, view.base + "/settings/access", "Access revoked");
}

forge::Result<http::Response> branches_page(WebUi& web, Context& context)
{
    auto view = TRY(open_for_admin(web, context));
    auto branches =
        TRY(services::list_protected_branches(web.services(), context.actor(), path_of(view)));
    Value::List rows;
    for (const auto& branch : branches)
        rows.push_back(Value(branch));
    Value data;
    data.set("title", std::string(context.text("Protected branches")) + " · " + view.owner + "/" +
                          view.name);
    data.set("project", view.header(context, "settings"));
    data.set("branches", std::move(rows));
    data.set("section_branches", true);
    return web.page(context, "project_branches", std::move(data));
}

forge::Result<http::Response> protect(WebUi& web, Context& context, const http::FormFields& form)
{
    auto view = TRY(open_for_admin(web, context));
    if (auto done = services::protect_branch(web.services(), context.actor(), path_of(view),
                                             form.get("branch"));
        done.is_error())
        return web.refused(context, view.base + "/settings/branches", done.error());
    return web.redirect_with_notice(context, view.base + "/settings/branches", "Branch protected");
}

forge::Result<http::Response> unprotect(WebUi& web, Context& context, const http::FormFields& form)
{
    auto view = TRY(open_for_admin(web, context));
    if (auto done = services::unprotect_branch(web.services(), context.actor(), path_of(view),
                                               form.get("branch"));
        done.is_error())
        return web.refused(context, view.base + "/settings/branches", done.error());
    return web.redirect_with_notice(context, view.base + "/settings/branches",
                                    "Protection removed");
}

forge::Result<http::Response> merging_page(WebUi& web, Context& context)
{
    auto view = TRY(open_for_admin(web, context));
    auto settings = TRY(services::merge_settings(web.services(), context.viewer(), path_of(view)));
    Value data;
    data.set("title",
             std::string(context.text("Merge requests")) + " · " + view.owner + "/" + view.name);
    data.set("project", view.header(context, "settings"));
    data.set("required_approvals", settings.required_approvals);
    data.set("reset_approvals", settings.reset_approvals);
    data.set("allow_merge_commit", settings.allow_merge_commit);
    data.set("allow_squash", settings.allow_squash);
    data.set("allow_fast_forward", settings.allow_fast_forward);
    data.set("section_merging", true);
    return web.page(context, "project_merging", std::move(data));
}

forge::Result<http::Response> save_merging(WebUi& web, Context& context,
                                           const http::FormFields& form)
{
    auto view = TRY(open_for_admin(web, context));
    services::MergeSettings settings;
    settings.required_approvals = std::atoi(form.get("required_approvals").c_str());
    settings.reset_approvals = form.has("reset_approvals");
    settings.allow_merge_commit = form.has("allow_merge_commit");
    settings.allow_squash = form.has("allow_squash");
    settings.allow_fast_forward = form.has("allow_fast_forward");
    std::string back = view.base + "/settings/merging";
    if (auto done = services::update_merge_settings(web.services(), context.actor(), path_of(view),
                                                    settings);
        done.is_error())
        return web.refused(context, back, done.error());
    return web.redirect_with_notice(context, back, "Settings saved");
}

} // namespace

void add_project_settings_pages(WebUi& web, http::Router& router)
{
    const std::string base = "/{owner}/{project}/settings";
    web.get(router, base, general_page);
    web.post(router, base, save_general);
    web.post(router, base + "/rename", rename);
    web.post(router, base + "/transfer", transfer);
    web.post(router, base + "/delete", remove);
    web.get(router, base + "/access", access_page);
    web.post(router, base + "/access", grant);
    web.post(router, base + "/access/revoke", revoke);
    web.get(router, base + "/branches", branches_page);
    web.post(router, base + "/branches", protect);
    web.post(router, base + "/branches/unprotect", unprotect);
    web.get(router, base + "/merging", merging_page);
    web.post(router, base + "/merging", save_merging);
}

} // namespace ui
