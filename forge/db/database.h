// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/db/statement.h"

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace forge::db {

// One SQLite connection with its cache of prepared statements. Not thread-safe: a
// connection is used by one thread at a time, lent out by Database.
class Connection {
  public:
    explicit Connection(sqlite3* handle);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Prepares `sql` once per connection and hands out the cached statement, reset.
    // Fails with internal when the SQL does not compile (a programming error).
    Result<Statement> prepare(const char* sql);
    // For statements without parameters or results (pragmas, BEGIN/COMMIT).
    Result<void> execute(const char* sql);
    int64_t last_insert_id() const;
    int changes() const;
    sqlite3* handle() { return m_handle; }

  private:
    sqlite3* m_handle;
    std::unordered_map<std::string, sqlite3_stmt*> m_cache;
};

// The database file: a pool of connections, WAL mode, foreign keys, busy timeout.
// Reads run concurrently; writes are serialised inside this process by a mutex and
// across processes (the CLI beside `forge serve`) by BEGIN IMMEDIATE plus the busy
// timeout, so no writer ever sees "database is locked" or loses a write.
class Database {
  public:
    // Opens (creating when missing) the file and applies pending migrations.
    static Result<std::unique_ptr<Database>> open(const std::string& path);
    ~Database();

    // `body` takes a Connection& and returns a Result; read() returns that Result.
    template <typename Body> auto read(Body&& body) -> decltype(body(std::declval<Connection&>()));
    // Runs `body` in one transaction: committed when it returns a value, rolled back
    // when it returns an error.
    template <typename Body> auto write(Body&& body) -> decltype(body(std::declval<Connection&>()));

    const std::string& path() const { return m_path; }

  private:
    explicit Database(std::string path);
    Result<std::unique_ptr<Connection>> acquire();
    void release(std::unique_ptr<Connection>);
    Result<void> begin_immediate(Connection&);

    std::string m_path;
    std::mutex m_pool_mutex;
    std::vector<std::unique_ptr<Connection>> m_idle;
    std::mutex m_write_mutex;
};

template <typename Body>
auto Database::read(Body&& body) -> decltype(body(std::declval<Connection&>()))
{
    auto connection = TRY(acquire());
    auto result = body(*connection);
    release(std::move(connection));
    return result;
}

template <typename Body>
auto Database::write(Body&& body) -> decltype(body(std::declval<Connection&>()))
{
    std::lock_guard lock(m_write_mutex);
    auto connection = TRY(acquire());
    if (auto begun = begin_immediate(*connection); begun.is_error()) {
        release(std::move(connection));
        return begun.release_error();
    }
    auto result = body(*connection);
    auto finished = connection->execute(result.is_error() ? "ROLLBACK" : "COMMIT");
    if (finished.is_error()) {
        (void)connection->execute("ROLLBACK");
        release(std::move(connection));
        return finished.release_error();
    }
    release(std::move(connection));
    return result;
}

} // namespace forge::db
