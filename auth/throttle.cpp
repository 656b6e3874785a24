// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "auth/throttle.h"

#include "forge/common/clock.h"
#include "forge/db/database.h"
#include "forge/db/sign_in_failure_store.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace auth {

namespace db = forge::db;

namespace {

std::string account_key(std::string_view login)
{
    std::string key(login);
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return key;
}

} // namespace

int64_t throttle_wait(int64_t failures, int64_t latest, int64_t now, const ThrottlePolicy& policy)
{
    if (failures < policy.free_failures)
        return 0;
    int64_t doublings = std::min<int64_t>(failures - policy.free_failures, 30);
    int64_t delay = std::min<int64_t>(int64_t{1} << doublings, policy.max_delay_seconds);
    return std::max<int64_t>(0, latest + delay - now);
}

forge::Result<void> Throttle::check(std::string_view account, std::string_view address)
{
    int64_t now = forge::unix_now();
    int64_t since = now - m_policy.window_seconds;
    std::string key = account_key(account);
    int64_t wait = TRY(m_database.read([&](db::Connection& c) -> forge::Result<int64_t> {
        auto by_account = TRY(db::sign_in_failure_store::for_account(c, key, since));
        int64_t longest = throttle_wait(by_account.count, by_account.latest, now, m_policy);
        if (!address.empty()) {
            auto by_address = TRY(db::sign_in_failure_store::for_address(c, address, since));
            longest = std::max(longest,
                               throttle_wait(by_address.count, by_address.latest, now, m_policy));
        }
        return longest;
    }));
    if (wait > 0)
        return forge::Error::rate_limited("too many failed sign-ins; try again in " +
                                          std::to_string(wait) + " seconds");
    return {};
}

forge::Result<void> Throttle::record_failure(std::string_view account, std::string_view address)
{
    int64_t now = forge::unix_now();
    std::string key = account_key(account);
    return m_database.write([&](db::Connection& c) -> forge::Result<void> {
        TRY(db::sign_in_failure_store::prune(c, now - m_policy.window_seconds));
        return db::sign_in_failure_store::record(c, key, address, now);
    });
}

forge::Result<void> Throttle::record_success(std::string_view account)
{
    std::string key = account_key(account);
    return m_database.write(
        [&](db::Connection& c) { return db::sign_in_failure_store::clear_account(c, key); });
}

} // namespace auth
