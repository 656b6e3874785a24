// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// For the store files only: pieces of SQL that several stores share.

#include "forge/db/project_store.h"
#include "forge/db/statement.h"

#include <cctype>
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
    "OR (?90 IN (2, 4) AND p.id IN (" FORGE_INVOLVED_PROJECT_IDS ")))"

// The ids of the projects user ?91 is involved in: owns, belongs to the owning group of,
// or holds a grant on, directly or through a group. One uncorrelated set, built once per
// query from the indexes by user, instead of lookups for every project.
#define FORGE_INVOLVED_PROJECT_IDS                                                                 \
    "SELECT ip.id FROM projects ip WHERE ip.owner_user_id = ?91 "                                  \
    "UNION ALL SELECT ip.id FROM projects ip "                                                     \
    "JOIN group_members im ON im.group_id = ip.owner_group_id WHERE im.user_id = ?91 "             \
    "UNION ALL SELECT ig.project_id FROM project_grants ig WHERE ig.user_id = ?91 "                \
    "UNION ALL SELECT ig.project_id FROM project_grants ig "                                       \
    "JOIN group_members im ON im.group_id = ig.group_id WHERE im.user_id = ?91"

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

// Plain words to an FTS5 query that matches texts containing all of them (each word also
// as a prefix), with no operator of FTS5's syntax left to the user.
// The indexes hold "ss" for every "ß" (see migrations 6 and 7), so that both spellings of German
// words find each other; queries are folded the same way.
inline std::string fts_words_query(std::string_view text)
{
    std::string query;
    std::string word;
    auto flush = [&] {
        if (word.empty())
            return;
        if (!query.empty())
            query += ' ';
        query += '"' + word + "\"*";
        word.clear();
    };
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned char u = static_cast<unsigned char>(text[i]);
        if (text.compare(i, 2, "\xc3\x9f") == 0) {
            word += "ss";
            ++i;
        } else if (u >= 0x80 || std::isalnum(u)) {
            word += text[i];
        } else {
            flush();
        }
    }
    flush();
    return query;
}

} // namespace forge::db
