// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// E-mail as text: addresses, RFC 5322 headers, RFC 2047 encoded words, the body's
// transfer encodings and SMTP's dot-stuffing. Pure functions, no network.

#include "forge/common/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace forge::mail {

// "Name <local@domain>" or a bare "local@domain", as written in the configuration.
struct Mailbox {
    std::string display_name; // UTF-8, may be empty
    std::string address;      // ASCII local@domain, what the envelope carries
};

// Parses a mailbox. Refuses CR, LF and other control characters, non-ASCII addresses
// (no SMTPUTF8), and addresses without exactly one '@' between non-empty parts.
Result<Mailbox> parse_mailbox(std::string_view text);

struct Message {
    Mailbox from;
    std::string to;         // the recipient's address
    std::string subject;    // UTF-8, one line
    std::string body;       // UTF-8 text; line ends of any kind
    int64_t date = 0;       // Unix seconds
    std::string message_id; // without angle brackets: "random@domain"
};

enum class BodyEncoding { seven_bit, eight_bit, quoted_printable };

// The whole message as sent after DATA (before dot-stuffing): headers, a blank line and
// the body, every line ended by CRLF. Short-lined ASCII goes as 7bit; other text as 8bit
// when `allow_8bit` (the server offers 8BITMIME) and no line is longer than SMTP allows,
// as quoted-printable otherwise. Fails when a header value contains CR
// or LF or another control character, or an address is not acceptable.
Result<std::string> format_message(const Message&, bool allow_8bit);

// The encoding format_message chooses for this body.
BodyEncoding body_encoding(std::string_view body, bool allow_8bit);

// A header value as RFC 2047 encoded words (UTF-8, base64) when it is not printable ASCII,
// folded so that no line exceeds 78 characters; `name_length` is the length of "Name: ".
std::string encode_header_value(std::string_view value, size_t name_length);

// Line ends normalised to CRLF, and a final CRLF.
std::string normalise_line_ends(std::string_view text);

// RFC 2045 quoted-printable of CRLF-ended text, lines at most 76 characters.
std::string quoted_printable(std::string_view crlf_text);

// SMTP transparency (RFC 5321 4.5.2): a '.' doubled at the start of every line. The text
// has CRLF line ends and ends with CRLF; the terminating ".\r\n" is not added.
std::string dot_stuff(std::string_view crlf_text);

// RFC 5322 date-time in UTC, e.g. "Tue, 01 Jul 2025 12:00:00 +0000".
std::string format_date(int64_t unix_seconds);

// A new Message-ID (without brackets) under the domain of `address`.
std::string new_message_id(std::string_view address);

std::string base64(std::string_view bytes);

// True for text with a CR, LF or other control character (except tab), which no header
// value and no SMTP command argument may contain.
bool has_control_characters(std::string_view text);

} // namespace forge::mail
