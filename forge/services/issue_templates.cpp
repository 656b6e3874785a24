// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/issue_service.h"
#include "forge/services/merge_request_sync.h"
#include "gitcore/browse_blob.h"
#include "gitcore/browse_tree.h"
#include "gitcore/refs.h"

#include <algorithm>

// Issue templates, read from the repository's default branch.
namespace forge::services {

namespace {

constexpr uint64_t maximum_template_bytes = 64 * 1024;
constexpr size_t maximum_templates = 20;

// A template's optional front matter ("---" lines around "key: value" lines): its title.
IssueTemplate parse_template(std::string name, const std::string& text)
{
    IssueTemplate result{std::move(name), "", text};
    if (text.rfind("---\n", 0) != 0)
        return result;
    size_t end = text.find("\n---\n", 3);
    if (end == std::string::npos)
        return result;
    std::string front = text.substr(4, end - 3);
    size_t at = 0;
    while (at < front.size()) {
        size_t line_end = front.find('\n', at);
        if (line_end == std::string::npos)
            line_end = front.size();
        std::string line = front.substr(at, line_end - at);
        at = line_end + 1;
        if (line.rfind("title:", 0) != 0)
            continue;
        std::string value = line.substr(6);
        value.erase(0, value.find_first_not_of(" \t"));
        while (!value.empty() && (value.back() == ' ' || value.back() == '\r'))
            value.pop_back();
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
            value.back() == value.front())
            value = value.substr(1, value.size() - 2);
        result.title = value;
    }
    result.body = text.substr(end + 5);
    return result;
}

} // namespace

Result<std::vector<IssueTemplate>> issue_templates(Services& services, const auth::Viewer& viewer,
                                                   const ProjectPath& path)
{
    auto access = TRY(open_project(services, viewer, path));
    auto repository = services.repos().path_for(access.project.id);
    auto head = TRY(branch_head(repository, access.project.default_branch));
    std::vector<IssueTemplate> templates;
    if (head == gitcore::zero_id)
        return templates;
    auto repo = TRY(gitcore::Repository::open(repository));
    for (const char* dir :
         {".forge/ISSUE_TEMPLATE", ".gitea/ISSUE_TEMPLATE", ".github/ISSUE_TEMPLATE"}) {
        auto entries = gitcore::list_tree(repo, head, dir);
        if (entries.is_error())
            continue;
        for (const auto& entry : entries.value()) {
            const std::string& name = entry.name;
            if (entry.kind != gitcore::EntryKind::file || name.size() <= 3 ||
                name.compare(name.size() - 3, 3, ".md") != 0)
                continue;
            auto blob = gitcore::read_blob(repo, head, entry.path, maximum_template_bytes);
            if (blob.is_error() || blob.value().binary || blob.value().truncated)
                continue;
            templates.push_back(parse_template(name.substr(0, name.size() - 3), blob.value().data));
            if (templates.size() == maximum_templates)
                break;
        }
        if (!templates.empty())
            break;
    }
    std::sort(templates.begin(), templates.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    return templates;
}

} // namespace forge::services
