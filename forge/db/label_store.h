// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forge::db {

class Connection;

struct LabelRow {
    int64_t id = 0;
    std::optional<int64_t> project_id; // exactly one of the two is set
    std::optional<int64_t> group_id;
    std::string name;
    std::string color; // "#rrggbb"
    std::string description;
};

struct MilestoneRow {
    int64_t id = 0;
    int64_t project_id = 0;
    std::string title;
    std::string description;
    std::string due_on; // "YYYY-MM-DD" or empty
    std::string state = "open";
    int64_t created_at = 0;
    int64_t open_issues = 0;
    int64_t closed_issues = 0;
};

namespace label_store {

Result<int64_t> insert(Connection&, const LabelRow&);
Result<void> update(Connection&, const LabelRow&);
Result<void> remove(Connection&, int64_t id);
Result<std::optional<LabelRow>> by_id(Connection&, int64_t id);
// The project's own labels and those of the group owning it (group_id 0: none), by name.
Result<std::vector<LabelRow>> usable(Connection&, int64_t project_id, int64_t group_id);
Result<std::vector<LabelRow>> of_group(Connection&, int64_t group_id);
Result<std::vector<LabelRow>> by_ids(Connection&, const std::vector<int64_t>&);

Result<int64_t> insert_milestone(Connection&, const MilestoneRow&);
Result<void> update_milestone(Connection&, const MilestoneRow&);
Result<void> remove_milestone(Connection&, int64_t id);
// With issue counts; open ones first, then by due date and title.
Result<std::vector<MilestoneRow>> milestones(Connection&, int64_t project_id);
Result<std::optional<MilestoneRow>> milestone(Connection&, int64_t project_id, int64_t id);
// The same without the issue counts (for issues that show their milestone).
Result<std::optional<MilestoneRow>> milestone_brief(Connection&, int64_t project_id, int64_t id);

} // namespace label_store
} // namespace forge::db
