// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/credentials.h"

#include "forge/services/services.h"

namespace forge::http {

namespace {

int base64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

std::optional<std::string> decode_base64(std::string_view text)
{
    while (!text.empty() && text.back() == '=')
        text.remove_suffix(1);
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        int value = base64_value(c);
        if (value < 0)
            return std::nullopt;
        buffer = (buffer << 6) | static_cast<uint32_t>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xff));
        }
    }
    return out;
}

// Tokens are 43 characters of base64url: try them first, as the check is a cheap hash
// lookup where a password costs an Argon2 verification.
bool looks_like_token(std::string_view secret)
{
    return secret.size() == 43 &&
           secret.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
                                    "klmnopqrstuvwxyz0123456789-_") == std::string_view::npos;
}

} // namespace

std::optional<BasicCredentials> parse_basic_authorization(std::string_view header)
{
    constexpr std::string_view scheme = "basic ";
    if (header.size() <= scheme.size())
        return std::nullopt;
    for (size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(header[i])) != scheme[i])
            return std::nullopt;
    }
    auto decoded = decode_base64(header.substr(scheme.size()));
    if (!decoded)
        return std::nullopt;
    auto colon = decoded->find(':');
    if (colon == std::string::npos)
        return std::nullopt;
    return BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

Result<Caller> authenticate_basic(services::Services& services, const Request& request)
{
    auto header = request.header("authorization");
    if (!header)
        return Caller{};
    auto credentials = parse_basic_authorization(*header);
    if (!credentials)
        return Error::unauthenticated("invalid credentials");
    auto& authenticator = services.authenticator();
    if (looks_like_token(credentials->password)) {
        auto identity = authenticator.with_token(credentials->password);
        if (!identity.is_error())
            return Caller{identity->viewer(), identity->user.name, identity->may_write};
        if (identity.error().code == ErrorCode::forbidden)
            return identity.release_error();
    }
    auto identity = TRY(authenticator.with_password(credentials->user, credentials->password,
                                                    request.remote_address));
    return Caller{identity.viewer(), identity.user.name, identity.may_write};
}

Response challenge(std::string message)
{
    auto response = Response::text(401, std::move(message) + "\n");
    response.set_header("WWW-Authenticate", "Basic realm=\"Forge\", charset=\"UTF-8\"");
    return response;
}

} // namespace forge::http
