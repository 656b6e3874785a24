// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// Projects with real repositories and a work tree to commit in, for the merge request
// tests. Pushes go straight into the bare repository (as git would over HTTP) and are
// then announced to the services the way the push route does.

#include "tests/unit/gitcore/git_fixture.h"
#include "tests/unit/services/services_fixture.h"

#include "forge/services/git_service.h"
#include "forge/services/merge_service.h"
#include "forge/services/project_service.h"
#include "forge/services/push_service.h"
#include "gitcore/refs.h"

#include <fstream>

namespace forge::test {

class MergeRequestWorld {
  public:
    TempServices forge;
    gitcore::testing::GitFixture git;

    // A project with a repository and a work tree whose main branch holds `files`.
    db::ProjectRow project(const db::UserRow& owner, const std::string& name,
                           const std::string& visibility = "private")
    {
        auto row = unwrap(services::create_project(
            *forge, actor_of(owner),
            services::NewProjectRequest{{owner.name, name}, visibility, ""}));
        return row;
    }

    std::filesystem::path repository(const db::ProjectRow& project)
    {
        return forge->repos().path_for(project.id);
    }

    // A work tree of the project's repository, created on first use.
    std::filesystem::path tree(const db::ProjectRow& project)
    {
        auto path = git.directory() / ("tree-" + std::to_string(project.id));
        if (!std::filesystem::exists(path))
            unwrap(git.git({"clone", "--quiet", repository(project).string(), path.string()}));
        return path;
    }

    // Commits `content` as `file` on `branch` (starting it from `from` when new) and
    // returns the commit id.
    std::string commit(const db::ProjectRow& project, const std::string& branch,
                       const std::string& file, const std::string& content,
                       const std::string& from = "")
    {
        auto work = tree(project);
        auto in = [&](std::vector<std::string> arguments) {
            arguments.insert(arguments.begin(), {"-C", work.string()});
            return unwrap(git.git(arguments));
        };
        if (!from.empty())
            in({"checkout", "--quiet", "-B", branch, from});
        else
            in({"checkout", "--quiet", "-B", branch});
        std::ofstream(work / file, std::ios::binary) << content;
        in({"add", "--all"});
        in({"commit", "--quiet", "--allow-empty", "-m", "change " + file + " on " + branch});
        auto id = in({"rev-parse", "HEAD"});
        return id.substr(0, 40);
    }

    // Pushes the work tree's `branch` (forced) and tells the services, as the push route
    // does.
    void push(const db::ProjectRow& project, const db::UserRow& pusher, const std::string& branch,
              const std::string& id)
    {
        std::string ref = "refs/heads/" + branch;
        std::string old_id = head_of(project, branch);
        unwrap(git.git({"-C", tree(project).string(), "push", "--quiet", "--force", "origin",
                        id + ":" + ref}));
        gitcore::PushOutcome outcome;
        outcome.results.push_back({gitcore::RefUpdate{old_id, id, ref}, ""});
        services::GitRepository opened{project, auth::AccessLevel::admin, repository(project)};
        unwrap(services::record_push(*forge, actor_of(pusher), opened, outcome));
        unwrap(services::refresh_after_push(*forge, actor_of(pusher), opened, outcome));
    }

    std::string head_of(const db::ProjectRow& project, const std::string& branch)
    {
        auto listing = unwrap(gitcore::list_refs(repository(project)));
        for (const auto& ref : listing.refs)
            if (ref.name == (branch.rfind("refs/", 0) == 0 ? branch : "refs/heads/" + branch))
                return ref.id;
        return std::string(gitcore::zero_id);
    }
};

} // namespace forge::test
