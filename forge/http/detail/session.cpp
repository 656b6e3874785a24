// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/detail/session.h"

#include "forge/common/log.h"
#include "forge/http/router.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <cstdio>
#include <future>
#include <limits>

namespace forge::http::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

namespace {

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string path_of(beast::string_view target)
{
    return std::string(target.substr(0, target.find('?')));
}

} // namespace

// The request body of a streaming route, read from the socket as the handler asks.
class StreamedBody final : public ByteSource {
  public:
    explicit StreamedBody(std::shared_ptr<Session> session)
        : m_session(std::move(session))
    {
    }

    Result<size_t> read(char* data, size_t size) override
    {
        if (m_finished || size == 0)
            return size_t{0};
        auto session = m_session;
        size_t n = TRY(session->blocking([session, data, size](Session::Completion done) {
            session->read_body_some(data, size, std::move(done));
        }));
        m_finished = n == 0;
        return n;
    }

    bool finished() const { return m_finished; }

    // Reads what the handler left unread, up to `limit` bytes, so that the connection can
    // carry the next request; false when more than that remains.
    bool drain(size_t limit)
    {
        char scratch[4096];
        for (size_t total = 0; !m_finished && total <= limit;) {
            auto n = read(scratch, sizeof scratch);
            if (n.is_error())
                return false;
            total += n.value();
        }
        return m_finished;
    }

  private:
    std::shared_ptr<Session> m_session;
    bool m_finished = false;
};

// A streamed response body, sent as HTTP/1.1 chunks as the handler produces it.
class ChunkedSink final : public ByteSink {
  public:
    explicit ChunkedSink(std::shared_ptr<Session> session)
        : m_session(std::move(session))
    {
    }

    Result<void> write(std::string_view bytes) override
    {
        if (bytes.empty())
            return {};
        auto session = m_session;
        TRY(session->blocking([session, bytes](Session::Completion done) {
            session->m_stream.expires_after(session->idle_timeout());
            net::async_write(session->m_stream, bhttp::make_chunk(net::buffer(bytes)),
                             std::move(done));
        }));
        m_bytes += bytes.size();
        return {};
    }

    size_t bytes() const { return m_bytes; }

  private:
    std::shared_ptr<Session> m_session;
    size_t m_bytes = 0;
};

Session::Session(net::ip::tcp::socket&& socket, SharedState& shared)
    : m_stream(std::move(socket))
    , m_shared(shared)
{
    beast::error_code ec;
    auto endpoint = m_stream.socket().remote_endpoint(ec);
    m_remote = ec ? "-" : endpoint.address().to_string();
    // Streamed responses go out as several small writes (head, chunks, last chunk); with
    // Nagle's algorithm each would wait for the client's delayed ACK, ~40 ms apiece.
    m_stream.socket().set_option(net::ip::tcp::no_delay(true), ec);
    ++m_shared.active_sessions;
}

Session::~Session()
{
    {
        std::lock_guard lock(m_shared.mutex);
        m_shared.sessions.erase(this);
    }
    --m_shared.active_sessions;
}

void Session::start()
{
    {
        std::lock_guard lock(m_shared.mutex);
        m_shared.sessions.emplace(this, weak_from_this());
    }
    net::dispatch(m_stream.get_executor(),
                  beast::bind_front_handler(&Session::read_head, shared_from_this()));
}

void Session::shut_down()
{
    net::post(m_stream.get_executor(), [self = shared_from_this()] {
        self->m_close_after_response = true;
        if (!self->m_in_flight) {
            beast::error_code ignored;
            self->m_stream.socket().close(ignored);
        }
    });
}

std::chrono::seconds Session::idle_timeout() const
{
    return std::chrono::seconds(m_shared.options.idle_timeout_seconds);
}

void Session::read_head()
{
    m_in_flight = false;
    if (m_shared.stopping || m_close_after_response)
        return close_now();
    m_started = std::chrono::steady_clock::now(); // re-set once the head is in
    m_body.clear();
    m_parser.emplace();
    m_parser->header_limit(static_cast<std::uint32_t>(m_shared.options.max_header_bytes));
    // Each route bounds its body itself. Not boost::none: Beast 1.74 compares the length
    // with the optional, and an empty optional counts as smaller than any length.
    m_parser->body_limit(std::numeric_limits<std::uint64_t>::max());
    m_stream.expires_after(idle_timeout());
    bhttp::async_read_header(
        m_stream, m_buffer, *m_parser,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_head(ec); });
}

void Session::on_head(beast::error_code ec)
{
    // The head is complete and body bytes have arrived with it: they wait in the buffer.
    if (ec == bhttp::error::need_buffer)
        ec = {};
    if (ec)
        return reject_unreadable(ec);
    m_in_flight = true;
    m_started = std::chrono::steady_clock::now();
    const auto& head = m_parser->get();
    m_method = std::string(head.method_string());
    m_path = path_of(head.target());
    if (static_cast<size_t>(std::distance(head.begin(), head.end())) >
        m_shared.options.max_header_count)
        return reject(431, "too many header fields\n");
    if (m_shared.stopping)
        m_close_after_response = true;
    bool streaming = m_shared.router.streams_body(parse_method(m_method), m_path);
    auto length = m_parser->content_length();
    if (!streaming && length && *length > m_shared.options.max_body_bytes)
        return reject(413, "request body too large\n");
    auto proceed = [self = shared_from_this(), streaming] {
        streaming ? self->dispatch(true) : self->read_whole_body();
    };
    if (!m_parser->is_done() && beast::iequals(head[bhttp::field::expect], "100-continue"))
        return send_continue(proceed);
    proceed();
}

void Session::send_continue(std::function<void()> next)
{
    auto interim =
        std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, 11);
    m_stream.expires_after(idle_timeout());
    bhttp::async_write(m_stream, *interim,
                       [self = shared_from_this(), interim, next](beast::error_code ec, size_t) {
                           if (ec)
                               return self->close_now();
                           next();
                       });
}

void Session::read_whole_body()
{
    if (m_parser->is_done())
        return dispatch(false);
    m_parser->get().body().data = m_chunk.data();
    m_parser->get().body().size = m_chunk.size();
    m_stream.expires_after(idle_timeout());
    bhttp::async_read(
        m_stream, m_buffer, *m_parser,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_body_part(ec); });
}

void Session::on_body_part(beast::error_code ec)
{
    if (ec == bhttp::error::need_buffer)
        ec = {};
    if (ec)
        return close_now();
    size_t received = m_chunk.size() - m_parser->get().body().size;
    m_body.append(m_chunk.data(), received);
    if (m_body.size() > m_shared.options.max_body_bytes)
        return reject(413, "request body too large\n");
    read_whole_body();
}

// A request head that never arrived whole: answer what can be answered, then close.
void Session::reject_unreadable(beast::error_code ec)
{
    if (ec == bhttp::error::header_limit)
        return reject(431, "request header too large\n");
    if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
        log::info("rejected request from " + m_remote + ": " + ec.message());
        return reject(400, "malformed request\n");
    }
    close_now(); // end of stream, timeout, reset, or shutdown
}

void Session::reject(int status, std::string body)
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

void Session::dispatch(bool streaming)
{
    m_stream.expires_never();
    auto& head = m_parser->get();
    auto request = std::make_shared<Request>();
    request->method_text = m_method;
    request->method = parse_method(m_method);
    request->target = std::string(head.target());
    request->path = m_path;
    if (auto question = request->target.find('?'); question != std::string::npos)
        request->query = request->target.substr(question + 1);
    for (const auto& field : head)
        request->headers.emplace_back(lower(std::string(field.name_string())),
                                      std::string(field.value()));
    request->body = std::move(m_body);
    request->remote_address = m_remote;
    m_is_head = request->method == Method::head;
    m_wants_keep_alive = !m_close_after_response && head.keep_alive();

    auto body = streaming ? std::make_shared<StreamedBody>(shared_from_this()) : nullptr;
    request->body_stream = body.get();
    net::post(m_shared.workers, [self = shared_from_this(), request, body] {
        Response response = self->handle(*request);
        // A body left unread would be taken for the next request: read a little of it,
        // and close the connection when there is more.
        bool body_consumed = !body || body->finished() || body->drain(64 * 1024);
        if (response.stream && !self->m_is_head) {
            auto streamed = self->stream_response(response);
            net::post(self->m_stream.get_executor(), [self, streamed, body_consumed,
                                                      status = response.status] {
                self->log_access(status, streamed.is_error() ? 0 : streamed.value());
                self->after_response(!streamed.is_error() && body_consumed &&
                                     self->m_wants_keep_alive && !self->m_close_after_response &&
                                     !self->m_shared.stopping);
            });
            return;
        }
        net::post(self->m_stream.get_executor(),
                  [self, body_consumed, response = std::move(response)]() mutable {
                      if (!body_consumed)
                          self->m_wants_keep_alive = false;
                      self->write(std::move(response));
                  });
    });
}

Response Session::handle(Request& request)
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

void Session::write(Response response)
{
    auto message = std::make_shared<bhttp::response<bhttp::string_body>>();
    message->version(11);
    message->result(static_cast<unsigned>(response.status));
    for (auto& [name, value] : response.headers)
        message->insert(name, value); // repeated names (Set-Cookie) stay repeated
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
                       [self = shared_from_this(), message, body_bytes, status = response.status,
                        keep_alive](beast::error_code ec, size_t) {
                           self->log_access(status, body_bytes);
                           self->after_response(!ec && keep_alive);
                       });
}

Result<size_t> Session::stream_response(Response& response)
{
    auto head = std::make_shared<bhttp::response<bhttp::empty_body>>();
    head->version(11);
    head->result(static_cast<unsigned>(response.status));
    for (auto& [name, value] : response.headers)
        head->insert(name, value);
    head->chunked(true);
    head->keep_alive(m_wants_keep_alive && !m_close_after_response);
    auto serializer = std::make_shared<bhttp::response_serializer<bhttp::empty_body>>(*head);
    auto self = shared_from_this();
    TRY(blocking([self, head, serializer](Completion done) {
        self->m_stream.expires_after(self->idle_timeout());
        bhttp::async_write_header(self->m_stream, *serializer, std::move(done));
    }));
    ChunkedSink sink(self);
    auto produced = response.stream(sink);
    if (produced.is_error()) {
        log::error("streamed response for " + m_path + " failed: " + produced.error().message);
        return produced.release_error();
    }
    TRY(blocking([self](Completion done) {
        self->m_stream.expires_after(self->idle_timeout());
        net::async_write(self->m_stream, bhttp::make_chunk_last(), std::move(done));
    }));
    return sink.bytes();
}

Result<size_t> Session::blocking(std::function<void(Completion)> start)
{
    auto promise = std::make_shared<std::promise<std::pair<beast::error_code, size_t>>>();
    auto future = promise->get_future();
    net::post(m_stream.get_executor(), [start = std::move(start), promise] {
        start([promise](beast::error_code ec, size_t n) { promise->set_value({ec, n}); });
    });
    while (future.wait_for(std::chrono::milliseconds(200)) != std::future_status::ready) {
        if (m_shared.halted)
            return Error::internal("server stopped");
    }
    auto [ec, n] = future.get();
    if (ec)
        return Error::internal("connection failed: " + ec.message());
    return n;
}

void Session::read_body_some(char* data, size_t size, Completion done)
{
    if (m_parser->is_done())
        return done({}, 0);
    m_parser->get().body().data = data;
    m_parser->get().body().size = size;
    m_stream.expires_after(idle_timeout());
    bhttp::async_read(m_stream, m_buffer, *m_parser,
                      [self = shared_from_this(), data, size,
                       done = std::move(done)](beast::error_code ec, size_t) mutable {
                          if (ec == bhttp::error::need_buffer)
                              ec = {};
                          size_t n = size - self->m_parser->get().body().size;
                          if (!ec && n == 0 && !self->m_parser->is_done())
                              return self->read_body_some(data, size, std::move(done));
                          done(ec, n);
                      });
}

void Session::log_access(int status, size_t body_bytes)
{
    auto elapsed = std::chrono::steady_clock::now() - m_started;
    double milliseconds = std::chrono::duration<double, std::milli>(elapsed).count();
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1fms", milliseconds);
    // The path only: query strings may carry secrets.
    log::info("access " + m_remote + " " + m_method + " " + m_path + " " + std::to_string(status) +
              " " + std::to_string(body_bytes) + " " + duration);
    m_method.clear();
    m_path.clear();
}

void Session::after_response(bool keep_alive)
{
    m_wants_keep_alive = false;
    if (!keep_alive)
        return finish();
    read_head();
}

// A rejected request may still be arriving: linger so that the client reads our answer.
// After a complete request nothing is unread, so the socket closes at once.
void Session::finish()
{
    if (m_rejected)
        return close_gracefully();
    close_now();
}

// Half-closes, then discards what the client still sends for a moment.
void Session::close_gracefully()
{
    m_in_flight = false;
    beast::error_code ignored;
    m_stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    m_stream.expires_after(std::chrono::seconds(2));
    drain();
}

void Session::drain()
{
    m_stream.async_read_some(net::buffer(m_chunk),
                             [self = shared_from_this()](beast::error_code ec, size_t n) {
                                 self->m_drained += n;
                                 if (ec || self->m_drained > (1u << 20))
                                     return self->close_now();
                                 self->drain();
                             });
}

void Session::close_now()
{
    m_in_flight = false;
    beast::error_code ignored;
    m_stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    m_stream.socket().close(ignored);
}

} // namespace forge::http::detail
