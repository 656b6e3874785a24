// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/db/sign_in_failure_store.h"

#include "forge/db/database.h"

namespace forge::db::sign_in_failure_store {

namespace {

Result<Recent> recent(Statement& s)
{
    TRY(s.step());
    return Recent{s.int_at(0), s.int_at(1)};
}

} // namespace

Result<void> record(Connection& c, std::string_view account, std::string_view address, int64_t now)
{
    auto s = TRY(c.prepare("INSERT INTO sign_in_failures (account, address, at) "
                           "VALUES (?1, ?2, ?3)"));
    s.bind(1, account).bind(2, address).bind(3, now);
    return s.run();
}

Result<Recent> for_account(Connection& c, std::string_view account, int64_t since)
{
    auto s = TRY(c.prepare("SELECT count(*), coalesce(max(at), 0) FROM sign_in_failures "
                           "WHERE account = ?1 AND at >= ?2"));
    s.bind(1, account).bind(2, since);
    return recent(s);
}

Result<Recent> for_address(Connection& c, std::string_view address, int64_t since)
{
    auto s = TRY(c.prepare("SELECT count(*), coalesce(max(at), 0) FROM sign_in_failures "
                           "WHERE address = ?1 AND at >= ?2"));
    s.bind(1, address).bind(2, since);
    return recent(s);
}

Result<void> clear_account(Connection& c, std::string_view account)
{
    auto s = TRY(c.prepare("DELETE FROM sign_in_failures WHERE account = ?1"));
    s.bind(1, account);
    return s.run();
}

Result<void> prune(Connection& c, int64_t before)
{
    auto s = TRY(c.prepare("DELETE FROM sign_in_failures WHERE at < ?1"));
    s.bind(1, before);
    return s.run();
}

} // namespace forge::db::sign_in_failure_store
