// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// History: commit lists, single commits with their diff, branches and tags.
#include "forge/http/form.h"
#include "forge/http/router.h"
#include "gitcore/browse.h"
#include "ui/format.h"
#include "ui/pages/diff_values.h"
#include "ui/pages/git_values.h"
#include "ui/pages/list_values.h"
#include "ui/pages/pages.h"
#include "ui/pages/project_view.h"
#include "ui/web.h"

namespace ui {

namespace http = forge::http;

namespace {

constexpr size_t commits_per_page = 50;

forge::Result<http::Response> commits_page(WebUi& web, Context& context)
{
    auto view = TRY(open_project_view(web, context));
    auto repository = TRY(open_repository(web, view));
    if (gitcore::is_empty(repository)) {
        Value data;
        data.set("title", std::string(context.text("Commits")));
        data.set("project", view.header(context, "commits"));
        data.set("ref", view.access.project.default_branch);
        return web.page(context, "commits", std::move(data));
    }
    auto revision = TRY(gitcore::resolve_revision_path(
        repository, http::percent_decode(context.request.param("rest"))));
    Paging paging = paging_of(context, commits_per_page);
    auto page = TRY(gitcore::history(repository, revision.commit_id, revision.path, paging.offset(),
                                     paging.per_page));
    Value::List commits;
    for (const auto& commit : page.commits)
        commits.push_back(commit_value(commit, view));
    Value data;
    data.set("title", std::string(context.text("Commits")) + " · " + revision.ref);
    data.set("project", view.header(context, "commits"));
    data.set("ref", revision.ref);
    data.set("path", revision.path);
    data.set("commits", std::move(commits));
    auto switcher =
        TRY(ref_switcher(view.repository, view, revision.ref, "commits", revision.path));
    data.set("switcher", std::move(switcher));
    paging.add_links(data, context.request.path, page.has_more);
    return web.page(context, "commits", std::move(data));
}

forge::Result<http::Response> commit_page(WebUi& web, Context& context)
{
    auto view = TRY(open_project_view(web, context));
    auto repository = TRY(open_repository(web, view));
    auto commit = TRY(gitcore::read_commit(repository, context.request.param("sha")));
    auto diff = TRY(gitcore::diff_commit(repository, commit.id, gitcore::DiffLimits{}));
    Value data = commit_value(commit, view);
    data.set("title", commit.summary + " · " + std::string(short_id(commit.id)));
    data.set("project", view.header(context, "commits"));
    data.set("own_heading", true); // the summary is the page's heading
    data.set("committer", commit.committer.name);
    data.set("tree_url", view.base + "/tree/" + commit.id);
    // The message without its summary line, which is the heading.
    size_t body = commit.message.find('\n');
    if (body != std::string::npos)
        data.set("body", commit.message.substr(body + 1));
    Value::List parents;
    for (const auto& parent : commit.parents) {
        Value item;
        item.set("id", std::string(short_id(parent)));
        item.set("url", view.base + "/commit/" + parent);
        parents.push_back(std::move(item));
    }
    data.set("parents", std::move(parents));
    data.set("diff", diff_value(context, diff, view.base + "/raw/" + commit.id + "/"));
    return web.page(context, "commit", std::move(data));
}

forge::Result<http::Response> branches_page(WebUi& web, Context& context)
{
    auto view = TRY(open_project_view(web, context));
    auto repository = TRY(open_repository(web, view));
    Value::List rows;
    for (const auto& branch : TRY(gitcore::list_branches(repository))) {
        Value row = commit_value(branch.commit, view);
        row.set("name", branch.name);
        row.set("tree_url", view.base + "/tree/" + url_path(branch.name));
        row.set("is_head", branch.is_head);
        rows.push_back(std::move(row));
    }
    Value data;
    data.set("title", std::string(context.text("Branches")) + " · " + view.owner + "/" + view.name);
    data.set("project", view.header(context, "branches"));
    data.set("refs", std::move(rows));
    return web.page(context, "branches", std::move(data));
}

forge::Result<http::Response> tags_page(WebUi& web, Context& context)
{
    auto view = TRY(open_project_view(web, context));
    auto repository = TRY(open_repository(web, view));
    Value::List rows;
    for (const auto& tag : TRY(gitcore::list_tags(repository))) {
        Value row = commit_value(tag.commit, view);
        row.set("name", tag.name);
        row.set("tree_url", view.base + "/tree/" + url_path(tag.name));
        row.set("tag_message", tag.message);
        rows.push_back(std::move(row));
    }
    Value data;
    data.set("title", std::string(context.text("Tags")) + " · " + view.owner + "/" + view.name);
    data.set("project", view.header(context, "tags"));
    data.set("refs", std::move(rows));
    return web.page(context, "tags", std::move(data));
}

} // namespace

void add_history_pages(WebUi& web, http::Router& router)
{
    web.get(router, "/{owner}/{project}/commits/{rest...}", commits_page);
    web.get(router, "/{owner}/{project}/commit/{sha}", commit_page);
    web.get(router, "/{owner}/{project}/branches", branches_page);
    web.get(router, "/{owner}/{project}/tags", tags_page);
}

} // namespace ui
