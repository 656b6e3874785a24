// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/api/json_shapes.h"

#include "forge/services/fork_service.h"
#include "forge/services/git_service.h"
#include "forge/services/project_service.h"
#include "gitcore/ref_updates.h"
#include "gitcore/refs.h"
#include "gitcore/repository.h"

#include <ctime>

namespace forge::http::api {

namespace {

Json owner_json(const ApiContext& context, const db::ProjectRow& project)
{
    return user_json(context, services::Person{project.owner.id, project.owner.name, ""});
}

// The branch's current commit, "" when it or the repository cannot be read.
std::string branch_head(ApiContext& context, const db::ProjectRow& project,
                        const std::string& branch)
{
    auto key = std::pair{project.id, branch};
    if (auto known = context.branch_heads.find(key); known != context.branch_heads.end())
        return known->second;
    std::string head;
    auto access = services::open_git_repository(
        context.services, context.caller.viewer,
        services::ProjectPath{project.owner.name, project.name}, services::GitOperation::fetch);
    if (!access.is_error()) {
        auto repository = gitcore::Repository::open(access.value().path);
        if (!repository.is_error())
            head = gitcore::current_value_of(repository.value(), "refs/heads/" + branch);
    }
    if (head == gitcore::zero_id)
        head.clear();
    context.branch_heads.emplace(key, head);
    return head;
}

Json branch_json(ApiContext& context, const std::optional<db::ProjectRow>& project,
                 const std::string& branch, const std::string& sha)
{
    Json side{{"label", branch}, {"ref", branch}, {"sha", sha}, {"repo_id", 0}, {"repo", nullptr}};
    if (project) {
        side["repo_id"] = project->id;
        side["repo"] = repository_json(context, *project);
    }
    return side;
}

Json signature_json(const gitcore::Signature& who)
{
    return Json{{"name", who.name}, {"email", who.email}, {"date", rfc3339(who.time)}};
}

} // namespace

std::string rfc3339(int64_t unix_seconds)
{
    auto time = static_cast<std::time_t>(unix_seconds);
    std::tm parts{};
    gmtime_r(&time, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

Json time_or_null(int64_t unix_seconds)
{
    return unix_seconds > 0 ? Json(rfc3339(unix_seconds)) : Json(nullptr);
}

Json user_json(const ApiContext& context, const services::Person& person, const std::string& email)
{
    return Json{{"id", person.id},
                {"login", person.name},
                {"login_name", ""},
                {"username", person.name},
                {"full_name", person.display_name},
                {"email", email},
                {"avatar_url", ""},
                {"html_url", context.base_url + "/" + person.name}};
}

Json repository_json(ApiContext& context, const db::ProjectRow& project, bool with_parent)
{
    if (auto known = context.repositories.find(project.id);
        with_parent && known != context.repositories.end())
        return known->second;
    std::string full_name = project.owner.name + "/" + project.name;
    std::string html_url = context.base_url + "/" + full_name;
    Json repo{{"id", project.id},
              {"owner", owner_json(context, project)},
              {"name", project.name},
              {"full_name", full_name},
              {"description", project.description},
              {"private", project.visibility == "private"},
              {"internal", project.visibility == "internal"},
              {"fork", false},
              {"parent", nullptr},
              {"mirror", false},
              {"archived", false},
              {"template", false},
              {"default_branch", project.default_branch},
              {"html_url", html_url},
              {"clone_url", html_url + ".git"},
              {"ssh_url", ""},
              {"created_at", rfc3339(project.created_at)},
              {"updated_at", rfc3339(project.updated_at)},
              {"has_pull_requests", true}};
    auto origin = services::fork_origin(context.services, context.caller.viewer, project.id);
    if (!origin.is_error() && origin.value().is_fork) {
        repo["fork"] = true;
        if (with_parent && origin.value().parent)
            repo["parent"] = repository_json(context, *origin.value().parent, false);
    }
    auto access = services::open_project(context.services, context.caller.viewer,
                                         services::ProjectPath{project.owner.name, project.name});
    auto level = access.is_error() ? auth::AccessLevel::none : access.value().level;
    repo["permissions"] = Json{{"admin", level >= auth::AccessLevel::admin},
                               {"push", level >= auth::AccessLevel::write},
                               {"pull", level >= auth::AccessLevel::read}};
    if (with_parent)
        context.repositories.emplace(project.id, repo);
    return repo;
}

std::string pull_html_url(const ApiContext& context, const services::MergeRequest& request)
{
    return context.base_url + "/" + request.project.owner.name + "/" + request.project.name +
           "/merge_requests/" + std::to_string(request.number);
}

Json pull_json(ApiContext& context, const services::MergeRequest& request)
{
    bool merged = request.state == services::MergeState::merged;
    Json reviewers = Json::array();
    for (const auto& reviewer : request.reviewers)
        reviewers.push_back(user_json(context, reviewer));
    std::string url = pull_html_url(context, request);
    // Gitea's base.sha is the target branch as it is now.
    std::string target_head = branch_head(context, request.project, request.target_branch);
    return Json{
        {"id", request.id},
        {"number", request.number},
        {"url", url},
        {"html_url", url},
        {"diff_url", context.base_url + "/api/v1/repos/" + request.project.owner.name + "/" +
                         request.project.name + "/pulls/" + std::to_string(request.number) +
                         ".diff"},
        {"patch_url", ""}, // no mailbox patches
        {"user", user_json(context, request.author)},
        {"title", request.title},
        {"body", request.description},
        {"state", request.state == services::MergeState::open ? "open" : "closed"},
        {"is_locked", false},
        {"draft", false},
        {"labels", Json::array()},
        {"assignees", Json::array()},
        {"assignee", nullptr},
        {"milestone", nullptr},
        {"requested_reviewers", reviewers},
        {"comments", request.comment_count},
        {"mergeable", request.merge_status == services::MergeStatus::mergeable},
        {"merge_status", services::to_string(request.merge_status)},
        {"conflicts", request.conflicts},
        {"merged", merged},
        {"merged_at", time_or_null(merged ? request.merged_at : 0)},
        {"merged_by", request.merged_by ? user_json(context, *request.merged_by) : Json(nullptr)},
        {"merge_commit_sha",
         request.merge_commit_id.empty() ? Json(nullptr) : Json(request.merge_commit_id)},
        {"merge_base", request.base_id},
        {"base", branch_json(context, request.project, request.target_branch,
                             target_head.empty() ? request.base_id : target_head)},
        {"head",
         branch_json(context, request.source_project, request.source_branch, request.head_id)},
        {"created_at", rfc3339(request.created_at)},
        {"updated_at", rfc3339(request.updated_at)},
        {"closed_at", time_or_null(request.closed_at)},
    };
}

std::string_view review_state_name(services::ReviewState state)
{
    switch (state) {
    case services::ReviewState::approved:
        return "APPROVED";
    case services::ReviewState::changes_requested:
        return "REQUEST_CHANGES";
    case services::ReviewState::commented:
        return "COMMENT";
    }
    return "COMMENT";
}

Json review_json(const ApiContext& context, const services::MergeRequest& pull,
                 const services::Review& review, int64_t comment_count)
{
    std::string url = pull_html_url(context, pull);
    return Json{{"id", review.id},
                {"user", user_json(context, review.reviewer)},
                {"team", nullptr},
                {"body", review.body},
                {"commit_id", review.head_id},
                {"state", review_state_name(review.state)},
                {"stale", review.stale},
                {"dismissed", review.dismissed},
                {"official", review.state != services::ReviewState::commented},
                {"comments_count", comment_count},
                {"html_url", url},
                {"pull_request_url", url},
                {"submitted_at", rfc3339(review.created_at)},
                {"updated_at", rfc3339(review.created_at)}};
}

Json review_comment_json(const ApiContext& context, const services::MergeRequest& pull,
                         const services::Thread& thread, const std::string& commit_id)
{
    const auto& first = thread.comments.front();
    std::string url = pull_html_url(context, pull);
    bool new_side = thread.anchor && thread.anchor->side == services::DiffSide::new_side;
    int line = thread.anchor ? thread.anchor->line : 0;
    return Json{
        {"id", first.id},
        {"body", first.body},
        {"user", user_json(context, first.author)},
        {"resolver", thread.resolved_by ? user_json(context, *thread.resolved_by) : Json(nullptr)},
        {"pull_request_review_id", thread.review_id},
        {"path", thread.anchor ? thread.anchor->path : ""},
        {"commit_id", commit_id},
        {"original_commit_id", commit_id},
        {"diff_hunk", ""},
        {"position", new_side ? line : 0},
        {"original_position", new_side ? 0 : line},
        {"html_url", url + "#thread-" + std::to_string(thread.id)},
        {"pull_request_url", url},
        {"created_at", rfc3339(first.created_at)},
        {"updated_at", rfc3339(first.updated_at)}};
}

Json commit_json(const ApiContext& context, const std::string& project,
                 const gitcore::CommitInfo& commit)
{
    Json parents = Json::array();
    for (const auto& parent : commit.parents)
        parents.push_back(
            Json{{"sha", parent}, {"url", context.base_url + "/" + project + "/commit/" + parent}});
    std::string url = context.base_url + "/" + project + "/commit/" + commit.id;
    return Json{{"sha", commit.id},
                {"url", url},
                {"html_url", url},
                {"created", rfc3339(commit.committer.time)},
                {"commit", Json{{"url", url},
                                {"message", commit.message},
                                {"author", signature_json(commit.author)},
                                {"committer", signature_json(commit.committer)}}},
                {"author", nullptr},
                {"committer", nullptr},
                {"parents", parents}};
}

Json changed_file_json(const gitcore::FileDiff& file)
{
    // Gitea says "changed" where git says "modified".
    std::string_view status = file.status == gitcore::FileStatus::modified ||
                                      file.status == gitcore::FileStatus::type_changed
                                  ? "changed"
                                  : gitcore::to_string(file.status);
    bool moved =
        file.status == gitcore::FileStatus::renamed || file.status == gitcore::FileStatus::copied;
    return Json{{"filename", file.new_path},
                {"previous_filename", moved ? file.old_path : ""},
                {"status", status},
                {"additions", file.additions},
                {"deletions", file.deletions},
                {"changes", file.additions + file.deletions}};
}

std::string repo_api_url(const ApiContext& context, const services::ProjectPath& path)
{
    return context.base_url + "/api/v1/repos/" + path.to_string();
}

Json label_json(const ApiContext& context, const services::ProjectPath& path,
                const services::Label& label)
{
    bool hash = !label.color.empty() && label.color[0] == '#';
    return Json{{"id", label.id},
                {"name", label.name},
                {"color", hash ? label.color.substr(1) : label.color},
                {"description", label.description},
                {"exclusive", false},
                {"is_archived", false},
                {"url", repo_api_url(context, path) + "/labels/" + std::to_string(label.id)}};
}

Json milestone_json(const services::Milestone& milestone)
{
    return Json{{"id", milestone.id},
                {"title", milestone.title},
                {"description", milestone.description},
                {"state", milestone.open ? "open" : "closed"},
                {"open_issues", milestone.open_issues},
                {"closed_issues", milestone.closed_issues},
                {"due_on",
                 milestone.due_on.empty() ? Json(nullptr) : Json(milestone.due_on + "T23:59:59Z")}};
}

namespace {

// Gitea's RepositoryMeta, which issues carry.
Json repository_meta(const db::ProjectRow& project)
{
    return Json{{"id", project.id},
                {"name", project.name},
                {"owner", project.owner.name},
                {"full_name", project.owner.name + "/" + project.name}};
}

} // namespace

Json issue_json(ApiContext& context, const services::Issue& issue)
{
    services::ProjectPath path{issue.project.owner.name, issue.project.name};
    Json labels = Json::array();
    for (const auto& label : issue.labels)
        labels.push_back(label_json(context, path, label));
    Json assignees = Json::array();
    for (const auto& person : issue.assignees)
        assignees.push_back(user_json(context, person));
    std::string number = std::to_string(issue.number);
    return Json{
        {"id", issue.id},
        {"url", repo_api_url(context, path) + "/issues/" + number},
        {"html_url", context.base_url + "/" + path.to_string() + "/issues/" + number},
        {"number", issue.number},
        {"user", user_json(context, issue.author)},
        {"original_author", ""},
        {"original_author_id", 0},
        {"title", issue.title},
        {"body", issue.body},
        {"ref", ""},
        {"assets", Json::array()},
        {"labels", labels},
        {"milestone", issue.milestone ? milestone_json(*issue.milestone) : Json(nullptr)},
        {"assignee", assignees.empty() ? Json(nullptr) : assignees[0]},
        {"assignees", assignees},
        {"state", issue.open ? "open" : "closed"},
        {"is_locked", issue.locked},
        {"comments", issue.comment_count},
        {"created_at", rfc3339(issue.created_at)},
        {"updated_at", rfc3339(issue.updated_at)},
        {"closed_at", time_or_null(issue.closed_at)},
        {"due_date", nullptr},
        {"pull_request", nullptr},
        {"repository", repository_meta(issue.project)},
    };
}

Json pull_issue_json(ApiContext& context, const services::MergeRequest& request)
{
    services::ProjectPath path{request.project.owner.name, request.project.name};
    bool merged = request.state == services::MergeState::merged;
    std::string html_url = pull_html_url(context, request);
    return Json{
        {"id", request.id},
        {"url", repo_api_url(context, path) + "/issues/" + std::to_string(request.number)},
        {"html_url", html_url},
        {"number", request.number},
        {"user", user_json(context, request.author)},
        {"original_author", ""},
        {"original_author_id", 0},
        {"title", request.title},
        {"body", request.description},
        {"ref", ""},
        {"assets", Json::array()},
        {"labels", Json::array()},
        {"milestone", nullptr},
        {"assignee", nullptr},
        {"assignees", Json::array()},
        {"state", request.state == services::MergeState::open ? "open" : "closed"},
        {"is_locked", false},
        {"comments", request.comment_count},
        {"created_at", rfc3339(request.created_at)},
        {"updated_at", rfc3339(request.updated_at)},
        {"closed_at", time_or_null(request.closed_at)},
        {"due_date", nullptr},
        {"pull_request", Json{{"merged", merged},
                              {"merged_at", time_or_null(merged ? request.merged_at : 0)},
                              {"draft", false},
                              {"html_url", html_url}}},
        {"repository", repository_meta(request.project)},
    };
}

Json issue_comment_json(const ApiContext& context, const services::ProjectPath& path,
                        int64_t issue_number, const services::IssueComment& comment)
{
    std::string number = std::to_string(issue_number);
    return Json{{"id", comment.id},
                {"html_url", context.base_url + "/" + path.to_string() + "/issues/" + number +
                                 "#comment-" + std::to_string(comment.id)},
                {"pull_request_url", ""},
                {"issue_url", repo_api_url(context, path) + "/issues/" + number},
                {"user", user_json(context, comment.author)},
                {"original_author", ""},
                {"original_author_id", 0},
                {"body", comment.body},
                {"assets", Json::array()},
                {"created_at", rfc3339(comment.created_at)},
                {"updated_at", rfc3339(comment.updated_at)}};
}

} // namespace forge::http::api
