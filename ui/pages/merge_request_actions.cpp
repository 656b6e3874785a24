// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
// The forms of merge requests: opening, commenting, reviewing, resolving, merging, closing,
// editing; and forking a project.
#include "forge/http/form.h"
#include "forge/services/fork_service.h"
#include "forge/services/merge_request_service.h"
#include "forge/services/merge_service.h"
#include "forge/services/review_service.h"
#include "ui/pages/merge_request_pages.h"
#include "ui/pages/merge_request_values.h"
#include "ui/web.h"

#include <sstream>

namespace ui {

namespace http = forge::http;
namespace services = forge::services;

namespace {

// Where a form returns to: its "back" field when it is a page of this merge request,
// else the conversation.
std::string back_to(const MergeRequestPage& page, const http::FormFields& form,
                    const std::string& anchor = {})
{
    std::string back = form.get("back");
    if (back.rfind(page.url, 0) != 0 || back.find_first_of("\r\n") != std::string::npos)
        back = page.url;
    return back + anchor;
}

std::vector<std::string> words(const std::string& text)
{
    std::vector<std::string> list;
    std::istringstream in(text);
    for (std::string word; in >> word;)
        list.push_back(word.front() == '@' ? word.substr(1) : word);
    return list;
}

// The result of a change on this request: back with a notice, or back with the reason.
http::Response settle(WebUi& web, Context& context, const std::string& back,
                      const forge::Result<void>& outcome, std::string_view notice)
{
    if (outcome.is_error())
        return web.refused(context, back, outcome.error());
    return web.redirect_with_notice(context, back, notice);
}

template <typename T> forge::Result<void> done(const forge::Result<T>& result)
{
    if (result.is_error())
        return result.error();
    return {};
}

forge::Result<http::Response> create_request(WebUi& web, Context& context,
                                             const http::FormFields& form)
{
    auto project = TRY(open_project_view(web, context));
    services::NewMergeRequest request;
    std::string source = form.get("source");
    auto colon = source.find(':');
    if (colon != std::string::npos) {
        auto path = services::parse_project_path(source.substr(0, colon));
        if (path.is_error())
            return new_request_form(web, context, form, path.error().message);
        request.source = path.value();
        source = source.substr(colon + 1);
    }
    request.source_branch = source;
    request.target_branch = form.get("target");
    request.title = form.get("title");
    request.description = form.get("description");
    request.reviewers = words(form.get("reviewers"));
    auto opened = services::open_merge_request(web.services(), context.actor(),
                                               {project.owner, project.name}, request);
    if (opened.is_error()) {
        if (opened.error().code == forge::ErrorCode::internal)
            return opened.error();
        return new_request_form(web, context, form, opened.error().message);
    }
    return web.redirect_with_notice(
        context, project.base + "/merge_requests/" + std::to_string(opened.value().number),
        "Merge request opened");
}

forge::Result<http::Response> add_comment(WebUi& web, Context& context,
                                          const http::FormFields& form)
{
    auto page = TRY(open_merge_request_page(web, context));
    services::NewComment comment;
    comment.body = form.get("body");
    comment.reply_to = std::atoll(form.get("reply_to").c_str());
    if (form.has("path")) {
        services::LineAnchor anchor;
        anchor.path = form.get("path");
        anchor.side =
            form.get("side") == "old" ? services::DiffSide::old_side : services::DiffSide::new_side;
        anchor.line = std::atoi(form.get("line").c_str());
        anchor.revision = std::atoll(form.get("revision").c_str());
        comment.anchor = anchor;
    }
    auto added =
        services::add_comment(web.services(), context.actor(), page.path(), page.number, comment);
    std::string anchor = added.is_error() ? "" : "#thread-" + std::to_string(added.value().id);
    return settle(web, context, back_to(page, form, anchor), done(added), "Comment added");
}

forge::Result<http::Response> edit_comment(WebUi& web, Context& context,
                                           const http::FormFields& form)
{
    auto page = TRY(open_merge_request_page(web, context));
    int64_t id = std::atoll(std::string(context.request.param("comment")).c_str());
    auto edited = services::edit_comment(web.services(), context.actor(), page.path(), page.number,
                                         id, form.get("body"));
    return settle(web, context, page.url, edited, "Comment saved");
}

forge::Result<http::Response> delete_comment(WebUi& web, Context& context,
                                             const http::FormFields& form)
{
    auto page = TRY(open_merge_request_page(web, context));
    int64_t id = std::atoll(std::string(context.request.param("comment")).c_str());
    auto deleted =
        services::delete_comment(web.services(), context.actor(), page.path(), page.number, id);
    return settle(web, context, back_to(page, form), deleted, "Comment deleted");
}

forge::Result<http::Response> resolve(WebUi& web, Context& context, const http::FormFields& form,
                                      bool resolved)
{
    auto page = TRY(open_merge_request_page(web, context));
    int64_t id = std::atoll(std::string(context.request.param("thread")).c_str());
    auto changed = services::resolve_thread(web.services(), context.actor(), page.path(),
                                            page.number, id, resolved);
    return settle(web, context, back_to(page, form, "#thread-" + std::to_string(id)), changed,
                  resolved ? "Thread resolved" : "Thread reopened");
}

forge::Result<http::Response> resolve_thread(WebUi& web, Context& context,
                                             const http::FormFields& form)
{
    return resolve(web, context, form, true);
}

forge::Result<http::Response> unresolve_thread(WebUi& web, Context& context,
                                               const http::FormFields& form)
{
    return resolve(web, context, form, false);
}

forge::Result<http::Response> submit_review(WebUi& web, Context& context,
                                            const http::FormFields& form)
{
    auto page = TRY(open_merge_request_page(web, context));
    services::NewReview review;
    std::string verdict = form.get("verdict");
    review.state = verdict == "approve"           ? services::ReviewState::approved
                   : verdict == "request_changes" ? services::ReviewState::changes_requested
                                                  : services::ReviewState::commented;
    review.body = form.get("body");
    auto submitted =
        services::submit_review(web.services(), context.actor(), page.path(), page.number, review);
    return settle(web, context, page.url, done(submitted), "Review submitted");
}

forge::Result<http::Response> merge(WebUi& web, Context& context, const http::FormFields& form)
{
    auto page = TRY(open_merge_request_page(web, context));
    services::MergeOptions options;
    std::string style = form.get("style");
    options.style = style == "squash"              ? gitcore::MergeStyle::squash
                    : style == "fast-forward-only" ? gitcore::MergeStyle::fast_forward_only
                                                   : gitcore::MergeStyle::merge_commit;
    options.delete_source_branch = form.get("delete_source") == "1";
    options.expected_head_id = form.get("head");
    auto merged = services::merge_merge_request(web.services(), context.actor(), page.path(),
                                                page.number, options);
    return settle(web, context, page.url, done(merged), "Merged");
}

using StateChange = forge::Result<services::MergeRequest> (*)(services::Services&,
                                                              const services::Actor&,
                                                              const services::ProjectPath&,
                                                              int64_t);

forge::Result<http::Response> change_state(WebUi& web, Context& context, StateChange change,
                                           std::string_view notice)
{
    auto page = TRY(open_merge_request_page(web, context));
    auto changed = change(web.services(), context.actor(), page.path(), page.number);
    return settle(web, context, page.url, done(changed), notice);
}

forge::Result<http::Response> close(WebUi& web, Context& context, const http::FormFields&)
{
    return change_state(web, context, services::close_merge_request, "Merge request closed");
}

forge::Result<http::Response> reopen(WebUi& web, Context& context, const http::FormFields&)
{
    return change_state(web, context, services::reopen_merge_request, "Merge request reopened");
}

forge::Result<http::Response> edit_request(WebUi& web, Context& context,
                                           const http::FormFields& form)
{
    auto page = TRY(open_merge_request_page(web, context));
    services::MergeRequestEdit edit;
    edit.title = form.get("title");
    edit.description = form.get("body");
    auto edited = services::edit_merge_request(web.services(), context.actor(), page.path(),
                                               page.number, edit);
    return settle(web, context, page.url, done(edited), "Merge request saved");
}

forge::Result<http::Response> fork(WebUi& web, Context& context, const http::FormFields& form)
{
    auto project = TRY(open_project_view(web, context));
    services::ForkRequest request;
    request.owner = form.get("owner");
    request.name = form.get("name");
    auto forked = services::fork_project(web.services(), context.actor(),
                                         {project.owner, project.name}, request);
    if (forked.is_error())
        return web.refused(context, project.base, forked.error());
    return web.redirect_with_notice(
        context, "/" + forked.value().owner.name + "/" + forked.value().name, "Project forked");
}

} // namespace

forge::Result<http::Response> new_request_form(WebUi& web, Context& context,
                                               const http::FormFields& form, std::string failure)
{
    auto project = TRY(open_project_view(web, context));
    Value data;
    data.set("title", std::string(context.text("New merge request")));
    data.set("project", project.header(context, "merge_requests"));
    data.set("source", form.get("source"));
    std::string target = form.get("target");
    data.set("target", target.empty() ? project.access.project.default_branch : target);
    data.set("title_value", form.get("title").empty() ? form.get("source") : form.get("title"));
    data.set("description", form.get("description"));
    data.set("reviewers", form.get("reviewers"));
    int status = failure.empty() ? 200 : 422;
    if (!failure.empty())
        data.set("failure", std::move(failure));
    return web.page(context, "merge_request_new", std::move(data), status);
}

void add_merge_request_actions(WebUi& web, http::Router& router)
{
    const std::string base = "/{owner}/{project}/merge_requests";
    const std::string one = base + "/{number}";
    web.post(router, base, create_request);
    web.post(router, one + "/comments", add_comment);
    web.post(router, one + "/comments/{comment}/edit", edit_comment);
    web.post(router, one + "/comments/{comment}/delete", delete_comment);
    web.post(router, one + "/threads/{thread}/resolve", resolve_thread);
    web.post(router, one + "/threads/{thread}/unresolve", unresolve_thread);
    web.post(router, one + "/reviews", submit_review);
    web.post(router, one + "/merge", merge);
    web.post(router, one + "/close", close);
    web.post(router, one + "/reopen", reopen);
    web.post(router, one + "/edit", edit_request);
    web.post(router, "/{owner}/{project}/fork", fork);
}

} // namespace ui
