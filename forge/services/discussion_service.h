// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/services/person.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"

#include <optional>
#include <string>
#include <vector>

// Discussions: the forum of every project and every group. A project's forum is as
// visible as the project; a group's forum as the group (to everyone). Signed-in readers
// start threads and reply, except in announcement categories, where only moderators
// start threads. Moderators (maintain+ on the project, owners and maintainers of the
// group, site administrators) pin, lock, add categories and edit or delete any post; a
// question's author or a moderator marks its accepted answer.
namespace forge::services {

// Where a forum is: a project (group empty) or a group.
struct ForumPath {
    std::optional<ProjectPath> project;
    std::string group;

    static ForumPath of_project(ProjectPath path) { return {std::move(path), {}}; }
    static ForumPath of_group(std::string name) { return {std::nullopt, std::move(name)}; }
    std::string to_string() const { return project ? project->to_string() : group; }
};

enum class CategoryKind { announcements, questions, ideas, general };
std::string_view to_string(CategoryKind);
std::optional<CategoryKind> parse_category_kind(std::string_view);

struct Category {
    int64_t id = 0;
    std::string name;
    std::string description;
    CategoryKind kind = CategoryKind::general;
    int64_t thread_count = 0;
};

struct Discussion {
    int64_t id = 0;
    int64_t number = 0;
    std::string title;
    std::string body; // Markdown
    Person author;
    Category category;
    bool pinned = false;
    bool locked = false;
    int64_t answer_id = 0; // the accepted reply of a question, 0: none
    int64_t reply_count = 0;
    int64_t created_at = 0;
    int64_t updated_at = 0; // the latest activity
};

struct DiscussionReply {
    int64_t id = 0;
    Person author;
    std::string body; // Markdown
    int64_t created_at = 0;
    int64_t updated_at = 0;
    bool accepted = false;
    bool may_change = false; // the viewer wrote it or moderates
};

struct Forum {
    std::vector<Category> categories; // by position; the defaults are made on first use
    bool may_post = false;            // start threads (outside announcements) and reply
    bool may_moderate = false;
};

// The forum's categories and what the viewer may do there. not_found when the project
// or group does not exist or the viewer may not read the project.
Result<Forum> open_forum(Services&, const auth::Viewer&, const ForumPath&);

// Moderators only; conflict for a name taken.
Result<Category> add_category(Services&, const Actor&, const ForumPath&, const std::string& name,
                              const std::string& description, CategoryKind);

struct DiscussionFilter {
    int64_t category_id = 0; // 0: any
    std::string text;        // words, all in the title, the opening post or a reply
    int64_t offset = 0;
    int64_t limit = 30;
};

struct DiscussionList {
    std::vector<Discussion> items; // pinned first, then by latest activity
    int64_t total = 0;
};

Result<DiscussionList> list_discussions(Services&, const auth::Viewer&, const ForumPath&,
                                        const DiscussionFilter&);

struct NewDiscussion {
    int64_t category_id = 0;
    std::string title;
    std::string body;
};

Result<Discussion> start_discussion(Services&, const Actor&, const ForumPath&,
                                    const NewDiscussion&);

struct DiscussionView {
    Discussion discussion;
    std::vector<DiscussionReply> replies; // oldest first
    bool may_reply = false;               // signed in, and unlocked or a moderator
    bool may_edit = false;                // the opening post: its author or a moderator
    bool may_moderate = false;
    bool may_accept = false; // a question's author or a moderator
};

Result<DiscussionView> get_discussion(Services&, const auth::Viewer&, const ForumPath&,
                                      int64_t number);

Result<DiscussionReply> reply_to_discussion(Services&, const Actor&, const ForumPath&,
                                            int64_t number, const std::string& body);
Result<void> edit_reply(Services&, const Actor&, const ForumPath&, int64_t number, int64_t reply_id,
                        const std::string& body);
Result<void> delete_reply(Services&, const Actor&, const ForumPath&, int64_t number,
                          int64_t reply_id);
Result<void> edit_discussion(Services&, const Actor&, const ForumPath&, int64_t number,
                             const std::string& title, const std::string& body);
// Questions only; reply_id 0 takes the mark back. The reply's author is notified.
Result<void> accept_answer(Services&, const Actor&, const ForumPath&, int64_t number,
                           int64_t reply_id);
// Moderators only.
Result<void> set_discussion_flags(Services&, const Actor&, const ForumPath&, int64_t number,
                                  std::optional<bool> pinned, std::optional<bool> locked);

} // namespace forge::services
