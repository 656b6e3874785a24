// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/statement.h"

#include <sqlite3.h>

namespace forge::db {

Statement::~Statement()
{
    if (m_handle) {
        sqlite3_reset(m_handle);
        sqlite3_clear_bindings(m_handle);
    }
}

Statement::Statement(Statement&& other) noexcept
    : m_handle(other.m_handle)
{
    other.m_handle = nullptr;
}

Statement& Statement::bind(int index, int64_t value)
{
    sqlite3_bind_int64(m_handle, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value)
{
    // An empty view may have no data pointer, which SQLite would bind as NULL.
    const char* text = value.data() ? value.data() : "";
    sqlite3_bind_text64(m_handle, index, text, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement& Statement::bind(int index, std::optional<int64_t> value)
{
    return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_blob(int index, std::string_view bytes)
{
    sqlite3_bind_blob64(m_handle, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind_null(int index)
{
    sqlite3_bind_null(m_handle, index);
    return *this;
}

Result<bool> Statement::step()
{
    int rc = sqlite3_step(m_handle);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    sqlite3* db = sqlite3_db_handle(m_handle);
    std::string detail = sqlite3_errmsg(db);
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return Error::conflict("constraint violated: " + detail);
    return Error::internal("database error: " + detail);
}

Result<void> Statement::run()
{
    while (TRY(step())) {
    }
    return {};
}

int64_t Statement::int_at(int column) const
{
    return sqlite3_column_int64(m_handle, column);
}

std::string Statement::text_at(int column) const
{
    auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_handle, column));
    if (!text)
        return {};
    return std::string(text, static_cast<size_t>(sqlite3_column_bytes(m_handle, column)));
}

std::optional<int64_t> Statement::optional_int_at(int column) const
{
    if (is_null(column))
        return std::nullopt;
    return int_at(column);
}

bool Statement::is_null(int column) const
{
    return sqlite3_column_type(m_handle, column) == SQLITE_NULL;
}

} // namespace forge::db
