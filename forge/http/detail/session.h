// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// Internal to forge/http: one client connection. Included only by server.cpp.

#include "forge/http/detail/shared_state.h"
#include "forge/http/message.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace forge::http::detail {

// Reads requests, runs each handler on the worker pool, writes the responses in order.
// All socket I/O happens on the session's strand; handlers that stream (request bodies,
// response bodies) block their worker thread on strand operations, never the reverse.
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(boost::asio::ip::tcp::socket&& socket, SharedState& shared);
    ~Session();

    void start();
    // Server shutdown: an idle connection closes now, one with a request in flight after
    // its response.
    void shut_down();

  private:
    using Completion = std::function<void(boost::beast::error_code, size_t)>;
    friend class StreamedBody;
    friend class ChunkedSink;

    std::chrono::seconds idle_timeout() const;
    void read_head();
    void on_head(boost::beast::error_code ec);
    void send_continue(std::function<void()> next);
    void read_whole_body();
    void on_body_part(boost::beast::error_code ec);
    void reject_unreadable(boost::beast::error_code ec);
    void reject(int status, std::string body);
    void dispatch(bool streaming);
    Response handle(Request& request);
    void write(Response response);
    void log_access(int status, size_t body_bytes);
    void after_response(bool keep_alive);
    void finish();
    void close_gracefully();
    void drain();
    void close_now();

    // For worker threads: run `start` on the strand and wait for its completion.
    Result<size_t> blocking(std::function<void(Completion)> start);
    void read_body_some(char* data, size_t size, Completion done);
    Result<size_t> stream_response(Response& response); // the body bytes sent

    boost::beast::tcp_stream m_stream;
    SharedState& m_shared;
    boost::beast::flat_buffer m_buffer;
    std::optional<boost::beast::http::request_parser<boost::beast::http::buffer_body>> m_parser;
    std::array<char, 65536> m_chunk{};
    std::string m_body;
    std::string m_remote;
    std::string m_method;
    std::string m_path;
    std::chrono::steady_clock::time_point m_started;
    size_t m_drained = 0;
    bool m_in_flight = false;
    bool m_is_head = false;
    bool m_wants_keep_alive = false;
    std::atomic<bool> m_close_after_response{false}; // also read by streaming workers
    bool m_rejected = false;
};

} // namespace forge::http::detail
