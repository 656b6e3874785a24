// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstdint>
#include <string_view>

namespace forge::db {
class Database;
}

namespace auth {

// DESIGN.md section 8 (BSI APP.3.1): after five failed sign-ins within 15 minutes, per
// account and per client address, each further attempt must wait, the wait doubling with
// every failure up to 15 minutes. Slowed down, never locked for good.
struct ThrottlePolicy {
    int64_t free_failures = 5;
    int64_t window_seconds = 15 * 60;
    int64_t max_delay_seconds = 15 * 60;
};

// Seconds to wait after `failures` recent failures, the latest at `latest`; 0: go ahead.
int64_t throttle_wait(int64_t failures, int64_t latest, int64_t now, const ThrottlePolicy&);

// Sign-in throttling over the database, so that every forge process sees the same counts.
class Throttle {
  public:
    explicit Throttle(forge::db::Database& database, ThrottlePolicy policy = {})
        : m_database(database)
        , m_policy(policy)
    {
    }

    // rate_limited ("too many failed sign-ins; try again in N seconds") while the account
    // or the address must wait. An empty address is not counted on its own.
    forge::Result<void> check(std::string_view account, std::string_view address);
    forge::Result<void> record_failure(std::string_view account, std::string_view address);
    forge::Result<void> record_success(std::string_view account);

  private:
    forge::db::Database& m_database;
    ThrottlePolicy m_policy;
};

} // namespace auth
