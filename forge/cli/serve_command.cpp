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
#include "forge/mail/message.h"
#include "forge/mail/outbox.h"
#include "forge/mail/smtp_client.h"
#include "forge/services/account_service.h"
#include "ui/web.h"

#include <iostream>
#include <memory>

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

mail::SmtpSettings smtp_settings(const Config& config)
{
    mail::SmtpSettings settings;
    settings.host = config.mail.host;
    settings.port = static_cast<uint16_t>(config.mail.port);
    settings.user = config.mail.user;
    settings.password = config.mail.password;
    settings.starttls = config.mail.starttls;
    return settings;
}

// The sender of the mail outbox, only when a relay is configured: without mail.host no
// thread runs and nothing is ever sent.
std::unique_ptr<mail::OutboxSender> mail_sender(const Config& config, db::Database& database)
{
    if (config.mail.host.empty())
        return nullptr;
    mail::OutboxOptions options;
    options.from = mail::parse_mailbox(config.mail.from).release_value(); // validated
    auto sender = std::make_unique<mail::OutboxSender>(
        database, options,
        [settings = smtp_settings(config)](const mail::Message& message,
                                           const std::atomic<bool>* stop) {
            return mail::send_mail(settings, message, stop);
        });
    log::info("mail: sending notifications through " + config.mail.host + ":" +
              std::to_string(config.mail.port) + " as " + options.from.address);
    return sender;
}

} // namespace

int serve_command(const Config& config)
{
    if (!config.tls.cert.empty())
        return fail(exit_usage, "tls.cert is set, but serving HTTPS directly is not available "
                                "yet: terminate TLS in the reverse proxy (conf/nginx.conf)");
    services::Services::Options options;
    options.pack_cache_bytes = static_cast<uint64_t>(config.cache.packs);
    options.mail_enabled = !config.mail.host.empty();
    options.base_url = config.server.base_url;
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
    auto sender = mail_sender(config, services.database());
    auto served = server.run([&](const std::string& address) {
        log::info("forge " FORGE_VERSION " serving " + config.storage.data + " at " +
                  config.server.base_url);
        std::cout << "listening on http://" << address << std::endl;
        if (sender)
            sender->start();
    });
    // The server has stopped (SIGTERM or SIGINT); so does the sender, mid-conversation too.
    if (sender)
        sender->stop();
    if (served.is_error())
        return fail(exit_failure, served.error().message);
    return exit_ok;
}

} // namespace forge::cli
