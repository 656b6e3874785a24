// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/mail/smtp_protocol.h"

#include <cctype>
#include <sstream>

namespace forge::mail {

namespace {

std::string upper(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

} // namespace

std::optional<ReplyLine> parse_reply_line(std::string_view line)
{
    if (line.size() < 3)
        return std::nullopt;
    for (size_t i = 0; i < 3; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(line[i])))
            return std::nullopt;
    }
    if (line[0] < '2' || line[0] > '5')
        return std::nullopt;
    ReplyLine parsed;
    parsed.code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    if (line.size() == 3) {
        parsed.last = true;
        return parsed;
    }
    if (line[3] != ' ' && line[3] != '-')
        return std::nullopt;
    parsed.last = line[3] == ' ';
    parsed.text = std::string(line.substr(4));
    return parsed;
}

Reply make_reply(const std::vector<std::string>& lines)
{
    Reply reply;
    for (const auto& line : lines) {
        auto parsed = parse_reply_line(line);
        if (!parsed)
            continue;
        reply.code = parsed->code;
        reply.lines.push_back(parsed->text);
    }
    return reply;
}

std::string printable(std::string_view text)
{
    std::string out;
    for (char c : text.substr(0, 200)) {
        auto byte = static_cast<unsigned char>(c);
        out += byte < 0x20 || byte == 0x7F ? '?' : c;
    }
    if (text.size() > 200)
        out += "...";
    return out;
}

std::string describe(const Reply& reply)
{
    std::string text;
    for (const auto& line : reply.lines) {
        if (!text.empty())
            text += " ";
        text += line;
    }
    return std::to_string(reply.code) + (text.empty() ? "" : " " + printable(text));
}

Capabilities parse_capabilities(const Reply& ehlo)
{
    Capabilities caps;
    for (size_t i = 1; i < ehlo.lines.size(); ++i) {
        std::istringstream words(upper(ehlo.lines[i]));
        std::string keyword;
        words >> keyword;
        if (keyword == "STARTTLS")
            caps.starttls = true;
        else if (keyword == "8BITMIME")
            caps.eight_bit_mime = true;
        else if (keyword == "AUTH" || keyword.rfind("AUTH=", 0) == 0) {
            // Old servers write "AUTH=LOGIN PLAIN".
            std::string first = keyword.size() > 5 ? keyword.substr(5) : "";
            caps.auth_plain = caps.auth_plain || first == "PLAIN";
            caps.auth_login = caps.auth_login || first == "LOGIN";
            for (std::string mechanism; words >> mechanism;) {
                caps.auth_plain = caps.auth_plain || mechanism == "PLAIN";
                caps.auth_login = caps.auth_login || mechanism == "LOGIN";
            }
        }
    }
    return caps;
}

} // namespace forge::mail
