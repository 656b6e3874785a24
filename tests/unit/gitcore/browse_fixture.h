// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// Bare repositories for the browsing tests, written with `git fast-import` so that every
// mode (symlinks, submodules), every byte (binary files, unicode names) and every date is
// exactly what a test asks for.

#include "tests/unit/gitcore/git_fixture.h"

#include "gitcore/repository.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace gitcore::testing {

// A file written by a commit; `mode` "120000" makes a symlink to `content`.
inline std::string put(const std::string& path, const std::string& content,
                       const std::string& mode = "100644")
{
    return "M " + mode + " inline " + path + "\n" + fast_import_data(content) + "\n";
}

// A submodule entry pointing at `commit` in another repository.
inline std::string gitlink(const std::string& path, const std::string& commit)
{
    return "M 160000 " + commit + " " + path + "\n";
}

inline std::string remove_file(const std::string& path)
{
    return "D " + path + "\n";
}

struct CommitSpec {
    std::string branch;               // "main"
    std::string message;              // the whole message
    long time = 0;                    // author and committer time
    std::vector<int> parents;         // indexes into the specs; empty: a root commit
    std::vector<std::string> changes; // put(), gitlink(), remove_file()
    std::string zone = "+0000";
};

// "committer A U Thor <author@example.com> 1700000000 +0000\n" and the like.
inline std::string identity(const std::string& role, long time, const std::string& zone)
{
    return role + " A U Thor <author@example.com> " + std::to_string(time) + " " + zone + "\n";
}

// The fast-import stream of `specs`; spec i is mark i + 1.
inline std::string commits_stream(const std::vector<CommitSpec>& specs)
{
    std::string stream;
    for (size_t i = 0; i < specs.size(); ++i) {
        const auto& spec = specs[i];
        // Without "from" fast-import would continue the branch; a root commit resets it.
        if (spec.parents.empty())
            stream += "reset refs/heads/" + spec.branch + "\n";
        stream += "commit refs/heads/" + spec.branch + "\nmark :" + std::to_string(i + 1) + "\n";
        stream += identity("author", spec.time, spec.zone) +
                  identity("committer", spec.time, spec.zone) + fast_import_data(spec.message);
        for (size_t p = 0; p < spec.parents.size(); ++p)
            stream += (p == 0 ? "from :" : "merge :") + std::to_string(spec.parents[p] + 1) + "\n";
        for (const auto& change : spec.changes)
            stream += change;
        stream += "\n";
    }
    return stream;
}

template <typename T> T must(forge::Result<T> result)
{
    INFO((result.is_error() ? result.error().message : std::string()));
    REQUIRE_FALSE(result.is_error());
    return result.release_value();
}

// The error code of a result that must be an error.
template <typename T> forge::ErrorCode code_of(const forge::Result<T>& result)
{
    REQUIRE(result.is_error());
    return result.error().code;
}

// A bare repository made from commit specs (plus any further fast-import commands), open.
class BrowseRepo {
  public:
    explicit BrowseRepo(const std::vector<CommitSpec>& specs, const std::string& more = {})
    {
        m_path = must(m_git.empty_repository("browse.git"));
        auto marks = (m_git.directory() / "marks").string();
        // Packed, as pushed history mostly is: fast-import would unpack so few objects.
        git({"-c", "fastimport.unpackLimit=1", "fast-import", "--quiet", "--export-marks=" + marks},
            commits_stream(specs) + more);
        std::ifstream in(marks);
        std::string mark, id;
        while (in >> mark >> id)
            m_ids[std::stoi(mark.substr(1))] = id;
        open();
    }

    // Runs git on the repository.
    std::string git(std::vector<std::string> arguments, std::string_view input = {}) const
    {
        arguments.insert(arguments.begin(), "--git-dir=" + m_path.string());
        return must(m_git.git(std::move(arguments), input));
    }
    std::string rev_parse(const std::string& revision) const
    {
        return must(m_git.rev_parse(m_path, revision));
    }
    // The id of the commit made from spec `index`.
    std::string id(int index) const { return m_ids.at(index + 1); }
    Repository& repo() { return *m_repo; }
    const std::filesystem::path& path() const { return m_path; }
    // Opens the repository again, after git changed it behind libgit2's caches.
    void open()
    {
        m_repo.reset();
        m_repo.emplace(must(Repository::open(m_path)));
    }

  private:
    GitFixture m_git;
    std::filesystem::path m_path;
    std::map<int, std::string> m_ids;
    std::optional<Repository> m_repo;
};

} // namespace gitcore::testing
