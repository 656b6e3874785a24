// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// For the merge request pages: opening one for the viewer and turning it, its threads
// and its reviews into template data.

#include "forge/common/result.h"
#include "forge/services/merge_request_types.h"
#include "ui/pages/project_view.h"
#include "ui/template.h"

#include <string>
#include <vector>

namespace ui {

class WebUi;
struct Context;

struct MergeRequestPage {
    ProjectView project;
    forge::services::MergeRequestView view;
    int64_t number = 0;
    std::string url; // "/owner/name/merge_requests/7"

    forge::services::ProjectPath path() const { return {project.owner, project.name}; }
};

// The merge request {number} of the project in the URL: not_found as for the project.
forge::Result<MergeRequestPage> open_merge_request_page(WebUi&, Context&);

// A merge request as a row of a list, or as the head of its pages.
Value request_value(const Context&, const forge::services::MergeRequest&, const std::string& base);
// The page's common data: project header, request head, tab `tab` current.
Value page_data(const Context&, const MergeRequestPage&, std::string_view tab);

// For the summary page: where a fork comes from, branches the viewer just pushed that a
// merge request could propose, and the fork form's owners (the viewer and groups they own).
Value collaboration_value(WebUi&, Context&, const ProjectView&);

Value thread_value(WebUi&, const Context&, const ProjectView&, const forge::services::Thread&,
                   const std::string& back);

} // namespace ui
