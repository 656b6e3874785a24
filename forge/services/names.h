// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstddef>
#include <string_view>

namespace forge::services {

// Names of users, groups and projects become URL segments: 1-64 characters of
// a-z 0-9 . _ -, not starting with '.' or '-', not ending in ".git", and not a word the
// URL space reserves (admin, api, explore, ...). `what` ("user", "group", "project")
// starts the message of the invalid_argument error.
forge::Result<void> validate_name(std::string_view what, std::string_view name);

bool is_reserved_name(std::string_view name);

// A plausible e-mail address: one '@' with text on both sides, a dot in the domain, no
// spaces or control characters, at most 254 characters. Deliverability is not checked.
forge::Result<void> validate_email(std::string_view email);

inline constexpr size_t maximum_display_name_length = 100;
inline constexpr size_t maximum_description_length = 2000;

// Free text shown beside a name. A line has no control characters; paragraphs may also
// hold line breaks and tabs. invalid_argument, starting with `what`, when the text is
// longer than `maximum` bytes or has a character its kind does not allow.
enum class TextKind { line, paragraphs };
forge::Result<void> validate_text(std::string_view what, std::string_view text, size_t maximum,
                                  TextKind);

} // namespace forge::services
