// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/database.h"

#include "forge/db/migrations.h"

#include <sqlite3.h>

namespace forge::db {

namespace {

// Long enough to outlast any single write of a concurrent process (the CLI), short
// enough that a wedged writer surfaces as an error instead of a hung request.
constexpr int busy_timeout_ms = 15000;

Result<sqlite3*> open_handle(const std::string& path)
{
    sqlite3* handle = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string detail = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
        sqlite3_close(handle);
        return Error::internal("cannot open database '" + path + "': " + detail);
    }
    sqlite3_busy_timeout(handle, busy_timeout_ms);
    sqlite3_extended_result_codes(handle, 1);
    return handle;
}

} // namespace

Connection::Connection(sqlite3* handle)
    : m_handle(handle)
{
}

Connection::~Connection()
{
    for (auto& [sql, statement] : m_cache)
        sqlite3_finalize(statement);
    sqlite3_close(m_handle);
}

Result<Statement> Connection::prepare(const char* sql)
{
    if (auto cached = m_cache.find(sql); cached != m_cache.end())
        return Statement(cached->second);
    sqlite3_stmt* statement = nullptr;
    int rc = sqlite3_prepare_v3(m_handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK)
        return Error::internal(std::string("cannot prepare statement: ") +
                               sqlite3_errmsg(m_handle));
    m_cache.emplace(sql, statement);
    return Statement(statement);
}

Result<void> Connection::execute(const char* sql)
{
    char* message = nullptr;
    int rc = sqlite3_exec(m_handle, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string detail = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        return Error::internal("database error: " + detail);
    }
    return {};
}

int64_t Connection::last_insert_id() const
{
    return sqlite3_last_insert_rowid(m_handle);
}

int Connection::changes() const
{
    return sqlite3_changes(m_handle);
}

Database::Database(std::string path)
    : m_path(std::move(path))
{
}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::open(const std::string& path)
{
    std::unique_ptr<Database> database(new Database(path));
    auto connection = TRY(database->acquire());
    // WAL lets readers run beside the one writer; it is a property of the file.
    TRY(connection->execute("PRAGMA journal_mode = WAL"));
    auto migrated = database->write([](Connection& c) { return apply_migrations(c); });
    database->release(std::move(connection));
    if (migrated.is_error())
        return migrated.release_error();
    return database;
}

Result<std::unique_ptr<Connection>> Database::acquire()
{
    {
        std::lock_guard lock(m_pool_mutex);
        if (!m_idle.empty()) {
            auto connection = std::move(m_idle.back());
            m_idle.pop_back();
            return connection;
        }
    }
    auto* handle = TRY(open_handle(m_path));
    auto connection = std::make_unique<Connection>(handle);
    TRY(connection->execute("PRAGMA foreign_keys = ON"));
    TRY(connection->execute("PRAGMA synchronous = NORMAL"));
    return connection;
}

void Database::release(std::unique_ptr<Connection> connection)
{
    std::lock_guard lock(m_pool_mutex);
    m_idle.push_back(std::move(connection));
}

Result<void> Database::begin_immediate(Connection& connection)
{
    // The busy handler covers BEGIN IMMEDIATE, but a checkpoint or another process's
    // long write can outlast it once; retry a few times before giving up.
    for (int attempt = 0;; ++attempt) {
        auto begun = connection.execute("BEGIN IMMEDIATE");
        if (!begun.is_error() || attempt == 3)
            return begun;
    }
}

} // namespace forge::db
