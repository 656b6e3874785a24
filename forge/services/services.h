// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "auth/authenticator.h"
#include "auth/resolver.h"
#include "forge/common/result.h"
#include "forge/db/database.h"
#include "gitcore/pack_cache.h"
#include "gitcore/repo_store.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace forge::services {

// Who causes a change: a signed-in user, or the operator at the command line (who may do
// everything, as root on the machine could anyway). Recorded in the audit log.
struct Actor {
    auth::Viewer viewer;
    std::string name;
    std::string address; // client address, empty for the command line
    bool is_operator = false;

    static Actor command_line();
    static Actor system();
    static Actor user(const db::UserRow&, std::string address);
};

// Everything the services work on: the database, the repositories and the rights
// resolver. One per process; shared by the web UI, the API and the CLI.
class Services {
  public:
    struct Options {
        uint64_t pack_cache_bytes = 0; // size of <data>/cache/packs; 0: no pack cache
        // Notifications are also queued as e-mail (sent by mail/outbox) when a relay is
        // configured; links in them start with base_url.
        bool mail_enabled = false;
        std::string base_url;
    };

    // Opens <data>/forge.db (migrating it) and <data>/repos, creating what is missing.
    static Result<std::unique_ptr<Services>> open(const std::filesystem::path& data_directory,
                                                  Options options);
    static Result<std::unique_ptr<Services>> open(const std::filesystem::path& data_directory)
    {
        return open(data_directory, Options{});
    }

    db::Database& database() { return *m_database; }
    gitcore::RepoStore& repos() { return m_repos; }
    auth::Resolver& resolver() { return m_resolver; }
    auth::Authenticator& authenticator() { return m_authenticator; }
    gitcore::PackCache& pack_cache() { return m_pack_cache; }
    const std::filesystem::path& data_directory() const { return m_data_directory; }
    const Options& options() const { return m_options; }

    // Whether the database answers a query and the repository directory exists.
    Result<void> check_health();

  private:
    Services(std::filesystem::path data_directory, std::unique_ptr<db::Database>, Options);

    std::filesystem::path m_data_directory;
    Options m_options;
    std::unique_ptr<db::Database> m_database;
    gitcore::RepoStore m_repos;
    auth::Resolver m_resolver;
    auth::Authenticator m_authenticator;
    gitcore::PackCache m_pack_cache;
};

// Appends to the audit log inside the caller's transaction.
Result<void> record(db::Connection&, const Actor&, std::string action, std::string target,
                    std::string detail = {});
// The same for a change to one project, so that its entries can be found by project id
// after renames and transfers.
Result<void> record_for_project(db::Connection&, const Actor&, int64_t project_id,
                                std::string action, std::string target, std::string detail = {});

} // namespace forge::services
