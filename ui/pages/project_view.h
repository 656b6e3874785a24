// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/services/project_service.h"
#include "gitcore/repository.h"
#include "ui/template.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace ui {

class WebUi;
struct Context;

// The project a page under /{owner}/{project}/ shows, opened for the viewer: not_found
// when it does not exist or the viewer may not read it.
struct ProjectView {
    forge::services::ProjectAccess access;
    std::string owner;
    std::string name;
    std::string base;                 // "/owner/name"
    std::filesystem::path repository; // the bare repository on disk

    bool may_admin() const { return access.level >= auth::AccessLevel::admin; }
    bool may_write() const { return access.level >= auth::AccessLevel::write; }
    // Data for the "project_header" template: names, links, the tabs with `tab` current.
    Value header(const Context&, std::string_view tab) const;
};

forge::Result<ProjectView> open_project_view(WebUi&, Context&);
forge::Result<gitcore::Repository> open_repository(WebUi&, const ProjectView&);

// The clone URL of a project: base URL, owner, name, ".git".
std::string clone_url(const WebUi&, const ProjectView&);

} // namespace ui
