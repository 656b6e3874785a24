// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/cli/cli.h"
#include "forge/cli/commands.h"
#include "forge/common/log.h"
#include "forge/http/api/api_routes.h"
#include "forge/http/git_routes.h"
#include "forge/http/health_routes.h"
#include "forge/http/router.h"
#include "forge/http/server.h"
#include "forge/services/account_service.h"
#include "ui/web.h"

#include <iostream>

namespace forge::cli {

namespace {

http::ServerOptions server_options(const Config& config)
{
    http::ServerOptions options;
    options.host = config.listen_host();
    options.port = config.listen_port();
    options.idle_timeout_seconds = static_cast<int>(config.server.idle_timeout);
    options.shutdown_timeout_seconds = static_cast<int>(config.server.shutdown_timeout);
    options.max_body_bytes = static_cast<size_t>(config.server.max_body);
    return options;
}

} // namespace

int serve_command(const Config& config)
{
    if (!config.tls.cert.empty())
        return fail(exit_usage, "tls.cert is set, but serving HTTPS directly is not available "
                                "yet: terminate TLS in the reverse proxy (conf/nginx.conf)");
    services::Services::Options options;
    options.pack_cache_bytes = static_cast<uint64_t>(config.cache.packs);
    auto opened = services::Services::open(config.storage.data, options);
    if (opened.is_error())
        return fail(exit_failure, opened.error().message);
    auto& services = *opened.value();

    auto first = services::ensure_first_administrator(services);
    if (first.is_error())
        return fail(exit_failure, first.error().message);
    if (first.value()) {
        std::cout << "created administrator \"" << first.value()->name
                  << "\" with password: " << first.value()->password << std::endl;
    }

    http::Router router;
    http::add_health_routes(router, services);
    http::add_git_routes(router, services);
    http::add_api_routes(router, services, config.server.base_url);
    auto web = ui::add_web_routes(router, services, ui::WebOptions{config.server.base_url});
    if (web.is_error())
        return fail(exit_failure, web.error().message);

    http::Server server(server_options(config), router);
    auto served = server.run([&](const std::string& address) {
        log::info("forge " FORGE_VERSION " serving " + config.storage.data + " at " +
                  config.server.base_url);
        std::cout << "listening on http://" << address << std::endl;
    });
    if (served.is_error())
        return fail(exit_failure, served.error().message);
    return exit_ok;
}

} // namespace forge::cli
