// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/account_service.h"

#include "auth/authenticator.h"
#include "auth/password.h"
#include "auth/secret.h"
#include "forge/common/clock.h"
#include "forge/db/project_store.h"
#include "forge/services/access_checks.h"
#include "forge/services/names.h"

namespace forge::services {

namespace {

Result<void> check_name_free(db::Connection& c, const std::string& name)
{
    if (TRY(db::project_store::find_owner(c, name)))
        return Error::conflict("name '" + name + "' is already taken by a user or group");
    return {};
}

Result<db::UserRow> insert_account(Services& services, const Actor& actor, const db::NewUser& row)
{
    return services.database().write([&](db::Connection& c) -> Result<db::UserRow> {
        TRY(check_name_free(c, row.name));
        if (TRY(db::user_store::by_email(c, row.email)))
            return Error::conflict("e-mail address '" + row.email + "' is already in use");
        int64_t id = TRY(db::user_store::insert(c, row, unix_now()));
        TRY(record(c, actor, "user.create", row.name, row.is_admin ? "site administrator" : ""));
        auto created = TRY(db::user_store::by_id(c, id));
        return *created;
    });
}

} // namespace

Result<CreatedAccount> create_account(Services& services, const Actor& actor, NewAccount account)
{
    if (!may_administer_site(actor))
        return Error::forbidden("only site administrators may create users");
    TRY(validate_name("user", account.name));
    TRY(validate_email(account.email));
    CreatedAccount created;
    if (!account.password) {
        created.generated_password = TRY(auth::random_password());
        account.password = created.generated_password;
    }
    TRY(auth::check_password_policy(*account.password));
    auto hash = TRY(auth::hash_password(*account.password));
    db::NewUser row{account.name, account.email, std::move(hash), account.is_admin};
    created.user = TRY(insert_account(services, actor, row));
    return created;
}

Result<std::optional<FirstAdministrator>> ensure_first_administrator(Services& services)
{
    auto admins = TRY(services.database().read(
        [](db::Connection& c) { return db::user_store::count_admins(c); }));
    if (admins > 0)
        return std::optional<FirstAdministrator>();

    auto password = TRY(auth::random_password());
    FirstAdministrator first{"admin", std::move(password)};
    auto hash = TRY(auth::hash_password(first.password));
    db::NewUser row{"", "", std::move(hash), true};
    // "admin" is reserved for URLs, but DESIGN.md names the first administrator so; it is
    // the one account created without the name rules.
    return services.database().write(
        [&](db::Connection& c) -> Result<std::optional<FirstAdministrator>> {
            if (TRY(db::user_store::count_admins(c)) > 0) // another process was quicker
                return std::optional<FirstAdministrator>();
            for (int suffix = 2; TRY(db::project_store::find_owner(c, first.name)); ++suffix)
                first.name = "admin-" + std::to_string(suffix);
            row.name = first.name;
            row.email = first.name + "@localhost.invalid";
            TRY(db::user_store::insert(c, row, unix_now()));
            TRY(record(c, Actor::system(), "user.create", first.name, "first administrator"));
            return std::optional<FirstAdministrator>(first);
        });
}

Result<std::string> create_token(Services& services, const Actor& actor, const NewToken& token)
{
    if (token.label.empty() || token.label.size() > 100)
        return Error::invalid_argument("token name must have 1 to 100 characters");
    if (token.scopes != "read" && token.scopes != "read write")
        return Error::invalid_argument("token scopes must be 'read' or 'read write'");
    return services.database().write([&](db::Connection& c) -> Result<std::string> {
        auto user = TRY(db::user_store::by_name(c, token.user));
        if (!user)
            return Error::not_found("unknown user '" + token.user + "'");
        if (!actor.is_operator && actor.viewer.is_blocked)
            return Error::forbidden("account is blocked");
        bool for_self = actor.viewer.user_id == user->id;
        if (!for_self && !may_administer_site(actor))
            return Error::forbidden("you may only create tokens for yourself");
        auto secret =
            TRY(auth::issue_token(c, user->id, token.label, token.scopes, token.expires_at));
        TRY(record(c, actor, "token.create", user->name, token.label));
        return secret;
    });
}

} // namespace forge::services
