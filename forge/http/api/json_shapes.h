// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// The JSON the API hands out, in the shapes of Gitea API v1: users, repositories, pull
// requests, reviews, commits, changed files, issues, comments, labels and milestones. Times
// are RFC 3339 in UTC.

#include "forge/http/api/api_support.h"
#include "forge/services/issue_types.h"
#include "forge/services/merge_request_types.h"
#include "gitcore/commit_diff.h"
#include "gitcore/commit_info.h"

#include <string>

namespace forge::http::api {

std::string rfc3339(int64_t unix_seconds);
Json time_or_null(int64_t unix_seconds); // null for 0

// `email` is given only to the user themself.
Json user_json(const ApiContext&, const services::Person&, const std::string& email = "");

// With the viewer's permissions and, for a fork, its parent (without the parent's own).
Json repository_json(ApiContext&, const db::ProjectRow&, bool with_parent = true);

// The merge request's page in the web UI.
std::string pull_html_url(const ApiContext&, const services::MergeRequest&);
Json pull_json(ApiContext&, const services::MergeRequest&);

// "APPROVED", "REQUEST_CHANGES", "COMMENT".
std::string_view review_state_name(services::ReviewState);
Json review_json(const ApiContext&, const services::MergeRequest&, const services::Review&,
                 int64_t comment_count);
// The first comment of a line thread posted with a review; `commit_id`: the head of the
// revision the line was commented on.
Json review_comment_json(const ApiContext&, const services::MergeRequest&, const services::Thread&,
                         const std::string& commit_id);

// A commit of `project` ("owner/name").
Json commit_json(const ApiContext&, const std::string& project, const gitcore::CommitInfo&);
Json changed_file_json(const gitcore::FileDiff&);

// /api/v1/repos/{owner}/{repo}
std::string repo_api_url(const ApiContext&, const services::ProjectPath&);
// The colour without '#', as Gitea writes it.
Json label_json(const ApiContext&, const services::ProjectPath&, const services::Label&);
// due_on: the end of the due day.
Json milestone_json(const services::Milestone&);
Json issue_json(ApiContext&, const services::Issue&);
// A merge request as Gitea lists a pull request among issues: in the issue's shape, with
// "pull_request" set.
Json pull_issue_json(ApiContext&, const services::MergeRequest&);
Json issue_comment_json(const ApiContext&, const services::ProjectPath&, int64_t issue_number,
                        const services::IssueComment&);

} // namespace forge::http::api
