// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forge::db {

class Connection;

// A forum: a project's or a group's; exactly one of the two is set.
struct ForumKey {
    std::optional<int64_t> project_id;
    std::optional<int64_t> group_id;
};

struct CategoryRow {
    int64_t id = 0;
    std::string name;
    std::string description;
    std::string kind; // "announcements", "questions", "ideas", "general"
    int64_t position = 0;
    int64_t thread_count = 0;
};

struct DiscussionRow {
    int64_t id = 0;
    int64_t number = 0;
    int64_t category_id = 0;
    int64_t author_id = 0;
    std::string title;
    std::string body;
    bool pinned = false;
    bool locked = false;
    int64_t answer_id = 0; // the accepted reply, 0: none
    int64_t reply_count = 0;
    int64_t created_at = 0;
    int64_t updated_at = 0;
};

struct ReplyRow {
    int64_t id = 0;
    int64_t discussion_id = 0;
    int64_t author_id = 0;
    std::string body;
    int64_t created_at = 0;
    int64_t updated_at = 0;
};

struct DiscussionQuery {
    ForumKey forum;
    int64_t category_id = 0; // 0: any
    std::string text;        // words, all in the title, body or a reply
    int64_t offset = 0;
    int64_t limit = 30;
};

namespace discussion_store {

Result<std::vector<CategoryRow>> categories(Connection&, const ForumKey&); // by position
Result<int64_t> insert_category(Connection&, const ForumKey&, const CategoryRow&);
Result<void> delete_category(Connection&, int64_t id);

Result<int64_t> insert(Connection&, const ForumKey&, DiscussionRow&); // sets id and number
Result<std::optional<DiscussionRow>> by_number(Connection&, const ForumKey&, int64_t number);
// Pinned first, then by latest activity.
Result<std::vector<DiscussionRow>> list(Connection&, const DiscussionQuery&);
Result<int64_t> count(Connection&, const DiscussionQuery&);
Result<void> update_text(Connection&, int64_t id, std::string_view title, std::string_view body,
                         int64_t now);
Result<void> set_flags(Connection&, int64_t id, bool pinned, bool locked);
Result<void> set_answer(Connection&, int64_t id, int64_t reply_id); // 0 clears

Result<int64_t> insert_reply(Connection&, int64_t discussion_id, int64_t author_id,
                             std::string_view body, int64_t now);
Result<std::optional<ReplyRow>> reply(Connection&, int64_t discussion_id, int64_t id);
Result<std::vector<ReplyRow>> replies(Connection&, int64_t discussion_id); // oldest first
Result<void> update_reply(Connection&, int64_t id, std::string_view body, int64_t now);
// Also clears the answer when it was this reply.
Result<void> delete_reply(Connection&, int64_t discussion_id, int64_t id);

} // namespace discussion_store
} // namespace forge::db
