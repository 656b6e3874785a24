// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/mail/smtp_client.h"

#include "forge/mail/smtp_protocol.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>

#include <chrono>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

namespace forge::mail {

namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

constexpr size_t max_reply_line = 8192;

struct Failure {
    Delivery delivery;
    std::string error;
};

// One connection; every asynchronous step is run to completion, the timeout or `stop`.
class Session {
  public:
    Session(const SmtpSettings& settings, const std::atomic<bool>* stop)
        : m_settings(settings)
        , m_stop(stop)
        , m_tls_context(ssl::context::tls_client)
        , m_stream(m_io, m_tls_context)
        , m_resolver(m_io)
    {
    }

    ~Session()
    {
        error_code ignored;
        m_stream.next_layer().close(ignored);
    }

    void connect()
    {
        tcp::resolver::results_type endpoints;
        run(
            "resolving " + m_settings.host,
            [&](auto done) {
                m_resolver.async_resolve(
                    m_settings.host, std::to_string(m_settings.port),
                    [done](const error_code& ec, tcp::resolver::results_type r) {
                        done(ec, std::move(r));
                    });
            },
            &endpoints);
        run("connecting to " + m_settings.host + ":" + std::to_string(m_settings.port),
            [&](auto done) {
                net::async_connect(
                    m_stream.next_layer(), endpoints,
                    [done](const error_code& ec, const tcp::endpoint&) { done(ec, 0); });
            });
        error_code ec;
        auto remote = m_stream.next_layer().remote_endpoint(ec);
        m_loopback = !ec && remote.address().is_loopback();
        auto local = m_stream.next_layer().local_endpoint(ec);
        if (!ec)
            m_helo_name = address_literal(local.address().to_string(), local.address().is_v6());
    }

    void start_tls()
    {
        // The system's trusted certificates (or SSL_CERT_FILE / SSL_CERT_DIR). The stream
        // exists already, so its own verify mode is what counts.
        m_tls_context.set_default_verify_paths();
        m_stream.set_verify_mode(ssl::verify_peer);
        m_stream.set_verify_callback(ssl::host_name_verification(m_settings.host));
        // Server Name Indication, for names only (RFC 6066 3).
        error_code not_an_address;
        net::ip::make_address(m_settings.host, not_an_address);
        if (not_an_address &&
            !SSL_ctrl(m_stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                      TLSEXT_NAMETYPE_host_name, const_cast<char*>(m_settings.host.c_str())))
            throw Failure{Delivery::retry, "cannot set the TLS server name"};
        run("TLS handshake with " + m_settings.host, [&](auto done) {
            m_stream.async_handshake(ssl::stream_base::client,
                                     [done](const error_code& e) { done(e, 0); });
        });
        m_tls = true;
    }

    void send(std::string_view data, const std::string& step)
    {
        run(step, [&](auto done) {
            auto handler = [done](const error_code& ec, size_t) {
                done(ec, 0);
            };
            if (m_tls)
                net::async_write(m_stream, net::buffer(data.data(), data.size()), handler);
            else
                net::async_write(m_stream.next_layer(), net::buffer(data.data(), data.size()),
                                 handler);
        });
    }

    Reply reply(const std::string& step)
    {
        std::vector<std::string> lines;
        for (;;) {
            std::string line = read_line(step);
            auto parsed = parse_reply_line(line);
            if (!parsed)
                throw Failure{Delivery::retry, step + ": not an SMTP reply: " + printable(line)};
            lines.push_back(line);
            if (parsed->last)
                break;
            if (lines.size() > 100)
                throw Failure{Delivery::retry, step + ": reply too long"};
        }
        return make_reply(lines);
    }

    // Bytes received beyond the last reply (a server must not send any before TLS).
    bool has_buffered_input() const { return !m_buffer.empty(); }
    bool tls() const { return m_tls; }
    bool loopback() const { return m_loopback; }
    const std::string& helo_name() const { return m_helo_name; }

  private:
    std::string read_line(const std::string& step)
    {
        size_t end = m_buffer.find("\r\n");
        if (end == std::string::npos) {
            run(step, [&](auto done) {
                auto handler = [done](const error_code& ec, size_t) {
                    done(ec, 0);
                };
                auto buffer = net::dynamic_buffer(m_buffer, max_reply_line);
                if (m_tls)
                    net::async_read_until(m_stream, buffer, "\r\n", handler);
                else
                    net::async_read_until(m_stream.next_layer(), buffer, "\r\n", handler);
            });
            end = m_buffer.find("\r\n");
            if (end == std::string::npos)
                throw Failure{Delivery::retry, step + ": incomplete reply"};
        }
        std::string line = m_buffer.substr(0, end);
        m_buffer.erase(0, end + 2);
        return line;
    }

    // Starts one operation with start(done) and runs the loop until done is called, the
    // timeout passes or `stop` is set. `out`, when given, receives the operation's value.
    template <typename Start, typename Value = int>
    void run(const std::string& step, Start&& start, Value* out = nullptr)
    {
        bool finished = false;
        error_code result;
        auto done = [&finished, &result, out](const error_code& ec, auto value) {
            finished = true;
            result = ec;
            if constexpr (!std::is_same_v<Value, int>) {
                if (out && !ec)
                    *out = std::move(value);
            }
        };
        m_io.restart();
        start(done);
        auto deadline =
            std::chrono::steady_clock::now() + std::chrono::seconds(m_settings.timeout_seconds);
        std::optional<Failure> failure;
        while (!finished) {
            if (m_stop && m_stop->load()) {
                failure = Failure{Delivery::interrupted, step + ": stopped"};
                break;
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                failure = Failure{Delivery::retry, step + ": timed out"};
                break;
            }
            m_io.run_for(std::chrono::milliseconds(100));
            if (m_io.stopped() && !finished)
                m_io.restart();
        }
        if (failure) {
            // Cancel and let the handler run, so that nothing refers to this frame after.
            error_code ignored;
            m_resolver.cancel();
            m_stream.next_layer().close(ignored);
            m_io.restart();
            m_io.run_for(std::chrono::seconds(5));
            throw *failure;
        }
        if (result) {
            std::string message =
                result == net::error::eof ? "connection closed by the server" : result.message();
            if (result.category() == net::error::get_ssl_category())
                message = "TLS error: " + message;
            throw Failure{Delivery::retry, step + ": " + message};
        }
    }

    static std::string address_literal(const std::string& address, bool v6)
    {
        return v6 ? "[IPv6:" + address + "]" : "[" + address + "]";
    }

    const SmtpSettings& m_settings;
    const std::atomic<bool>* m_stop;
    net::io_context m_io;
    ssl::context m_tls_context;
    ssl::stream<tcp::socket> m_stream;
    tcp::resolver m_resolver;
    std::string m_buffer;
    bool m_tls = false;
    bool m_loopback = false;
    std::string m_helo_name = "[127.0.0.1]";
};

// A command and its reply; a reply of an unexpected class is a failure, permanent when
// it is a 5xx and `permanent_on_5xx`.
Reply command(Session& session, const std::string& line, const std::string& step,
              std::initializer_list<int> expected, bool permanent_on_5xx = false)
{
    session.send(line + "\r\n", step);
    Reply reply = session.reply(step);
    for (int code : expected) {
        if (reply.code == code)
            return reply;
    }
    Delivery delivery = permanent_on_5xx && reply.code >= 500 ? Delivery::give_up : Delivery::retry;
    throw Failure{delivery, step + ": " + describe(reply)};
}

void authenticate(Session& session, const SmtpSettings& settings, const Capabilities& caps)
{
    if (!session.tls() && !session.loopback())
        throw Failure{Delivery::retry, "not sending the password over an unencrypted connection "
                                       "(the server offers no STARTTLS, or mail.starttls is off)"};
    if (caps.auth_plain) {
        std::string credentials = std::string(1, '\0') + settings.user + '\0' + settings.password;
        command(session, "AUTH PLAIN " + base64(credentials), "AUTH PLAIN", {235});
    } else if (caps.auth_login) {
        command(session, "AUTH LOGIN", "AUTH LOGIN", {334});
        command(session, base64(settings.user), "AUTH LOGIN (user)", {334});
        command(session, base64(settings.password), "AUTH LOGIN (password)", {235});
    } else {
        throw Failure{Delivery::retry, "the server offers neither AUTH PLAIN nor AUTH LOGIN"};
    }
}

Capabilities greet(Session& session)
{
    session.send("EHLO " + session.helo_name() + "\r\n", "EHLO");
    Reply reply = session.reply("EHLO");
    if (reply.code == 250)
        return parse_capabilities(reply);
    // A server without extensions.
    command(session, "HELO " + session.helo_name(), "HELO", {250});
    return Capabilities{};
}

void converse(Session& session, const SmtpSettings& settings, const Message& message)
{
    if (has_control_characters(settings.user) || has_control_characters(settings.password))
        throw Failure{Delivery::give_up, "mail.user or mail.password contains a line break"};
    session.connect();
    Reply greeting = session.reply("greeting");
    if (greeting.code != 220)
        throw Failure{Delivery::retry, "greeting: " + describe(greeting)};
    Capabilities caps = greet(session);
    if (settings.starttls && caps.starttls) {
        command(session, "STARTTLS", "STARTTLS", {220});
        if (session.has_buffered_input())
            throw Failure{Delivery::retry, "STARTTLS: the server sent data before the handshake"};
        session.start_tls();
        caps = greet(session);
    }
    if (!settings.user.empty())
        authenticate(session, settings, caps);

    auto formatted = format_message(message, caps.eight_bit_mime);
    if (formatted.is_error())
        throw Failure{Delivery::give_up, formatted.error().message};
    bool eight_bit = body_encoding(message.body, caps.eight_bit_mime) == BodyEncoding::eight_bit;
    command(session,
            "MAIL FROM:<" + message.from.address + ">" + (eight_bit ? " BODY=8BITMIME" : ""),
            "MAIL FROM", {250}, true);
    command(session, "RCPT TO:<" + message.to + ">", "RCPT TO", {250, 251}, true);
    command(session, "DATA", "DATA", {354}, true);
    session.send(dot_stuff(formatted.value()) + ".\r\n", "message data");
    Reply accepted = session.reply("end of data");
    if (accepted.code != 250)
        throw Failure{accepted.code >= 500 ? Delivery::give_up : Delivery::retry,
                      "end of data: " + describe(accepted)};
    // Delivered; the goodbye is a courtesy.
    try {
        command(session, "QUIT", "QUIT", {221});
    } catch (const Failure&) {
    }
}

} // namespace

SendOutcome send_mail(const SmtpSettings& settings, const Message& message,
                      const std::atomic<bool>* stop)
{
    if (auto formatted = format_message(message, false); formatted.is_error())
        return {Delivery::give_up, formatted.error().message};
    try {
        Session session(settings, stop);
        converse(session, settings, message);
        return {Delivery::sent, {}};
    } catch (const Failure& failure) {
        return {failure.delivery, failure.error};
    } catch (const std::exception& e) {
        return {Delivery::retry, std::string("SMTP: ") + e.what()};
    }
}

} // namespace forge::mail
