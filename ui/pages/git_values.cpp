// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/pages/git_values.h"

#include "forge/http/form.h"
#include "gitcore/refs.h"
#include "ui/format.h"
#include "ui/pages/project_view.h"

namespace ui {

std::string url_path(std::string_view text)
{
    return forge::http::percent_encode(text, true);
}

Value commit_value(const gitcore::CommitInfo& commit, const ProjectView& view)
{
    Value data;
    data.set("id", commit.id);
    data.set("short_id", std::string(short_id(commit.id)));
    data.set("summary", commit.summary);
    data.set("message", commit.message);
    data.set("author", commit.author.name);
    data.set("author_email", commit.author.email);
    data.set("time", display_time(commit.author.time));
    data.set("datetime", machine_time(commit.author.time));
    data.set("url", view.base + "/commit/" + commit.id);
    return data;
}

forge::Result<Value> ref_switcher(const std::filesystem::path& repository_path,
                                  const ProjectView& view, std::string_view current,
                                  std::string_view page_kind, std::string_view path)
{
    std::string suffix = path.empty() ? std::string{} : "/" + url_path(path);
    auto link = [&](const std::string& name) {
        Value item;
        item.set("name", name);
        item.set("url", view.base + "/" + std::string(page_kind) + "/" + url_path(name) + suffix);
        if (name == current)
            item.set("current", true);
        return item;
    };
    // Names only, straight from the refs: resolving every ref to its commit cost half of
    // a tree page's time.
    auto listing = TRY(gitcore::list_refs(repository_path));
    Value::List branches;
    Value::List tags;
    for (const auto& ref : listing.refs) {
        std::string_view name = ref.name;
        if (name.starts_with("refs/heads/"))
            branches.push_back(link(std::string(name.substr(11))));
        else if (name.starts_with("refs/tags/"))
            tags.push_back(link(std::string(name.substr(10))));
    }
    Value data;
    data.set("current", std::string(current));
    data.set("branches", std::move(branches));
    data.set("tags", std::move(tags));
    return data;
}

Value breadcrumbs(const ProjectView& view, std::string_view ref, std::string_view path)
{
    Value::List crumbs;
    std::string tree = view.base + "/tree/" + url_path(ref);
    Value root;
    root.set("name", view.name);
    root.set("url", tree);
    crumbs.push_back(std::move(root));
    size_t start = 0;
    while (start < path.size()) {
        size_t slash = path.find('/', start);
        if (slash == std::string_view::npos)
            break; // the last segment is the page itself, not a link
        Value crumb;
        crumb.set("name", std::string(path.substr(start, slash - start)));
        crumb.set("url", tree + "/" + url_path(path.substr(0, slash)));
        crumbs.push_back(std::move(crumb));
        start = slash + 1;
    }
    Value data;
    data.set("crumbs", std::move(crumbs));
    data.set("last", std::string(path.substr(start)));
    return data;
}

Value tree_rows(const std::vector<gitcore::TreeEntry>& entries, const ProjectView& view,
                std::string_view ref)
{
    Value::List rows;
    std::string ref_part = "/" + url_path(ref) + "/";
    for (const auto& entry : entries) {
        Value row;
        row.set("name", entry.name);
        switch (entry.kind) {
        case gitcore::EntryKind::directory:
            row.set("is_dir", true);
            row.set("url", view.base + "/tree" + ref_part + url_path(entry.path));
            break;
        case gitcore::EntryKind::submodule:
            row.set("is_submodule", true);
            row.set("target", std::string(short_id(entry.id)));
            break;
        default:
            row.set("url", view.base + "/blob" + ref_part + url_path(entry.path));
            row.set("size", human_size(entry.size));
            break;
        }
        rows.push_back(std::move(row));
    }
    return Value(std::move(rows));
}

} // namespace ui
