// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/group_service.h"

#include "auth/access.h"
#include "auth/resolver.h"
#include "forge/common/clock.h"
#include "forge/db/project_store.h"
#include "forge/db/user_store.h"
#include "forge/services/names.h"

namespace forge::services {

Result<db::GroupRow> create_group(Services& services, const Actor& actor, const std::string& name)
{
    if (!actor.is_operator && !actor.viewer.signed_in())
        return Error::unauthenticated("sign in to create a group");
    if (!actor.is_operator && actor.viewer.is_blocked)
        return Error::forbidden("account is blocked");
    TRY(validate_name("group", name));
    return services.database().write([&](db::Connection& c) -> Result<db::GroupRow> {
        if (TRY(db::project_store::find_owner(c, name)))
            return Error::conflict("name '" + name + "' is already taken by a user or group");
        int64_t id = TRY(db::group_store::insert(c, name, unix_now()));
        if (actor.viewer.user_id)
            TRY(db::group_store::set_member(c, id, *actor.viewer.user_id, "owner"));
        TRY(record(c, actor, "group.create", name));
        return *TRY(db::group_store::by_id(c, id));
    });
}

Result<void> set_group_member(Services& services, const Actor& actor, const std::string& group,
                              const std::string& user, const std::string& role)
{
    if (!auth::parse_group_role(role))
        return Error::invalid_argument("unknown role '" + role +
                                       "' (owner, maintainer, member or reporter)");
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto group_row = TRY(db::group_store::by_name(c, group));
        if (!group_row)
            return Error::not_found("unknown group '" + group + "'");
        if (!actor.is_operator) {
            std::optional<auth::GroupRole> own_role;
            if (actor.viewer.user_id) {
                auto text = TRY(db::group_store::role_of(c, group_row->id, *actor.viewer.user_id));
                own_role = text ? auth::parse_group_role(*text) : std::nullopt;
            }
            if (!auth::may_manage_group(actor.viewer, own_role))
                return Error::forbidden("only owners of group '" + group + "' manage its members");
        }
        auto user_row = TRY(db::user_store::by_name(c, user));
        if (!user_row)
            return Error::not_found("unknown user '" + user + "'");
        TRY(db::group_store::set_member(c, group_row->id, user_row->id, role));
        TRY(record(c, actor, "group.member", group, user + " as " + role));
        return {};
    });
}

} // namespace forge::services
