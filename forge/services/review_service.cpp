// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/review_service.h"

#include "forge/common/clock.h"
#include "forge/db/merge_request_store.h"
#include "forge/db/review_store.h"
#include "forge/services/merge_request_records.h"
#include "forge/services/names.h"
#include "gitcore/browse_blob.h"
#include "gitcore/merge.h"
#include "gitcore/refs.h"

#include <algorithm>
#include <map>

namespace forge::services {

namespace {

constexpr size_t maximum_comment_length = 65536;
constexpr uint64_t line_count_bytes = 4 * 1024 * 1024;

std::string side_name(DiffSide side)
{
    return side == DiffSide::old_side ? "old" : "new";
}

DiffSide parse_side(const std::string& text)
{
    return text == "old" ? DiffSide::old_side : DiffSide::new_side;
}

Result<void> validate_body(const std::string& body)
{
    if (body.find_first_not_of(" \t\r\n") == std::string::npos)
        return Error::invalid_argument("the comment must not be empty");
    return validate_text("comment", body, maximum_comment_length, TextKind::paragraphs);
}

Result<db::RevisionRow> revision_of(db::Connection& c, int64_t merge_request_id, int64_t number)
{
    auto revisions = TRY(db::merge_request_store::revisions(c, merge_request_id));
    return revision_numbered(revisions, number);
}

const std::string& side_commit(const db::RevisionRow& revision, DiffSide side)
{
    return side == DiffSide::old_side ? revision.base_id : revision.head_id;
}

size_t count_lines(const std::string& data)
{
    auto lines = static_cast<size_t>(std::count(data.begin(), data.end(), '\n'));
    if (!data.empty() && data.back() != '\n')
        ++lines;
    return lines;
}

// The anchor names a line that the revision's diff shows: the file changed between base
// and head, and the line exists on the chosen side.
Result<void> check_anchor(Services& services, const db::ProjectRow& project,
                          const db::RevisionRow& revision, const LineAnchor& anchor)
{
    if (anchor.path.empty() || anchor.line < 1)
        return Error::invalid_argument("a line comment needs a path and a line number");
    auto repo = TRY(gitcore::Repository::open(services.repos().path_for(project.id)));
    auto on_base = TRY(gitcore::blob_at(repo, revision.base_id, anchor.path));
    auto on_head = TRY(gitcore::blob_at(repo, revision.head_id, anchor.path));
    if (on_base == on_head)
        return Error::invalid_argument("'" + anchor.path +
                                       "' is not changed by this merge request");
    const auto& commit = side_commit(revision, anchor.side);
    if ((anchor.side == DiffSide::old_side ? on_base : on_head) == gitcore::zero_id)
        return Error::invalid_argument("'" + anchor.path + "' does not exist on that side");
    auto blob = TRY(gitcore::read_blob(repo, commit, anchor.path, line_count_bytes));
    if (!blob.truncated && static_cast<size_t>(anchor.line) > count_lines(blob.data))
        return Error::invalid_argument("'" + anchor.path + "' has no line " +
                                       std::to_string(anchor.line));
    return {};
}

// A comment row ready to insert, after every check.
Result<db::CommentRow> prepare_comment(Services& services, db::Connection& c,
                                       const LoadedRequest& loaded, int64_t author_id,
                                       const NewComment& comment)
{
    TRY(validate_body(comment.body));
    db::CommentRow row;
    row.merge_request_id = loaded.row.id;
    row.author_id = author_id;
    row.body = comment.body;
    row.created_at = unix_now();
    if (comment.reply_to > 0) {
        if (comment.anchor)
            return Error::invalid_argument("a reply takes the line of its thread");
        auto thread = TRY(db::review_store::comment(c, loaded.row.id, comment.reply_to));
        if (!thread || thread->thread_id)
            return Error::not_found("no thread " + std::to_string(comment.reply_to));
        row.thread_id = thread->id;
        return row;
    }
    if (comment.anchor) {
        auto revision = TRY(revision_of(c, loaded.row.id, comment.anchor->revision));
        TRY(check_anchor(services, loaded.project, revision, *comment.anchor));
        row.revision = revision.number;
        row.path = comment.anchor->path;
        row.side = side_name(comment.anchor->side);
        row.line = comment.anchor->line;
    }
    return row;
}

Result<LoadedRequest> load_for_conversation(db::Connection& c, const Actor& actor,
                                            const ProjectPath& path, int64_t number)
{
    TRY(require_signed_in(actor));
    return load_request(c, actor.viewer, path, number);
}

bool may_moderate(const Actor& actor, const LoadedRequest& loaded)
{
    return actor.is_operator || loaded.level >= auth::AccessLevel::maintain;
}

Result<db::CommentRow> own_comment(db::Connection& c, const Actor& actor,
                                   const LoadedRequest& loaded, int64_t comment_id)
{
    auto comment = TRY(db::review_store::comment(c, loaded.row.id, comment_id));
    if (!comment)
        return Error::not_found("no comment " + std::to_string(comment_id));
    if (comment->author_id != actor.viewer.user_id.value_or(0) && !may_moderate(actor, loaded))
        return Error::forbidden("you may change only your own comments");
    return *comment;
}

// Where a thread's line is in the latest revision.
struct LinePlace {
    bool outdated = false;
    int line = 0;
};

class LineFollower {
  public:
    LineFollower(gitcore::Repository& repo, std::vector<db::RevisionRow> revisions)
        : m_repo(repo)
        , m_revisions(std::move(revisions))
    {
    }

    Result<LinePlace> place(const db::CommentRow& thread)
    {
        LinePlace place{false, static_cast<int>(thread.line)};
        if (m_revisions.empty() || thread.revision == m_revisions.back().number)
            return place;
        const db::RevisionRow* anchored = nullptr;
        for (const auto& revision : m_revisions)
            if (revision.number == thread.revision)
                anchored = &revision;
        if (!anchored)
            return LinePlace{true, 0};
        auto side = parse_side(thread.side);
        auto then = TRY(gitcore::blob_at(m_repo, side_commit(*anchored, side), thread.path));
        auto now =
            TRY(gitcore::blob_at(m_repo, side_commit(m_revisions.back(), side), thread.path));
        if (then == now)
            return place;
        auto followed = TRY(gitcore::follow_line(m_repo, then, now, place.line));
        if (!followed)
            return LinePlace{true, 0};
        place.line = *followed;
        return place;
    }

  private:
    gitcore::Repository& m_repo;
    std::vector<db::RevisionRow> m_revisions;
};

Result<ReviewState> parse_review_state(const std::string& text)
{
    for (auto state :
         {ReviewState::approved, ReviewState::changes_requested, ReviewState::commented})
        if (to_string(state) == text)
            return state;
    return Error::internal("unknown review state '" + text + "'");
}

} // namespace

Result<Thread> add_comment(Services& services, const Actor& actor, const ProjectPath& path,
                           int64_t number, const NewComment& comment)
{
    auto thread_id = TRY(services.database().write([&](db::Connection& c) -> Result<int64_t> {
        auto loaded = TRY(load_for_conversation(c, actor, path, number));
        auto row = TRY(prepare_comment(services, c, loaded, *actor.viewer.user_id, comment));
        auto id = TRY(db::review_store::insert_comment(c, row));
        TRY(record_for_project(c, actor, loaded.project.id, "merge_request.comment",
                               request_target(loaded.project, number), std::to_string(id)));
        return row.thread_id.value_or(id);
    }));
    auto threads = TRY(list_threads(services, actor.viewer, path, number));
    for (auto& thread : threads)
        if (thread.id == thread_id)
            return std::move(thread);
    return Error::internal("the new comment is missing");
}

Result<void> edit_comment(Services& services, const Actor& actor, const ProjectPath& path,
                          int64_t number, int64_t comment_id, const std::string& body)
{
    TRY(validate_body(body));
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto loaded = TRY(load_for_conversation(c, actor, path, number));
        auto comment = TRY(own_comment(c, actor, loaded, comment_id));
        if (comment.author_id != *actor.viewer.user_id)
            return Error::forbidden("you may edit only your own comments");
        return db::review_store::update_body(c, comment.id, body, unix_now());
    });
}

Result<void> delete_comment(Services& services, const Actor& actor, const ProjectPath& path,
                            int64_t number, int64_t comment_id)
{
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto loaded = TRY(load_for_conversation(c, actor, path, number));
        auto comment = TRY(own_comment(c, actor, loaded, comment_id));
        TRY(db::review_store::delete_comment(c, comment.id));
        return record_for_project(c, actor, loaded.project.id, "merge_request.comment_delete",
                                  request_target(loaded.project, number),
                                  std::to_string(comment.id));
    });
}

Result<void> resolve_thread(Services& services, const Actor& actor, const ProjectPath& path,
                            int64_t number, int64_t thread_id, bool resolved)
{
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto loaded = TRY(load_for_conversation(c, actor, path, number));
        auto thread = TRY(db::review_store::comment(c, loaded.row.id, thread_id));
        if (!thread || thread->thread_id)
            return Error::not_found("no thread " + std::to_string(thread_id));
        int64_t user = *actor.viewer.user_id;
        if (user != loaded.row.author_id && user != thread->author_id &&
            loaded.level < auth::AccessLevel::write)
            return Error::forbidden("only the authors and people with write access may "
                                    "resolve threads");
        return db::review_store::set_resolved(
            c, thread->id, resolved ? std::optional<int64_t>(user) : std::nullopt);
    });
}

Result<std::vector<Thread>> list_threads(Services& services, const auth::Viewer& viewer,
                                         const ProjectPath& path, int64_t number)
{
    struct Snapshot {
        LoadedRequest loaded;
        std::vector<db::CommentRow> comments;
        std::vector<db::RevisionRow> revisions;
        std::map<int64_t, Person> people;
    };
    auto snapshot = TRY(services.database().read([&](db::Connection& c) -> Result<Snapshot> {
        Snapshot s;
        s.loaded = TRY(load_request(c, viewer, path, number));
        s.comments = TRY(db::review_store::comments(c, s.loaded.row.id));
        s.revisions = TRY(db::merge_request_store::revisions(c, s.loaded.row.id));
        for (const auto& comment : s.comments) {
            for (auto id : {std::optional<int64_t>(comment.author_id), comment.resolved_by}) {
                if (!id || s.people.count(*id))
                    continue;
                auto who = TRY(person(c, *id));
                s.people.emplace(*id, std::move(who));
            }
        }
        return s;
    }));
    auto repo =
        TRY(gitcore::Repository::open(services.repos().path_for(snapshot.loaded.project.id)));
    LineFollower follower(repo, snapshot.revisions);
    bool moderator = snapshot.loaded.level >= auth::AccessLevel::maintain;
    std::vector<Thread> threads;
    std::map<int64_t, size_t> index;
    for (const auto& row : snapshot.comments) {
        Comment comment{row.id,         snapshot.people[row.author_id],
                        row.body,       row.created_at,
                        row.updated_at, false};
        comment.may_change = viewer.user_id == row.author_id || moderator;
        if (row.thread_id) {
            auto found = index.find(*row.thread_id);
            if (found != index.end())
                threads[found->second].comments.push_back(std::move(comment));
            continue;
        }
        Thread thread;
        thread.id = row.id;
        thread.resolved = row.resolved;
        if (row.resolved_by)
            thread.resolved_by = snapshot.people[*row.resolved_by];
        thread.review_id = row.review_id.value_or(0);
        if (!row.path.empty()) {
            thread.anchor = LineAnchor{row.path, parse_side(row.side), static_cast<int>(row.line),
                                       row.revision};
            auto place = TRY(follower.place(row));
            thread.outdated = place.outdated;
            thread.current_line = place.line;
        }
        thread.comments.push_back(std::move(comment));
        index.emplace(row.id, threads.size());
        threads.push_back(std::move(thread));
    }
    return threads;
}

Result<Review> submit_review(Services& services, const Actor& actor, const ProjectPath& path,
                             int64_t number, const NewReview& review)
{
    if (!review.body.empty())
        TRY(validate_text("review", review.body, maximum_comment_length, TextKind::paragraphs));
    if (review.state == ReviewState::commented && review.comments.empty() &&
        review.body.find_first_not_of(" \t\r\n") == std::string::npos)
        return Error::invalid_argument("a comment review needs a text or line comments");
    auto review_id = TRY(services.database().write([&](db::Connection& c) -> Result<int64_t> {
        auto loaded = TRY(load_for_conversation(c, actor, path, number));
        if (loaded.row.state != "open")
            return Error::conflict("the merge request is " + loaded.row.state);
        int64_t user = *actor.viewer.user_id;
        if (review.state != ReviewState::commented && user == loaded.row.author_id)
            return Error::forbidden("authors cannot approve or reject their own merge request");
        if (!review.head_id.empty() && review.head_id != loaded.row.head_id)
            return Error::conflict("the merge request has new commits; review them first");
        auto latest = TRY(revision_of(c, loaded.row.id, 0));
        db::ReviewRow row{0,
                          loaded.row.id,
                          user,
                          std::string(to_string(review.state)),
                          review.body,
                          latest.number,
                          loaded.row.head_id,
                          false,
                          unix_now()};
        auto id = TRY(db::review_store::insert_review(c, row));
        for (const auto& comment : review.comments) {
            auto prepared = TRY(prepare_comment(services, c, loaded, user, comment));
            prepared.review_id = id;
            TRY(db::review_store::insert_comment(c, prepared));
        }
        TRY(record_for_project(c, actor, loaded.project.id, "merge_request.review",
                               request_target(loaded.project, number),
                               std::string(to_string(review.state))));
        return id;
    }));
    auto reviews = TRY(list_reviews(services, actor.viewer, path, number));
    for (auto& listed : reviews)
        if (listed.id == review_id)
            return std::move(listed);
    return Error::internal("the new review is missing");
}

Result<std::vector<Review>> list_reviews(Services& services, const auth::Viewer& viewer,
                                         const ProjectPath& path, int64_t number)
{
    return services.database().read([&](db::Connection& c) -> Result<std::vector<Review>> {
        auto loaded = TRY(load_request(c, viewer, path, number));
        auto rows = TRY(db::review_store::reviews(c, loaded.row.id));
        std::vector<Review> reviews;
        for (const auto& row : rows) {
            auto state = TRY(parse_review_state(row.state));
            auto reviewer = TRY(person(c, row.reviewer_id));
            reviews.push_back(Review{row.id, std::move(reviewer), state, row.body, row.revision,
                                     row.head_id, row.dismissed, row.head_id != loaded.row.head_id,
                                     row.created_at});
        }
        return reviews;
    });
}

} // namespace forge::services
