// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// Creating groups and managing their members.
#include "forge/http/form.h"
#include "forge/http/router.h"
#include "forge/services/group_service.h"
#include "ui/pages/pages.h"
#include "ui/web.h"

namespace ui {

namespace http = forge::http;
namespace services = forge::services;

namespace {

http::Response new_group_form(WebUi& web, Context& context, const http::FormFields& form,
                              std::string failure)
{
    Value data;
    data.set("title", std::string(context.text("New group")));
    data.set("name", form.get("name"));
    data.set("description", form.get("description"));
    int status = failure.empty() ? 200 : 422;
    if (!failure.empty())
        data.set("failure", std::move(failure));
    return web.page(context, "group_new", std::move(data), status);
}

forge::Result<http::Response> new_group_page(WebUi& web, Context& context)
{
    return new_group_form(web, context, {}, {});
}

forge::Result<http::Response> create_group(WebUi& web, Context& context,
                                           const http::FormFields& form)
{
    services::NewGroup group{form.get("name"), form.get("description")};
    auto created = services::create_group(web.services(), context.actor(), group);
    if (created.is_error()) {
        if (created.error().code == forge::ErrorCode::internal)
            return created.error();
        return new_group_form(web, context, form, created.error().message);
    }
    return web.redirect_with_notice(context, "/" + created.value().name, "Group created");
}

std::string_view role_label(std::string_view role)
{
    return role == "owner"        ? "Owner"
           : role == "maintainer" ? "Maintainer"
           : role == "member"     ? "Member"
                                  : "Reporter";
}

forge::Result<http::Response> members_page(WebUi& web, Context& context)
{
    std::string name = http::percent_decode(context.request.param("group"));
    auto group = TRY(services::open_group(web.services(), context.viewer(), name));
    Value::List members;
    for (const auto& member : group.members) {
        Value row;
        row.set("user", member.user);
        row.set("display_name", member.display_name);
        row.set("role", std::string(context.text(role_label(member.role))));
        members.push_back(std::move(row));
    }
    Value data;
    data.set("title", std::string(context.text("Members")) + " · " + group.group.name);
    data.set("group", group.group.name);
    data.set("display_name", group.group.display_name);
    data.set("description", group.group.description);
    data.set("members", std::move(members));
    data.set("may_manage", group.may_manage);
    return web.page(context, "group_members", std::move(data));
}

std::string members_url(const Context& context)
{
    return "/groups/" + std::string(context.request.param("group")) + "/members";
}

forge::Result<http::Response> add_member(WebUi& web, Context& context, const http::FormFields& form)
{
    std::string group = http::percent_decode(context.request.param("group"));
    if (auto done = services::set_group_member(web.services(), context.actor(), group,
                                               form.get("user"), form.get("role"));
        done.is_error())
        return web.refused(context, members_url(context), done.error());
    return web.redirect_with_notice(context, members_url(context), "Member saved");
}

forge::Result<http::Response> remove_member(WebUi& web, Context& context,
                                            const http::FormFields& form)
{
    std::string group = http::percent_decode(context.request.param("group"));
    if (auto done =
            services::remove_group_member(web.services(), context.actor(), group, form.get("user"));
        done.is_error())
        return web.refused(context, members_url(context), done.error());
    return web.redirect_with_notice(context, members_url(context), "Member removed");
}

forge::Result<http::Response> update_group(WebUi& web, Context& context,
                                           const http::FormFields& form)
{
    std::string group = http::percent_decode(context.request.param("group"));
    if (auto done = services::update_group(web.services(), context.actor(), group,
                                           form.get("display_name"), form.get("description"));
        done.is_error())
        return web.refused(context, members_url(context), done.error());
    return web.redirect_with_notice(context, members_url(context), "Group saved");
}

} // namespace

void add_group_pages(WebUi& web, http::Router& router)
{
    web.get(router, "/groups/new", new_group_page, WebUi::Access::signed_in);
    web.post(router, "/groups/new", create_group);
    web.get(router, "/groups/{group}/members", members_page);
    web.post(router, "/groups/{group}/members", add_member);
    web.post(router, "/groups/{group}/members/remove", remove_member);
    web.post(router, "/groups/{group}/settings", update_group);
}

} // namespace ui
