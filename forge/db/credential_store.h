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

// Personal access tokens and sign-in sessions: both are bearer secrets of which only the
// SHA-256 (hex) is stored, so a copy of the database grants nothing.
struct TokenRow {
    int64_t id = 0;
    int64_t user_id = 0;
    std::string name;
    std::string scopes; // space-separated
    int64_t created_at = 0;
    std::optional<int64_t> expires_at;
    std::optional<int64_t> last_used_at;
};

struct SessionRow {
    int64_t id = 0;
    int64_t user_id = 0;
    int64_t created_at = 0;
    int64_t last_seen_at = 0;
    int64_t expires_at = 0;
};

namespace token_store {

Result<int64_t> insert(Connection&, int64_t user_id, std::string_view name, std::string_view hash,
                       std::string_view scopes, int64_t now, std::optional<int64_t> expires_at);
Result<std::optional<TokenRow>> by_hash(Connection&, std::string_view hash);
Result<std::vector<TokenRow>> for_user(Connection&, int64_t user_id);
Result<void> touch(Connection&, int64_t id, int64_t now);
// Removes the token only when it belongs to `user_id`; false when there was none.
Result<bool> remove(Connection&, int64_t id, int64_t user_id);

} // namespace token_store

namespace session_store {

Result<int64_t> insert(Connection&, int64_t user_id, std::string_view hash, int64_t now,
                       int64_t expires_at);
Result<std::optional<SessionRow>> by_hash(Connection&, std::string_view hash);
Result<void> touch(Connection&, int64_t id, int64_t now);
Result<void> remove(Connection&, int64_t id);
Result<void> remove_expired(Connection&, int64_t now);
// Ends every session of the user except the one whose hash is `keep_hash` (none when
// empty); returns how many ended.
Result<int64_t> remove_for_user(Connection&, int64_t user_id, std::string_view keep_hash = {});
Result<std::vector<SessionRow>> for_user(Connection&, int64_t user_id);

} // namespace session_store
} // namespace forge::db
