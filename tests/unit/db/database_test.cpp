// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/db/test_database.h"

#include "forge/db/database.h"
#include "forge/db/migrations.h"
#include "forge/db/statement.h"
#include "forge/db/user_store.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <latch>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using forge::Error;
using forge::ErrorCode;
using forge::Result;
using forge::db::Connection;
using forge::db::Database;
using forge::db::NewUser;
using forge::test::scalar;
using forge::test::TempDatabase;
using forge::test::TempDirectory;
using forge::test::unwrap;
namespace user_store = forge::db::user_store;

namespace {

Result<std::string> journal_mode(Connection& c)
{
    auto statement = TRY(c.prepare("PRAGMA journal_mode"));
    if (!TRY(statement.step()))
        return Error::internal("no journal mode");
    return statement.text_at(0);
}

Result<int64_t> table_exists(Connection& c, std::string_view name)
{
    auto statement =
        TRY(c.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1"));
    statement.bind(1, name);
    TRY(statement.step());
    return statement.int_at(0);
}

NewUser user_named(const std::string& name)
{
    return NewUser{name, name + "@example.org", "", false};
}

Result<int64_t> count_users(Connection& c)
{
    return user_store::count(c);
}

} // namespace

TEST_CASE("open creates the file and applies every migration", "[db][database]")
{
    TempDirectory directory;
    auto path = (directory.path() / "forge.db").string();
    REQUIRE_FALSE(std::filesystem::exists(path));

    auto opened = Database::open(path);
    REQUIRE_FALSE(opened.is_error());
    auto database = opened.release_value();
    REQUIRE(database != nullptr);
    CHECK(std::filesystem::exists(path));
    CHECK(database->path() == path);

    REQUIRE(forge::db::schema_version() >= 1);
    auto version =
        unwrap(database->read([](Connection& c) { return scalar(c, "PRAGMA user_version"); }));
    CHECK(version == forge::db::schema_version());

    for (const char* table : {"users", "groups", "group_members", "projects", "project_grants",
                              "protected_branches", "tokens", "sessions", "audit_log"}) {
        INFO("table " << table);
        CHECK(unwrap(database->read([&](Connection& c) { return table_exists(c, table); })) == 1);
    }
    CHECK(unwrap(database->read([](Connection& c) { return table_exists(c, "no_such_table"); })) ==
          0);
}

TEST_CASE("every pooled connection has WAL and foreign keys", "[db][database]")
{
    TempDatabase db;
    // A nested read takes a second connection from the pool while the first is lent out;
    // a write takes one too. All of them must be configured alike.
    auto checked = db->read([&](Connection& outer) -> Result<int> {
        auto outer_mode = TRY(journal_mode(outer));
        auto outer_keys = TRY(scalar(outer, "PRAGMA foreign_keys"));
        CHECK(outer_mode == "wal");
        CHECK(outer_keys == 1);
        return db->read([&](Connection& inner) -> Result<int> {
            CHECK(&inner != &outer);
            auto inner_mode = TRY(journal_mode(inner));
            auto inner_keys = TRY(scalar(inner, "PRAGMA foreign_keys"));
            auto busy_timeout = TRY(scalar(inner, "PRAGMA busy_timeout"));
            CHECK(inner_mode == "wal");
            CHECK(inner_keys == 1);
            CHECK(busy_timeout > 0);
            return 2;
        });
    });
    REQUIRE_FALSE(checked.is_error());
    CHECK(checked.value() == 2);

    auto in_write = db.write([](Connection& c) -> Result<int64_t> {
        auto mode = TRY(journal_mode(c));
        CHECK(mode == "wal");
        return scalar(c, "PRAGMA foreign_keys");
    });
    CHECK(in_write == 1);
}

TEST_CASE("reopening a database is idempotent", "[db][database]")
{
    TempDatabase db;
    auto id = db.write([](Connection& c) { return user_store::insert(c, user_named("ada"), 10); });

    db.close();
    db.reopen();
    CHECK(db.read([](Connection& c) { return scalar(c, "PRAGMA user_version"); }) ==
          forge::db::schema_version());
    CHECK(db.read(count_users) == 1);
    auto ada = db.read([&](Connection& c) { return user_store::by_id(c, id); });
    REQUIRE(ada.has_value());
    CHECK(ada->name == "ada");

    // A second Database on the same file (another process) migrates nothing either.
    auto second = unwrap(Database::open(db.path));
    CHECK(unwrap(second->read(count_users)) == 1);
    CHECK(unwrap(second->read([](Connection& c) { return scalar(c, "PRAGMA user_version"); })) ==
          forge::db::schema_version());

    // And the tables still take rows.
    db.write([](Connection& c) { return user_store::insert(c, user_named("grace"), 11); });
    CHECK(unwrap(second->read(count_users)) == 2);
}

TEST_CASE("a database newer than this binary is refused", "[db][database]")
{
    TempDatabase db;
    db.write([](Connection& c) -> Result<void> {
        // PRAGMA takes no parameters; the number is ours.
        auto sql = "PRAGMA user_version = " + std::to_string(forge::db::schema_version() + 1);
        return c.execute(sql.c_str());
    });
    db.close();

    auto reopened = Database::open(db.path);
    REQUIRE(reopened.is_error());
    CHECK(reopened.error().code == ErrorCode::internal);
}

TEST_CASE("write commits when the body succeeds", "[db][database]")
{
    TempDatabase db;
    auto id = db.write([](Connection& c) { return user_store::insert(c, user_named("ada"), 1); });
    CHECK(id > 0);

    // Visible through another Database object, so it was committed, not merely pending.
    auto other = unwrap(Database::open(db.path));
    auto seen = unwrap(other->read([](Connection& c) { return user_store::by_name(c, "ada"); }));
    REQUIRE(seen.has_value());
    CHECK(seen->id == id);
}

TEST_CASE("write rolls back when the body returns an error", "[db][database]")
{
    TempDatabase db;

    SECTION("an error returned by the body itself")
    {
        auto result = db->write([](Connection& c) -> Result<int64_t> {
            TRY(user_store::insert(c, user_named("ada"), 1));
            // The row is there inside the transaction ...
            auto inside = TRY(user_store::count(c));
            CHECK(inside == 1);
            return Error::invalid_argument("changed my mind");
        });
        REQUIRE(result.is_error());
        CHECK(result.error().code == ErrorCode::invalid_argument);
        CHECK(result.error().message == "changed my mind");
    }
    SECTION("an error propagated by TRY from a later statement")
    {
        auto result = db->write([](Connection& c) -> Result<int64_t> {
            TRY(user_store::insert(c, user_named("ada"), 1));
            // Same name again: the second insert fails and takes the first with it.
            return user_store::insert(c, NewUser{"ada", "other@example.org", "", false}, 2);
        });
        REQUIRE(result.is_error());
        CHECK(result.error().code == ErrorCode::conflict);
    }

    // ... and gone afterwards.
    CHECK(db.read(count_users) == 0);
    CHECK_FALSE(db.read([](Connection& c) { return user_store::by_name(c, "ada"); }).has_value());
    // The connection went back to the pool usable, outside any transaction.
    db.write([](Connection& c) { return user_store::insert(c, user_named("grace"), 3); });
    CHECK(db.read(count_users) == 1);
}

TEST_CASE("read returns the body's result unchanged", "[db][database]")
{
    TempDatabase db;
    auto failed = db->read([](Connection&) -> Result<int> { return Error::not_found("nope"); });
    REQUIRE(failed.is_error());
    CHECK(failed.error().code == ErrorCode::not_found);
    CHECK(failed.error().message == "nope");

    auto value = db->read([](Connection&) -> Result<int> { return 42; });
    REQUIRE_FALSE(value.is_error());
    CHECK(value.value() == 42);
}

TEST_CASE("a UNIQUE violation maps to conflict", "[db][database]")
{
    TempDatabase db;
    db.write([](Connection& c) { return user_store::insert(c, user_named("ada"), 1); });

    SECTION("same name")
    {
        auto again = db->write([](Connection& c) {
            return user_store::insert(c, NewUser{"ada", "ada2@example.org", "", false}, 2);
        });
        REQUIRE(again.is_error());
        CHECK(again.error().code == ErrorCode::conflict);
    }
    SECTION("same e-mail")
    {
        auto again = db->write([](Connection& c) {
            return user_store::insert(c, NewUser{"ada2", "ada@example.org", "", false}, 2);
        });
        REQUIRE(again.is_error());
        CHECK(again.error().code == ErrorCode::conflict);
    }
    CHECK(db.read(count_users) == 1);
}

TEST_CASE("concurrent writers in one process and another lose nothing", "[db][database]")
{
    constexpr int thread_count = 8;
    constexpr int inserts_per_thread = 50;
    constexpr int other_process_inserts = 50;

    TempDatabase db;
    // The CLI beside `forge serve`: its own Database object, its own connections.
    auto other = unwrap(Database::open(db.path));

    std::mutex failures_mutex;
    std::vector<std::string> failures; // Catch2 assertions are not thread-safe
    auto record = [&](const std::string& what, const forge::Error& error) {
        std::lock_guard lock(failures_mutex);
        failures.push_back(what + ": " + forge::test::describe(error));
    };
    std::latch start(thread_count + 1);

    auto insert_many = [&](Database& target, const std::string& prefix, int count) {
        start.arrive_and_wait();
        for (int i = 0; i < count; ++i) {
            auto name = prefix + "-" + std::to_string(i);
            auto inserted = target.write(
                [&](Connection& c) { return user_store::insert(c, user_named(name), i); });
            if (inserted.is_error())
                record(name, inserted.error());
        }
    };

    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t)
        threads.emplace_back(insert_many, std::ref(*db), "thread" + std::to_string(t),
                             inserts_per_thread);
    threads.emplace_back(insert_many, std::ref(*other), "process", other_process_inserts);
    for (auto& thread : threads)
        thread.join();

    INFO("first failures: " << (failures.empty() ? std::string("none") : failures.front()));
    CHECK(failures.empty());
    constexpr int64_t expected = thread_count * inserts_per_thread + other_process_inserts;
    CHECK(db.read(count_users) == expected);
    CHECK(unwrap(other->read(count_users)) == expected);
    // Every single name made it, not merely the right number of rows.
    for (int t = 0; t < thread_count; ++t) {
        for (int i = 0; i < inserts_per_thread; i += 7) {
            auto name = "thread" + std::to_string(t) + "-" + std::to_string(i);
            INFO(name);
            CHECK(db.read([&](Connection& c) { return user_store::by_name(c, name); }).has_value());
        }
    }
    CHECK(db.read([](Connection& c) { return user_store::by_name(c, "process-49"); }).has_value());
}
