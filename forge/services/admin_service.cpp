// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/admin_service.h"

#include "auth/password.h"
#include "auth/secret.h"
#include "forge/db/credential_store.h"
#include "forge/services/access_checks.h"

namespace forge::services {

namespace {

Result<db::UserRow> user_named(db::Connection& c, std::string_view name)
{
    auto user = TRY(db::user_store::by_name(c, name));
    if (!user)
        return Error::not_found("unknown user '" + std::string(name) + "'");
    return *user;
}

// Whether the user is the only administrator left who can still administer the site.
Result<bool> is_last_active_admin(db::Connection& c, const db::UserRow& user)
{
    if (!user.is_admin || user.is_blocked)
        return false;
    return TRY(db::user_store::count_active_admins(c)) <= 1;
}

} // namespace

Result<std::vector<db::UserRow>> list_users(Services& services, const Actor& actor,
                                            std::string_view query, size_t offset, size_t limit)
{
    TRY(require_site_admin(actor));
    auto users = TRY(services.database().read([&](db::Connection& c) {
        return db::user_store::search(c, query, static_cast<int64_t>(offset),
                                      clamp_page_size(limit));
    }));
    for (auto& user : users)
        user.password_hash.clear();
    return users;
}

Result<void> set_user_blocked(Services& services, const Actor& actor, std::string_view name,
                              bool blocked)
{
    TRY(require_site_admin(actor));
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto user = TRY(user_named(c, name));
        if (blocked && actor.viewer.user_id == user.id)
            return Error::invalid_argument("you cannot block yourself");
        if (blocked && TRY(is_last_active_admin(c, user)))
            return Error::conflict("'" + user.name + "' is the last site administrator");
        TRY(db::user_store::set_blocked(c, user.id, blocked));
        // Sessions would stop working anyway; ending them also ends them for good.
        if (blocked)
            TRY(db::session_store::remove_for_user(c, user.id));
        TRY(record(c, actor, blocked ? "user.block" : "user.unblock", user.name));
        return {};
    });
}

Result<void> set_user_admin(Services& services, const Actor& actor, std::string_view name,
                            bool admin)
{
    TRY(require_site_admin(actor));
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto user = TRY(user_named(c, name));
        if (!admin && TRY(is_last_active_admin(c, user)))
            return Error::conflict("'" + user.name + "' is the last site administrator");
        TRY(db::user_store::set_admin(c, user.id, admin));
        TRY(record(c, actor, "user.admin", user.name, admin ? "granted" : "revoked"));
        return {};
    });
}

Result<std::string> reset_password(Services& services, const Actor& actor, std::string_view name)
{
    TRY(require_site_admin(actor));
    auto password = TRY(auth::random_password());
    auto hash = TRY(auth::hash_password(password));
    TRY(services.database().write([&](db::Connection& c) -> Result<void> {
        auto user = TRY(user_named(c, name));
        TRY(db::user_store::set_password_hash(c, user.id, hash));
        TRY(db::session_store::remove_for_user(c, user.id));
        TRY(record(c, actor, "user.password_reset", user.name));
        return {};
    }));
    return password;
}

Result<std::vector<db::AuditEntry>> list_audit(Services& services, const Actor& actor,
                                               const AuditQuery& query)
{
    TRY(require_site_admin(actor));
    db::AuditFilter filter{query.actor,
                           query.action,
                           query.target,
                           query.since,
                           query.until,
                           static_cast<int64_t>(query.offset),
                           clamp_page_size(query.limit)};
    return services.database().read(
        [&](db::Connection& c) { return db::audit_store::query(c, filter); });
}

Result<std::vector<GroupSummary>> list_all_groups(Services& services, const Actor& actor,
                                                  std::string_view text, size_t offset,
                                                  size_t limit)
{
    TRY(require_site_admin(actor));
    return list_groups(services, site_admin_viewer(actor), text, offset, limit);
}

Result<std::vector<ProjectSummary>> list_all_projects(Services& services, const Actor& actor,
                                                      const ProjectQuery& query)
{
    TRY(require_site_admin(actor));
    return list_projects(services, site_admin_viewer(actor), query);
}

} // namespace forge::services
