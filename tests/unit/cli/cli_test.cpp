// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "tests/unit/db/test_database.h"

#include "auth/password.h"
#include "forge/cli/cli.h"
#include "forge/db/group_store.h"
#include "forge/db/project_store.h"
#include "forge/db/protected_branch_store.h"
#include "forge/db/user_store.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using forge::cli::exit_failure;
using forge::cli::exit_ok;
using forge::cli::exit_usage;
using forge::db::Connection;
using forge::services::Services;
using forge::test::TempDirectory;
using forge::test::unwrap;

namespace {

// Catches what the command prints on std::cout and std::cerr while it lives.
class CapturedOutput {
  public:
    CapturedOutput()
        : m_old_out(std::cout.rdbuf(m_out.rdbuf()))
        , m_old_err(std::cerr.rdbuf(m_err.rdbuf()))
    {
    }
    ~CapturedOutput()
    {
        std::cout.rdbuf(m_old_out);
        std::cerr.rdbuf(m_old_err);
    }
    CapturedOutput(const CapturedOutput&) = delete;
    CapturedOutput& operator=(const CapturedOutput&) = delete;

    std::string out() const { return m_out.str(); }
    std::string err() const { return m_err.str(); }

  private:
    std::ostringstream m_out;
    std::ostringstream m_err;
    std::streambuf* m_old_out;
    std::streambuf* m_old_err;
};

// Sets an environment variable while it lives, then restores the earlier state.
class ScopedVariable {
  public:
    ScopedVariable(const char* name, const std::string& value)
        : m_name(name)
    {
        if (const char* old = std::getenv(name))
            m_old = old;
        ::setenv(name, value.c_str(), 1);
    }
    ~ScopedVariable()
    {
        if (m_old)
            ::setenv(m_name, m_old->c_str(), 1);
        else
            ::unsetenv(m_name);
    }
    ScopedVariable(const ScopedVariable&) = delete;
    ScopedVariable& operator=(const ScopedVariable&) = delete;

  private:
    const char* m_name;
    std::optional<std::string> m_old;
};

// What one run of the command did.
struct Outcome {
    int status = -1;
    std::string out;
    std::string err;
};

Outcome run(const std::vector<std::string>& words)
{
    CapturedOutput captured;
    int status = forge::cli::run(words);
    return Outcome{status, captured.out(), captured.err()};
}

// A data directory for the command (FORGE_STORAGE_DATA), removed afterwards. Also used
// where a command should fail before touching data, so that none appears in the current
// directory if it does not.
struct DataDirectory {
    TempDirectory directory;
    std::filesystem::path data = directory.path() / "data";
    ScopedVariable variable{"FORGE_STORAGE_DATA", data.string()};

    std::unique_ptr<Services> open() { return unwrap(Services::open(data)); }

    std::optional<forge::db::UserRow> user(const std::string& name)
    {
        auto services = open();
        return unwrap(services->database().read(
            [&](Connection& c) { return forge::db::user_store::by_name(c, name); }));
    }
    bool group_exists(const std::string& name)
    {
        auto services = open();
        return unwrap(services->database().read(
                          [&](Connection& c) { return forge::db::group_store::by_name(c, name); }))
            .has_value();
    }
};

std::string last_line(const std::string& text)
{
    std::string trimmed = text;
    while (!trimmed.empty() && trimmed.back() == '\n')
        trimmed.pop_back();
    auto newline = trimmed.rfind('\n');
    return newline == std::string::npos ? trimmed : trimmed.substr(newline + 1);
}

} // namespace

TEST_CASE("forge --version prints the version and succeeds", "[cli][run]")
{
    auto outcome = run({"--version"});
    CHECK(outcome.status == exit_ok);
    CHECK_THAT(outcome.out, StartsWith("forge "));
}

TEST_CASE("forge --help prints the usage and succeeds", "[cli][run]")
{
    auto outcome = run({"--help"});
    CHECK(outcome.status == exit_ok);
    CHECK_THAT(outcome.out, Contains("forge admin user create"));
}

TEST_CASE("forge without a command is a usage error", "[cli][run]")
{
    auto outcome = run({});
    CHECK(outcome.status == exit_usage);
    CHECK_THAT(outcome.err, Contains("usage"));
}

TEST_CASE("forge with an unknown command or option is a usage error", "[cli][run]")
{
    DataDirectory dir;
    auto bogus = run({"bogus"});
    CHECK(bogus.status == exit_usage);
    CHECK_THAT(bogus.err, StartsWith("forge: error:"));
    CHECK_THAT(bogus.err, Contains("bogus"));

    CHECK(run({"--colour"}).status == exit_usage);
    CHECK(run({"admin"}).status == exit_usage);
    CHECK(run({"admin", "user"}).status == exit_usage);
    CHECK(run({"admin", "user", "delete", "x"}).status == exit_usage);
    CHECK(run({"serve", "extra"}).status == exit_usage);
}

TEST_CASE("forge with a configuration that cannot be used is a usage error", "[cli][run]")
{
    DataDirectory dir;
    auto missing = (dir.directory.path() / "absent.toml").string();
    auto outcome = run({"admin", "group", "create", "g", "--config", missing});
    CHECK(outcome.status == exit_usage);
    CHECK_THAT(outcome.err, Contains(missing));

    ScopedVariable listen("FORGE_SERVER_LISTEN", "nonsense");
    CHECK(run({"admin", "group", "create", "g"}).status == exit_usage);
}

TEST_CASE("forge admin user create needs --email", "[cli][admin][user]")
{
    DataDirectory dir;
    auto outcome = run({"admin", "user", "create", "x"});
    CHECK(outcome.status == exit_usage);
    CHECK_THAT(outcome.err, Contains("--email"));
    CHECK(run({"admin", "user", "create", "--email", "x@example.org"}).status == exit_usage);
    CHECK(run({"admin", "user", "create", "x", "y", "--email", "x@example.org"}).status ==
          exit_usage);
    // A usage error changes nothing: not even the data directory is created.
    CHECK_FALSE(std::filesystem::exists(dir.data));
}

TEST_CASE("forge admin user create makes a user and prints a generated password",
          "[cli][admin][user]")
{
    DataDirectory dir;
    auto outcome = run({"admin", "user", "create", "carol", "--email", "c@example.org"});
    REQUIRE(outcome.status == exit_ok);
    CHECK_THAT(outcome.out, Contains("carol"));

    auto user = dir.user("carol");
    REQUIRE(user);
    CHECK(user->email == "c@example.org");
    CHECK_FALSE(user->is_admin);

    // The generated password is printed once, on a line that says so.
    auto line = last_line(outcome.out);
    REQUIRE_THAT(line, StartsWith("password: "));
    auto password = line.substr(std::string("password: ").size());
    CHECK(auth::verify_password(password, user->password_hash));

    SECTION("a second time fails")
    {
        auto again = run({"admin", "user", "create", "carol", "--email", "c@example.org"});
        CHECK(again.status == exit_failure);
        CHECK_THAT(again.err, StartsWith("forge: error:"));
    }
    SECTION("a taken e-mail address fails")
    {
        auto again = run({"admin", "user", "create", "carol2", "--email", "c@example.org"});
        CHECK(again.status == exit_failure);
        CHECK_FALSE(dir.user("carol2"));
    }
}

TEST_CASE("forge admin user create --admin makes a site administrator", "[cli][admin][user]")
{
    DataDirectory dir;
    REQUIRE(run({"admin", "user", "create", "root", "--email=r@example.org", "--admin"}).status ==
            exit_ok);
    auto user = dir.user("root");
    REQUIRE(user);
    CHECK(user->is_admin);
}

TEST_CASE("forge admin user create refuses a bad name or e-mail address", "[cli][admin][user]")
{
    DataDirectory dir;
    CHECK(run({"admin", "user", "create", "Carol", "--email", "c@example.org"}).status ==
          exit_failure);
    CHECK(run({"admin", "user", "create", "carol", "--email", "nope"}).status == exit_failure);
    CHECK_FALSE(dir.user("carol"));
}

TEST_CASE("forge admin group create", "[cli][admin][group]")
{
    DataDirectory dir;
    CHECK(run({"admin", "group", "create", "g"}).status == exit_ok);
    CHECK(dir.group_exists("g"));
    CHECK(run({"admin", "group", "create", "g"}).status == exit_failure);

    auto bad = run({"admin", "group", "create", "Bad"});
    CHECK(bad.status == exit_failure);
    CHECK_THAT(bad.err, Contains("group"));
    CHECK_FALSE(dir.group_exists("Bad"));
}

TEST_CASE("forge admin verbs refuse options they do not take", "[cli][admin]")
{
    DataDirectory dir;
    auto outcome = run({"admin", "group", "create", "g", "--email", "x"});
    CHECK(outcome.status == exit_usage);
    CHECK_THAT(outcome.err, Contains("usage"));
    CHECK_FALSE(dir.group_exists("g"));

    CHECK(run({"admin", "group", "create", "g", "--admin"}).status == exit_usage);
    CHECK(run({"admin", "token", "create", "carol", "--name", "x", "--role", "owner"}).status ==
          exit_usage);
    CHECK_FALSE(dir.group_exists("g"));
}

TEST_CASE("forge admin project grant refuses an unknown level", "[cli][admin][project]")
{
    DataDirectory dir;
    REQUIRE(run({"admin", "user", "create", "carol", "--email", "c@example.org"}).status ==
            exit_ok);
    REQUIRE(run({"admin", "project", "create", "carol/x"}).status == exit_ok);

    auto outcome = run({"admin", "project", "grant", "carol/x", "carol", "superuser"});
    CHECK(outcome.status == exit_failure);
    CHECK_THAT(outcome.err, Contains("superuser"));
    // On a project that does not exist too.
    CHECK(run({"admin", "project", "grant", "carol/y", "carol", "superuser"}).status ==
          exit_failure);
    CHECK(run({"admin", "project", "grant", "carol", "carol", "read"}).status == exit_failure);
    CHECK(run({"admin", "project", "grant", "carol/x", "carol"}).status == exit_usage);
}

TEST_CASE("forge admin: a whole set-up from the command line", "[cli][admin]")
{
    DataDirectory dir;
    REQUIRE(run({"admin", "user", "create", "carol", "--email", "c@example.org"}).status ==
            exit_ok);
    REQUIRE(run({"admin", "user", "create", "dave", "--email", "d@example.org"}).status == exit_ok);
    REQUIRE(run({"admin", "group", "create", "team"}).status == exit_ok);
    REQUIRE(run({"admin", "group", "add-member", "team", "dave", "--role", "maintainer"}).status ==
            exit_ok);
    CHECK(run({"admin", "group", "add-member", "team", "dave", "--role", "boss"}).status ==
          exit_failure);
    REQUIRE(run({"admin", "project", "create", "team/site", "--visibility", "public"}).status ==
            exit_ok);
    CHECK(run({"admin", "project", "create", "team/site"}).status == exit_failure);
    CHECK(run({"admin", "project", "create", "team/other", "--visibility", "open"}).status ==
          exit_failure);
    REQUIRE(run({"admin", "project", "grant", "team/site", "carol", "write"}).status == exit_ok);
    REQUIRE(run({"admin", "project", "protect", "team/site", "main"}).status == exit_ok);
    CHECK(run({"admin", "project", "protect", "team/site", "a..b"}).status == exit_failure);

    auto token = run({"admin", "token", "create", "carol", "--name", "ci"});
    REQUIRE(token.status == exit_ok);
    CHECK(run({"admin", "token", "create", "carol"}).status == exit_usage);
    CHECK(run({"admin", "token", "create", "nobody", "--name", "ci"}).status == exit_failure);

    auto services = dir.open();
    auto project = unwrap(services->database().read(
        [](Connection& c) { return forge::db::project_store::by_path(c, "team", "site"); }));
    REQUIRE(project);
    CHECK(project->visibility == "public");
    CHECK(services->repos().exists(project->id));
    CHECK(unwrap(services->database().read([&](Connection& c) {
        return forge::db::protected_branch_store::is_protected(c, project->id, "main");
    })));

    auto dave = unwrap(services->database().read(
        [](Connection& c) { return forge::db::user_store::by_name(c, "dave"); }));
    REQUIRE(dave);
    auto role = unwrap(
        services->database().read([&](Connection& c) -> forge::Result<std::optional<std::string>> {
            auto group = TRY(forge::db::group_store::by_name(c, "team"));
            return forge::db::group_store::role_of(c, group->id, dave->id);
        }));
    CHECK(role.value_or("(none)") == "maintainer");

    // The token is alone on the last line and signs carol in, with write access.
    auto identity = unwrap(services->authenticator().with_token(last_line(token.out)));
    CHECK(identity.user.name == "carol");
    auto opened =
        unwrap(forge::services::open_project(*services, identity.viewer(), {"team", "site"}));
    CHECK(opened.level == auth::AccessLevel::write);
}

TEST_CASE("forge admin leaves FORGE_STORAGE_DATA as it found it", "[cli][admin]")
{
    std::optional<std::string> before;
    if (const char* value = std::getenv("FORGE_STORAGE_DATA"))
        before = value;
    {
        DataDirectory dir;
        const char* during = std::getenv("FORGE_STORAGE_DATA");
        REQUIRE(during != nullptr);
        CHECK(std::string(during) == dir.data.string());
    }
    const char* after = std::getenv("FORGE_STORAGE_DATA");
    CHECK(before.has_value() == (after != nullptr));
    if (before && after)
        CHECK(*before == std::string(after));
}
