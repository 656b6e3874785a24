// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "auth/access.h"
#include "forge/db/project_store.h"
#include "forge/services/person.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What the issue services hand to the web UI and the API.
namespace forge::services {

struct Label {
    int64_t id = 0;
    std::string name;
    std::string color; // "#rrggbb"
    std::string description;
    bool from_group = false; // defined by the group owning the project
};

struct Milestone {
    int64_t id = 0;
    std::string title;
    std::string description;
    std::string due_on; // "YYYY-MM-DD" or empty
    bool open = true;
    int64_t open_issues = 0;
    int64_t closed_issues = 0;
};

enum class CloseReason { done, not_planned, duplicate };
std::string_view to_string(CloseReason); // "done", "not_planned", "duplicate"
std::optional<CloseReason> parse_close_reason(std::string_view);

struct Issue {
    int64_t id = 0;
    int64_t number = 0;
    db::ProjectRow project;
    std::string title;
    std::string body; // Markdown
    bool open = true;
    std::optional<CloseReason> close_reason; // when closed
    int64_t duplicate_of = 0;                // the number, when closed as a duplicate
    std::optional<Person> closed_by;
    std::string closing_commit; // when a pushed commit closed it
    int64_t closed_at = 0;
    bool confidential = false;
    bool locked = false;
    std::optional<Milestone> milestone;
    std::vector<Label> labels;
    std::vector<Person> assignees;
    Person author;
    int64_t comment_count = 0;
    int64_t first_reply_at = 0; // first comment by someone with write or more; 0: none yet
    int64_t created_at = 0;
    int64_t updated_at = 0;
};

struct IssueComment {
    int64_t id = 0;
    Person author;
    std::string body; // Markdown
    int64_t created_at = 0;
    int64_t updated_at = 0;
    int64_t edit_count = 0;  // earlier versions kept in the history
    bool may_change = false; // the viewer wrote it or may manage issues
};

// Something that happened to an issue besides comments. kind: "labeled", "unlabeled",
// "assigned", "unassigned", "milestoned", "demilestoned", "closed", "reopened", "locked",
// "unlocked", "confidential", "public", "retitled", "referenced" (detail "owner/project#n"),
// "commit_referenced" (detail the commit id), "closed_by_commit" (detail the commit id),
// "moved_from" / "moved_to" (detail "owner/project#n").
struct IssueEvent {
    std::optional<Person> actor; // none: the system
    std::string kind;
    std::string detail;
    int64_t created_at = 0;
};

struct IssueEdit {
    Person editor;
    std::string previous; // the text before this edit
    int64_t edited_at = 0;
};

// An issue as one viewer sees it, with what they may do there.
struct IssueView {
    Issue issue;
    auth::AccessLevel level = auth::AccessLevel::none;
    std::vector<IssueComment> comments; // oldest first
    std::vector<IssueEvent> events;     // oldest first
    bool may_comment = false;           // signed in, and the issue is not locked or may_manage
    bool may_edit = false;              // title and description: the author or may_manage
    bool may_close = false;             // close and reopen: the author or may_manage
    bool may_manage = false;            // labels, assignees, milestone, lock, move: maintain+
};

} // namespace forge::services
