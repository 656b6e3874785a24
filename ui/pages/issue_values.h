// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// For the issue pages: opening one for the viewer and turning issues, labels, milestones
// and timelines into template data.

#include "forge/common/result.h"
#include "forge/services/issue_types.h"
#include "ui/pages/project_view.h"
#include "ui/template.h"

#include <string>

namespace ui {

class WebUi;
struct Context;

struct IssuePage {
    ProjectView project;
    forge::services::IssueView view;
    int64_t number = 0;
    std::string url; // "/owner/name/issues/7"

    forge::services::ProjectPath path() const { return {project.owner, project.name}; }
};

// The issue {number} of the project in the URL: not_found as for the project, and for a
// confidential issue the viewer may not see.
forge::Result<IssuePage> open_issue_page(WebUi&, Context&);

// Markdown of an issue, comment or description: sanitised, relative links resolved in the
// project, and references (#12, owner/project#12, @name, commit ids) linked where they
// point at something the viewer may see.
SafeHtml linked_markdown(WebUi&, const Context&, const ProjectView&, const std::string& text);

// An issue as a row of a list (labels, assignees, counts).
Value issue_value(const Context&, const forge::services::Issue&);
Value label_value(const forge::services::Label&);
Value milestone_value(const Context&, const forge::services::Milestone&);
// One entry of an issue's timeline, in the viewer's language.
Value event_value(const Context&, const forge::services::IssueEvent&);

} // namespace ui
