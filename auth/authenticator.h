// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "auth/resolver.h"
#include "auth/throttle.h"
#include "forge/common/result.h"
#include "forge/db/user_store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace forge::db {
class Database;
class Connection;
} // namespace forge::db

namespace auth {

// Scopes of a personal access token. Passwords and sessions carry all of them.
enum class Scope { read, write };

// A caller whose credentials were checked.
struct Identity {
    forge::db::UserRow user;
    bool may_write = true; // false for a read-only token

    Viewer viewer() const { return Viewer{user.id, user.is_admin, user.is_blocked}; }
};

struct SessionPolicy {
    int64_t idle_seconds = 7 * 24 * 3600;
    int64_t absolute_seconds = 30 * 24 * 3600;
};

// Checks passwords, personal access tokens and session ids. Every failure says as little
// as possible: unauthenticated "invalid credentials" for unknown users, wrong passwords,
// unknown, expired or revoked tokens and sessions alike; forbidden "account is blocked"
// only after the credentials themselves were right.
class Authenticator {
  public:
    explicit Authenticator(forge::db::Database& database, SessionPolicy policy = {},
                           ThrottlePolicy throttling = {})
        : m_database(database)
        , m_policy(policy)
        , m_throttle(database, throttling)
    {
    }

    // `login` is a user name or an e-mail address; `address` the client's, for throttling
    // (auth/throttle.h): rate_limited while this account or address must wait.
    forge::Result<Identity> with_password(std::string_view login, std::string_view password,
                                          std::string_view address = {});
    forge::Result<Identity> with_token(std::string_view token);

    // Starts a session and returns its id (shown to the client once, as a cookie).
    forge::Result<std::string> start_session(int64_t user_id);
    // Checks a session id and extends its idle expiry.
    forge::Result<Identity> with_session(std::string_view session_id);
    forge::Result<void> end_session(std::string_view session_id);

  private:
    forge::db::Database& m_database;
    SessionPolicy m_policy;
    Throttle m_throttle;
};

// Creates a personal access token and returns it; only its hash is stored.
// `scopes` is "read" or "read write"; `expires_at` none for tokens that never expire.
forge::Result<std::string> issue_token(forge::db::Connection&, int64_t user_id,
                                       std::string_view name, std::string_view scopes,
                                       std::optional<int64_t> expires_at);

} // namespace auth
