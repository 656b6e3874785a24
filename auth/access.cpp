// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "auth/access.h"

namespace auth {

std::optional<Visibility> parse_visibility(std::string_view text)
{
    if (text == "public")
        return Visibility::public_;
    if (text == "internal")
        return Visibility::internal;
    if (text == "private")
        return Visibility::private_;
    return std::nullopt;
}

std::optional<AccessLevel> parse_access_level(std::string_view text)
{
    if (text == "read")
        return AccessLevel::read;
    if (text == "write")
        return AccessLevel::write;
    if (text == "maintain")
        return AccessLevel::maintain;
    if (text == "admin")
        return AccessLevel::admin;
    return std::nullopt;
}

std::optional<GroupRole> parse_group_role(std::string_view text)
{
    if (text == "owner")
        return GroupRole::owner;
    if (text == "maintainer")
        return GroupRole::maintainer;
    if (text == "member")
        return GroupRole::member;
    if (text == "reporter")
        return GroupRole::reporter;
    return std::nullopt;
}

std::string_view to_string(Visibility visibility)
{
    switch (visibility) {
    case Visibility::public_:
        return "public";
    case Visibility::internal:
        return "internal";
    case Visibility::private_:
        return "private";
    }
    return "private";
}

std::string_view to_string(AccessLevel level)
{
    switch (level) {
    case AccessLevel::none:
        return "none";
    case AccessLevel::read:
        return "read";
    case AccessLevel::write:
        return "write";
    case AccessLevel::maintain:
        return "maintain";
    case AccessLevel::admin:
        return "admin";
    }
    return "none";
}

std::string_view to_string(GroupRole role)
{
    switch (role) {
    case GroupRole::owner:
        return "owner";
    case GroupRole::maintainer:
        return "maintainer";
    case GroupRole::member:
        return "member";
    case GroupRole::reporter:
        return "reporter";
    }
    return "reporter";
}

AccessLevel level_of(GroupRole role)
{
    switch (role) {
    case GroupRole::owner:
        return AccessLevel::admin;
    case GroupRole::maintainer:
        return AccessLevel::maintain;
    case GroupRole::member:
        return AccessLevel::write;
    case GroupRole::reporter:
        return AccessLevel::read;
    }
    return AccessLevel::none;
}

} // namespace auth
