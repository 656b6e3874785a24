// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/cli/cli.h"
#include "forge/cli/commands.h"
#include "forge/services/account_service.h"
#include "forge/services/group_service.h"
#include "forge/services/project_service.h"

#include <iostream>
#include <set>

namespace forge::cli {

namespace {

namespace svc = forge::services;

// The words after "admin <area> <verb>", with the options that verb accepts.
struct Invocation {
    const Arguments& arguments;
    std::vector<std::string> words;
};

int report(const Error& error)
{
    return fail(exit_failure, error.message);
}

std::optional<std::string> read_password_line()
{
    std::string line;
    if (!std::getline(std::cin, line))
        return std::nullopt;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return line;
}

int user_create(svc::Services& services, const Invocation& call)
{
    svc::NewAccount account{call.words[0], *call.arguments.option("email"), std::nullopt,
                            call.arguments.flag("admin")};
    if (call.arguments.flag("password-stdin")) {
        account.password = read_password_line();
        if (!account.password)
            return fail(exit_failure, "no password on standard input");
    }
    auto created = svc::create_account(services, svc::Actor::command_line(), std::move(account));
    if (created.is_error())
        return report(created.error());
    std::cout << "created user '" << created->user.name << "'"
              << (created->user.is_admin ? " (site administrator)" : "") << "\n";
    if (!created->generated_password.empty())
        std::cout << "password: " << created->generated_password << "\n";
    return exit_ok;
}

int group_create(svc::Services& services, const Invocation& call)
{
    auto created = svc::create_group(services, svc::Actor::command_line(), call.words[0]);
    if (created.is_error())
        return report(created.error());
    std::cout << "created group '" << created->name << "'\n";
    return exit_ok;
}

int group_add_member(svc::Services& services, const Invocation& call)
{
    std::string role = call.arguments.option("role").value_or("member");
    auto added = svc::set_group_member(services, svc::Actor::command_line(), call.words[0],
                                       call.words[1], role);
    if (added.is_error())
        return report(added.error());
    std::cout << "'" << call.words[1] << "' is " << role << " of '" << call.words[0] << "'\n";
    return exit_ok;
}

int project_create(svc::Services& services, const Invocation& call)
{
    auto path = svc::parse_project_path(call.words[0]);
    if (path.is_error())
        return report(path.error());
    svc::NewProjectRequest request{path.release_value(),
                                   call.arguments.option("visibility").value_or("private"), ""};
    auto created = svc::create_project(services, svc::Actor::command_line(), request);
    if (created.is_error())
        return report(created.error());
    std::cout << "created " << created->visibility << " project '" << request.path.to_string()
              << "'\n";
    return exit_ok;
}

int project_grant(svc::Services& services, const Invocation& call)
{
    auto path = svc::parse_project_path(call.words[0]);
    if (path.is_error())
        return report(path.error());
    auto granted = svc::grant_access(services, svc::Actor::command_line(), path.value(),
                                     call.words[1], call.words[2]);
    if (granted.is_error())
        return report(granted.error());
    std::cout << "granted " << call.words[2] << " on '" << call.words[0] << "' to '"
              << call.words[1] << "'\n";
    return exit_ok;
}

int project_protect(svc::Services& services, const Invocation& call)
{
    auto path = svc::parse_project_path(call.words[0]);
    if (path.is_error())
        return report(path.error());
    auto protectd =
        svc::protect_branch(services, svc::Actor::command_line(), path.value(), call.words[1]);
    if (protectd.is_error())
        return report(protectd.error());
    std::cout << "protected branch '" << call.words[1] << "' of '" << call.words[0] << "'\n";
    return exit_ok;
}

int token_create(svc::Services& services, const Invocation& call)
{
    auto label = call.arguments.option("name");
    svc::NewToken request{call.words[0], *label, "read write", std::nullopt};
    auto token = svc::create_token(services, svc::Actor::command_line(), request);
    if (token.is_error())
        return report(token.error());
    // The token alone on the last line, so scripts can take it with `tail -n 1`.
    std::cout << "created token '" << *label << "' for '" << call.words[0]
              << "'; it is shown only now:\n"
              << token.value() << "\n";
    return exit_ok;
}

using Action = int (*)(svc::Services&, const Invocation&);

// One admin command: its words, the shape of its arguments, and what it does.
struct Verb {
    const char* area;
    const char* verb;
    size_t word_count;
    std::set<std::string> required; // options that must be given
    std::set<std::string> allowed;  // options and flags it accepts besides --config
    const char* synopsis;
    Action action;
};

const Verb verbs[] = {
    {"user",
     "create",
     1,
     {"email"},
     {"email", "admin", "password-stdin"},
     "user create NAME --email E [--admin] [--password-stdin]",
     user_create},
    {"group", "create", 1, {}, {}, "group create NAME", group_create},
    {"group",
     "add-member",
     2,
     {},
     {"role"},
     "group add-member GROUP USER [--role ROLE]",
     group_add_member},
    {"project",
     "create",
     1,
     {},
     {"visibility"},
     "project create OWNER/NAME [--visibility V]",
     project_create},
    {"project",
     "grant",
     3,
     {},
     {},
     "project grant OWNER/NAME (USER|@GROUP) read|write|maintain|admin",
     project_grant},
    {"project", "protect", 2, {}, {}, "project protect OWNER/NAME BRANCH", project_protect},
    {"token", "create", 1, {"name"}, {"name"}, "token create USER --name LABEL", token_create},
};

// Whether the words and options fit the verb; checked before anything is opened, so
// that a usage error changes nothing.
bool fits(const Verb& verb, const Invocation& call)
{
    for (const auto& [name, value] : call.arguments.options) {
        if (name != "config" && !verb.allowed.count(name))
            return false;
    }
    for (const auto& name : call.arguments.flags) {
        if (!verb.allowed.count(name))
            return false;
    }
    for (const auto& name : verb.required) {
        if (!call.arguments.option(name))
            return false;
    }
    return call.words.size() == verb.word_count;
}

} // namespace

int admin_command(const Config& config, const Arguments& arguments)
{
    const auto& words = arguments.positional;
    if (words.size() < 2)
        return fail(exit_usage, "admin needs an area and a verb, e.g. 'admin user create'");
    for (const auto& verb : verbs) {
        if (words[0] != verb.area || words[1] != verb.verb)
            continue;
        Invocation call{arguments, std::vector<std::string>(words.begin() + 2, words.end())};
        if (!fits(verb, call))
            return fail(exit_usage, std::string("usage: forge admin ") + verb.synopsis);
        auto services = svc::Services::open(config.storage.data);
        if (services.is_error())
            return report(services.error());
        return verb.action(*services.value(), call);
    }
    return fail(exit_usage, "unknown admin command '" + words[0] + " " + words[1] + "'");
}

} // namespace forge::cli
