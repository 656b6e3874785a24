// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "gitcore/browse.h"
#include "ui/template.h"

#include <filesystem>
#include <string>
#include <string_view>

// Git objects as template data, with the links between the pages of a project.
namespace ui {

struct ProjectView;

// A ref or path as it appears in a URL: each segment percent-encoded, slashes kept.
std::string url_path(std::string_view ref_or_path);

// id, short_id, summary, message, author, author_email, time, datetime, url.
Value commit_value(const gitcore::CommitInfo&, const ProjectView&);

// The branch and tag switcher ("ref_switcher" template): links to the same kind of
// page ("tree", "blob", "commits") and path for every branch and tag.
forge::Result<Value> ref_switcher(const std::filesystem::path& repository, const ProjectView&,
                                  std::string_view current_ref, std::string_view page_kind,
                                  std::string_view path);

// Links to each directory above `path` ("breadcrumbs" template), starting at the root.
Value breadcrumbs(const ProjectView&, std::string_view ref, std::string_view path);

// The rows of a directory listing ("file_table" template).
Value tree_rows(const std::vector<gitcore::TreeEntry>&, const ProjectView&, std::string_view ref);

} // namespace ui
