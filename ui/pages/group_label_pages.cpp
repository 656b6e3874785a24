// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// /groups/{group}/labels: the labels a group gives all its projects' issues.
#include "forge/http/form.h"
#include "forge/services/group_service.h"
#include "forge/services/label_service.h"
#include "ui/pages/issue_values.h"
#include "ui/pages/pages.h"
#include "ui/web.h"

namespace ui {

namespace http = forge::http;
namespace services = forge::services;

namespace {

std::string labels_url(const Context& context)
{
    return "/groups/" + std::string(context.request.param("group")) + "/labels";
}

forge::Result<http::Response> labels_page(WebUi& web, Context& context)
{
    std::string name = http::percent_decode(context.request.param("group"));
    auto group = TRY(services::open_group(web.services(), context.viewer(), name));
    auto labels = TRY(services::list_group_labels(web.services(), context.viewer(), name));
    Value::List items;
    for (const auto& label : labels)
        items.push_back(label_value(label));
    Value data;
    data.set("title", std::string(context.text("Labels")) + " · " + group.group.name);
    data.set("group", group.group.name);
    data.set("labels", std::move(items));
    data.set("may_manage", group.may_manage);
    return web.page(context, "group_labels", std::move(data));
}

http::Response settle(WebUi& web, Context& context, const forge::Result<void>& outcome,
                      std::string_view notice)
{
    if (outcome.is_error())
        return web.refused(context, labels_url(context), outcome.error());
    return web.redirect_with_notice(context, labels_url(context), notice);
}

forge::Result<http::Response> create_label(WebUi& web, Context& context,
                                           const http::FormFields& form)
{
    std::string name = http::percent_decode(context.request.param("group"));
    auto created = services::create_group_label(
        web.services(), context.actor(), name,
        {form.get("name"), form.get("color"), form.get("description")});
    if (created.is_error())
        return settle(web, context, created.error(), "");
    return settle(web, context, {}, "Label saved");
}

forge::Result<http::Response> delete_label(WebUi& web, Context& context, const http::FormFields&)
{
    std::string name = http::percent_decode(context.request.param("group"));
    int64_t id = std::atoll(std::string(context.request.param("id")).c_str());
    return settle(web, context,
                  services::delete_group_label(web.services(), context.actor(), name, id),
                  "Label deleted");
}

} // namespace

void add_group_label_pages(WebUi& web, http::Router& router)
{
    web.get(router, "/groups/{group}/labels", labels_page);
    web.post(router, "/groups/{group}/labels", create_label);
    web.post(router, "/groups/{group}/labels/{id}/delete", delete_label);
}

} // namespace ui
