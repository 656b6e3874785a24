// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/server.h"

#include "forge/common/log.h"
#include "forge/http/detail/session.h"
#include "forge/http/detail/shared_state.h"
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

using detail::Session;
using Shared = detail::SharedState;

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
    // Workers block on SQLite, git and slow clients (streamed clones and pushes).
    net::thread_pool workers(
        static_cast<std::size_t>(resolve_thread_count(options.worker_threads, 8, 16)));
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
        // Workers still streaming wait on an event loop that is gone: let them give up.
        shared.halted = true;
        workers.join();
    }
    log::info("stopped");
    return {};
}

} // namespace forge::http
