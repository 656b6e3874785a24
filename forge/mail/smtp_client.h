// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// An SMTP client (RFC 5321) for one message at a time to a relay: EHLO, STARTTLS when the
// server offers it (RFC 3207, certificate and host name verified), AUTH PLAIN or LOGIN
// (RFC 4954), MAIL FROM, RCPT TO, DATA, QUIT. Asio stays in the .cpp file.

#include "forge/mail/message.h"

#include <atomic>
#include <cstdint>
#include <string>

namespace forge::mail {

struct SmtpSettings {
    std::string host;
    uint16_t port = 587;
    std::string user; // empty: no AUTH
    std::string password;
    bool starttls = true;     // upgrade to TLS when the server offers STARTTLS
    int timeout_seconds = 30; // for connecting and for each reply
};

enum class Delivery {
    sent,
    retry,       // a temporary failure: connection, timeout, 4xx, refused credentials
    give_up,     // a permanent failure: 5xx to the sender, recipient or data, a bad message
    interrupted, // `stop` was set; the outcome is unknown
};

struct SendOutcome {
    Delivery delivery = Delivery::sent;
    std::string error; // for the log: the step and the server's reply; never a password
};

// Sends one message through the relay. The password is sent only over TLS or to a
// loopback address. Every step is bounded by the timeout; setting `*stop` aborts within
// a fraction of a second.
SendOutcome send_mail(const SmtpSettings&, const Message&, const std::atomic<bool>* stop = nullptr);

} // namespace forge::mail
