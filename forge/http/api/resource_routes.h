// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// The API's routes by resource, registered by add_api_routes.

#include "forge/common/result.h"
#include "forge/http/message.h"
#include "forge/http/router.h"
#include "forge/services/merge_request_types.h"

#include <string>

namespace forge::services {
class Services;
}

namespace forge::http::api {

struct ApiContext;

// /version, /user, /repos/{owner}/{repo}
void add_repository_routes(Router&, services::Services&, const std::string& base_url);
// /repos/{owner}/{repo}/forks
void add_fork_routes(Router&, services::Services&, const std::string& base_url);
// /repos/{owner}/{repo}/pulls...
void add_pull_routes(Router&, services::Services&, const std::string& base_url);
// /repos/{owner}/{repo}/pulls/{index}/reviews...
void add_review_routes(Router&, services::Services&, const std::string& base_url);

// /repos/{owner}/{repo}/issues...
void add_issue_routes(Router&, services::Services&, const std::string& base_url);
// /repos/{owner}/{repo}/labels...
void add_label_routes(Router&, services::Services&, const std::string& base_url);
// /repos/{owner}/{repo}/milestones...
void add_milestone_routes(Router&, services::Services&, const std::string& base_url);

// The pull request of {owner}/{repo} and {index}, as the caller may see it.
Result<services::MergeRequest> pull_of(ApiContext&, const Request&);

} // namespace forge::http::api
