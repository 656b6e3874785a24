// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// Internal to forge/http: included only by the server's own .cpp files, since it brings
// in Boost.Asio.

#include "forge/http/server.h"

#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace forge::http {

class Router;

namespace detail {

class Session;

// What every session of one server shares.
struct SharedState {
    SharedState(const Router& r, ServerOptions o, boost::asio::thread_pool& w)
        : router(r)
        , options(std::move(o))
        , workers(w)
    {
    }

    const Router& router;
    ServerOptions options;
    boost::asio::thread_pool& workers;
    std::atomic<bool> stopping{false};
    std::atomic<bool> halted{false}; // the event loop is gone: blocked workers give up
    std::atomic<int> active_sessions{0};
    std::mutex mutex;
    std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
};

} // namespace detail
} // namespace forge::http
