// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/db/credential_store.h"
#include "forge/db/user_store.h"
#include "forge/services/services.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// A user's own account settings: profile, password, personal access tokens. Each
// function that changes something may be called by the user themself, by a site
// administrator and by the operator, unless it says otherwise.
namespace forge::services {

struct ProfileUpdate {
    std::string display_name; // at most 100 characters, no control characters
    std::string email;
    std::string language; // "", "de" or "en"; "" follows the browser
};

// Errors: not_found (user), forbidden (someone else's profile), invalid_argument (e-mail,
// language, display name), conflict (e-mail in use by another user).
Result<void> update_profile(Services&, const Actor&, int64_t user_id, const ProfileUpdate&);

// Replaces the user's password after checking the current one (sign-in throttling
// applies), then ends every other session of the user: all but `keep_session_id`, which
// may be empty. Only the user themself may; administrators use reset_password.
// Errors: forbidden (not the user), invalid_argument (new password too short or long),
// unauthenticated (current password wrong), rate_limited.
Result<void> change_password(Services&, const Actor&, int64_t user_id, std::string_view current,
                             std::string_view replacement, std::string_view keep_session_id);

// The user's tokens, oldest first; the secrets themselves are never stored.
Result<std::vector<db::TokenRow>> list_tokens(Services&, int64_t user_id);

// Errors: not_found (no such token of that user), forbidden (someone else's token).
Result<void> revoke_token(Services&, const Actor&, int64_t user_id, int64_t token_id);

// The user without the password hash; not_found when there is none.
Result<db::UserRow> user_by_id(Services&, int64_t user_id);

} // namespace forge::services
