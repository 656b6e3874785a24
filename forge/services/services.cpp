// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/services.h"

#include "forge/common/clock.h"
#include "forge/db/audit_store.h"
#include "forge/db/user_store.h"

#include <system_error>

namespace forge::services {

namespace fs = std::filesystem;

Actor Actor::command_line()
{
    return Actor{auth::Viewer::anonymous(), "command line", "", true};
}

Actor Actor::system()
{
    return Actor{auth::Viewer::anonymous(), "forge", "", true};
}

Actor Actor::user(const db::UserRow& row, std::string address)
{
    return Actor{auth::Viewer{row.id, row.is_admin, row.is_blocked}, row.name, std::move(address),
                 false};
}

Services::Services(fs::path data_directory, std::unique_ptr<db::Database> database, Options options)
    : m_data_directory(std::move(data_directory))
    , m_options(options)
    , m_database(std::move(database))
    , m_repos(m_data_directory / "repos")
    , m_resolver(*m_database)
    , m_authenticator(*m_database)
    , m_pack_cache(m_data_directory / "cache" / "packs", options.pack_cache_bytes)
{
}

Result<std::unique_ptr<Services>> Services::open(const fs::path& given_directory, Options options)
{
    std::error_code ec;
    // Absolute, because git child processes run with other working directories.
    fs::path data_directory = fs::absolute(given_directory, ec).lexically_normal();
    if (ec)
        return Error::internal("cannot resolve data directory '" + given_directory.string() + "'");
    fs::create_directories(data_directory / "repos", ec);
    if (ec)
        return Error::internal("cannot create data directory '" + data_directory.string() +
                               "': " + ec.message());
    auto database = TRY(db::Database::open((data_directory / "forge.db").string()));
    return std::unique_ptr<Services>(new Services(data_directory, std::move(database), options));
}

Result<void> Services::check_health()
{
    TRY(m_database->read([](db::Connection& c) { return db::user_store::count(c); }));
    std::error_code ec;
    if (!fs::is_directory(m_repos.root(), ec))
        return Error::internal("repository directory '" + m_repos.root().string() + "' is missing");
    return {};
}

namespace {

db::AuditEntry entry_for(const Actor& actor, std::string action, std::string target,
                         std::string detail)
{
    db::AuditEntry entry;
    entry.at = unix_now();
    entry.actor_id = actor.viewer.user_id;
    entry.actor_name = actor.name;
    entry.action = std::move(action);
    entry.target = std::move(target);
    entry.detail = std::move(detail);
    entry.address = actor.address;
    return entry;
}

} // namespace

Result<void> record(db::Connection& c, const Actor& actor, std::string action, std::string target,
                    std::string detail)
{
    auto entry = entry_for(actor, std::move(action), std::move(target), std::move(detail));
    return db::audit_store::append(c, entry);
}

Result<void> record_for_project(db::Connection& c, const Actor& actor, int64_t project_id,
                                std::string action, std::string target, std::string detail)
{
    auto entry = entry_for(actor, std::move(action), std::move(target), std::move(detail));
    entry.project_id = project_id;
    return db::audit_store::append(c, entry);
}

} // namespace forge::services
