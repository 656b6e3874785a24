// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <optional>
#include <string_view>

namespace auth {

// Who may see a project at all, before any grant.
enum class Visibility { public_, internal, private_ };

// Ordered: each level includes the ones before it.
enum class AccessLevel { none = 0, read, write, maintain, admin };

// Roles in a group, strongest first in meaning: owner > maintainer > member > reporter.
enum class GroupRole { reporter, member, maintainer, owner };

std::optional<Visibility> parse_visibility(std::string_view);
std::optional<AccessLevel> parse_access_level(std::string_view); // "none" is not accepted
std::optional<GroupRole> parse_group_role(std::string_view);

std::string_view to_string(Visibility);
std::string_view to_string(AccessLevel);
std::string_view to_string(GroupRole);

// What a role in the owning group gives on that group's projects.
AccessLevel level_of(GroupRole);

} // namespace auth
