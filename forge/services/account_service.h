// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/db/user_store.h"
#include "forge/services/services.h"

#include <optional>
#include <string>

namespace forge::services {

struct NewAccount {
    std::string name;
    std::string email;
    std::optional<std::string> password; // none: a random one is made and returned
    bool is_admin = false;
};

struct CreatedAccount {
    db::UserRow user;
    std::string generated_password; // empty when the caller chose the password
};

// Creates a user. Only operators and site administrators may. Errors: invalid_argument
// (name, e-mail, password policy), conflict (name taken by a user or group, e-mail taken),
// forbidden (caller may not).
Result<CreatedAccount> create_account(Services&, const Actor&, NewAccount);

struct FirstAdministrator {
    std::string name;
    std::string password;
};

// On a database without any site administrator, creates one called "admin" (or
// "admin-2", ... when that name is taken) with a random password and returns it; the
// password is stored only as its hash. Returns none when an administrator exists.
Result<std::optional<FirstAdministrator>> ensure_first_administrator(Services&);

struct NewToken {
    std::string user;
    std::string label;
    std::string scopes = "read write";
    std::optional<int64_t> expires_at;
};

// Issues a personal access token and returns it; it cannot be shown again. Users may
// make tokens for themselves, operators and site administrators for anyone.
Result<std::string> create_token(Services&, const Actor&, const NewToken&);

} // namespace forge::services
