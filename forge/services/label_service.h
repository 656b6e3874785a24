// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/services/issue_types.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"

#include <string>
#include <vector>

// Labels (of a project, or of a group for all its projects) and milestones. Reading
// follows the project or group; changing needs maintain on the project, or the right to
// manage the group.
namespace forge::services {

struct LabelInput {
    std::string name;
    std::string color; // "#rrggbb"
    std::string description;
};

// The project's labels and those of the group owning it, by name.
Result<std::vector<Label>> list_labels(Services&, const auth::Viewer&, const ProjectPath&);
Result<Label> create_label(Services&, const Actor&, const ProjectPath&, const LabelInput&);
// Only the project's own labels; conflict for a name taken in the project.
Result<Label> update_label(Services&, const Actor&, const ProjectPath&, int64_t id,
                           const LabelInput&);
Result<void> delete_label(Services&, const Actor&, const ProjectPath&, int64_t id);

Result<std::vector<Label>> list_group_labels(Services&, const auth::Viewer&,
                                             const std::string& group);
Result<Label> create_group_label(Services&, const Actor&, const std::string& group,
                                 const LabelInput&);
Result<void> delete_group_label(Services&, const Actor&, const std::string& group, int64_t id);

struct MilestoneInput {
    std::string title;
    std::string description;
    std::string due_on; // "YYYY-MM-DD" or empty
    bool open = true;
};

// Open ones first, then by due date; with their issue counts (progress).
Result<std::vector<Milestone>> list_milestones(Services&, const auth::Viewer&, const ProjectPath&);
Result<Milestone> get_milestone(Services&, const auth::Viewer&, const ProjectPath&, int64_t id);
Result<Milestone> create_milestone(Services&, const Actor&, const ProjectPath&,
                                   const MilestoneInput&);
Result<Milestone> update_milestone(Services&, const Actor&, const ProjectPath&, int64_t id,
                                   const MilestoneInput&);
Result<void> delete_milestone(Services&, const Actor&, const ProjectPath&, int64_t id);

} // namespace forge::services
