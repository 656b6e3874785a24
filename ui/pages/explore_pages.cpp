// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// What a visitor can find: projects and groups, and a signed-in user's dashboard.
#include "forge/http/form.h"
#include "forge/http/router.h"
#include "forge/services/activity_service.h"
#include "forge/services/explore_service.h"
#include "forge/services/issue_service.h"
#include "forge/services/merge_request_service.h"
#include "ui/format.h"
#include "ui/pages/issue_values.h"
#include "ui/pages/list_values.h"
#include "ui/pages/merge_request_values.h"
#include "ui/pages/pages.h"
#include "ui/web.h"

namespace ui {

namespace http = forge::http;
namespace services = forge::services;

namespace {

forge::Result<http::Response> explore_page(WebUi& web, Context& context)
{
    auto query = http::FormFields::parse(context.request.query);
    Paging paging = paging_of(context);
    services::ProjectQuery project_query;
    project_query.text = query.get("q");
    project_query.offset = paging.offset();
    project_query.limit = paging.per_page + 1; // one more tells whether a next page exists
    auto projects = TRY(services::list_projects(web.services(), context.viewer(), project_query));
    bool more = projects.size() > paging.per_page;
    if (more)
        projects.pop_back();
    Value data;
    data.set("title", std::string(context.text("Explore projects")));
    data.set("q", project_query.text);
    data.set("projects", project_items(context, projects));
    paging.add_links(data, "/explore?q=" + http::percent_encode(project_query.text), more);
    return web.page(context, "explore", std::move(data));
}

forge::Result<http::Response> groups_page(WebUi& web, Context& context)
{
    auto query = http::FormFields::parse(context.request.query);
    Paging paging = paging_of(context);
    std::string text = query.get("q");
    auto groups = TRY(services::list_groups(web.services(), context.viewer(), text, paging.offset(),
                                            paging.per_page + 1));
    bool more = groups.size() > paging.per_page;
    if (more)
        groups.pop_back();
    Value::List items;
    for (const auto& summary : groups) {
        Value item;
        item.set("name", summary.group.name);
        item.set("display_name", summary.group.display_name);
        item.set("description", summary.group.description);
        item.set("projects", summary.project_count);
        items.push_back(std::move(item));
    }
    Value data;
    data.set("title", std::string(context.text("Groups")));
    data.set("q", text);
    data.set("groups", std::move(items));
    paging.add_links(data, "/explore/groups?q=" + http::percent_encode(text), more);
    return web.page(context, "explore_groups", std::move(data));
}

Value push_items(const std::vector<services::PushEvent>& pushes)
{
    Value::List items;
    for (const auto& push : pushes) {
        Value item;
        item.set("project", push.project);
        item.set("actor", push.actor);
        std::string ref = push.ref;
        for (std::string_view prefix : {"refs/heads/", "refs/tags/"})
            if (ref.starts_with(prefix))
                ref = ref.substr(prefix.size());
        item.set("ref", ref);
        item.set("deleted", push.action == "delete");
        item.set("new_id", push.new_id.substr(0, 10));
        item.set("commit_url", "/" + push.project + "/commit/" + push.new_id);
        item.set("time", display_time(push.at));
        item.set("datetime", machine_time(push.at));
        items.push_back(std::move(item));
    }
    return Value(std::move(items));
}

forge::Result<http::Response> home_page(WebUi& web, Context& context)
{
    if (!context.signed_in())
        return explore_page(web, context);
    auto mine = TRY(services::my_projects(web.services(), context.viewer(), 50));
    auto pushes = TRY(services::recent_pushes(web.services(), context.viewer(), 20));
    Value data;
    data.set("title", std::string(context.text("Dashboard")));
    data.set("projects", project_items(context, mine));
    data.set("pushes", push_items(pushes));
    auto awaiting = TRY(services::needs_my_review(web.services(), context.viewer(), 20));
    Value::List reviews;
    for (const auto& request : awaiting) {
        std::string base = "/" + request.project.owner.name + "/" + request.project.name;
        Value item = request_value(context, request, base);
        item.set("project", base.substr(1));
        reviews.push_back(std::move(item));
    }
    data.set("reviews", std::move(reviews));
    auto assigned = TRY(services::assigned_issues(web.services(), context.viewer(), 20));
    Value::List assigned_items;
    for (const auto& issue : assigned)
        assigned_items.push_back(issue_value(context, issue));
    data.set("assigned", std::move(assigned_items));
    return web.page(context, "dashboard", std::move(data));
}

} // namespace

void add_explore_pages(WebUi& web, http::Router& router)
{
    web.get(router, "/", home_page);
    web.get(router, "/explore", explore_page);
    web.get(router, "/explore/groups", groups_page);
}

} // namespace ui
