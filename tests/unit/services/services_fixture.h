// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// Shared by the unit tests of forge/services: real Services on a fresh temporary data
// directory (SQLite file and bare repositories), removed again when the test ends. No mocks.

#include "tests/unit/auth/test_printers.h"
#include "tests/unit/db/test_database.h"

#include "forge/common/clock.h"
#include "forge/common/result.h"
#include "forge/db/audit_store.h"
#include "forge/db/credential_store.h"
#include "forge/db/database.h"
#include "forge/db/grant_store.h"
#include "forge/db/group_store.h"
#include "forge/db/project_store.h"
#include "forge/db/user_store.h"
#include "forge/services/services.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace forge::test {

// "ok" for a success, otherwise the name of the error code: compares and prints plainly.
template <typename T> std::string code_of(const Result<T>& result)
{
    return result.is_error() ? error_code_name(result.error().code) : "ok";
}

// The error message, or empty for a success.
template <typename T> std::string message_of(const Result<T>& result)
{
    return result.is_error() ? result.error().message : std::string();
}

// The user as the web UI would pass them to a service, from a fixed client address.
inline services::Actor actor_of(const db::UserRow& user)
{
    return services::Actor::user(user, "192.0.2.1");
}

inline auth::Viewer viewer_of(const db::UserRow& user)
{
    return auth::Viewer{user.id, user.is_admin, user.is_blocked};
}

// Services opened on <temporary directory>/data. Members are destroyed in reverse order:
// the services (and their database) close before the files go.
struct TempServices {
    TempDirectory directory;
    std::filesystem::path data = directory.path() / "data";
    std::unique_ptr<services::Services> services = unwrap(services::Services::open(data));

    services::Services& operator*() { return *services; }
    services::Services* operator->() { return services.get(); }

    // A user inserted directly (no password, so no costly hashing), as the store has it.
    db::UserRow add_user(const std::string& name, bool is_admin = false)
    {
        return unwrap(services->database().write([&](db::Connection& c) -> Result<db::UserRow> {
            int64_t id = TRY(db::user_store::insert(
                c, db::NewUser{name, name + "@example.org", "", is_admin}, unix_now()));
            auto row = TRY(db::user_store::by_id(c, id));
            if (!row)
                return Error::internal("inserted user vanished");
            return *row;
        }));
    }

    // A group inserted directly, without members.
    db::GroupRow add_group(const std::string& name)
    {
        return unwrap(services->database().write([&](db::Connection& c) -> Result<db::GroupRow> {
            int64_t id = TRY(db::group_store::insert(c, name, unix_now()));
            return *TRY(db::group_store::by_id(c, id));
        }));
    }

    void add_member(const db::GroupRow& group, const db::UserRow& user, const std::string& role)
    {
        unwrap(services->database().write([&](db::Connection& c) {
            return db::group_store::set_member(c, group.id, user.id, role);
        }));
    }

    // A project row inserted directly, without a repository: enough for listings and rights.
    db::ProjectRow add_project_row(const std::string& owner, const std::string& name,
                                   const std::string& visibility, int64_t updated_at = 0)
    {
        return unwrap(services->database().write([&](db::Connection& c) -> Result<db::ProjectRow> {
            auto owner_ref = TRY(db::project_store::find_owner(c, owner));
            if (!owner_ref)
                return Error::not_found("no owner " + owner);
            db::NewProject row{*owner_ref, name, "", visibility};
            int64_t id = TRY(db::project_store::insert(c, row, unix_now()));
            if (updated_at != 0)
                TRY(db::project_store::touch(c, id, updated_at));
            return *TRY(db::project_store::by_id(c, id));
        }));
    }

    // Grants `level` on the project to a user or, written "@name", a group.
    void grant(const db::ProjectRow& project, const std::string& grantee, const std::string& level)
    {
        unwrap(services->database().write([&](db::Connection& c) -> Result<void> {
            if (grantee.front() == '@') {
                auto group = TRY(db::group_store::by_name(c, grantee.substr(1)));
                return db::grant_store::set_group_grant(c, project.id, group->id, level);
            }
            auto user = TRY(db::user_store::by_name(c, grantee));
            return db::grant_store::set_user_grant(c, project.id, user->id, level);
        }));
    }

    std::optional<db::UserRow> user_named(const std::string& name)
    {
        return unwrap(services->database().read(
            [&](db::Connection& c) { return db::user_store::by_name(c, name); }));
    }

    size_t session_count(int64_t user_id)
    {
        return unwrap(services->database().read([&](db::Connection& c) {
                   return db::session_store::for_user(c, user_id);
               }))
            .size();
    }

    // Newest first.
    std::vector<db::AuditEntry> audit()
    {
        return unwrap(services->database().read(
            [](db::Connection& c) { return db::audit_store::recent(c, 1000); }));
    }

    // The bare repositories under <data>/repos (directories named *.git, at any depth),
    // and every other entry there, so that stray staging directories are seen too.
    size_t repository_count() const { return count_entries(true); }
    size_t entry_count() const { return count_entries(false); }

  private:
    size_t count_entries(bool only_repositories) const
    {
        size_t count = 0;
        auto root = data / "repos";
        for (auto it = std::filesystem::recursive_directory_iterator(root);
             it != std::filesystem::recursive_directory_iterator(); ++it) {
            if (it->is_directory() && it->path().extension() == ".git") {
                ++count;
                it.disable_recursion_pending(); // do not count the insides of a repository
            } else if (!only_repositories) {
                ++count;
            }
        }
        return count;
    }
};

} // namespace forge::test
