// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// /admin/...: site administration. Pages are 404 for everyone but site administrators;
// the services check the right again for every change.
#include "forge/http/form.h"
#include "forge/http/router.h"
#include "forge/services/account_service.h"
#include "forge/services/admin_service.h"
#include "ui/format.h"
#include "ui/pages/list_values.h"
#include "ui/pages/pages.h"
#include "ui/web.h"

#include <ctime>

namespace ui {

namespace http = forge::http;
namespace services = forge::services;

namespace {

forge::Result<void> require_admin(const Context& context)
{
    if (!context.viewer().is_admin)
        return forge::Error::not_found("no such page");
    return {};
}

Value admin_data(const Context& context, std::string_view title, std::string_view section)
{
    Value data;
    data.set("title", std::string(context.text(title)));
    data.set("section_" + std::string(section), true);
    return data;
}

forge::Result<http::Response> users_page_with(WebUi& web, Context& context, Value data)
{
    TRY(require_admin(context));
    auto query = http::FormFields::parse(context.request.query);
    Paging paging = paging_of(context, 50);
    std::string text = query.get("q");
    auto users = TRY(services::list_users(web.services(), context.actor(), text, paging.offset(),
                                          paging.per_page + 1));
    bool more = users.size() > paging.per_page;
    if (more)
        users.pop_back();
    Value::List rows;
    for (const auto& user : users) {
        Value row;
        row.set("name", user.name);
        row.set("email", user.email);
        row.set("display_name", user.display_name);
        row.set("is_admin", user.is_admin);
        row.set("is_blocked", user.is_blocked);
        row.set("created", display_time(user.created_at));
        rows.push_back(std::move(row));
    }
    data.set("users", std::move(rows));
    data.set("q", text);
    paging.add_links(data, "/admin/users?q=" + http::percent_encode(text), more);
    return web.page(context, "admin_users", std::move(data));
}

forge::Result<http::Response> users_page(WebUi& web, Context& context)
{
    return users_page_with(web, context, admin_data(context, "Users", "users"));
}

forge::Result<http::Response> create_user(WebUi& web, Context& context,
                                          const http::FormFields& form)
{
    TRY(require_admin(context));
    services::NewAccount account;
    account.name = form.get("name");
    account.email = form.get("email");
    account.is_admin = form.get("admin") == "on";
    Value data = admin_data(context, "Users", "users");
    auto created = services::create_account(web.services(), context.actor(), account);
    if (created.is_error()) {
        if (created.error().code == forge::ErrorCode::internal)
            return created.error();
        data.set("failure", created.error().message);
    } else {
        data.set("new_user", created.value().user.name);
        data.set("new_password", created.value().generated_password);
    }
    auto response = TRY(users_page_with(web, context, std::move(data)));
    response.set_header("Cache-Control", "no-store");
    return response;
}

// One form per action on a user: block, unblock, make or unmake admin, new password.
forge::Result<http::Response> user_action(WebUi& web, Context& context,
                                          const http::FormFields& form)
{
    TRY(require_admin(context));
    std::string name = form.get("user");
    std::string action = form.get("action");
    auto& svc = web.services();
    auto actor = context.actor();
    if (action == "block" || action == "unblock") {
        if (auto done = services::set_user_blocked(svc, actor, name, action == "block");
            done.is_error())
            return web.refused(context, "/admin/users", done.error());
    } else if (action == "admin" || action == "unadmin") {
        if (auto done = services::set_user_admin(svc, actor, name, action == "admin");
            done.is_error())
            return web.refused(context, "/admin/users", done.error());
    } else if (action == "reset") {
        auto password = TRY(services::reset_password(svc, actor, name));
        Value data = admin_data(context, "Users", "users");
        data.set("new_user", name);
        data.set("new_password", password);
        auto response = TRY(users_page_with(web, context, std::move(data)));
        response.set_header("Cache-Control", "no-store");
        return response;
    } else {
        return forge::Error::invalid_argument("unknown action '" + action + "'");
    }
    return web.redirect_with_notice(context, "/admin/users", "User updated");
}

forge::Result<http::Response> groups_page(WebUi& web, Context& context)
{
    TRY(require_admin(context));
    auto query = http::FormFields::parse(context.request.query);
    auto groups = TRY(services::list_all_groups(web.services(), context.actor(), query.get("q"), 0,
                                                services::maximum_page_size));
    Value::List rows;
    for (const auto& summary : groups) {
        Value row;
        row.set("name", summary.group.name);
        row.set("description", summary.group.description);
        row.set("projects", summary.project_count);
        rows.push_back(std::move(row));
    }
    Value data = admin_data(context, "Groups", "groups");
    data.set("groups", std::move(rows));
    data.set("q", query.get("q"));
    return web.page(context, "admin_groups", std::move(data));
}

forge::Result<http::Response> projects_page(WebUi& web, Context& context)
{
    TRY(require_admin(context));
    auto query = http::FormFields::parse(context.request.query);
    services::ProjectQuery project_query;
    project_query.text = query.get("q");
    project_query.limit = services::maximum_page_size;
    auto projects =
        TRY(services::list_all_projects(web.services(), context.actor(), project_query));
    Value data = admin_data(context, "Projects", "projects");
    data.set("projects", project_items(context, projects));
    data.set("q", project_query.text);
    return web.page(context, "admin_projects", std::move(data));
}

std::optional<int64_t> day_start(const std::string& date)
{
    std::tm parts{};
    if (date.size() != 10 || !strptime(date.c_str(), "%Y-%m-%d", &parts))
        return std::nullopt;
    return static_cast<int64_t>(timegm(&parts));
}

forge::Result<http::Response> audit_page(WebUi& web, Context& context)
{
    TRY(require_admin(context));
    auto query = http::FormFields::parse(context.request.query);
    Paging paging = paging_of(context, 100);
    services::AuditQuery audit{
        query.get("actor"), query.get("action"), query.get("target"), day_start(query.get("since")),
        std::nullopt,       paging.offset(),     paging.per_page + 1};
    if (auto until = day_start(query.get("until")))
        audit.until = *until + 24 * 3600 - 1;
    auto entries = TRY(services::list_audit(web.services(), context.actor(), audit));
    bool more = entries.size() > paging.per_page;
    if (more)
        entries.pop_back();
    Value::List rows;
    for (const auto& entry : entries) {
        Value row;
        row.set("time", display_time(entry.at));
        row.set("datetime", machine_time(entry.at));
        row.set("actor", entry.actor_name);
        row.set("action", entry.action);
        row.set("target", entry.target);
        row.set("detail", entry.detail);
        row.set("address", entry.address);
        rows.push_back(std::move(row));
    }
    Value data = admin_data(context, "Audit log", "audit");
    data.set("entries", std::move(rows));
    for (const char* key : {"actor", "action", "target", "since", "until"})
        data.set(key, query.get(key));
    std::string filter = context.request.query;
    paging.add_links(data, "/admin/audit?" + filter.substr(0, filter.find("&page=")), more);
    return web.page(context, "admin_audit", std::move(data));
}

} // namespace

void add_admin_pages(WebUi& web, http::Router& router)
{
    auto signed_in = WebUi::Access::signed_in;
    web.get(
        router, "/admin",
        [&web](Context& context) {
            if (!context.viewer().is_admin)
                return web.error(context, 404);
            return web.redirect(context, "/admin/users");
        },
        signed_in);
    web.get(router, "/admin/users", users_page, signed_in);
    web.post(router, "/admin/users", create_user);
    web.post(router, "/admin/users/action", user_action);
    web.get(router, "/admin/groups", groups_page, signed_in);
    web.get(router, "/admin/projects", projects_page, signed_in);
    web.get(router, "/admin/audit", audit_page, signed_in);
}

} // namespace ui
