// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// The forum of a project (/{owner}/{project}/discussions) and of a group
// (/{group}/discussions): the list by category with search, a new thread, a thread with
// its replies, and the forms that reply, accept answers and moderate.
#include "forge/http/form.h"
#include "forge/services/discussion_service.h"
#include "ui/format.h"
#include "ui/pages/issue_values.h"
#include "ui/pages/list_values.h"
#include "ui/pages/pages.h"
#include "ui/text/markdown.h"
#include "ui/web.h"

namespace ui {

namespace http = forge::http;
namespace services = forge::services;

namespace {

// The forum of the URL, with what its pages show above their content.
struct ForumPage {
    services::ForumPath path;
    std::optional<ProjectView> project;
    std::string url; // "/owner/project/discussions" or "/group/discussions"
    Value header;    // "project" data for a project's forum, else the group's name
};

forge::Result<ForumPage> open_forum_page(WebUi& web, Context& context)
{
    ForumPage page;
    if (context.request.param("project").empty()) {
        std::string group = http::percent_decode(context.request.param("owner"));
        page.path = services::ForumPath::of_group(group);
        page.url = "/" + http::percent_encode(group, false) + "/discussions";
        page.header.set("group", group);
    } else {
        page.project = TRY(open_project_view(web, context));
        page.path = services::ForumPath::of_project({page.project->owner, page.project->name});
        page.url = page.project->base + "/discussions";
    }
    return page;
}

Value base_data(Context& context, const ForumPage& page, std::string title)
{
    Value data;
    data.set("title", std::move(title));
    if (page.project)
        data.set("project", page.project->header(context, "discussions"));
    else
        data.set("group", *page.header.member("group"));
    data.set("forum_url", page.url);
    return data;
}

SafeHtml post_markdown(WebUi& web, Context& context, const ForumPage& page, const std::string& text)
{
    if (page.project)
        return linked_markdown(web, context, *page.project, text);
    return SafeHtml::trusted(text::render_markdown(text));
}

// Category names the forum starts with are shown in the viewer's language.
std::string category_name(const Context& context, const std::string& name)
{
    if (name == "Announcements" || name == "Questions" || name == "Ideas")
        return std::string(context.text(name));
    return name;
}

Value category_value(const Context& context, const services::Category& category)
{
    Value item;
    item.set("id", category.id);
    item.set("name", category_name(context, category.name));
    item.set("description", category.description);
    item.set("kind", std::string(to_string(category.kind)));
    item.set("threads", category.thread_count);
    return item;
}

forge::Result<http::Response> list_page(WebUi& web, Context& context)
{
    auto page = TRY(open_forum_page(web, context));
    auto forum = TRY(services::open_forum(web.services(), context.viewer(), page.path));
    auto query = http::FormFields::parse(context.request.query);
    auto paging = paging_of(context);
    services::DiscussionFilter filter;
    filter.category_id = std::atoll(query.get("category").c_str());
    filter.text = query.get("q");
    filter.offset = static_cast<int64_t>(paging.offset());
    filter.limit = static_cast<int64_t>(paging.per_page);
    auto list =
        TRY(services::list_discussions(web.services(), context.viewer(), page.path, filter));
    Value data = base_data(context, page, std::string(context.text("Discussions")));
    Value::List categories;
    for (const auto& category : forum.categories) {
        Value item = category_value(context, category);
        item.set("current", category.id == filter.category_id);
        categories.push_back(std::move(item));
    }
    data.set("categories", std::move(categories));
    data.set("all_current", filter.category_id == 0);
    Value::List items;
    for (const auto& discussion : list.items) {
        Value item;
        item.set("number", discussion.number);
        item.set("title", discussion.title);
        item.set("url", page.url + "/" + std::to_string(discussion.number));
        item.set("author", discussion.author.name);
        item.set("category", category_name(context, discussion.category.name));
        item.set("pinned", discussion.pinned);
        item.set("locked", discussion.locked);
        item.set("answered", discussion.answer_id != 0);
        item.set("replies", discussion.reply_count);
        item.set("time", display_time(discussion.updated_at));
        item.set("datetime", machine_time(discussion.updated_at));
        items.push_back(std::move(item));
    }
    data.set("items", std::move(items));
    data.set("total", list.total);
    data.set("q", filter.text);
    data.set("category", filter.category_id);
    data.set("may_post", forum.may_post);
    data.set("may_moderate", forum.may_moderate);
    paging.add_links(data,
                     page.url + "?category=" + std::to_string(filter.category_id) +
                         "&q=" + http::percent_encode(filter.text, false),
                     static_cast<int64_t>(paging.offset() + list.items.size()) < list.total);
    return web.page(context, "discussions", std::move(data));
}

forge::Result<http::Response> new_form(WebUi& web, Context& context, const std::string& title,
                                       const std::string& body, int64_t category,
                                       std::string failure)
{
    auto page = TRY(open_forum_page(web, context));
    auto forum = TRY(services::open_forum(web.services(), context.viewer(), page.path));
    Value data = base_data(context, page, std::string(context.text("New discussion")));
    Value::List categories;
    for (const auto& item : forum.categories) {
        if (item.kind == services::CategoryKind::announcements && !forum.may_moderate)
            continue;
        Value value = category_value(context, item);
        value.set("selected", item.id == category);
        categories.push_back(std::move(value));
    }
    data.set("categories", std::move(categories));
    data.set("title_value", title);
    data.set("body", body);
    int status = failure.empty() ? 200 : 422;
    if (!failure.empty())
        data.set("failure", std::move(failure));
    return web.page(context, "discussion_new", std::move(data), status);
}

forge::Result<http::Response> new_page(WebUi& web, Context& context)
{
    auto query = http::FormFields::parse(context.request.query);
    return new_form(web, context, "", "", std::atoll(query.get("category").c_str()), {});
}

int64_t number_of(const Context& context)
{
    std::string text(context.request.param("number"));
    if (text.empty() || text.size() > 9 ||
        text.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return std::stoll(text);
}

forge::Result<http::Response> thread_page(WebUi& web, Context& context)
{
    auto page = TRY(open_forum_page(web, context));
    int64_t number = number_of(context);
    auto view = TRY(services::get_discussion(web.services(), context.viewer(), page.path, number));
    const auto& discussion = view.discussion;
    std::string url = page.url + "/" + std::to_string(number);
    Value data = base_data(context, page, discussion.title);
    data.set("own_heading", true);
    Value thread;
    thread.set("number", number);
    thread.set("url", url);
    thread.set("title", discussion.title);
    thread.set("author", discussion.author.name);
    thread.set("body", post_markdown(web, context, page, discussion.body));
    thread.set("body_text", discussion.body);
    thread.set("category", category_name(context, discussion.category.name));
    thread.set("question", discussion.category.kind == services::CategoryKind::questions);
    thread.set("pinned", discussion.pinned);
    thread.set("locked", discussion.locked);
    thread.set("answered", discussion.answer_id != 0);
    thread.set("time", display_time(discussion.created_at));
    thread.set("datetime", machine_time(discussion.created_at));
    data.set("thread", std::move(thread));
    Value::List replies;
    for (const auto& reply : view.replies) {
        Value item;
        item.set("id", reply.id);
        item.set("author", reply.author.name);
        item.set("body", post_markdown(web, context, page, reply.body));
        item.set("text", reply.body);
        item.set("accepted", reply.accepted);
        item.set("may_change", reply.may_change);
        item.set("time", display_time(reply.created_at));
        item.set("datetime", machine_time(reply.created_at));
        item.set("edited", reply.updated_at > reply.created_at);
        replies.push_back(std::move(item));
    }
    data.set("replies", std::move(replies));
    data.set("may_reply", view.may_reply);
    data.set("may_edit", view.may_edit);
    data.set("may_moderate", view.may_moderate);
    data.set("may_accept", view.may_accept);
    data.set("signed_in", context.signed_in());
    return web.page(context, "discussion", std::move(data));
}

http::Response settle(WebUi& web, Context& context, const std::string& back,
                      const forge::Result<void>& outcome, std::string_view notice)
{
    if (outcome.is_error())
        return web.refused(context, back, outcome.error());
    return web.redirect_with_notice(context, back, notice);
}

forge::Result<http::Response> create(WebUi& web, Context& context, const http::FormFields& form)
{
    auto page = TRY(open_forum_page(web, context));
    services::NewDiscussion request{std::atoll(form.get("category").c_str()), form.get("title"),
                                    form.get("body")};
    auto started = services::start_discussion(web.services(), context.actor(), page.path, request);
    if (started.is_error()) {
        if (started.error().code == forge::ErrorCode::internal ||
            started.error().code == forge::ErrorCode::not_found)
            return started.error();
        return new_form(web, context, request.title, request.body, request.category_id,
                        started.error().message);
    }
    return web.redirect_with_notice(
        context, page.url + "/" + std::to_string(started.value().number), "Discussion started");
}

forge::Result<http::Response> reply(WebUi& web, Context& context, const http::FormFields& form)
{
    auto page = TRY(open_forum_page(web, context));
    int64_t number = number_of(context);
    std::string url = page.url + "/" + std::to_string(number);
    auto added = services::reply_to_discussion(web.services(), context.actor(), page.path, number,
                                               form.get("body"));
    if (added.is_error())
        return web.refused(context, url, added.error());
    return web.redirect_with_notice(context, url + "#reply-" + std::to_string(added.value().id),
                                    "Reply added");
}

forge::Result<http::Response> accept(WebUi& web, Context& context, const http::FormFields& form)
{
    auto page = TRY(open_forum_page(web, context));
    int64_t number = number_of(context);
    auto accepted = services::accept_answer(web.services(), context.actor(), page.path, number,
                                            std::atoll(form.get("reply").c_str()));
    return settle(web, context, page.url + "/" + std::to_string(number), accepted, "Answer marked");
}

forge::Result<http::Response> moderate(WebUi& web, Context& context, const http::FormFields& form)
{
    auto page = TRY(open_forum_page(web, context));
    int64_t number = number_of(context);
    std::optional<bool> pinned, locked;
    if (form.has("pinned"))
        pinned = form.get("pinned") == "1";
    if (form.has("locked"))
        locked = form.get("locked") == "1";
    auto changed = services::set_discussion_flags(web.services(), context.actor(), page.path,
                                                  number, pinned, locked);
    return settle(web, context, page.url + "/" + std::to_string(number), changed,
                  "Discussion saved");
}

forge::Result<http::Response> edit(WebUi& web, Context& context, const http::FormFields& form)
{
    auto page = TRY(open_forum_page(web, context));
    int64_t number = number_of(context);
    auto edited = services::edit_discussion(web.services(), context.actor(), page.path, number,
                                            form.get("title"), form.get("body"));
    return settle(web, context, page.url + "/" + std::to_string(number), edited,
                  "Discussion saved");
}

forge::Result<http::Response> change_reply(WebUi& web, Context& context,
                                           const http::FormFields& form)
{
    auto page = TRY(open_forum_page(web, context));
    int64_t number = number_of(context);
    int64_t id = std::atoll(std::string(context.request.param("reply")).c_str());
    std::string url = page.url + "/" + std::to_string(number);
    if (form.get("delete") == "1")
        return settle(
            web, context, url,
            services::delete_reply(web.services(), context.actor(), page.path, number, id),
            "Reply deleted");
    return settle(web, context, url + "#reply-" + std::to_string(id),
                  services::edit_reply(web.services(), context.actor(), page.path, number, id,
                                       form.get("body")),
                  "Reply saved");
}

forge::Result<http::Response> add_category(WebUi& web, Context& context,
                                           const http::FormFields& form)
{
    auto page = TRY(open_forum_page(web, context));
    auto kind =
        services::parse_category_kind(form.get("kind")).value_or(services::CategoryKind::general);
    auto added = services::add_category(web.services(), context.actor(), page.path,
                                        form.get("name"), form.get("description"), kind);
    if (added.is_error())
        return web.refused(context, page.url, added.error());
    return web.redirect_with_notice(context, page.url, "Category added");
}

void add_forum(WebUi& web, http::Router& router, const std::string& base)
{
    web.get(router, base, list_page);
    web.get(router, base + "/new", new_page, WebUi::Access::signed_in);
    web.get(router, base + "/{number}", thread_page);
    web.post(router, base, create);
    web.post(router, base + "/categories", add_category);
    web.post(router, base + "/{number}/replies", reply);
    web.post(router, base + "/{number}/replies/{reply}", change_reply);
    web.post(router, base + "/{number}/answer", accept);
    web.post(router, base + "/{number}/moderate", moderate);
    web.post(router, base + "/{number}/edit", edit);
}

} // namespace

void add_discussion_pages(WebUi& web, http::Router& router)
{
    add_forum(web, router, "/{owner}/discussions");
    add_forum(web, router, "/{owner}/{project}/discussions");
}

} // namespace ui
