// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/discussion_service.h"

#include "auth/resolver.h"
#include "forge/common/clock.h"
#include "forge/db/discussion_store.h"
#include "forge/db/group_store.h"
#include "forge/db/notification_store.h"
#include "forge/services/access_checks.h"
#include "forge/services/merge_request_records.h"
#include "forge/services/names.h"
#include "forge/services/notify.h"

#include <algorithm>

namespace forge::services {

std::string_view to_string(CategoryKind kind)
{
    switch (kind) {
    case CategoryKind::announcements:
        return "announcements";
    case CategoryKind::questions:
        return "questions";
    case CategoryKind::ideas:
        return "ideas";
    case CategoryKind::general:
        return "general";
    }
    return "general";
}

std::optional<CategoryKind> parse_category_kind(std::string_view text)
{
    for (auto kind : {CategoryKind::announcements, CategoryKind::questions, CategoryKind::ideas,
                      CategoryKind::general})
        if (to_string(kind) == text)
            return kind;
    return std::nullopt;
}

namespace {

constexpr size_t maximum_title_length = 255;
constexpr size_t maximum_body_length = 65536;

// A forum with the caller's rights there.
struct LoadedForum {
    db::ForumKey key;
    std::optional<db::ProjectRow> project;
    std::optional<db::GroupRow> group;
    std::string name; // "owner/project" or "group"
    std::string url;  // "/owner/project/discussions" or "/group/discussions"
    bool may_post = false;
    bool may_moderate = false;
};

Result<LoadedForum> load_forum(db::Connection& c, const auth::Viewer& viewer, const ForumPath& path)
{
    LoadedForum forum;
    bool active = viewer.signed_in() && !viewer.is_blocked;
    if (path.project) {
        auto access = TRY(readable_project(c, viewer, *path.project));
        forum.key.project_id = access.project.id;
        forum.name = access.project.owner.name + "/" + access.project.name;
        forum.may_moderate = active && access.level >= auth::AccessLevel::maintain;
        forum.project = std::move(access.project);
    } else {
        auto group = TRY(db::group_store::by_name(c, path.group));
        if (!group)
            return Error::not_found("no group '" + path.group + "'");
        auto role = TRY(role_in_group(c, group->id, viewer));
        forum.key.group_id = group->id;
        forum.name = group->name;
        forum.may_moderate =
            active &&
            (viewer.is_admin || (role && auth::level_of(*role) >= auth::AccessLevel::maintain));
        forum.group = std::move(*group);
    }
    forum.url = "/" + forum.name + "/discussions";
    forum.may_post = active;
    return forum;
}

Result<LoadedForum> load_forum_for_change(db::Connection& c, const Actor& actor,
                                          const ForumPath& path)
{
    TRY(require_signed_in(actor));
    auto forum = TRY(load_forum(c, actor.viewer, path));
    if (actor.is_operator)
        forum.may_moderate = true;
    return forum;
}

Result<void> require_moderator(const LoadedForum& forum)
{
    if (!forum.may_moderate)
        return Error::forbidden("only moderators of this forum may do this");
    return {};
}

Result<void> audit(db::Connection& c, const Actor& actor, const LoadedForum& forum,
                   std::string action, std::string detail)
{
    if (forum.project)
        return record_for_project(c, actor, forum.project->id, std::move(action),
                                  forum.name + "/discussions", std::move(detail));
    return record(c, actor, std::move(action), forum.name + "/discussions", std::move(detail));
}

Result<void> validate_post(const std::string& title, const std::string& body, bool needs_title)
{
    if (needs_title) {
        if (title.find_first_not_of(" \t") == std::string::npos)
            return Error::invalid_argument("the title must not be empty");
        TRY(validate_text("title", title, maximum_title_length, TextKind::line));
    }
    if (!needs_title && body.find_first_not_of(" \t\r\n") == std::string::npos)
        return Error::invalid_argument("the reply must not be empty");
    return validate_text("text", body, maximum_body_length, TextKind::paragraphs);
}

Category to_category(const db::CategoryRow& row)
{
    return Category{row.id, row.name, row.description,
                    parse_category_kind(row.kind).value_or(CategoryKind::general),
                    row.thread_count};
}

// The three categories every forum starts with, made on first use.
Result<std::vector<db::CategoryRow>> categories_of(db::Connection& c, const db::ForumKey& key)
{
    auto rows = TRY(db::discussion_store::categories(c, key));
    if (!rows.empty())
        return rows;
    int64_t position = 0;
    for (auto [name, description, kind] :
         {std::tuple{"Announcements", "News from the maintainers", "announcements"},
          std::tuple{"Questions", "Ask the community for help", "questions"},
          std::tuple{"Ideas", "Suggestions and plans", "ideas"}}) {
        db::CategoryRow row{0, name, description, kind, ++position, 0};
        TRY(db::discussion_store::insert_category(c, key, row));
    }
    return db::discussion_store::categories(c, key);
}

Result<std::vector<db::CategoryRow>>
ensure_categories(Services& services, const auth::Viewer& viewer, const ForumPath& path)
{
    auto existing = TRY(
        services.database().read([&](db::Connection& c) -> Result<std::vector<db::CategoryRow>> {
            auto forum = TRY(load_forum(c, viewer, path));
            return db::discussion_store::categories(c, forum.key);
        }));
    if (!existing.empty())
        return existing;
    return services.database().write(
        [&](db::Connection& c) -> Result<std::vector<db::CategoryRow>> {
            auto forum = TRY(load_forum(c, viewer, path));
            return categories_of(c, forum.key);
        });
}

Result<Discussion> to_discussion(db::Connection& c, const db::DiscussionRow& row,
                                 const std::vector<db::CategoryRow>& categories)
{
    Discussion discussion;
    discussion.id = row.id;
    discussion.number = row.number;
    discussion.title = row.title;
    discussion.body = row.body;
    discussion.author = TRY(person(c, row.author_id));
    auto category = std::find_if(categories.begin(), categories.end(),
                                 [&](const db::CategoryRow& k) { return k.id == row.category_id; });
    if (category != categories.end())
        discussion.category = to_category(*category);
    discussion.pinned = row.pinned;
    discussion.locked = row.locked;
    discussion.answer_id = row.answer_id;
    discussion.reply_count = row.reply_count;
    discussion.created_at = row.created_at;
    discussion.updated_at = row.updated_at;
    return discussion;
}

struct LoadedDiscussion {
    LoadedForum forum;
    db::DiscussionRow row;
    std::vector<db::CategoryRow> categories;
};

Result<LoadedDiscussion> load_discussion(db::Connection& c, LoadedForum forum, int64_t number)
{
    auto row = TRY(db::discussion_store::by_number(c, forum.key, number));
    if (!row)
        return Error::not_found("no discussion " + std::to_string(number) + " in '" + forum.name +
                                "'");
    auto categories = TRY(db::discussion_store::categories(c, forum.key));
    return LoadedDiscussion{std::move(forum), std::move(*row), std::move(categories)};
}

bool is_question(const LoadedDiscussion& loaded)
{
    for (const auto& category : loaded.categories)
        if (category.id == loaded.row.category_id)
            return category.kind == "questions";
    return false;
}

std::string subject_of(int64_t discussion_id)
{
    return "discussion:" + std::to_string(discussion_id);
}

// Who may read the forum, for notifications.
std::function<Result<bool>(int64_t)> forum_readers(db::Connection& c, const LoadedForum& forum)
{
    return [&c, &forum](int64_t user_id) -> Result<bool> {
        if (!forum.project)
            return true;
        auto viewer = TRY(viewer_of(c, user_id));
        return TRY(auth::Resolver::access(c, viewer, *forum.project)) != auth::AccessLevel::none;
    };
}

Notice notice_of(const LoadedDiscussion& loaded, std::string reason, std::string text)
{
    return Notice{std::move(reason), loaded.forum.name + " " + std::to_string(loaded.row.number),
                  loaded.row.title, loaded.forum.url + "/" + std::to_string(loaded.row.number),
                  std::move(text)};
}

Result<void> notify_reply(Services& services, db::Connection& c, const Actor& actor,
                          const LoadedDiscussion& loaded, const std::string& body)
{
    std::vector<int64_t> users{loaded.row.author_id};
    auto replies = TRY(db::discussion_store::replies(c, loaded.row.id));
    for (const auto& reply : replies)
        users.push_back(reply.author_id);
    auto watchers = TRY(db::notification_store::watchers(c, subject_of(loaded.row.id), true));
    users.insert(users.end(), watchers.begin(), watchers.end());
    if (loaded.forum.project) {
        auto project_watchers = TRY(
            db::notification_store::watchers(c, project_subject(loaded.forum.project->id), true));
        users.insert(users.end(), project_watchers.begin(), project_watchers.end());
    }
    auto mentioned = TRY(mentioned_users(c, body));
    auto readers = forum_readers(c, loaded.forum);
    TRY(deliver(services, c, actor, mentioned,
                notice_of(loaded, "mention", actor.name + " mentioned you in a discussion"),
                readers));
    std::erase_if(users, [&](int64_t id) {
        return std::find(mentioned.begin(), mentioned.end(), id) != mentioned.end();
    });
    return deliver(
        services, c, actor, users,
        notice_of(loaded, "comment", actor.name + " replied:\r\n\r\n" + body.substr(0, 400)),
        readers);
}

} // namespace

Result<Forum> open_forum(Services& services, const auth::Viewer& viewer, const ForumPath& path)
{
    auto rows = TRY(ensure_categories(services, viewer, path));
    return services.database().read([&](db::Connection& c) -> Result<Forum> {
        auto forum = TRY(load_forum(c, viewer, path));
        Forum result;
        for (const auto& row : rows)
            result.categories.push_back(to_category(row));
        result.may_post = forum.may_post;
        result.may_moderate = forum.may_moderate;
        return result;
    });
}

Result<Category> add_category(Services& services, const Actor& actor, const ForumPath& path,
                              const std::string& name, const std::string& description,
                              CategoryKind kind)
{
    if (name.find_first_not_of(" \t") == std::string::npos)
        return Error::invalid_argument("the category needs a name");
    TRY(validate_text("category name", name, 50, TextKind::line));
    TRY(validate_text("category description", description, 200, TextKind::line));
    TRY(ensure_categories(services, actor.viewer, path));
    return services.database().write([&](db::Connection& c) -> Result<Category> {
        auto forum = TRY(load_forum_for_change(c, actor, path));
        TRY(require_moderator(forum));
        auto rows = TRY(db::discussion_store::categories(c, forum.key));
        db::CategoryRow row{0,
                            name,
                            description,
                            std::string(to_string(kind)),
                            static_cast<int64_t>(rows.size()) + 1,
                            0};
        auto inserted = db::discussion_store::insert_category(c, forum.key, row);
        if (inserted.is_error() && inserted.error().code == ErrorCode::conflict)
            return Error::conflict("the category '" + name + "' exists already");
        row.id = TRY(std::move(inserted));
        TRY(audit(c, actor, forum, "discussion.category", name));
        return to_category(row);
    });
}

Result<DiscussionList> list_discussions(Services& services, const auth::Viewer& viewer,
                                        const ForumPath& path, const DiscussionFilter& filter)
{
    auto categories = TRY(ensure_categories(services, viewer, path));
    return services.database().read([&](db::Connection& c) -> Result<DiscussionList> {
        auto forum = TRY(load_forum(c, viewer, path));
        db::DiscussionQuery query;
        query.forum = forum.key;
        query.category_id = filter.category_id;
        query.text = filter.text;
        query.offset = std::max<int64_t>(0, filter.offset);
        query.limit = std::clamp<int64_t>(filter.limit, 1, 100);
        DiscussionList list;
        list.total = TRY(db::discussion_store::count(c, query));
        auto rows = TRY(db::discussion_store::list(c, query));
        for (const auto& row : rows) {
            auto discussion = TRY(to_discussion(c, row, categories));
            list.items.push_back(std::move(discussion));
        }
        return list;
    });
}

Result<Discussion> start_discussion(Services& services, const Actor& actor, const ForumPath& path,
                                    const NewDiscussion& request)
{
    TRY(validate_post(request.title, request.body, true));
    TRY(require_signed_in(actor));
    TRY(ensure_categories(services, actor.viewer, path));
    return services.database().write([&](db::Connection& c) -> Result<Discussion> {
        auto forum = TRY(load_forum_for_change(c, actor, path));
        auto categories = TRY(db::discussion_store::categories(c, forum.key));
        auto category = std::find_if(categories.begin(), categories.end(),
                                     [&](const auto& k) { return k.id == request.category_id; });
        if (category == categories.end())
            return Error::invalid_argument("choose a category of this forum");
        if (category->kind == "announcements" && !forum.may_moderate)
            return Error::forbidden("only moderators start threads in " + category->name);
        db::DiscussionRow row;
        row.category_id = category->id;
        row.author_id = *actor.viewer.user_id;
        row.title = request.title;
        row.body = request.body;
        row.created_at = unix_now();
        TRY(db::discussion_store::insert(c, forum.key, row));
        LoadedDiscussion loaded{forum, row, categories};
        std::vector<int64_t> watchers;
        if (forum.project)
            watchers =
                TRY(db::notification_store::watchers(c, project_subject(forum.project->id), true));
        auto readers = forum_readers(c, forum);
        auto mentioned = TRY(mentioned_users(c, request.body));
        TRY(deliver(services, c, actor, mentioned,
                    notice_of(loaded, "mention", actor.name + " mentioned you in a discussion"),
                    readers));
        TRY(deliver(services, c, actor, watchers,
                    notice_of(loaded, "opened", actor.name + " started a discussion"), readers));
        TRY(audit(c, actor, forum, "discussion.start", std::to_string(row.number)));
        return to_discussion(c, row, categories);
    });
}

Result<DiscussionView> get_discussion(Services& services, const auth::Viewer& viewer,
                                      const ForumPath& path, int64_t number)
{
    return services.database().read([&](db::Connection& c) -> Result<DiscussionView> {
        auto forum = TRY(load_forum(c, viewer, path));
        auto loaded = TRY(load_discussion(c, std::move(forum), number));
        DiscussionView view;
        view.discussion = TRY(to_discussion(c, loaded.row, loaded.categories));
        bool moderator = loaded.forum.may_moderate;
        bool author = viewer.signed_in() && *viewer.user_id == loaded.row.author_id;
        view.may_moderate = moderator;
        view.may_reply = loaded.forum.may_post && (!loaded.row.locked || moderator);
        view.may_edit = loaded.forum.may_post && (author || moderator);
        view.may_accept = loaded.forum.may_post && is_question(loaded) && (author || moderator);
        auto replies = TRY(db::discussion_store::replies(c, loaded.row.id));
        for (const auto& row : replies) {
            DiscussionReply reply;
            reply.id = row.id;
            reply.author = TRY(person(c, row.author_id));
            reply.body = row.body;
            reply.created_at = row.created_at;
            reply.updated_at = row.updated_at;
            reply.accepted = row.id == loaded.row.answer_id;
            reply.may_change =
                loaded.forum.may_post &&
                (moderator || (viewer.signed_in() && *viewer.user_id == row.author_id));
            view.replies.push_back(std::move(reply));
        }
        return view;
    });
}

Result<DiscussionReply> reply_to_discussion(Services& services, const Actor& actor,
                                            const ForumPath& path, int64_t number,
                                            const std::string& body)
{
    TRY(validate_post("", body, false));
    return services.database().write([&](db::Connection& c) -> Result<DiscussionReply> {
        auto forum = TRY(load_forum_for_change(c, actor, path));
        auto loaded = TRY(load_discussion(c, std::move(forum), number));
        if (loaded.row.locked && !loaded.forum.may_moderate)
            return Error::forbidden("the discussion is locked");
        int64_t now = unix_now();
        int64_t id = TRY(
            db::discussion_store::insert_reply(c, loaded.row.id, *actor.viewer.user_id, body, now));
        TRY(notify_reply(services, c, actor, loaded, body));
        TRY(audit(c, actor, loaded.forum, "discussion.reply",
                  std::to_string(number) + " " + std::to_string(id)));
        auto author = TRY(person(c, *actor.viewer.user_id));
        return DiscussionReply{id, std::move(author), body, now, now, false, true};
    });
}

namespace {

Result<LoadedDiscussion> load_own_reply(db::Connection& c, const Actor& actor,
                                        const ForumPath& path, int64_t number, int64_t reply_id)
{
    auto forum = TRY(load_forum_for_change(c, actor, path));
    auto loaded = TRY(load_discussion(c, std::move(forum), number));
    auto reply = TRY(db::discussion_store::reply(c, loaded.row.id, reply_id));
    if (!reply)
        return Error::not_found("no reply " + std::to_string(reply_id));
    if (reply->author_id != *actor.viewer.user_id && !loaded.forum.may_moderate)
        return Error::forbidden("only its author and moderators may change a reply");
    return loaded;
}

} // namespace

Result<void> edit_reply(Services& services, const Actor& actor, const ForumPath& path,
                        int64_t number, int64_t reply_id, const std::string& body)
{
    TRY(validate_post("", body, false));
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto loaded = TRY(load_own_reply(c, actor, path, number, reply_id));
        TRY(db::discussion_store::update_reply(c, reply_id, body, unix_now()));
        return audit(c, actor, loaded.forum, "discussion.reply.edit", std::to_string(reply_id));
    });
}

Result<void> delete_reply(Services& services, const Actor& actor, const ForumPath& path,
                          int64_t number, int64_t reply_id)
{
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto loaded = TRY(load_own_reply(c, actor, path, number, reply_id));
        TRY(db::discussion_store::delete_reply(c, loaded.row.id, reply_id));
        return audit(c, actor, loaded.forum, "discussion.reply.delete", std::to_string(reply_id));
    });
}

Result<void> edit_discussion(Services& services, const Actor& actor, const ForumPath& path,
                             int64_t number, const std::string& title, const std::string& body)
{
    TRY(validate_post(title, body, true));
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto forum = TRY(load_forum_for_change(c, actor, path));
        auto loaded = TRY(load_discussion(c, std::move(forum), number));
        if (loaded.row.author_id != *actor.viewer.user_id && !loaded.forum.may_moderate)
            return Error::forbidden("only its author and moderators may edit a discussion");
        TRY(db::discussion_store::update_text(c, loaded.row.id, title, body, unix_now()));
        return audit(c, actor, loaded.forum, "discussion.edit", std::to_string(number));
    });
}

Result<void> accept_answer(Services& services, const Actor& actor, const ForumPath& path,
                           int64_t number, int64_t reply_id)
{
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto forum = TRY(load_forum_for_change(c, actor, path));
        auto loaded = TRY(load_discussion(c, std::move(forum), number));
        if (!is_question(loaded))
            return Error::invalid_argument("only questions have accepted answers");
        if (loaded.row.author_id != *actor.viewer.user_id && !loaded.forum.may_moderate)
            return Error::forbidden("only the asker and moderators may accept an answer");
        if (reply_id != 0) {
            auto reply = TRY(db::discussion_store::reply(c, loaded.row.id, reply_id));
            if (!reply)
                return Error::not_found("no reply " + std::to_string(reply_id));
            TRY(deliver(
                services, c, actor, {reply->author_id},
                notice_of(loaded, "answer", actor.name + " accepted your reply as the answer"),
                forum_readers(c, loaded.forum)));
        }
        TRY(db::discussion_store::set_answer(c, loaded.row.id, reply_id));
        return audit(c, actor, loaded.forum, "discussion.answer",
                     std::to_string(number) + " " + std::to_string(reply_id));
    });
}

Result<void> set_discussion_flags(Services& services, const Actor& actor, const ForumPath& path,
                                  int64_t number, std::optional<bool> pinned,
                                  std::optional<bool> locked)
{
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto forum = TRY(load_forum_for_change(c, actor, path));
        TRY(require_moderator(forum));
        auto loaded = TRY(load_discussion(c, std::move(forum), number));
        bool pin = pinned.value_or(loaded.row.pinned), lock = locked.value_or(loaded.row.locked);
        TRY(db::discussion_store::set_flags(c, loaded.row.id, pin, lock));
        return audit(c, actor, loaded.forum, "discussion.flags",
                     std::to_string(number) + (pin ? " pinned" : "") + (lock ? " locked" : ""));
    });
}

} // namespace forge::services
