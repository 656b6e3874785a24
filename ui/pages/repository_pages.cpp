// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// The code of a project: summary, directories, files and raw downloads.
#include "forge/http/form.h"
#include "forge/http/router.h"
#include "gitcore/browse.h"
#include "ui/format.h"
#include "ui/pages/git_values.h"
#include "ui/pages/merge_request_values.h"
#include "ui/pages/pages.h"
#include "ui/pages/project_view.h"
#include "ui/pages/render_cache.h"
#include "ui/text/highlight.h"
#include "ui/text/markdown.h"
#include "ui/web.h"

#include <memory>

namespace ui {

namespace http = forge::http;

namespace {

// Files above this are offered as a download instead of being shown.
constexpr uint64_t display_limit = 1024 * 1024;
// Raw files up to this size are sent whole (with a length); larger ones stream.
constexpr uint64_t whole_body_limit = 1024 * 1024;

std::string directory_of(std::string_view path)
{
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? std::string{} : std::string(path.substr(0, slash));
}

bool is_markdown(std::string_view name)
{
    auto lower = std::string(name);
    for (char& c : lower)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return lower.ends_with(".md") || lower.ends_with(".markdown");
}

forge::Result<void> add_readme(Value& data, gitcore::Repository& repository,
                               const ProjectView& view, const gitcore::RevisionPath& revision)
{
    auto readme = TRY(gitcore::find_readme(repository, revision.commit_id, revision.path));
    if (!readme)
        return {};
    auto blob =
        TRY(gitcore::read_blob(repository, revision.commit_id, readme->path, display_limit));
    if (blob.binary || blob.truncated)
        return {};
    std::string ref = url_path(revision.ref) + "/";
    if (is_markdown(readme->name)) {
        text::LinkBase base{view.base + "/blob/" + ref, view.base + "/raw/" + ref, revision.path};
        static RenderCache readmes(256);
        std::string key = blob.id + "\n" + base.blob_root + "\n" + base.dir;
        std::string html =
            readmes.get_or_render(key, [&] { return text::render_markdown(blob.data, base); });
        data.set("readme", SafeHtml::trusted(std::move(html)));
    } else {
        data.set("readme_text", blob.data);
    }
    data.set("readme_name", readme->name);
    return {};
}

// The parts of the summary and the tree page: listing, README, switcher, last commit.
forge::Result<void> add_directory(Value& data, gitcore::Repository& repository,
                                  const ProjectView& view, const gitcore::RevisionPath& revision)
{
    auto entries = TRY(gitcore::list_tree(repository, revision.commit_id, revision.path));
    data.set("entries", tree_rows(entries, view, revision.ref));
    data.set("crumbs", breadcrumbs(view, revision.ref, revision.path));
    // Other refs may lack this directory: the switcher opens their top level.
    auto switcher = TRY(ref_switcher(view.repository, view, revision.ref, "tree", ""));
    data.set("switcher", std::move(switcher));
    auto latest = TRY(gitcore::history(repository, revision.commit_id, revision.path, 0, 1));
    if (!latest.commits.empty())
        data.set("last_commit", commit_value(latest.commits.front(), view));
    data.set("history_url", view.base + "/commits/" + url_path(revision.ref) +
                                (revision.path.empty() ? "" : "/" + url_path(revision.path)));
    if (!revision.path.empty())
        data.set("parent_url", view.base + "/tree/" + url_path(revision.ref) +
                                   (directory_of(revision.path).empty()
                                        ? std::string{}
                                        : "/" + url_path(directory_of(revision.path))));
    return add_readme(data, repository, view, revision);
}

// The branch the summary shows: HEAD's, or any branch when HEAD's is unborn.
forge::Result<gitcore::RevisionPath> summary_revision(gitcore::Repository& repository)
{
    auto head = TRY(gitcore::head_branch(repository));
    auto resolved = gitcore::resolve_revision_path(repository, head);
    if (!resolved.is_error())
        return resolved;
    auto branches = TRY(gitcore::list_branches(repository));
    if (branches.empty())
        return forge::Error::not_found("no branch to show");
    return gitcore::resolve_revision_path(repository, branches.front().name);
}

forge::Result<http::Response> summary_page(WebUi& web, Context& context)
{
    // The clone URL pasted into a browser shows the project.
    if (std::string_view name = context.request.param("project"); name.ends_with(".git")) {
        std::string project(name.substr(0, name.size() - 4));
        return web.redirect(context,
                            "/" + std::string(context.request.param("owner")) + "/" + project);
    }
    auto view = TRY(open_project_view(web, context));
    auto repository = TRY(open_repository(web, view));
    Value data;
    data.set("title", view.owner + "/" + view.name);
    data.set("project", view.header(context, "code"));
    data.set("clone_url", clone_url(web, view));
    data.set("collaboration", collaboration_value(web, context, view));
    if (gitcore::is_empty(repository)) {
        data.set("may_write", view.may_write());
        data.set("default_branch", view.access.project.default_branch);
        return web.page(context, "repo_empty", std::move(data));
    }
    auto revision = TRY(summary_revision(repository));
    TRY(add_directory(data, repository, view, revision));
    return web.page(context, "repo_summary", std::move(data));
}

forge::Result<gitcore::RevisionPath> revision_of(gitcore::Repository& repository,
                                                 const http::Request& request)
{
    return gitcore::resolve_revision_path(repository, http::percent_decode(request.param("rest")));
}

forge::Result<http::Response> tree_page(WebUi& web, Context& context)
{
    auto view = TRY(open_project_view(web, context));
    auto repository = TRY(open_repository(web, view));
    auto revision = TRY(revision_of(repository, context.request));
    Value data;
    data.set("title", (revision.path.empty() ? view.name : revision.path) + " · " + revision.ref);
    data.set("project", view.header(context, "code"));
    data.set("ref", revision.ref);
    TRY(add_directory(data, repository, view, revision));
    return web.page(context, "repo_tree", std::move(data));
}

Value code_lines(const gitcore::BlobContent& blob)
{
    auto lines = text::highlight_lines(blob.data, text::language_for(blob.path));
    Value::List rows;
    rows.reserve(lines.size());
    int number = 0;
    for (auto& line : lines) {
        Value row;
        row.set("n", ++number);
        row.set("code", SafeHtml::trusted(std::move(line)));
        rows.push_back(std::move(row));
    }
    return Value(std::move(rows));
}

forge::Result<http::Response> blob_page(WebUi& web, Context& context)
{
    auto view = TRY(open_project_view(web, context));
    auto repository = TRY(open_repository(web, view));
    auto revision = TRY(revision_of(repository, context.request));
    if (revision.path.empty())
        return web.redirect(context, view.base + "/tree/" + url_path(revision.ref));
    auto read = gitcore::read_blob(repository, revision.commit_id, revision.path, display_limit);
    // Relative links in READMEs may name directories with /blob/.
    if (read.is_error() && read.error().code == forge::ErrorCode::not_found &&
        !gitcore::list_tree(repository, revision.commit_id, revision.path).is_error())
        return web.redirect(context, view.base + "/tree/" + url_path(revision.ref) + "/" +
                                         url_path(revision.path));
    auto blob = TRY(std::move(read));
    std::string location = url_path(revision.ref) + "/" + url_path(revision.path);
    Value data;
    data.set("title", revision.path + " · " + revision.ref);
    data.set("project", view.header(context, "code"));
    data.set("crumbs", breadcrumbs(view, revision.ref, revision.path));
    auto switcher = TRY(ref_switcher(view.repository, view, revision.ref, "tree", ""));
    data.set("switcher", std::move(switcher));
    data.set("size", human_size(blob.size));
    data.set("raw_url", view.base + "/raw/" + location);
    data.set("history_url", view.base + "/commits/" + location);
    if (blob.binary)
        data.set("binary", true);
    else if (blob.truncated)
        data.set("too_large", true);
    else
        data.set("lines", code_lines(blob));
    return web.page(context, "repo_blob", std::move(data));
}

std::string_view raw_content_type(std::string_view path, bool binary)
{
    // Never text/html or SVG from user content: it would run as this site's page.
    if (path.ends_with(".png"))
        return "image/png";
    if (path.ends_with(".jpg") || path.ends_with(".jpeg"))
        return "image/jpeg";
    if (path.ends_with(".gif"))
        return "image/gif";
    if (path.ends_with(".webp"))
        return "image/webp";
    if (path.ends_with(".pdf"))
        return "application/pdf";
    return binary ? "application/octet-stream" : "text/plain; charset=utf-8";
}

std::string file_name_of(std::string_view path)
{
    size_t slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

forge::Result<http::Response> raw_file(WebUi& web, Context& context)
{
    auto view = TRY(open_project_view(web, context));
    auto repository = TRY(open_repository(web, view));
    auto revision = TRY(revision_of(repository, context.request));
    auto blob =
        TRY(gitcore::read_blob(repository, revision.commit_id, revision.path, whole_body_limit));
    http::Response response;
    std::string_view type = raw_content_type(revision.path, blob.binary);
    response.set_header("Content-Type", std::string(type));
    if (type == "application/octet-stream")
        response.set_header("Content-Disposition",
                            "attachment; filename*=UTF-8''" +
                                http::percent_encode(file_name_of(revision.path)));
    web.add_security_headers(response);
    response.set_header("Content-Security-Policy",
                        "default-src 'none'; sandbox; frame-ancestors 'none'");
    response.set_header("Cache-Control", "private, max-age=60");
    if (!blob.truncated) {
        response.body = std::move(blob.data);
        return response;
    }
    auto path = web.services().repos().path_for(view.access.project.id);
    response.stream = [path, id = blob.id](forge::ByteSink& sink) -> forge::Result<void> {
        auto opened = TRY(gitcore::Repository::open(path));
        return gitcore::stream_blob(opened, id, sink);
    };
    return response;
}

} // namespace

void add_repository_pages(WebUi& web, http::Router& router)
{
    web.get(router, "/{owner}/{project}", summary_page);
    web.get(router, "/{owner}/{project}/tree/{rest...}", tree_page);
    web.get(router, "/{owner}/{project}/blob/{rest...}", blob_page);
    web.get(router, "/{owner}/{project}/raw/{rest...}", raw_file);
}

} // namespace ui
