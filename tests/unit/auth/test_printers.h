// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// Lets Catch2 print the rights vocabulary by name in failed assertions.

#include "auth/access.h"

#include <catch2/catch.hpp>

#include <string>

namespace Catch {

template <> struct StringMaker<auth::AccessLevel> {
    static std::string convert(auth::AccessLevel level) { return std::string(to_string(level)); }
};

template <> struct StringMaker<auth::Visibility> {
    static std::string convert(auth::Visibility visibility)
    {
        return std::string(to_string(visibility));
    }
};

template <> struct StringMaker<auth::GroupRole> {
    static std::string convert(auth::GroupRole role) { return std::string(to_string(role)); }
};

} // namespace Catch
