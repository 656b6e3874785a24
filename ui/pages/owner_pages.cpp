// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// /{owner}: the page of a user or a group, with the projects the viewer may see.
#include "forge/http/form.h"
#include "forge/http/router.h"
#include "forge/services/explore_service.h"
#include "forge/services/group_service.h"
#include "ui/pages/list_values.h"
#include "ui/pages/pages.h"
#include "ui/web.h"

namespace ui {

namespace http = forge::http;
namespace services = forge::services;

namespace {

forge::Result<http::Response> owner_page(WebUi& web, Context& context)
{
    std::string name = http::percent_decode(context.request.param("owner"));
    Paging paging = paging_of(context);
    auto owner = TRY(services::open_owner(web.services(), context.viewer(), name, paging.offset(),
                                          paging.per_page + 1));
    bool more = owner.projects.size() > paging.per_page;
    if (more)
        owner.projects.pop_back();
    Value data;
    data.set("name", owner.owner.name);
    data.set("projects", project_items(context, owner.projects));
    paging.add_links(data, "/" + http::percent_encode(owner.owner.name), more);
    if (owner.group) {
        auto group = TRY(services::open_group(web.services(), context.viewer(), name));
        data.set("title", owner.owner.name);
        data.set("display_name", group.group.display_name);
        data.set("description", group.group.description);
        data.set("member_count", static_cast<int64_t>(group.members.size()));
        data.set("may_manage", group.may_manage);
        data.set("may_create", group.viewer_role == "owner" || context.viewer().is_admin);
        return web.page(context, "group", std::move(data));
    }
    data.set("title", owner.owner.name);
    if (owner.user)
        data.set("display_name", owner.user->display_name);
    return web.page(context, "user", std::move(data));
}

} // namespace

void add_owner_pages(WebUi& web, http::Router& router)
{
    web.get(router, "/{owner}", owner_page);
}

} // namespace ui
