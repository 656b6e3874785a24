// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// SMTP replies and EHLO keywords as text (RFC 5321 4.2, RFC 3207, RFC 4954, RFC 6152):
// the parsing part of the client, without a network.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forge::mail {

struct ReplyLine {
    int code = 0;
    bool last = false; // "250 " rather than "250-"
    std::string text;
};

// One line of a reply, without its CRLF: three digits, then ' ' or '-' or nothing.
std::optional<ReplyLine> parse_reply_line(std::string_view line);

struct Reply {
    int code = 0;
    std::vector<std::string> lines; // the text after each code
};

// The reply made of lines that parse_reply_line accepted.
Reply make_reply(const std::vector<std::string>& lines);

// "550 no such user", safe for the log: one line, control characters replaced, bounded.
std::string describe(const Reply&);

// At most 200 characters of `text` with control characters shown as '?'.
std::string printable(std::string_view text);

struct Capabilities {
    bool starttls = false;
    bool auth_plain = false;
    bool auth_login = false;
    bool eight_bit_mime = false;
};

// The extensions that a 250 reply to EHLO announces (its first line is the greeting).
Capabilities parse_capabilities(const Reply& ehlo);

} // namespace forge::mail
