// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/services/git_service.h"
#include "forge/services/issue_types.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"
#include "gitcore/receive_pack.h"

#include <optional>
#include <string>
#include <vector>

// Issues: opening, reading, listing, triage, closing, comments. Every function decides
// rights through the resolver: a project the viewer may not read is not_found, and so is
// its issue; a confidential issue is not_found for everyone but its author, its assignees
// and maintain+. Labels and milestones are in label_service.h.
namespace forge::services {

struct NewIssue {
    std::string title;
    std::string body;
    bool confidential = false;
    // Triage at opening, for maintain+ only (ignored for others, as Gitea does).
    std::vector<std::string> labels;    // label names
    std::vector<std::string> assignees; // user names
    int64_t milestone_id = 0;
};

// Any signed-in user who can read the project may open an issue. Errors: unauthenticated,
// invalid_argument (empty title, unknown label, assignee or milestone), not_found.
Result<Issue> open_issue(Services&, const Actor&, const ProjectPath&, const NewIssue&);

Result<IssueView> get_issue(Services&, const auth::Viewer&, const ProjectPath&, int64_t number);

// What number `number` of the project is, for a viewer who may read it: "issue",
// "merge_request", or not_found (also for an issue the viewer may not see).
Result<std::string> item_kind(Services&, const auth::Viewer&, const ProjectPath&, int64_t number);

enum class IssueSort { created, updated, comments };

struct IssueFilter {
    std::optional<bool> open;        // nullopt: both
    std::vector<std::string> labels; // names; the issue carries all of them
    int64_t milestone_id = 0;        // 0: any
    std::string assignee;            // user name; empty: anyone
    std::string author;              // user name; empty: anyone
    std::string text;                // words, all of them in the title, body or a comment
    IssueSort sort = IssueSort::created;
    bool ascending = false;
    int64_t offset = 0;
    int64_t limit = 50;
};

struct IssueList {
    std::vector<Issue> items;
    int64_t total = 0;                        // matching, before offset and limit
    int64_t open_count = 0, closed_count = 0; // visible to the viewer, unfiltered
};

// An unknown label, assignee or author matches nothing.
Result<IssueList> list_issues(Services&, const auth::Viewer&, const ProjectPath&,
                              const IssueFilter&);

// Open issues assigned to the viewer in projects they may still read, newest update first.
Result<std::vector<Issue>> assigned_issues(Services&, const auth::Viewer&, int64_t limit);

struct IssueChange {
    std::optional<std::string> title;
    std::optional<std::string> body;
    std::optional<std::vector<std::string>> labels;    // replaces the set (maintain+)
    std::optional<std::vector<std::string>> assignees; // replaces the set (maintain+)
    std::optional<int64_t> milestone_id;               // 0 clears it (maintain+)
    std::optional<bool> confidential;                  // maintain+, or the author to set it
    std::optional<bool> locked;                        // maintain+
};

// Title and body: the author or maintain+; the rest as noted. Every change is audited and
// shows in the timeline. forbidden, invalid_argument, not_found.
Result<Issue> change_issue(Services&, const Actor&, const ProjectPath&, int64_t number,
                           const IssueChange&);

// The author or maintain+. duplicate_of names an issue of the same project (reason
// duplicate only). conflict when already closed (or open, for reopening).
Result<Issue> close_issue(Services&, const Actor&, const ProjectPath&, int64_t number, CloseReason,
                          int64_t duplicate_of = 0);
Result<Issue> reopen_issue(Services&, const Actor&, const ProjectPath&, int64_t number);

// Moves the issue, with its comments and history, to another project where the actor has
// maintain too; it gets the next number there. Labels and the milestone are dropped.
Result<Issue> move_issue(Services&, const Actor&, const ProjectPath& from, int64_t number,
                         const ProjectPath& to);

// Signed-in readers may comment; on a locked issue only maintain+. A comment by someone
// with write or more who is not the author is the issue's first reply, if none was before.
Result<IssueComment> add_issue_comment(Services&, const Actor&, const ProjectPath&, int64_t number,
                                       const std::string& body);
// The comment's author or maintain+; the old text goes to the history.
Result<IssueComment> edit_issue_comment(Services&, const Actor&, const ProjectPath&, int64_t number,
                                        int64_t comment_id, const std::string& body);
Result<void> delete_issue_comment(Services&, const Actor&, const ProjectPath&, int64_t number,
                                  int64_t comment_id);
// The number of the issue of the project that the comment belongs to, for a viewer who may
// see that issue; not_found otherwise.
Result<int64_t> issue_of_comment(Services&, const auth::Viewer&, const ProjectPath&,
                                 int64_t comment_id);
// Earlier versions of the description (comment_id 0) or of a comment, newest first.
Result<std::vector<IssueEdit>> issue_history(Services&, const auth::Viewer&, const ProjectPath&,
                                             int64_t number, int64_t comment_id);

struct IssueTemplate {
    std::string name;  // the file name without ".md"
    std::string title; // from the front matter, may be empty
    std::string body;
};

// Templates on the default branch: *.md in .forge/ISSUE_TEMPLATE, .gitea/ISSUE_TEMPLATE or
// .github/ISSUE_TEMPLATE (the first of them that exists), by name.
Result<std::vector<IssueTemplate>> issue_templates(Services&, const auth::Viewer&,
                                                   const ProjectPath&);

// After a push: every issue a pushed commit's message references gets a "commit_referenced"
// event; those it closes ("fixes #12", see forge/common/references.h) are closed when the
// commit reaches the default branch and the pusher has write access to the issue's
// project, recording the commit. Runs before the push's response is sent.
Result<void> issues_after_push(Services&, const Actor&, const GitRepository&,
                               const gitcore::PushOutcome&);

} // namespace forge::services
