// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/common/clock.h"
#include "forge/db/issue_store.h"
#include "forge/services/issue_activity.h"
#include "forge/services/issue_records.h"
#include "forge/services/issue_service.h"
#include "forge/services/merge_request_records.h"
#include "forge/services/names.h"

// Comments on issues and the history of edited texts.
namespace forge::services {

namespace {

constexpr size_t maximum_comment_length = 65536;

Result<void> validate_comment(const std::string& body)
{
    if (body.find_first_not_of(" \t\r\n") == std::string::npos)
        return Error::invalid_argument("the comment must not be empty");
    return validate_text("comment", body, maximum_comment_length, TextKind::paragraphs);
}

Result<IssueComment> to_comment(db::Connection& c, const db::IssueCommentRow& row)
{
    IssueComment comment;
    comment.id = row.id;
    comment.author = TRY(person(c, row.author_id));
    comment.body = row.body;
    comment.created_at = row.created_at;
    comment.updated_at = row.updated_at;
    comment.edit_count = row.edit_count;
    comment.may_change = true; // returned to the one who just wrote or changed it
    return comment;
}

struct LoadedComment {
    LoadedIssue issue;
    db::IssueCommentRow comment;
};

Result<LoadedComment> load_own_comment(db::Connection& c, const Actor& actor,
                                       const ProjectPath& path, int64_t number, int64_t comment_id)
{
    auto loaded = TRY(load_issue_for_change(c, actor, path, number));
    auto comment = TRY(db::issue_store::comment(c, loaded.row.id, comment_id));
    if (!comment)
        return Error::not_found("no comment " + std::to_string(comment_id));
    if (comment->author_id != *actor.viewer.user_id && !may_manage_issues(actor, loaded.level))
        return Error::forbidden("only its author and maintainers may change a comment");
    return LoadedComment{std::move(loaded), std::move(*comment)};
}

} // namespace

Result<IssueComment> add_issue_comment(Services& services, const Actor& actor,
                                       const ProjectPath& path, int64_t number,
                                       const std::string& body)
{
    TRY(validate_comment(body));
    return services.database().write([&](db::Connection& c) -> Result<IssueComment> {
        auto loaded = TRY(load_issue_for_change(c, actor, path, number));
        if (loaded.row.locked && !may_manage_issues(actor, loaded.level))
            return Error::forbidden("the issue is locked: only maintainers may comment");
        int64_t now = unix_now();
        int64_t id = TRY(
            db::issue_store::insert_comment(c, loaded.row.id, *actor.viewer.user_id, body, now));
        // The first answer from the project's side, which the catalog's badges measure.
        if (loaded.level >= auth::AccessLevel::write && !is_author(actor, loaded.row))
            TRY(db::issue_store::note_first_reply(c, loaded.row.id, now));
        TRY(note_references(services, c, actor, loaded, body, now));
        TRY(notify_comment(services, c, actor, loaded, body));
        TRY(record_for_project(c, actor, loaded.project.id, "issue.comment",
                               issue_target(loaded.project, number), std::to_string(id)));
        auto row = TRY(db::issue_store::comment(c, loaded.row.id, id));
        return to_comment(c, *row);
    });
}

Result<IssueComment> edit_issue_comment(Services& services, const Actor& actor,
                                        const ProjectPath& path, int64_t number, int64_t comment_id,
                                        const std::string& body)
{
    TRY(validate_comment(body));
    return services.database().write([&](db::Connection& c) -> Result<IssueComment> {
        auto loaded = TRY(load_own_comment(c, actor, path, number, comment_id));
        int64_t now = unix_now();
        if (body != loaded.comment.body) {
            TRY(db::issue_store::edit_comment(c, loaded.comment, *actor.viewer.user_id, body, now));
            TRY(note_references(services, c, actor, loaded.issue, body, now));
            TRY(record_for_project(c, actor, loaded.issue.project.id, "issue.comment.edit",
                                   issue_target(loaded.issue.project, number),
                                   std::to_string(comment_id)));
        }
        auto row = TRY(db::issue_store::comment(c, loaded.issue.row.id, comment_id));
        return to_comment(c, *row);
    });
}

Result<void> delete_issue_comment(Services& services, const Actor& actor, const ProjectPath& path,
                                  int64_t number, int64_t comment_id)
{
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto loaded = TRY(load_own_comment(c, actor, path, number, comment_id));
        TRY(db::issue_store::delete_comment(c, loaded.issue.row.id, comment_id));
        return record_for_project(c, actor, loaded.issue.project.id, "issue.comment.delete",
                                  issue_target(loaded.issue.project, number),
                                  std::to_string(comment_id));
    });
}

Result<int64_t> issue_of_comment(Services& services, const auth::Viewer& viewer,
                                 const ProjectPath& path, int64_t comment_id)
{
    return services.database().read([&](db::Connection& c) -> Result<int64_t> {
        auto missing = Error::not_found("no comment " + std::to_string(comment_id));
        auto issue_id = TRY(db::issue_store::issue_of_comment(c, comment_id));
        if (!issue_id)
            return missing;
        auto row = TRY(db::issue_store::by_id(c, *issue_id));
        if (!row)
            return missing;
        // Of this project, and visible to the viewer: loading it by number checks both.
        auto loaded = load_issue(c, viewer, path, row->number);
        if (loaded.is_error() && loaded.error().code != ErrorCode::not_found)
            return loaded.error();
        if (loaded.is_error() || loaded.value().row.id != row->id)
            return missing;
        return row->number;
    });
}

Result<std::vector<IssueEdit>> issue_history(Services& services, const auth::Viewer& viewer,
                                             const ProjectPath& path, int64_t number,
                                             int64_t comment_id)
{
    return services.database().read([&](db::Connection& c) -> Result<std::vector<IssueEdit>> {
        auto loaded = TRY(load_issue(c, viewer, path, number));
        std::optional<int64_t> comment;
        if (comment_id) {
            if (!TRY(db::issue_store::comment(c, loaded.row.id, comment_id)))
                return Error::not_found("no comment " + std::to_string(comment_id));
            comment = comment_id;
        }
        auto rows = TRY(db::issue_store::edits(c, loaded.row.id, comment));
        std::vector<IssueEdit> edits;
        for (const auto& row : rows) {
            auto editor = TRY(person(c, row.editor_id));
            edits.push_back(IssueEdit{std::move(editor), row.previous, row.edited_at});
        }
        return edits;
    });
}

} // namespace forge::services
