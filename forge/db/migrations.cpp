// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/migrations.h"

#include "forge/db/database.h"

#include <iterator>
#include <string>

namespace forge::db {

namespace {

// Numbered migrations, applied in order; never edit one that has shipped, add a new one.
// Times are Unix seconds (UTC). Rights levels, roles and visibilities are text, checked
// here so that no code path can store a value the resolver does not know.
constexpr const char* migrations[] = {
    // 1: identities, projects, rights, credentials, audit
    R"sql(
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT NOT NULL DEFAULT '',
    password_hash TEXT,
    is_admin      INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    is_blocked    INTEGER NOT NULL DEFAULT 0 CHECK (is_blocked IN (0, 1)),
    language      TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
);
CREATE TABLE "groups" (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE TABLE group_members (
    group_id INTEGER NOT NULL REFERENCES "groups"(id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role     TEXT NOT NULL CHECK (role IN ('owner', 'maintainer', 'member', 'reporter')),
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_by_user ON group_members(user_id);
CREATE TABLE projects (
    id             INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: ids name repositories
    owner_user_id  INTEGER REFERENCES users(id) ON DELETE RESTRICT,
    owner_group_id INTEGER REFERENCES "groups"(id) ON DELETE RESTRICT,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    visibility     TEXT NOT NULL CHECK (visibility IN ('public', 'internal', 'private')),
    default_branch TEXT NOT NULL DEFAULT 'main',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    CHECK ((owner_user_id IS NULL) <> (owner_group_id IS NULL))
);
CREATE UNIQUE INDEX projects_user_name ON projects(owner_user_id, name)
    WHERE owner_user_id IS NOT NULL;
CREATE UNIQUE INDEX projects_group_name ON projects(owner_group_id, name)
    WHERE owner_group_id IS NOT NULL;
CREATE TABLE project_grants (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users(id) ON DELETE CASCADE,
    group_id   INTEGER REFERENCES "groups"(id) ON DELETE CASCADE,
    level      TEXT NOT NULL CHECK (level IN ('read', 'write', 'maintain', 'admin')),
    CHECK ((user_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX project_grants_user ON project_grants(project_id, user_id)
    WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX project_grants_group ON project_grants(project_id, group_id)
    WHERE group_id IS NOT NULL;
CREATE TABLE protected_branches (
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    branch     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (project_id, branch)
);
CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    scopes       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    last_used_at INTEGER
);
CREATE INDEX tokens_by_user ON tokens(user_id);
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    hash         TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor_id   INTEGER,
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    address    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log(at);
)sql",
    // 2: failed sign-ins, for throttling (DESIGN.md section 8)
    R"sql(
CREATE TABLE sign_in_failures (
    id      INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    address TEXT NOT NULL,
    at      INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_by_account ON sign_in_failures(account, at);
CREATE INDEX sign_in_failures_by_address ON sign_in_failures(address, at);
)sql",
    // 3: audit entries name their project by id, so that a project's history survives
    // renames and transfers; earlier entries get it from their target where it matches
    R"sql(
ALTER TABLE audit_log ADD COLUMN project_id INTEGER;
UPDATE audit_log SET project_id = (
    SELECT p.id FROM projects p
    LEFT JOIN users u ON u.id = p.owner_user_id
    LEFT JOIN "groups" g ON g.id = p.owner_group_id
    WHERE coalesce(u.name, g.name) || '/' || p.name = audit_log.target)
WHERE action LIKE 'ref.%' OR action LIKE 'project.%' OR action LIKE 'branch.%';
CREATE INDEX audit_log_by_project ON audit_log(project_id, id) WHERE project_id IS NOT NULL;
CREATE INDEX projects_by_activity ON projects(updated_at, id);
)sql",
    // 4: grants by grantee, so that the projects one user is involved in are found without
    // reading every project
    R"sql(
CREATE INDEX project_grants_by_user ON project_grants(user_id) WHERE user_id IS NOT NULL;
CREATE INDEX project_grants_by_group ON project_grants(group_id) WHERE group_id IS NOT NULL;
)sql",
    // 5: forks and merge requests. Merge requests and issues share one number sequence
    // per project (item_numbers), so that "#12" names exactly one of them.
    R"sql(
CREATE TABLE forks (
    project_id INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    parent_id  INTEGER REFERENCES projects(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX forks_by_parent ON forks(parent_id);
CREATE TABLE item_numbers (
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    number     INTEGER NOT NULL CHECK (number > 0),
    kind       TEXT NOT NULL CHECK (kind IN ('issue', 'merge_request')),
    PRIMARY KEY (project_id, number)
);
CREATE TABLE merge_settings (
    project_id          INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    required_approvals  INTEGER NOT NULL DEFAULT 0 CHECK (required_approvals BETWEEN 0 AND 20),
    reset_approvals     INTEGER NOT NULL DEFAULT 0 CHECK (reset_approvals IN (0, 1)),
    allow_merge_commit  INTEGER NOT NULL DEFAULT 1 CHECK (allow_merge_commit IN (0, 1)),
    allow_squash        INTEGER NOT NULL DEFAULT 1 CHECK (allow_squash IN (0, 1)),
    allow_fast_forward  INTEGER NOT NULL DEFAULT 1 CHECK (allow_fast_forward IN (0, 1))
);
CREATE TABLE merge_requests (
    id                INTEGER PRIMARY KEY,
    project_id        INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    number            INTEGER NOT NULL,
    author_id         INTEGER NOT NULL REFERENCES users(id),
    title             TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    source_project_id INTEGER REFERENCES projects(id) ON DELETE SET NULL,
    source_branch     TEXT NOT NULL,
    target_branch     TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('open', 'closed', 'merged')),
    head_id           TEXT NOT NULL,
    base_id           TEXT NOT NULL DEFAULT '',
    merge_status      TEXT NOT NULL DEFAULT 'unchecked'
                      CHECK (merge_status IN ('unchecked', 'mergeable', 'conflict', 'up_to_date', 'unrelated')),
    fast_forward      INTEGER NOT NULL DEFAULT 0 CHECK (fast_forward IN (0, 1)),
    conflicts         TEXT NOT NULL DEFAULT '',
    merged_by         INTEGER REFERENCES users(id),
    merged_at         INTEGER,
    merge_commit_id   TEXT NOT NULL DEFAULT '',
    closed_at         INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    UNIQUE (project_id, number)
);
CREATE INDEX merge_requests_by_state ON merge_requests(project_id, state, id);
CREATE INDEX merge_requests_by_source ON merge_requests(source_project_id, source_branch)
    WHERE state = 'open';
CREATE INDEX merge_requests_by_author ON merge_requests(author_id);
CREATE TABLE merge_request_revisions (
    id               INTEGER PRIMARY KEY,
    merge_request_id INTEGER NOT NULL REFERENCES merge_requests(id) ON DELETE CASCADE,
    number           INTEGER NOT NULL,
    head_id          TEXT NOT NULL,
    base_id          TEXT NOT NULL,
    target_id        TEXT NOT NULL,
    forced           INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
    created_at       INTEGER NOT NULL,
    UNIQUE (merge_request_id, number)
);
CREATE TABLE merge_request_reviewers (
    merge_request_id INTEGER NOT NULL REFERENCES merge_requests(id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (merge_request_id, user_id)
);
CREATE INDEX merge_request_reviewers_by_user ON merge_request_reviewers(user_id);
CREATE TABLE merge_request_reviews (
    id               INTEGER PRIMARY KEY,
    merge_request_id INTEGER NOT NULL REFERENCES merge_requests(id) ON DELETE CASCADE,
    reviewer_id      INTEGER NOT NULL REFERENCES users(id),
    state            TEXT NOT NULL CHECK (state IN ('approved', 'changes_requested', 'commented')),
    body             TEXT NOT NULL DEFAULT '',
    revision         INTEGER NOT NULL,
    head_id          TEXT NOT NULL,
    dismissed        INTEGER NOT NULL DEFAULT 0 CHECK (dismissed IN (0, 1)),
    created_at       INTEGER NOT NULL
);
CREATE INDEX merge_request_reviews_by_request ON merge_request_reviews(merge_request_id, id);
-- A thread is its first comment (thread_id NULL) and the replies naming it. Line threads
-- are anchored to a revision: side 'new' is the line in that revision's head, 'old' the
-- line in its merge base.
CREATE TABLE merge_request_comments (
    id               INTEGER PRIMARY KEY,
    merge_request_id INTEGER NOT NULL REFERENCES merge_requests(id) ON DELETE CASCADE,
    thread_id        INTEGER REFERENCES merge_request_comments(id) ON DELETE CASCADE,
    author_id        INTEGER NOT NULL REFERENCES users(id),
    body             TEXT NOT NULL,
    review_id        INTEGER REFERENCES merge_request_reviews(id) ON DELETE SET NULL,
    revision         INTEGER,
    path             TEXT,
    side             TEXT CHECK (side IN ('old', 'new')),
    line             INTEGER,
    resolved         INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
    resolved_by      INTEGER REFERENCES users(id),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    CHECK ((path IS NULL) = (line IS NULL) AND (path IS NULL) = (side IS NULL)
           AND (path IS NULL) = (revision IS NULL))
);
CREATE INDEX merge_request_comments_by_request ON merge_request_comments(merge_request_id, id);
CREATE INDEX merge_request_comments_by_thread ON merge_request_comments(thread_id);
)sql",
    // 6: issues with labels (per project or per group), milestones, assignees, comments
    // with their edit history, a timeline of events, and full-text search. Issues take
    // their numbers from item_numbers, shared with merge requests.
    R"sql(
CREATE TABLE labels (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER REFERENCES projects(id) ON DELETE CASCADE,
    group_id    INTEGER REFERENCES "groups"(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    color       TEXT NOT NULL CHECK (length(color) = 7 AND substr(color, 1, 1) = '#'),
    description TEXT NOT NULL DEFAULT '',
    CHECK ((project_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX labels_of_project ON labels(project_id, name) WHERE project_id IS NOT NULL;
CREATE UNIQUE INDEX labels_of_group ON labels(group_id, name) WHERE group_id IS NOT NULL;
CREATE TABLE milestones (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    due_on      TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    created_at  INTEGER NOT NULL,
    UNIQUE (project_id, title)
);
CREATE TABLE issues (
    id             INTEGER PRIMARY KEY,
    project_id     INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    number         INTEGER NOT NULL,
    author_id      INTEGER NOT NULL REFERENCES users(id),
    title          TEXT NOT NULL,
    body           TEXT NOT NULL DEFAULT '',
    state          TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    close_reason   TEXT NOT NULL DEFAULT ''
                   CHECK (close_reason IN ('', 'done', 'not_planned', 'duplicate')),
    duplicate_of   INTEGER,
    closed_by      INTEGER REFERENCES users(id),
    closing_commit TEXT NOT NULL DEFAULT '',
    closed_at      INTEGER,
    confidential   INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1)),
    locked         INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    milestone_id   INTEGER REFERENCES milestones(id) ON DELETE SET NULL,
    comment_count  INTEGER NOT NULL DEFAULT 0,
    first_reply_at INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (project_id, number)
);
CREATE INDEX issues_by_created ON issues(project_id, state, created_at);
CREATE INDEX issues_by_updated ON issues(project_id, state, updated_at);
CREATE INDEX issues_by_comments ON issues(project_id, state, comment_count);
CREATE INDEX issues_by_author ON issues(author_id);
CREATE INDEX issues_by_milestone ON issues(milestone_id);
CREATE TABLE issue_labels (
    issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    PRIMARY KEY (issue_id, label_id)
) WITHOUT ROWID;
CREATE INDEX issue_labels_by_label ON issue_labels(label_id, issue_id);
CREATE TABLE issue_assignees (
    issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (issue_id, user_id)
) WITHOUT ROWID;
CREATE INDEX issue_assignees_by_user ON issue_assignees(user_id, issue_id);
CREATE TABLE issue_comments (
    id         INTEGER PRIMARY KEY,
    issue_id   INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES users(id),
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX issue_comments_by_issue ON issue_comments(issue_id, id);
-- Earlier versions of an issue's description (comment_id NULL) or of a comment.
CREATE TABLE issue_edits (
    id         INTEGER PRIMARY KEY,
    issue_id   INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    comment_id INTEGER REFERENCES issue_comments(id) ON DELETE CASCADE,
    editor_id  INTEGER NOT NULL REFERENCES users(id),
    previous   TEXT NOT NULL,
    edited_at  INTEGER NOT NULL
);
CREATE INDEX issue_edits_by_issue ON issue_edits(issue_id, comment_id, id);
-- The timeline besides comments: kind says what happened, detail what to (a label name,
-- a user name, "owner/project#12", a commit id, ...).
CREATE TABLE issue_events (
    id         INTEGER PRIMARY KEY,
    issue_id   INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    actor_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    kind       TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX issue_events_by_issue ON issue_events(issue_id, id);
CREATE VIRTUAL TABLE issue_text USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE issue_comment_text USING fts5(body, issue_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER issues_text_insert AFTER INSERT ON issues BEGIN
    INSERT INTO issue_text (rowid, title, body)
    VALUES (new.id, replace(new.title, 'ß', 'ss'), replace(new.body, 'ß', 'ss'));
END;
CREATE TRIGGER issues_text_update AFTER UPDATE OF title, body ON issues BEGIN
    UPDATE issue_text SET title = replace(new.title, 'ß', 'ss'), body = replace(new.body, 'ß', 'ss')
    WHERE rowid = new.id;
END;
CREATE TRIGGER issues_text_delete AFTER DELETE ON issues BEGIN
    DELETE FROM issue_text WHERE rowid = old.id;
END;
CREATE TRIGGER issue_comments_text_insert AFTER INSERT ON issue_comments BEGIN
    INSERT INTO issue_comment_text (rowid, body, issue_id)
    VALUES (new.id, replace(new.body, 'ß', 'ss'), new.issue_id);
END;
CREATE TRIGGER issue_comments_text_update AFTER UPDATE OF body ON issue_comments BEGIN
    UPDATE issue_comment_text SET body = replace(new.body, 'ß', 'ss') WHERE rowid = new.id;
END;
CREATE TRIGGER issue_comments_text_delete AFTER DELETE ON issue_comments BEGIN
    DELETE FROM issue_comment_text WHERE rowid = old.id;
END;
-- Who follows what: subject "project:<id>", "issue:<id>" or "discussion:<id>"; watching 0
-- records that the user turned notifications for the subject off.
CREATE TABLE watches (
    user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    subject  TEXT NOT NULL,
    watching INTEGER NOT NULL CHECK (watching IN (0, 1)),
    PRIMARY KEY (user_id, subject)
) WITHOUT ROWID;
CREATE INDEX watches_by_subject ON watches(subject, watching, user_id);
-- The in-app inbox. reason: "mention", "assigned", "comment", "state", "opened", "answer".
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reason     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    title      TEXT NOT NULL,
    url        TEXT NOT NULL,
    actor_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    read_at    INTEGER
);
CREATE INDEX notifications_by_user ON notifications(user_id, id);
CREATE INDEX notifications_unread ON notifications(user_id, read_at);
-- E-mail waiting for the SMTP relay; written in the transaction of what it reports.
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox(sent_at, next_attempt_at);
)sql",
    // 7: discussions, the forum of every project and every group: categories, threads with
    // replies, accepted answers, pinning, locking, and full-text search ("ß" indexed as
    // "ss", as for issues).
    R"sql(
CREATE TABLE discussion_categories (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER REFERENCES projects(id) ON DELETE CASCADE,
    group_id    INTEGER REFERENCES "groups"(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL CHECK (kind IN ('announcements', 'questions', 'ideas', 'general')),
    position    INTEGER NOT NULL DEFAULT 0,
    CHECK ((project_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX discussion_categories_of_project ON discussion_categories(project_id, name)
    WHERE project_id IS NOT NULL;
CREATE UNIQUE INDEX discussion_categories_of_group ON discussion_categories(group_id, name)
    WHERE group_id IS NOT NULL;
CREATE TABLE discussions (
    id            INTEGER PRIMARY KEY,
    project_id    INTEGER REFERENCES projects(id) ON DELETE CASCADE,
    group_id      INTEGER REFERENCES "groups"(id) ON DELETE CASCADE,
    number        INTEGER NOT NULL,
    category_id   INTEGER NOT NULL REFERENCES discussion_categories(id),
    author_id     INTEGER NOT NULL REFERENCES users(id),
    title         TEXT NOT NULL,
    body          TEXT NOT NULL DEFAULT '',
    pinned        INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    locked        INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    answer_id     INTEGER,
    reply_count   INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    CHECK ((project_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX discussions_of_project ON discussions(project_id, number) WHERE project_id IS NOT NULL;
CREATE UNIQUE INDEX discussions_of_group ON discussions(group_id, number) WHERE group_id IS NOT NULL;
CREATE INDEX discussions_by_activity ON discussions(project_id, group_id, pinned, updated_at);
CREATE INDEX discussions_by_category ON discussions(category_id, updated_at);
CREATE TABLE discussion_replies (
    id            INTEGER PRIMARY KEY,
    discussion_id INTEGER NOT NULL REFERENCES discussions(id) ON DELETE CASCADE,
    author_id     INTEGER NOT NULL REFERENCES users(id),
    body          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX discussion_replies_by_discussion ON discussion_replies(discussion_id, id);
CREATE VIRTUAL TABLE discussion_text USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE discussion_reply_text USING fts5(body, discussion_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER discussions_text_insert AFTER INSERT ON discussions BEGIN
    INSERT INTO discussion_text (rowid, title, body)
    VALUES (new.id, replace(new.title, 'ß', 'ss'), replace(new.body, 'ß', 'ss'));
END;
CREATE TRIGGER discussions_text_update AFTER UPDATE OF title, body ON discussions BEGIN
    UPDATE discussion_text SET title = replace(new.title, 'ß', 'ss'),
        body = replace(new.body, 'ß', 'ss') WHERE rowid = new.id;
END;
CREATE TRIGGER discussions_text_delete AFTER DELETE ON discussions BEGIN
    DELETE FROM discussion_text WHERE rowid = old.id;
END;
CREATE TRIGGER discussion_replies_text_insert AFTER INSERT ON discussion_replies BEGIN
    INSERT INTO discussion_reply_text (rowid, body, discussion_id)
    VALUES (new.id, replace(new.body, 'ß', 'ss'), new.discussion_id);
END;
CREATE TRIGGER discussion_replies_text_update AFTER UPDATE OF body ON discussion_replies BEGIN
    UPDATE discussion_reply_text SET body = replace(new.body, 'ß', 'ss') WHERE rowid = new.id;
END;
CREATE TRIGGER discussion_replies_text_delete AFTER DELETE ON discussion_replies BEGIN
    DELETE FROM discussion_reply_text WHERE rowid = old.id;
END;
)sql",
    // 8: indexes measured with tests/bench/issue_list_bench.py: milestone progress counted
    // from the index alone, and the open/closed counts of a project's issues from an index
    // that holds what visibility needs.
    R"sql(
DROP INDEX issues_by_milestone;
CREATE INDEX issues_by_milestone ON issues(milestone_id, state);
CREATE INDEX issues_visible ON issues(project_id, state, confidential, author_id);
)sql",
};

constexpr int migration_count = static_cast<int>(std::size(migrations));

Result<int> current_version(Connection& connection)
{
    auto statement = TRY(connection.prepare("PRAGMA user_version"));
    TRY(statement.step());
    return static_cast<int>(statement.int_at(0));
}

Result<void> set_version(Connection& connection, int version)
{
    // PRAGMA takes no bound parameters; the value is an integer of ours, never input.
    std::string sql = "PRAGMA user_version = " + std::to_string(version);
    return connection.execute(sql.c_str());
}

} // namespace

int schema_version()
{
    return migration_count;
}

Result<void> apply_migrations(Connection& connection)
{
    int version = TRY(current_version(connection));
    if (version > migration_count)
        return Error::internal("database schema version " + std::to_string(version) +
                               " is newer than this forge (" + std::to_string(migration_count) +
                               ")");
    for (int next = version; next < migration_count; ++next) {
        TRY(connection.execute(migrations[next]));
        TRY(set_version(connection, next + 1));
    }
    return {};
}

} // namespace forge::db
