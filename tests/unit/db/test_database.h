// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// Shared by the unit tests of forge/db and auth: a real SQLite file in a fresh temporary
// directory, removed again when the test ends. No mocks.

#include "forge/common/result.h"
#include "forge/db/database.h"
#include "forge/db/statement.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace forge::test {

inline const char* error_code_name(ErrorCode code)
{
    switch (code) {
    case ErrorCode::invalid_argument:
        return "invalid_argument";
    case ErrorCode::unauthenticated:
        return "unauthenticated";
    case ErrorCode::forbidden:
        return "forbidden";
    case ErrorCode::not_found:
        return "not_found";
    case ErrorCode::conflict:
        return "conflict";
    case ErrorCode::too_large:
        return "too_large";
    case ErrorCode::unprocessable:
        return "unprocessable";
    case ErrorCode::rate_limited:
        return "rate_limited";
    case ErrorCode::internal:
        return "internal";
    }
    return "unknown";
}

inline std::string describe(const Error& error)
{
    return std::string(error_code_name(error.code)) + ": " + error.message;
}

// The value of a Result, or an exception that Catch2 reports with the error's text (for
// set-up steps whose failure makes the rest of the test meaningless).
template <typename T> T unwrap(Result<T> result)
{
    if (result.is_error())
        throw std::runtime_error("unexpected error " + describe(result.error()));
    return result.release_value();
}

// The first column of the first row of `sql`, which must be a string literal: Connection
// caches prepared statements by the address of their text.
inline Result<int64_t> scalar(db::Connection& connection, const char* sql)
{
    auto statement = TRY(connection.prepare(sql));
    if (!TRY(statement.step()))
        return Error::internal("query returned no row");
    return statement.int_at(0);
}

// A directory under the system's temporary directory with a name no other test run uses;
// removed with everything in it on destruction.
class TempDirectory {
  public:
    TempDirectory()
    {
        std::random_device entropy;
        std::uniform_int_distribution<uint64_t> pick;
        auto base = std::filesystem::temp_directory_path();
        for (int attempt = 0; attempt < 100; ++attempt) {
            auto candidate = base / ("forge-unit-" + std::to_string(pick(entropy)));
            if (std::filesystem::create_directory(candidate)) {
                m_path = candidate;
                return;
            }
        }
        throw std::runtime_error("cannot create a temporary directory");
    }
    ~TempDirectory()
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    TempDirectory(const TempDirectory&) = delete;
    TempDirectory& operator=(const TempDirectory&) = delete;

    const std::filesystem::path& path() const { return m_path; }

  private:
    std::filesystem::path m_path;
};

// A database file `forge.db` in its own temporary directory, opened (and so migrated).
// Members are destroyed in reverse order: the database closes before the files go.
struct TempDatabase {
    TempDirectory directory;
    std::string path = (directory.path() / "forge.db").string();
    std::unique_ptr<db::Database> database = unwrap(db::Database::open(path));

    db::Database& operator*() { return *database; }
    db::Database* operator->() { return database.get(); }

    // Closes the database; reopen() opens the same file again.
    void close() { database.reset(); }
    void reopen() { database = unwrap(db::Database::open(path)); }

    // Runs `body` in a write transaction and unwraps its result.
    template <typename Body> auto write(Body&& body)
    {
        return unwrap(database->write(std::forward<Body>(body)));
    }
    template <typename Body> auto read(Body&& body)
    {
        return unwrap(database->read(std::forward<Body>(body)));
    }
};

} // namespace forge::test

namespace Catch {

template <> struct StringMaker<forge::ErrorCode> {
    static std::string convert(forge::ErrorCode code) { return forge::test::error_code_name(code); }
};

} // namespace Catch
