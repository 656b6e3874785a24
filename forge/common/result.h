// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace forge {

// Few codes, each implying one HTTP status (mapped in forge/http only).
enum class ErrorCode {
    invalid_argument, // 400
    unauthenticated,  // 401
    forbidden,        // 403
    not_found,        // 404
    conflict,         // 409
    too_large,        // 413
    unprocessable,    // 422
    rate_limited,     // 429
    internal,         // 500
};

// `message` is safe to show to the client: lower-case, no final period, no internals.
struct Error {
    ErrorCode code;
    std::string message;

    static Error invalid_argument(std::string m)
    {
        return {ErrorCode::invalid_argument, std::move(m)};
    }
    static Error unauthenticated(std::string m)
    {
        return {ErrorCode::unauthenticated, std::move(m)};
    }
    static Error forbidden(std::string m) { return {ErrorCode::forbidden, std::move(m)}; }
    static Error not_found(std::string m) { return {ErrorCode::not_found, std::move(m)}; }
    static Error conflict(std::string m) { return {ErrorCode::conflict, std::move(m)}; }
    static Error too_large(std::string m) { return {ErrorCode::too_large, std::move(m)}; }
    static Error unprocessable(std::string m) { return {ErrorCode::unprocessable, std::move(m)}; }
    static Error rate_limited(std::string m) { return {ErrorCode::rate_limited, std::move(m)}; }
    static Error internal(std::string m) { return {ErrorCode::internal, std::move(m)}; }
};

// A value or an Error. Construct from either; test with is_error() before taking.
template <typename T> class [[nodiscard]] Result {
  public:
    Result(T value)
        : m_state(std::move(value))
    {
    }
    Result(Error error)
        : m_state(std::move(error))
    {
    }

    bool is_error() const { return std::holds_alternative<Error>(m_state); }
    explicit operator bool() const { return !is_error(); }

    T& value()
    {
        assert(!is_error());
        return std::get<T>(m_state);
    }
    const T& value() const
    {
        assert(!is_error());
        return std::get<T>(m_state);
    }
    T release_value() { return std::move(value()); }
    const Error& error() const
    {
        assert(is_error());
        return std::get<Error>(m_state);
    }
    Error release_error() { return std::move(std::get<Error>(m_state)); }

    T* operator->() { return &value(); }
    T& operator*() { return value(); }

  private:
    std::variant<T, Error> m_state;
};

template <> class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_failed(true)
    {
    }

    bool is_error() const { return m_failed; }
    explicit operator bool() const { return !m_failed; }
    void release_value() {}
    const Error& error() const
    {
        assert(m_failed);
        return m_error;
    }
    Error release_error() { return std::move(m_error); }

  private:
    Error m_error{ErrorCode::internal, {}};
    bool m_failed = false;
};

} // namespace forge

// Evaluates a Result-returning expression; on error returns the error from the enclosing
// function, otherwise yields the value. GNU statement expression, hence __extension__;
// the temporary gets a unique name so that nested TRYs (in lambdas) do not shadow.
// Use it only as a whole statement or initializer, never inside a braced initializer or
// a function's argument list: GCC does not destroy what was already built there when the
// statement expression returns.
#define FORGE_TRY_CONCAT_INNER(a, b) a##b
#define FORGE_TRY_CONCAT(a, b) FORGE_TRY_CONCAT_INNER(a, b)
#define FORGE_TRY_WITH(expression, name)                                                           \
    __extension__({                                                                                \
        auto name = (expression);                                                                  \
        if (name.is_error())                                                                       \
            return name.release_error();                                                           \
        name.release_value();                                                                      \
    })
#define TRY(expression) FORGE_TRY_WITH(expression, FORGE_TRY_CONCAT(forge_try_, __COUNTER__))
