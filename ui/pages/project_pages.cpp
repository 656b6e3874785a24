// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// Creating a project under oneself or a group one owns.
#include "forge/http/form.h"
#include "forge/http/router.h"
#include "forge/services/group_service.h"
#include "forge/services/project_service.h"
#include "ui/pages/pages.h"
#include "ui/web.h"

namespace ui {

namespace http = forge::http;
namespace services = forge::services;

namespace {

forge::Result<http::Response> project_form(WebUi& web, Context& context,
                                           const http::FormFields& form, std::string failure)
{
    const auto& me = context.identity->user;
    std::string chosen = form.get("owner");
    auto groups = TRY(services::groups_where_owner(web.services(), me.id));
    Value::List owners;
    auto option = [&](const std::string& name) {
        Value item;
        item.set("name", name);
        if (name == chosen)
            item.set("selected", true);
        owners.push_back(std::move(item));
    };
    option(me.name);
    for (const auto& group : groups)
        option(group.name);
    std::string visibility = form.get("visibility");
    if (visibility != "public" && visibility != "internal")
        visibility = "private";
    Value data;
    data.set("title", std::string(context.text("New project")));
    data.set("owners", std::move(owners));
    data.set("name", form.get("name"));
    data.set("description", form.get("description"));
    data.set("is_" + visibility, true);
    int status = failure.empty() ? 200 : 422;
    if (!failure.empty())
        data.set("failure", std::move(failure));
    return web.page(context, "project_new", std::move(data), status);
}

forge::Result<http::Response> new_project_page(WebUi& web, Context& context)
{
    return project_form(web, context, http::FormFields::parse(context.request.query), {});
}

forge::Result<http::Response> create_project(WebUi& web, Context& context,
                                             const http::FormFields& form)
{
    services::NewProjectRequest request;
    request.path = services::ProjectPath{form.get("owner"), form.get("name")};
    request.visibility = form.get("visibility");
    request.description = form.get("description");
    auto created = services::create_project(web.services(), context.actor(), request);
    if (created.is_error()) {
        if (created.error().code == forge::ErrorCode::internal)
            return created.error();
        return project_form(web, context, form, created.error().message);
    }
    return web.redirect_with_notice(context, "/" + request.path.to_string(), "Project created");
}

} // namespace

void add_project_pages(WebUi& web, http::Router& router)
{
    web.get(router, "/projects/new", new_project_page, WebUi::Access::signed_in);
    web.post(router, "/projects/new", create_project);
}

} // namespace ui
