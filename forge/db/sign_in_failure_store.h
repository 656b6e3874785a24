// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstdint>
#include <string_view>

namespace forge::db {

class Connection;

// Failed sign-ins per account (the login as typed, lower-case) and client address.
namespace sign_in_failure_store {

Result<void> record(Connection&, std::string_view account, std::string_view address, int64_t now);

struct Recent {
    int64_t count = 0;  // failures since the given time
    int64_t latest = 0; // time of the latest of them, 0 when none
};
Result<Recent> for_account(Connection&, std::string_view account, int64_t since);
Result<Recent> for_address(Connection&, std::string_view address, int64_t since);

// Forgets the account's failures (after a successful sign-in) and all older than `before`.
Result<void> clear_account(Connection&, std::string_view account);
Result<void> prune(Connection&, int64_t before);

} // namespace sign_in_failure_store
} // namespace forge::db
