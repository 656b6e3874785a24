// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace forge::http {

class Router;

struct ServerOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 8080;              // 0: the system picks a free port
    int idle_timeout_seconds = 30;     // silence allowed, and time to send a request head
    int shutdown_timeout_seconds = 30; // how long requests in flight may take at shutdown
    size_t max_body_bytes = 1 << 20;
    size_t max_header_bytes = 16 * 1024;
    size_t max_header_count = 100;
    int network_threads = 0; // 0: one per core
    int worker_threads = 0;  // 0: four per core, at least 4 (handlers block on SQLite, git)
};

// The HTTP/1.1 server: keep-alive, limits, an access-log line per request, and graceful
// shutdown. Network threads only move bytes; handlers run on a separate worker pool so
// that blocking work never stalls other connections.
class Server {
  public:
    Server(ServerOptions, const Router&);
    ~Server();

    // Binds, calls `on_listening` with "host:port" as bound, and serves until SIGTERM or
    // SIGINT. Then it stops accepting, closes idle connections, lets requests whose head
    // has arrived finish (up to the shutdown timeout) and returns. Fails when the address
    // cannot be bound.
    Result<void> run(const std::function<void(const std::string&)>& on_listening);

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace forge::http
