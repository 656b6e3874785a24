// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "auth/resolver.h"
#include "forge/common/result.h"
#include "forge/http/message.h"

#include <optional>
#include <string>

namespace forge::services {
class Services;
}

namespace forge::http {

struct BasicCredentials {
    std::string user;
    std::string password;
};

// The user and password of an "Authorization: Basic ..." header; none when the header is
// missing, of another scheme, or not valid base64 with a ':'.
std::optional<BasicCredentials> parse_basic_authorization(std::string_view header);

// A caller whose credentials were checked (or who gave none).
struct Caller {
    auth::Viewer viewer;
    std::string name;      // empty for anonymous callers
    bool may_write = true; // false for read-only tokens
};

// Who is calling: anonymous without credentials; the user of a personal access token
// (given as the password, with any user name) or of a user name and password.
// unauthenticated when credentials were given but are wrong; forbidden for a blocked user.
Result<Caller> authenticate_basic(services::Services&, const Request&);

// A 401 that makes git (and browsers) ask for credentials.
Response challenge(std::string message);

} // namespace forge::http
