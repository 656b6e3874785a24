// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/db/test_database.h"

#include "auth/authenticator.h"
#include "auth/password.h"
#include "auth/secret.h"
#include "forge/common/clock.h"
#include "forge/db/credential_store.h"
#include "forge/db/database.h"
#include "forge/db/statement.h"
#include "forge/db/user_store.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

using auth::Authenticator;
using auth::Identity;
using auth::SessionPolicy;
using forge::ErrorCode;
using forge::Result;
using forge::db::Connection;
using forge::db::NewUser;
using forge::test::TempDatabase;
using forge::test::unwrap;
namespace session_store = forge::db::session_store;
namespace token_store = forge::db::token_store;
namespace user_store = forge::db::user_store;

namespace {

constexpr const char* password = "correct horse battery";

// Hashing costs tens of milliseconds: hash once for the whole file.
const std::string& password_hash()
{
    static const std::string hash = unwrap(auth::hash_password(password));
    return hash;
}

// ada has a password; bob has none (he cannot sign in with one); mallory has ada's password
// but is blocked.
struct Accounts {
    TempDatabase db;
    int64_t ada = 0;
    int64_t bob = 0;
    int64_t mallory = 0;

    Accounts()
    {
        db.write([&](Connection& c) -> Result<void> {
            ada = TRY(user_store::insert(
                c, NewUser{"ada", "ada@example.org", password_hash(), false}, forge::unix_now()));
            bob = TRY(user_store::insert(c, NewUser{"bob", "bob@example.org", "", false},
                                         forge::unix_now()));
            mallory = TRY(user_store::insert(
                c, NewUser{"mallory", "mallory@example.org", password_hash(), false},
                forge::unix_now()));
            return user_store::set_blocked(c, mallory, true);
        });
    }

    std::string token_for(int64_t user, const char* scopes,
                          std::optional<int64_t> expires_at = std::nullopt)
    {
        return db.write([&](Connection& c) {
            return auth::issue_token(c, user, "test token", scopes, expires_at);
        });
    }
};

void check_invalid_credentials(const Result<Identity>& result)
{
    REQUIRE(result.is_error());
    CHECK(result.error().code == ErrorCode::unauthenticated);
    // The same words whatever was wrong, so that a failure tells nothing.
    CHECK(result.error().message == "invalid credentials");
}

void check_blocked(const Result<Identity>& result)
{
    REQUIRE(result.is_error());
    CHECK(result.error().code == ErrorCode::forbidden);
    CHECK(result.error().message == "account is blocked");
}

Result<int64_t> count_tokens_matching(Connection& c, const std::string& text)
{
    auto s = TRY(c.prepare("SELECT count(*) FROM tokens WHERE hash = ?1 OR name = ?1 "
                           "OR scopes = ?1 OR instr(hash, ?1) > 0"));
    s.bind(1, text);
    TRY(s.step());
    return s.int_at(0);
}

Result<std::string> token_hash_of(Connection& c, int64_t user)
{
    auto s = TRY(c.prepare("SELECT hash FROM tokens WHERE user_id = ?1"));
    s.bind(1, user);
    if (!TRY(s.step()))
        return forge::Error::not_found("no token");
    return s.text_at(0);
}

std::string file_contents(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace

// ---------------------------------------------------------------------------------------------
// passwords

TEST_CASE("with_password by name and by e-mail", "[auth][authenticator]")
{
    Accounts accounts;
    Authenticator authenticator(*accounts.db);

    for (const char* login : {"ada", "ada@example.org"}) {
        INFO(login);
        auto identity = authenticator.with_password(login, password);
        REQUIRE_FALSE(identity.is_error());
        CHECK(identity.value().user.id == accounts.ada);
        CHECK(identity.value().user.name == "ada");
        CHECK(identity.value().user.email == "ada@example.org");
        CHECK(identity.value().may_write);
        auto viewer = identity.value().viewer();
        CHECK(viewer.user_id == std::optional<int64_t>(accounts.ada));
        CHECK_FALSE(viewer.is_admin);
        CHECK_FALSE(viewer.is_blocked);
    }
}

TEST_CASE("with_password failures say as little as possible", "[auth][authenticator]")
{
    Accounts accounts;
    Authenticator authenticator(*accounts.db);

    SECTION("wrong password")
    {
        check_invalid_credentials(authenticator.with_password("ada", "correct horse batterY"));
        check_invalid_credentials(authenticator.with_password("ada@example.org", "wrong"));
        check_invalid_credentials(authenticator.with_password("ada", ""));
    }
    SECTION("unknown user")
    {
        check_invalid_credentials(authenticator.with_password("eve", password));
        check_invalid_credentials(authenticator.with_password("eve@example.org", password));
        check_invalid_credentials(authenticator.with_password("", password));
    }
    SECTION("a user without a password hash")
    {
        check_invalid_credentials(authenticator.with_password("bob", password));
        check_invalid_credentials(authenticator.with_password("bob", ""));
    }
    SECTION("a blocked user: forbidden only with the right password")
    {
        check_blocked(authenticator.with_password("mallory", password));
        check_blocked(authenticator.with_password("mallory@example.org", password));
        check_invalid_credentials(authenticator.with_password("mallory", "wrong password"));
    }
}

// ---------------------------------------------------------------------------------------------
// personal access tokens

TEST_CASE("issue_token and with_token round trip", "[auth][authenticator]")
{
    Accounts accounts;
    Authenticator authenticator(*accounts.db);

    auto writer = accounts.token_for(accounts.ada, "read write");
    auto reader = accounts.token_for(accounts.ada, "read");
    CHECK(writer.size() == 43);
    CHECK(writer != reader);

    auto identity = authenticator.with_token(writer);
    REQUIRE_FALSE(identity.is_error());
    CHECK(identity.value().user.id == accounts.ada);
    CHECK(identity.value().user.name == "ada");
    CHECK(identity.value().may_write);

    identity = authenticator.with_token(reader);
    REQUIRE_FALSE(identity.is_error());
    CHECK(identity.value().user.id == accounts.ada);
    CHECK_FALSE(identity.value().may_write);

    // Only the word "write" grants writing, not a scope that merely contains it.
    auto lookalike = accounts.token_for(accounts.ada, "read rewrite");
    identity = authenticator.with_token(lookalike);
    REQUIRE_FALSE(identity.is_error());
    CHECK_FALSE(identity.value().may_write);

    // Use is recorded.
    auto row = accounts.db.read(
        [&](Connection& c) { return token_store::by_hash(c, auth::sha256_hex(writer)); });
    REQUIRE(row.has_value());
    CHECK(row->user_id == accounts.ada);
    CHECK(row->scopes == "read write");
    CHECK_FALSE(row->expires_at.has_value());
    REQUIRE(row->last_used_at.has_value());
    CHECK(*row->last_used_at >= forge::unix_now() - 60);
}

TEST_CASE("with_token refuses what it must", "[auth][authenticator]")
{
    Accounts accounts;
    Authenticator authenticator(*accounts.db);
    auto now = forge::unix_now();

    SECTION("unknown tokens")
    {
        check_invalid_credentials(authenticator.with_token(""));
        check_invalid_credentials(authenticator.with_token(unwrap(auth::random_secret())));
        // The stored hash is not itself a credential.
        auto token = accounts.token_for(accounts.ada, "read write");
        check_invalid_credentials(authenticator.with_token(auth::sha256_hex(token)));
        check_invalid_credentials(authenticator.with_token(token + "x"));
    }
    SECTION("an expired token")
    {
        auto expired = accounts.token_for(accounts.ada, "read write", now - 1);
        check_invalid_credentials(authenticator.with_token(expired));
        auto valid = accounts.token_for(accounts.ada, "read write", now + 3600);
        CHECK_FALSE(authenticator.with_token(valid).is_error());
    }
    SECTION("a revoked token")
    {
        auto token = accounts.token_for(accounts.ada, "read write");
        REQUIRE_FALSE(authenticator.with_token(token).is_error());
        auto row = accounts.db.read(
            [&](Connection& c) { return token_store::by_hash(c, auth::sha256_hex(token)); });
        REQUIRE(row.has_value());
        CHECK(accounts.db.write(
            [&](Connection& c) { return token_store::remove(c, row->id, accounts.ada); }));
        check_invalid_credentials(authenticator.with_token(token));
    }
    SECTION("the token of a blocked user")
    {
        auto token = accounts.token_for(accounts.mallory, "read write");
        check_blocked(authenticator.with_token(token));
        // Blocking takes effect on tokens issued before.
        auto ada_token = accounts.token_for(accounts.ada, "read write");
        REQUIRE_FALSE(authenticator.with_token(ada_token).is_error());
        accounts.db.write(
            [&](Connection& c) { return user_store::set_blocked(c, accounts.ada, true); });
        check_blocked(authenticator.with_token(ada_token));
    }
}

TEST_CASE("only the SHA-256 of a token or session id is stored", "[auth][authenticator]")
{
    Accounts accounts;
    Authenticator authenticator(*accounts.db);
    auto token = accounts.token_for(accounts.ada, "read write");
    auto session = unwrap(authenticator.start_session(accounts.ada));

    auto stored = accounts.db.read([&](Connection& c) { return token_hash_of(c, accounts.ada); });
    CHECK(stored == auth::sha256_hex(token));
    CHECK(accounts.db.read([&](Connection& c) { return count_tokens_matching(c, token); }) == 0);
    auto session_row = accounts.db.read(
        [&](Connection& c) { return session_store::by_hash(c, auth::sha256_hex(session)); });
    REQUIRE(session_row.has_value());
    CHECK(session_row->user_id == accounts.ada);
    CHECK_FALSE(accounts.db.read([&](Connection& c) { return session_store::by_hash(c, session); })
                    .has_value());

    // Nowhere in the files: a copy of the database grants nothing.
    accounts.db.close();
    std::string bytes;
    for (const auto& entry : std::filesystem::directory_iterator(accounts.db.directory.path()))
        bytes += file_contents(entry.path());
    CHECK_FALSE(bytes.empty());
    CHECK(bytes.find(token) == std::string::npos);
    CHECK(bytes.find(session) == std::string::npos);
    CHECK(bytes.find(auth::sha256_hex(token)) != std::string::npos);
    CHECK(bytes.find(auth::sha256_hex(session)) != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// sessions

TEST_CASE("start_session, with_session and end_session round trip", "[auth][authenticator]")
{
    Accounts accounts;
    Authenticator authenticator(*accounts.db);

    auto session = unwrap(authenticator.start_session(accounts.ada));
    CHECK(session.size() == 43);
    CHECK(session != unwrap(authenticator.start_session(accounts.ada)));

    for (int use = 0; use < 2; ++use) {
        auto identity = authenticator.with_session(session);
        REQUIRE_FALSE(identity.is_error());
        CHECK(identity.value().user.id == accounts.ada);
        CHECK(identity.value().user.name == "ada");
        CHECK(identity.value().may_write);
    }

    REQUIRE_FALSE(authenticator.end_session(session).is_error());
    check_invalid_credentials(authenticator.with_session(session));
    CHECK_FALSE(accounts.db
                    .read([&](Connection& c) {
                        return session_store::by_hash(c, auth::sha256_hex(session));
                    })
                    .has_value());

    check_invalid_credentials(authenticator.with_session(""));
    check_invalid_credentials(authenticator.with_session(unwrap(auth::random_secret())));
}

TEST_CASE("with_session refuses expired sessions", "[auth][authenticator]")
{
    Accounts accounts;
    auto now = forge::unix_now();

    SECTION("idle policy of zero seconds")
    {
        Authenticator strict(*accounts.db, SessionPolicy{0, 30 * 24 * 3600});
        auto session = unwrap(strict.start_session(accounts.ada));
        check_invalid_credentials(strict.with_session(session));
    }
    SECTION("absolute policy of zero seconds")
    {
        Authenticator strict(*accounts.db, SessionPolicy{7 * 24 * 3600, 0});
        auto session = unwrap(strict.start_session(accounts.ada));
        check_invalid_credentials(strict.with_session(session));
    }
    SECTION("idle for longer than the default week")
    {
        Authenticator authenticator(*accounts.db);
        auto session = unwrap(authenticator.start_session(accounts.ada));
        auto row = accounts.db.read(
            [&](Connection& c) { return session_store::by_hash(c, auth::sha256_hex(session)); });
        REQUIRE(row.has_value());
        CHECK(row->expires_at > now + 7 * 24 * 3600);
        accounts.db.write(
            [&](Connection& c) { return session_store::touch(c, row->id, now - 8 * 24 * 3600); });
        check_invalid_credentials(authenticator.with_session(session));
        // The refused session is gone from the table, not just refused.
        auto gone = accounts.db.read(
            [&](Connection& c) { return session_store::by_hash(c, auth::sha256_hex(session)); });
        CHECK_FALSE(gone.has_value());
    }
    SECTION("use extends the idle expiry")
    {
        Authenticator authenticator(*accounts.db);
        auto session = unwrap(authenticator.start_session(accounts.ada));
        auto row = accounts.db.read(
            [&](Connection& c) { return session_store::by_hash(c, auth::sha256_hex(session)); });
        REQUIRE(row.has_value());
        // Six days idle: still valid, and seen again now.
        accounts.db.write(
            [&](Connection& c) { return session_store::touch(c, row->id, now - 6 * 24 * 3600); });
        REQUIRE_FALSE(authenticator.with_session(session).is_error());
        row = accounts.db.read(
            [&](Connection& c) { return session_store::by_hash(c, auth::sha256_hex(session)); });
        REQUIRE(row.has_value());
        CHECK(row->last_seen_at >= now);
    }
}

TEST_CASE("sessions of blocked users are forbidden", "[auth][authenticator]")
{
    Accounts accounts;
    Authenticator authenticator(*accounts.db);

    auto mallory_session = unwrap(authenticator.start_session(accounts.mallory));
    check_blocked(authenticator.with_session(mallory_session));

    auto ada_session = unwrap(authenticator.start_session(accounts.ada));
    REQUIRE_FALSE(authenticator.with_session(ada_session).is_error());
    accounts.db.write(
        [&](Connection& c) { return user_store::set_blocked(c, accounts.ada, true); });
    check_blocked(authenticator.with_session(ada_session));
}

TEST_CASE("throttle_wait doubles after five failures up to the limit", "[auth][throttle]")
{
    auth::ThrottlePolicy policy;
    struct Row {
        int64_t failures;
        int64_t latest;
        int64_t now;
        int64_t wait;
    };
    const Row rows[] = {
        {0, 0, 1000, 0},       {4, 1000, 1000, 0},    {5, 1000, 1000, 1},
        {6, 1000, 1000, 2},    {7, 1000, 1001, 3},    {8, 1000, 1010, 0},
        {15, 1000, 1000, 900}, {60, 1000, 1000, 900}, {60, 1000, 1900, 0},
    };
    for (const auto& row : rows) {
        INFO(row.failures << " failures, latest " << row.latest << ", now " << row.now);
        CHECK(auth::throttle_wait(row.failures, row.latest, row.now, policy) == row.wait);
    }
}

TEST_CASE("failed sign-ins slow down the account and the address", "[auth][throttle]")
{
    Accounts accounts;
    Authenticator authenticator(*accounts.db);
    for (int i = 0; i < 5; ++i)
        check_invalid_credentials(authenticator.with_password("ada", "wrong", "192.0.2.7"));

    SECTION("the right password waits too, for the account from anywhere")
    {
        auto refused = authenticator.with_password("ADA", password, "198.51.100.1");
        REQUIRE(refused.is_error());
        CHECK(refused.error().code == ErrorCode::rate_limited);
        CHECK(refused.error().message.find("try again in") != std::string::npos);
    }
    SECTION("the address waits for other accounts")
    {
        auto refused = authenticator.with_password("mallory", password, "192.0.2.7");
        REQUIRE(refused.is_error());
        CHECK(refused.error().code == ErrorCode::rate_limited);
    }
    SECTION("other accounts from other addresses go ahead")
    {
        // mallory is blocked: that answer means her password was checked, not throttled.
        auto checked = authenticator.with_password("mallory", password, "203.0.113.9");
        REQUIRE(checked.is_error());
        CHECK(checked.error().code == ErrorCode::forbidden);
    }
    SECTION("failures age out of the window, and success forgets them")
    {
        accounts.db.write([](Connection& c) -> Result<void> {
            auto s = TRY(c.prepare("UPDATE sign_in_failures SET at = at - 3600"));
            return s.run();
        });
        auto identity = authenticator.with_password("ada", password, "192.0.2.7");
        REQUIRE_FALSE(identity.is_error());
        auto left = accounts.db.read([](Connection& c) -> Result<int64_t> {
            auto s = TRY(c.prepare("SELECT count(*) FROM sign_in_failures WHERE account = 'ada'"));
            TRY(s.step());
            return s.int_at(0);
        });
        CHECK(left == 0);
    }
}
