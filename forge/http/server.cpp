// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/server.h"

#include "forge/common/log.h"
#include "forge/http/message.h"
#include "forge/http/router.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace forge::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

namespace {

class Session;

// What every session of one server shares.
struct Shared {
    Shared(const Router& r, ServerOptions o, net::thread_pool& w)
        : router(r)
        , options(std::move(o))
        , workers(w)
    {
    }

    const Router& router;
    ServerOptions options;
    net::thread_pool& workers;
    std::atomic<bool> stopping{false};
    std::atomic<int> active_sessions{0};
    std::mutex mutex;
    std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
};

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

Request to_request(bhttp::request<bhttp::string_body>&& message, std::string remote_address)
{
    Request request;
    request.method_text = std::string(message.method_string());
    request.method = parse_method(request.method_text);
    request.target = std::string(message.target());
    auto question = request.target.find('?');
    request.path = request.target.substr(0, question);
    if (question != std::string::npos)
        request.query = request.target.substr(question + 1);
    for (const auto& field : message)
        request.headers.emplace_back(lower(std::string(field.name_string())),
                                     std::string(field.value()));
    request.body = std::move(message.body());
    request.remote_address = std::move(remote_address);
    return request;
}

// One client connection: reads requests, hands each to the worker pool, writes the
// responses in order. All of its I/O runs on its own strand.
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket&& socket, Shared& shared)
        : m_stream(std::move(socket))
        , m_shared(shared)
    {
        beast::error_code ec;
        auto endpoint = m_stream.socket().remote_endpoint(ec);
        m_remote = ec ? "-" : endpoint.address().to_string();
        ++m_shared.active_sessions;
    }

    ~Session()
    {
        {
            std::lock_guard lock(m_shared.mutex);
            m_shared.sessions.erase(this);
        }
        --m_shared.active_sessions;
    }

    void start()
    {
        {
            std::lock_guard lock(m_shared.mutex);
            m_shared.sessions.emplace(this, weak_from_this());
        }
        net::dispatch(m_stream.get_executor(),
                      beast::bind_front_handler(&Session::read_head, shared_from_this()));
    }

    // Server shutdown: an idle connection closes now, one with a request in flight after
    // its response.
    void shut_down()
    {
        net::post(m_stream.get_executor(), [self = shared_from_this()] {
            self->m_close_after_response = true;
            if (!self->m_in_flight) {
                beast::error_code ignored;
                self->m_stream.socket().close(ignored);
            }
        });
    }

  private:
    std::chrono::seconds idle_timeout() const
    {
        return std::chrono::seconds(m_shared.options.idle_timeout_seconds);
    }

    void read_head()
    {
        m_in_flight = false;
        if (m_shared.stopping || m_close_after_response)
            return close_now();
        m_started = std::chrono::steady_clock::now(); // re-set once the head is in
        m_parser.emplace();
        m_parser->header_limit(static_cast<std::uint32_t>(m_shared.options.max_header_bytes));
        m_parser->body_limit(m_shared.options.max_body_bytes);
        m_stream.expires_after(idle_timeout());
        bhttp::async_read_header(m_stream, m_buffer, *m_parser,
                                 beast::bind_front_handler(&Session::on_head, shared_from_this()));
    }

    void on_head(beast::error_code ec, std::size_t)
    {
        if (ec)
            return reject_unreadable(ec);
        m_in_flight = true;
        m_started = std::chrono::steady_clock::now();
        const auto& head = m_parser->get();
        m_method = std::string(head.method_string());
        m_path = std::string(head.target().substr(0, head.target().find('?')));
        if (static_cast<size_t>(std::distance(head.begin(), head.end())) >
            m_shared.options.max_header_count)
            return reject(431, "too many header fields\n");
        if (m_shared.stopping)
            m_close_after_response = true;
        if (m_parser->is_done())
            return dispatch();
        if (beast::iequals(head[bhttp::field::expect], "100-continue"))
            return send_continue();
        read_body();
    }

    void send_continue()
    {
        auto interim =
            std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, 11);
        m_stream.expires_after(idle_timeout());
        bhttp::async_write(m_stream, *interim,
                           [self = shared_from_this(), interim](beast::error_code ec, size_t) {
                               if (ec)
                                   return self->close_now();
                               self->read_body();
                           });
    }

    void read_body()
    {
        m_stream.expires_after(idle_timeout());
        bhttp::async_read(m_stream, m_buffer, *m_parser,
                          beast::bind_front_handler(&Session::on_body, shared_from_this()));
    }

    void on_body(beast::error_code ec, std::size_t)
    {
        if (ec == bhttp::error::body_limit)
            return reject(413, "request body too large\n");
        if (ec)
            return close_now();
        dispatch();
    }

    // A request head that never arrived whole: answer what can be answered, then close.
    void reject_unreadable(beast::error_code ec)
    {
        if (ec == bhttp::error::header_limit)
            return reject(431, "request header too large\n");
        if (ec == bhttp::error::body_limit) {
            // The head is complete (it announced too large a body): log what it asked.
            const auto& head = m_parser->get();
            m_method = std::string(head.method_string());
            m_path = std::string(head.target().substr(0, head.target().find('?')));
            return reject(413, "request body too large\n");
        }
        if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
            ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message)
            return reject(400, "malformed request\n");
        close_now(); // end of stream, timeout, reset, or shutdown
    }

    void reject(int status, std::string body)
    {
        m_in_flight = true;
        if (m_method.empty())
            m_method = "-";
        if (m_path.empty())
            m_path = "-";
        m_is_head = false;
        m_close_after_response = true;
        m_rejected = true;
        write(Response::text(status, std::move(body)));
    }

    void dispatch()
    {
        m_stream.expires_never();
        auto request = std::make_shared<Request>(to_request(m_parser->release(), m_remote));
        m_is_head = request->method == Method::head;
        m_wants_keep_alive = !m_close_after_response && request_keeps_alive(*request);
        net::post(m_shared.workers, [self = shared_from_this(), request] {
            Response response = self->handle(*request);
            net::post(self->m_stream.get_executor(),
                      [self, response = std::move(response)]() mutable {
                          self->write(std::move(response));
                      });
        });
    }

    static bool request_keeps_alive(const Request& request)
    {
        auto connection = request.header("connection");
        return !(connection && lower(*connection) == "close");
    }

    Response handle(Request& request)
    {
        try {
            return m_shared.router.dispatch(request);
        } catch (const std::exception& e) {
            log::error("handler for " + request.method_text + " " + request.path +
                       " threw: " + e.what());
        } catch (...) {
            log::error("handler for " + request.method_text + " " + request.path + " threw");
        }
        return Response::text(500, "internal server error\n");
    }

    void write(Response response)
    {
        auto message = std::make_shared<bhttp::response<bhttp::string_body>>();
        message->version(11);
        message->result(static_cast<unsigned>(response.status));
        for (auto& [name, value] : response.headers)
            message->set(name, value);
        size_t body_bytes = response.body.size();
        if (m_is_head) {
            message->set(bhttp::field::content_length, std::to_string(body_bytes));
        } else {
            message->body() = std::move(response.body);
            message->prepare_payload();
        }
        bool keep_alive = m_wants_keep_alive && !m_close_after_response && !m_shared.stopping;
        message->keep_alive(keep_alive);
        m_stream.expires_after(idle_timeout());
        bhttp::async_write(m_stream, *message,
                           [self = shared_from_this(), message, body_bytes,
                            status = response.status, keep_alive](beast::error_code ec, size_t) {
                               self->log_access(status, body_bytes);
                               if (ec || !keep_alive)
                                   return self->finish();
                               self->read_head();
                           });
    }

    void log_access(int status, size_t body_bytes)
    {
        auto elapsed = std::chrono::steady_clock::now() - m_started;
        double milliseconds = std::chrono::duration<double, std::milli>(elapsed).count();
        char duration[32];
        std::snprintf(duration, sizeof duration, "%.1fms", milliseconds);
        // The path only: query strings may carry secrets.
        log::info("access " + m_remote + " " + m_method + " " + m_path + " " +
                  std::to_string(status) + " " + std::to_string(body_bytes) + " " + duration);
        m_method.clear();
        m_path.clear();
        m_wants_keep_alive = false;
    }

    // A rejected request may still be arriving: linger so that the client reads our
    // answer. After a complete request nothing is unread, so the socket closes at once.
    void finish()
    {
        if (m_rejected)
            return close_gracefully();
        close_now();
    }

    // Half-closes, then discards what the client still sends for a moment, so that it
    // reads our last response instead of a connection reset.
    void close_gracefully()
    {
        m_in_flight = false;
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        m_stream.expires_after(std::chrono::seconds(2));
        drain();
    }

    void drain()
    {
        m_stream.async_read_some(net::buffer(m_scratch),
                                 [self = shared_from_this()](beast::error_code ec, size_t n) {
                                     self->m_drained += n;
                                     if (ec || self->m_drained > (1u << 20))
                                         return self->close_now();
                                     self->drain();
                                 });
    }

    void close_now()
    {
        m_in_flight = false;
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        m_stream.socket().close(ignored);
    }

    beast::tcp_stream m_stream;
    Shared& m_shared;
    beast::flat_buffer m_buffer;
    std::optional<bhttp::request_parser<bhttp::string_body>> m_parser;
    std::string m_remote;
    std::string m_method;
    std::string m_path;
    std::chrono::steady_clock::time_point m_started;
    std::array<char, 8192> m_scratch{};
    size_t m_drained = 0;
    bool m_in_flight = false;
    bool m_is_head = false;
    bool m_wants_keep_alive = false;
    bool m_close_after_response = false;
    bool m_rejected = false;
};

int resolve_thread_count(int configured, int per_core, int minimum)
{
    if (configured > 0)
        return configured;
    int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return std::max(minimum, cores * per_core);
}

} // namespace

struct Server::Impl {
    ServerOptions options;
    const Router& router;
};

Server::Server(ServerOptions options, const Router& router)
    : m_impl(new Impl{std::move(options), router})
{
}

Server::~Server() = default;

namespace {

// Accepts connections until shutdown, then drains sessions and stops.
class Listener {
  public:
    Listener(net::io_context& io, Shared& shared)
        : m_io(io)
        , m_shared(shared)
        , m_acceptor(io)
        , m_signals(io, SIGINT, SIGTERM)
        , m_drain_timer(io)
        , m_deadline(io)
    {
    }

    Result<std::string> listen(const std::string& host, uint16_t port)
    {
        beast::error_code ec;
        auto address = net::ip::make_address(host, ec);
        if (ec)
            return Error::invalid_argument("invalid listen address '" + host + "'");
        tcp::endpoint endpoint(address, port);
        m_acceptor.open(endpoint.protocol(), ec);
        if (!ec)
            m_acceptor.set_option(net::socket_base::reuse_address(true), ec);
        if (!ec)
            m_acceptor.bind(endpoint, ec);
        if (!ec)
            m_acceptor.listen(net::socket_base::max_listen_connections, ec);
        if (ec)
            return Error::internal("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                                   ec.message());
        auto bound = m_acceptor.local_endpoint();
        std::string shown = bound.address().is_v6() ? "[" + host + "]" : host;
        return shown + ":" + std::to_string(bound.port());
    }

    void start()
    {
        m_signals.async_wait([this](beast::error_code ec, int) {
            if (!ec)
                begin_shutdown();
        });
        accept();
    }

  private:
    void accept()
    {
        m_acceptor.async_accept(
            net::make_strand(m_io), [this](beast::error_code ec, tcp::socket socket) {
                if (m_shared.stopping || ec == net::error::operation_aborted)
                    return;
                if (!ec)
                    std::make_shared<Session>(std::move(socket), m_shared)->start();
                accept();
            });
    }

    void begin_shutdown()
    {
        log::info("shutting down: finishing requests in flight");
        m_shared.stopping = true;
        beast::error_code ignored;
        m_acceptor.close(ignored);
        std::vector<std::shared_ptr<Session>> sessions;
        {
            std::lock_guard lock(m_shared.mutex);
            for (auto& [raw, weak] : m_shared.sessions) {
                if (auto session = weak.lock())
                    sessions.push_back(std::move(session));
            }
        }
        for (auto& session : sessions)
            session->shut_down();
        // A second signal means: stop now.
        m_signals.async_wait([this](beast::error_code ec, int) {
            if (!ec)
                m_io.stop();
        });
        m_deadline.expires_after(std::chrono::seconds(m_shared.options.shutdown_timeout_seconds));
        m_deadline.async_wait([this](beast::error_code ec) {
            if (!ec) {
                log::warning("shutdown timeout reached: closing remaining connections");
                m_io.stop();
            }
        });
        wait_for_drain();
    }

    void wait_for_drain()
    {
        if (m_shared.active_sessions == 0) {
            beast::error_code ignored;
            m_signals.cancel(ignored);
            m_deadline.cancel();
            return;
        }
        m_drain_timer.expires_after(std::chrono::milliseconds(20));
        m_drain_timer.async_wait([this](beast::error_code ec) {
            if (!ec)
                wait_for_drain();
        });
    }

    net::io_context& m_io;
    Shared& m_shared;
    tcp::acceptor m_acceptor;
    net::signal_set m_signals;
    net::steady_timer m_drain_timer;
    net::steady_timer m_deadline;
};

} // namespace

Result<void> Server::run(const std::function<void(const std::string&)>& on_listening)
{
    const auto& options = m_impl->options;
    int network_threads = resolve_thread_count(options.network_threads, 1, 1);
    net::io_context io(network_threads);
    net::thread_pool workers(
        static_cast<std::size_t>(resolve_thread_count(options.worker_threads, 4, 4)));
    Shared shared{m_impl->router, options, workers};
    {
        Listener listener(io, shared);
        auto bound = listener.listen(options.host, options.port);
        if (bound.is_error()) {
            workers.join();
            return bound.release_error();
        }
        on_listening(bound.value());
        listener.start();
        std::vector<std::thread> threads;
        for (int i = 1; i < network_threads; ++i)
            threads.emplace_back([&io] { io.run(); });
        io.run();
        for (auto& thread : threads)
            thread.join();
        workers.join();
    }
    log::info("stopped");
    return {};
}

} // namespace forge::http
