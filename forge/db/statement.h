// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3_stmt;

namespace forge::db {

// A prepared statement borrowed from a Connection's cache; reset and unbound when it
// goes out of scope. Parameters are 1-based as in SQLite, columns 0-based.
class Statement {
  public:
    explicit Statement(sqlite3_stmt* handle)
        : m_handle(handle)
    {
    }
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;

    Statement& bind(int index, int64_t value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value)
    {
        return bind(index, std::string_view(value));
    }
    Statement& bind(int index, std::optional<int64_t> value);
    Statement& bind_blob(int index, std::string_view bytes);
    Statement& bind_null(int index);

    // Advances: true when a row is available, false when done. Constraint violations
    // map to conflict; anything else to internal.
    Result<bool> step();
    // Runs a statement that returns no rows.
    Result<void> run();

    int64_t int_at(int column) const;
    std::string text_at(int column) const;
    std::optional<int64_t> optional_int_at(int column) const;
    bool is_null(int column) const;

  private:
    sqlite3_stmt* m_handle;
};

} // namespace forge::db
