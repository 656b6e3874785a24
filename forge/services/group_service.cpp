// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/group_service.h"

#include "auth/access.h"
#include "auth/resolver.h"
#include "forge/common/clock.h"
#include "forge/db/project_store.h"
#include "forge/db/user_store.h"
#include "forge/services/access_checks.h"
#include "forge/services/names.h"

namespace forge::services {

namespace {

Result<db::GroupRow> group_named(db::Connection& c, std::string_view name)
{
    auto group = TRY(db::group_store::by_name(c, name));
    if (!group)
        return Error::not_found("unknown group '" + std::string(name) + "'");
    return *group;
}

Result<db::UserRow> user_named(db::Connection& c, std::string_view name)
{
    auto user = TRY(db::user_store::by_name(c, name));
    if (!user)
        return Error::not_found("unknown user '" + std::string(name) + "'");
    return *user;
}

// A group whose last owner left could only be managed by site administrators; the
// operator, who may fix anything by hand, is trusted to mean it.
Result<void> check_not_last_owner(db::Connection& c, const Actor& actor, const db::GroupRow& group,
                                  const db::UserRow& user)
{
    if (actor.is_operator)
        return {};
    auto role = TRY(db::group_store::role_of(c, group.id, user.id));
    if (role != "owner")
        return {};
    if (TRY(db::group_store::count_owners(c, group.id)) > 1)
        return {};
    return Error::conflict("'" + user.name + "' is the last owner of group '" + group.name + "'");
}

Result<void> validate_details(std::string_view display_name, std::string_view description)
{
    TRY(validate_text("display name", display_name, maximum_display_name_length, TextKind::line));
    return validate_text("description", description, maximum_description_length,
                         TextKind::paragraphs);
}

} // namespace

Result<db::GroupRow> create_group(Services& services, const Actor& actor, const NewGroup& group)
{
    if (!actor.is_operator && !actor.viewer.signed_in())
        return Error::unauthenticated("sign in to create a group");
    if (!actor.is_operator && actor.viewer.is_blocked)
        return Error::forbidden("account is blocked");
    TRY(validate_name("group", group.name));
    TRY(validate_details("", group.description));
    return services.database().write([&](db::Connection& c) -> Result<db::GroupRow> {
        if (TRY(db::project_store::find_owner(c, group.name)))
            return Error::conflict("name '" + group.name + "' is already taken by a user or group");
        int64_t id = TRY(db::group_store::insert(c, group.name, unix_now()));
        if (!group.description.empty())
            TRY(db::group_store::set_details(c, id, "", group.description));
        // The creator owns it; groups made on the command line start without members.
        if (!actor.is_operator && actor.viewer.user_id)
            TRY(db::group_store::set_member(c, id, *actor.viewer.user_id, "owner"));
        TRY(record(c, actor, "group.create", group.name));
        return *TRY(db::group_store::by_id(c, id));
    });
}

Result<db::GroupRow> create_group(Services& services, const Actor& actor, const std::string& name)
{
    return create_group(services, actor, NewGroup{name, ""});
}

Result<void> set_group_member(Services& services, const Actor& actor, const std::string& group,
                              const std::string& user, const std::string& role)
{
    if (!auth::parse_group_role(role))
        return Error::invalid_argument("unknown role '" + role +
                                       "' (owner, maintainer, member or reporter)");
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto group_row = TRY(group_named(c, group));
        TRY(require_group_manager(c, actor, group_row));
        auto user_row = TRY(user_named(c, user));
        if (role != "owner")
            TRY(check_not_last_owner(c, actor, group_row, user_row));
        TRY(db::group_store::set_member(c, group_row.id, user_row.id, role));
        TRY(record(c, actor, "group.member", group, user + " as " + role));
        return {};
    });
}

Result<void> remove_group_member(Services& services, const Actor& actor, std::string_view group,
                                 std::string_view user)
{
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto group_row = TRY(group_named(c, group));
        TRY(require_group_manager(c, actor, group_row));
        auto user_row = TRY(user_named(c, user));
        TRY(check_not_last_owner(c, actor, group_row, user_row));
        if (!TRY(db::group_store::remove_member(c, group_row.id, user_row.id)))
            return Error::not_found("'" + user_row.name + "' is no member of group '" +
                                    group_row.name + "'");
        TRY(record(c, actor, "group.member_remove", group_row.name, user_row.name));
        return {};
    });
}

Result<void> update_group(Services& services, const Actor& actor, std::string_view group,
                          std::string display_name, std::string description)
{
    TRY(validate_details(display_name, description));
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto group_row = TRY(group_named(c, group));
        TRY(require_group_manager(c, actor, group_row));
        TRY(db::group_store::set_details(c, group_row.id, display_name, description));
        TRY(record(c, actor, "group.update", group_row.name));
        return {};
    });
}

Result<GroupPage> open_group(Services& services, const auth::Viewer& viewer, std::string_view name)
{
    return services.database().read([&](db::Connection& c) -> Result<GroupPage> {
        GroupPage page;
        page.group = TRY(group_named(c, name));
        auto members = TRY(db::group_store::members(c, page.group.id));
        for (auto& member : members)
            page.members.push_back(MemberRow{std::move(member.user_name),
                                             std::move(member.display_name),
                                             std::move(member.role)});
        auto role = TRY(role_in_group(c, page.group.id, viewer));
        page.may_manage = auth::may_manage_group(viewer, role);
        if (role)
            page.viewer_role = std::string(auth::to_string(*role));
        return page;
    });
}

Result<std::vector<db::GroupRow>> groups_where_owner(Services& services, int64_t user_id)
{
    return services.database().read([&](db::Connection& c) -> Result<std::vector<db::GroupRow>> {
        auto user = TRY(db::user_store::by_id(c, user_id));
        if (!user || user->is_blocked)
            return std::vector<db::GroupRow>();
        if (user->is_admin)
            return db::group_store::all(c);
        return db::group_store::where_owner(c, user_id);
    });
}

} // namespace forge::services
