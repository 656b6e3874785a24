// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/mail/message.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace forge::mail;

namespace {

Message sample()
{
    Message m;
    m.from = {"Forge", "forge@example.org"};
    m.to = "bob@example.org";
    m.subject = "[alice/tool#1] Broken build";
    m.body = "alice mentioned you\n\nalice/tool#1: Broken build\n";
    m.date = 0;
    m.message_id = "abc@example.org";
    return m;
}

std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> lines;
    size_t start = 0;
    for (size_t end; (end = text.find("\r\n", start)) != std::string::npos; start = end + 2)
        lines.push_back(text.substr(start, end - start));
    return lines;
}

std::string header_block(const std::string& message)
{
    return message.substr(0, message.find("\r\n\r\n") + 2);
}

} // namespace

TEST_CASE("a message has RFC 5322 headers, a blank line and the body, all with CRLF")
{
    auto formatted = format_message(sample(), true);
    REQUIRE_FALSE(formatted.is_error());
    const std::string& text = formatted.value();
    CHECK(text == "From: Forge <forge@example.org>\r\n"
                  "To: <bob@example.org>\r\n"
                  "Subject: [alice/tool#1] Broken build\r\n"
                  "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"
                  "Message-ID: <abc@example.org>\r\n"
                  "MIME-Version: 1.0\r\n"
                  "Content-Type: text/plain; charset=utf-8\r\n"
                  "Content-Transfer-Encoding: 7bit\r\n"
                  "Auto-Submitted: auto-generated\r\n"
                  "\r\n"
                  "alice mentioned you\r\n"
                  "\r\n"
                  "alice/tool#1: Broken build\r\n");
    // No bare LF or CR anywhere.
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n')
            CHECK((i > 0 && text[i - 1] == '\r'));
        if (text[i] == '\r')
            CHECK((i + 1 < text.size() && text[i + 1] == '\n'));
    }
}

TEST_CASE("header values with CR or LF are refused, never sent")
{
    for (const std::string& bad :
         std::vector<std::string>{"Hi\r\nBcc: eve@example.org", "Hi\nBcc: eve@example.org",
                                  "Hi\rX: y", std::string("nul\0byte", 8)}) {
        Message m = sample();
        m.subject = bad;
        CHECK(format_message(m, true).is_error());
    }
    Message to = sample();
    to.to = "bob@example.org\r\nBcc: eve@example.org";
    CHECK(format_message(to, true).is_error());
    Message from = sample();
    from.from.display_name = "Forge\r\nBcc: eve@example.org";
    CHECK(format_message(from, true).is_error());
    Message id = sample();
    id.message_id = "x@y>\r\nBcc: eve@example.org";
    CHECK(format_message(id, true).is_error());
}

TEST_CASE("mailboxes are parsed from the configuration's forms")
{
    auto bare = parse_mailbox("forge@example.org");
    REQUIRE_FALSE(bare.is_error());
    CHECK(bare.value().address == "forge@example.org");
    CHECK(bare.value().display_name.empty());
    auto named = parse_mailbox("\"Forge of Town\" <forge@town.example>");
    REQUIRE_FALSE(named.is_error());
    CHECK(named.value().address == "forge@town.example");
    CHECK(named.value().display_name == "Forge of Town");
    for (const char* bad : {"", "forge", "@example.org", "forge@", "a@b@c", "Forge <forge@x",
                            "forge@example.org\r\nBcc: x@y", "a b@example.org", "jörg@example.org"})
        CHECK(parse_mailbox(bad).is_error());
}

TEST_CASE("non-ASCII subjects become RFC 2047 encoded words in lines of at most 78")
{
    Message m = sample();
    m.subject = "[alice/tool#2] Grüße aus Köln – über die Straßenbahnhaltestelle am Rathausplatz";
    auto formatted = format_message(m, true);
    REQUIRE_FALSE(formatted.is_error());
    std::string headers = header_block(formatted.value());
    CHECK(headers.find("Subject: =?UTF-8?B?") != std::string::npos);
    for (const auto& line : lines_of(headers))
        CHECK(line.size() <= 78);
    // Each encoded word decodes alone: words end on character boundaries.
    CHECK(encode_header_value("Ä", 9) == "=?UTF-8?B?w4Q=?=");
    std::string many(40, 'x');
    many += "äääääääääääääääääääääääääääääää";
    std::string encoded = encode_header_value(many, 9);
    CHECK(encoded.find("\r\n ") != std::string::npos);
    for (const auto& line : lines_of(encoded + "\r\n"))
        CHECK(line.size() + 9 <= 78 + 9);
}

TEST_CASE("a sender name with non-ASCII characters or specials is encoded or quoted")
{
    Message m = sample();
    m.from.display_name = "Stadt Köln";
    auto formatted = format_message(m, true);
    REQUIRE_FALSE(formatted.is_error());
    CHECK(formatted.value().rfind("From: =?UTF-8?B?U3RhZHQgS8O2bG4=?= <forge@example.org>\r\n",
                                  0) == 0);
    m.from.display_name = "Forge, \"the\" forge";
    formatted = format_message(m, true);
    REQUIRE_FALSE(formatted.is_error());
    CHECK(formatted.value().rfind("From: \"Forge, \\\"the\\\" forge\" <forge@example.org>\r\n",
                                  0) == 0);
}

TEST_CASE("long ASCII subjects are folded at spaces")
{
    std::string subject;
    for (int i = 0; i < 20; ++i)
        subject += "word" + std::to_string(i) + " ";
    subject.pop_back();
    std::string folded = encode_header_value(subject, 9);
    CHECK(folded.find("\r\n ") != std::string::npos);
    std::string unfolded = folded;
    for (size_t at; (at = unfolded.find("\r\n")) != std::string::npos;)
        unfolded.erase(at, 2);
    CHECK(unfolded == subject);
    auto lines = lines_of(folded + "\r\n");
    CHECK(lines.front().size() + 9 <= 78);
    for (const auto& line : lines)
        CHECK(line.size() <= 78);
}

TEST_CASE("the body goes as 8bit when the server allows it, else as quoted-printable")
{
    Message m = sample();
    m.body = "Grüße\n";
    auto eight = format_message(m, true);
    REQUIRE_FALSE(eight.is_error());
    CHECK(eight.value().find("Content-Transfer-Encoding: 8bit\r\n") != std::string::npos);
    CHECK(eight.value().find("\r\n\r\nGrüße\r\n") != std::string::npos);
    auto qp = format_message(m, false);
    REQUIRE_FALSE(qp.is_error());
    CHECK(qp.value().find("Content-Transfer-Encoding: quoted-printable\r\n") != std::string::npos);
    CHECK(qp.value().find("\r\n\r\nGr=C3=BC=C3=9Fe\r\n") != std::string::npos);
    // Lines longer than SMTP allows go quoted-printable even with 8BITMIME.
    CHECK(body_encoding(std::string(1200, 'a'), true) == BodyEncoding::quoted_printable);
}

TEST_CASE("quoted-printable keeps lines at 76 and protects trailing white space")
{
    std::string encoded = quoted_printable(std::string(200, 'a') + "\r\nend \r\nx=y\r\n");
    for (const auto& line : lines_of(encoded))
        CHECK(line.size() <= 76);
    CHECK(encoded.find("end=20\r\n") != std::string::npos);
    CHECK(encoded.find("x=3Dy\r\n") != std::string::npos);
    std::string joined = encoded;
    for (size_t at; (at = joined.find("=\r\n")) != std::string::npos;)
        joined.erase(at, 3);
    CHECK(joined.rfind(std::string(200, 'a') + "\r\n", 0) == 0);
}

TEST_CASE("dot-stuffing doubles a dot at the start of every line, and only there")
{
    CHECK(dot_stuff("a\r\n.\r\n..b\r\nc.d\r\n") == "a\r\n..\r\n...b\r\nc.d\r\n");
    CHECK(dot_stuff(".first\r\n") == "..first\r\n");
    CHECK(dot_stuff("no dots\r\n") == "no dots\r\n");
    // A lone LF does not start a line for SMTP; normalised bodies have none anyway.
    CHECK(dot_stuff("a\n.b\r\n") == "a\n.b\r\n");
    // A body line of a single dot cannot end the data early.
    Message m = sample();
    m.body = "before\n.\nafter\n";
    auto formatted = format_message(m, true);
    REQUIRE_FALSE(formatted.is_error());
    std::string stuffed = dot_stuff(formatted.value());
    CHECK(stuffed.find("\r\n.\r\n") == std::string::npos);
    CHECK(stuffed.find("\r\n..\r\n") != std::string::npos);
}

TEST_CASE("line ends are normalised to CRLF with a final CRLF")
{
    CHECK(normalise_line_ends("a\nb\rc\r\nd") == "a\r\nb\r\nc\r\nd\r\n");
    CHECK(normalise_line_ends("") == "\r\n");
    CHECK(normalise_line_ends("x\r\n") == "x\r\n");
}

TEST_CASE("dates are RFC 5322 in UTC, message ids unique under the sender's domain")
{
    CHECK(format_date(1751371200) == "Tue, 01 Jul 2025 12:00:00 +0000");
    std::string a = new_message_id("forge@example.org");
    std::string b = new_message_id("forge@example.org");
    CHECK(a != b);
    CHECK(a.size() == 32 + 12);
    CHECK(a.substr(32) == "@example.org");
}

TEST_CASE("base64 pads as RFC 4648 says")
{
    CHECK(base64("") == "");
    CHECK(base64("f") == "Zg==");
    CHECK(base64("fo") == "Zm8=");
    CHECK(base64("foo") == "Zm9v");
    CHECK(base64(std::string("\0user\0pass", 10)) == "AHVzZXIAcGFzcw==");
}
