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

struct UserRow {
    int64_t id = 0;
    std::string name;
    std::string email;
    std::string display_name;
    std::string password_hash; // empty: the user cannot sign in with a password
    bool is_admin = false;
    bool is_blocked = false;
    std::string language;
    int64_t created_at = 0;
};

struct NewUser {
    std::string name;
    std::string email;
    std::string password_hash;
    bool is_admin = false;
};

namespace user_store {

// Fails with conflict when the name or e-mail is taken.
Result<int64_t> insert(Connection&, const NewUser&, int64_t now);
Result<std::optional<UserRow>> by_id(Connection&, int64_t id);
Result<std::optional<UserRow>> by_name(Connection&, std::string_view name);
Result<std::optional<UserRow>> by_email(Connection&, std::string_view email);
Result<int64_t> count_admins(Connection&);
Result<int64_t> count(Connection&);
Result<void> set_blocked(Connection&, int64_t id, bool blocked);
Result<void> set_admin(Connection&, int64_t id, bool admin);
Result<void> set_password_hash(Connection&, int64_t id, std::string_view hash);
// Administrators who are not blocked: those who can still administer the site.
Result<int64_t> count_active_admins(Connection&);
// Fails with conflict when the e-mail address belongs to another user.
Result<void> update_profile(Connection&, int64_t id, std::string_view display_name,
                            std::string_view email, std::string_view language);
// Users whose name, e-mail or display name contains `text` (ASCII letters in any case), by
// name; an empty text matches everyone.
Result<std::vector<UserRow>> search(Connection&, std::string_view text, int64_t offset,
                                    int64_t limit);

} // namespace user_store
} // namespace forge::db
