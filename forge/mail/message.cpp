// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/mail/message.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>

namespace forge::mail {

namespace {

// SMTP's limit for a line without its CRLF (RFC 5321 4.5.3.1.6).
constexpr size_t max_line = 998;
// What a header line should not exceed (RFC 5322 2.1.1).
constexpr size_t folded_line = 78;

bool is_ascii(std::string_view text)
{
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    }
    return true;
}

bool lines_fit(std::string_view crlf_text)
{
    size_t start = 0;
    while (start < crlf_text.size()) {
        size_t end = crlf_text.find("\r\n", start);
        if (end == std::string_view::npos)
            end = crlf_text.size();
        if (end - start > max_line)
            return false;
        start = end + 2;
    }
    return true;
}

// One UTF-8 sequence starting at `i` (a stray continuation byte counts alone).
size_t sequence_length(std::string_view text, size_t i)
{
    size_t n = 1;
    while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80)
        ++n;
    return n;
}

std::string encoded_words(std::string_view value, size_t name_length)
{
    // "=?UTF-8?B?" and "?=" take 12 characters; base64 turns 3 bytes into 4.
    std::string out;
    size_t prefix = name_length;
    size_t i = 0;
    while (i < value.size()) {
        size_t room = folded_line > prefix + 12 ? folded_line - prefix - 12 : 4;
        size_t max_bytes = std::max<size_t>(room / 4 * 3, 3);
        size_t end = i;
        while (end < value.size()) {
            size_t n = sequence_length(value, end);
            if (end + n - i > max_bytes && end > i)
                break;
            end += n;
        }
        if (!out.empty())
            out += "\r\n ";
        out += "=?UTF-8?B?" + base64(value.substr(i, end - i)) + "?=";
        i = end;
        prefix = 1;
    }
    return out;
}

std::string folded_ascii(std::string_view value, size_t name_length)
{
    std::string out;
    size_t line = name_length;
    size_t start = 0;
    while (start <= value.size()) {
        size_t space = value.find(' ', start + 1);
        if (space == std::string_view::npos)
            space = value.size();
        std::string_view word = value.substr(start, space - start); // with its leading space
        if (line + word.size() > folded_line && !out.empty() && word.size() > 1 &&
            word.front() == ' ') {
            out += "\r\n";
            line = 0;
        }
        out += word;
        line += word.size();
        if (space == value.size())
            break;
        start = space;
    }
    return out;
}

bool is_atext_or_space(char c)
{
    if (std::isalnum(static_cast<unsigned char>(c)))
        return true;
    return std::string_view(" !#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

std::string display_name(std::string_view name, size_t name_length)
{
    if (!is_ascii(name) || name.find("=?") != std::string_view::npos)
        return encoded_words(name, name_length);
    bool plain = true;
    for (char c : name)
        plain = plain && is_atext_or_space(c);
    if (plain)
        return std::string(name);
    std::string quoted = "\"";
    for (char c : name) {
        if (c == '"' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    return quoted + "\"";
}

bool valid_address(std::string_view address)
{
    if (address.empty() || !is_ascii(address) || has_control_characters(address))
        return false;
    if (address.find_first_of(" <>()[],;:\"\\") != std::string_view::npos)
        return false;
    size_t at = address.find('@');
    return at != std::string_view::npos && at > 0 && at + 1 < address.size() &&
           address.find('@', at + 1) == std::string_view::npos;
}

std::string two_digits(int value)
{
    return std::string{static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
}

} // namespace

bool has_control_characters(std::string_view text)
{
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && byte != '\t') || byte == 0x7F)
            return true;
    }
    return false;
}

Result<Mailbox> parse_mailbox(std::string_view text)
{
    if (has_control_characters(text))
        return Error::invalid_argument("mail address contains a line break or control character");
    Mailbox mailbox;
    size_t open = text.rfind('<');
    if (open != std::string_view::npos) {
        if (text.empty() || text.back() != '>')
            return Error::invalid_argument("mail address has '<' without a closing '>'");
        mailbox.address = std::string(text.substr(open + 1, text.size() - open - 2));
        std::string_view name = text.substr(0, open);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
            name.remove_suffix(1);
        while (!name.empty() && (name.front() == ' ' || name.front() == '\t'))
            name.remove_prefix(1);
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
            name = name.substr(1, name.size() - 2);
        mailbox.display_name = std::string(name);
    } else {
        mailbox.address = std::string(text);
    }
    if (!valid_address(mailbox.address))
        return Error::invalid_argument("not a mail address: " + mailbox.address);
    return mailbox;
}

std::string base64(std::string_view bytes)
{
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        uint32_t n = (static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                     (static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                     static_cast<unsigned char>(bytes[i + 2]);
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        out += alphabet[(n >> 6) & 63];
        out += alphabet[n & 63];
    }
    if (i < bytes.size()) {
        uint32_t n = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
        if (i + 1 < bytes.size())
            n |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        out += i + 1 < bytes.size() ? alphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string encode_header_value(std::string_view value, size_t name_length)
{
    if (!is_ascii(value) || value.find("=?") != std::string_view::npos)
        return encoded_words(value, name_length);
    return folded_ascii(value, name_length);
}

std::string normalise_line_ends(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 32 + 2);
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0)
        out += "\r\n";
    return out;
}

std::string quoted_printable(std::string_view crlf_text)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    size_t start = 0;
    while (start < crlf_text.size()) {
        size_t end = crlf_text.find("\r\n", start);
        if (end == std::string_view::npos)
            end = crlf_text.size();
        size_t column = 0;
        for (size_t i = start; i < end; ++i) {
            auto byte = static_cast<unsigned char>(crlf_text[i]);
            bool last = i + 1 == end;
            std::string piece;
            if ((byte >= 33 && byte <= 126 && byte != '=') ||
                ((byte == ' ' || byte == '\t') && !last))
                piece = static_cast<char>(byte);
            else
                piece = {'=', hex[byte >> 4], hex[byte & 15]};
            // Leave room for the '=' of a soft line break.
            if (column + piece.size() > 75) {
                out += "=\r\n";
                column = 0;
            }
            out += piece;
            column += piece.size();
        }
        out += "\r\n";
        start = end + 2;
    }
    return out;
}

BodyEncoding body_encoding(std::string_view body, bool allow_8bit)
{
    std::string text = normalise_line_ends(body);
    if (!lines_fit(text))
        return BodyEncoding::quoted_printable;
    if (is_ascii(text))
        return BodyEncoding::seven_bit;
    return allow_8bit ? BodyEncoding::eight_bit : BodyEncoding::quoted_printable;
}

std::string dot_stuff(std::string_view crlf_text)
{
    std::string out;
    out.reserve(crlf_text.size() + 16);
    bool line_start = true;
    for (size_t i = 0; i < crlf_text.size(); ++i) {
        char c = crlf_text[i];
        if (line_start && c == '.')
            out += '.';
        out += c;
        line_start = c == '\n' && i > 0 && crlf_text[i - 1] == '\r';
    }
    return out;
}

std::string format_date(int64_t unix_seconds)
{
    static constexpr std::array<const char*, 7> days = {"Sun", "Mon", "Tue", "Wed",
                                                        "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> months = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::time_t time = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&time, &tm);
    return std::string(days[static_cast<size_t>(tm.tm_wday)]) + ", " + two_digits(tm.tm_mday) +
           " " + months[static_cast<size_t>(tm.tm_mon)] + " " + std::to_string(tm.tm_year + 1900) +
           " " + two_digits(tm.tm_hour) + ":" + two_digits(tm.tm_min) + ":" +
           two_digits(tm.tm_sec) + " +0000";
}

std::string new_message_id(std::string_view address)
{
    static constexpr char hex[] = "0123456789abcdef";
    std::array<unsigned char, 16> random{};
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
        // Unique enough from the clock when the generator fails, which it does not.
        auto now = static_cast<uint64_t>(std::time(nullptr));
        for (size_t i = 0; i < 8; ++i)
            random[i] = static_cast<unsigned char>(now >> (8 * i));
    }
    std::string id;
    for (unsigned char byte : random) {
        id += hex[byte >> 4];
        id += hex[byte & 15];
    }
    size_t at = address.rfind('@');
    std::string_view domain =
        at == std::string_view::npos ? "forge.invalid" : address.substr(at + 1);
    return id + "@" + std::string(domain);
}

Result<std::string> format_message(const Message& message, bool allow_8bit)
{
    if (has_control_characters(message.subject))
        return Error::invalid_argument("mail subject contains a line break or control character");
    if (has_control_characters(message.from.display_name))
        return Error::invalid_argument("sender name contains a line break or control character");
    if (!valid_address(message.from.address))
        return Error::invalid_argument("not a sender address: " + message.from.address);
    if (!valid_address(message.to))
        return Error::invalid_argument("not a recipient address: " + message.to);
    if (message.message_id.empty() || !valid_address(message.message_id))
        return Error::invalid_argument("not a message id: " + message.message_id);

    std::string from = "<" + message.from.address + ">";
    if (!message.from.display_name.empty())
        from = display_name(message.from.display_name, 6) + " " + from;
    std::string body = normalise_line_ends(message.body);
    BodyEncoding encoding = body_encoding(body, allow_8bit);
    const char* transfer = "7bit";
    if (encoding == BodyEncoding::eight_bit)
        transfer = "8bit";
    if (encoding == BodyEncoding::quoted_printable) {
        transfer = "quoted-printable";
        body = quoted_printable(body);
    }

    std::string out;
    out += "From: " + from + "\r\n";
    out += "To: <" + message.to + ">\r\n";
    out += "Subject: " + encode_header_value(message.subject, 9) + "\r\n";
    out += "Date: " + format_date(message.date) + "\r\n";
    out += "Message-ID: <" + message.message_id + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=utf-8\r\n";
    out += std::string("Content-Transfer-Encoding: ") + transfer + "\r\n";
    out += "Auto-Submitted: auto-generated\r\n";
    out += "\r\n";
    out += body;
    return out;
}

} // namespace forge::mail
