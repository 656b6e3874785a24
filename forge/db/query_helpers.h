// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// For the store files only: pieces of SQL that several stores share.

#include "forge/db/project_store.h"
#include "forge/db/statement.h"

#include <string>
#include <string_view>

namespace forge::db {

// Whether the project aliased `p` is readable by the ProjectReader bound with
// bind_reader() (parameters ?90 and ?91). Must say exactly what auth::decide() says at
// level read, for each ProjectReader::Kind (nothing 0, public_only 1, signed_in 2,
// everything 3, involved 4): every role in the owning group and every grant level gives
// read. tests/unit/services/explore_service_test.cpp compares the two.
#define FORGE_READABLE_PROJECT                                                                     \
    "(?90 = 3 OR (?90 IN (1, 2) AND p.visibility = 'public') "                                     \
    "OR (?90 = 2 AND p.visibility = 'internal') "                                                  \
    "OR (?90 IN (2, 4) AND (p.owner_user_id = ?91 "                                                \
    "OR EXISTS (SELECT 1 FROM group_members rm WHERE rm.group_id = p.owner_group_id "              \
    "AND rm.user_id = ?91) "                                                                       \
    "OR EXISTS (SELECT 1 FROM project_grants rg WHERE rg.project_id = p.id AND (rg.user_id = ?91 " \
    "OR rg.group_id IN (SELECT rgm.group_id FROM group_members rgm WHERE rgm.user_id = ?91))))))"

inline void bind_reader(Statement& statement, const ProjectReader& reader)
{
    statement.bind(90, static_cast<int64_t>(reader.kind));
    statement.bind(91, reader.user_id);
}

// A LIKE pattern (used with ESCAPE '\') matching every text that contains `text`, with
// the wildcards % and _ in `text` taken literally.
inline std::string contains_pattern(std::string_view text)
{
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\')
            pattern += '\\';
        pattern += c;
    }
    pattern += '%';
    return pattern;
}

} // namespace forge::db
