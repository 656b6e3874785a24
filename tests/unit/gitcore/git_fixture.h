// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

// Real bare repositories with a known history, built by the real git in a temporary
// directory, for the negotiation tests and the upload-pack fuzz target. No test framework
// here: failures come back as errors, so that a fuzz target can use it too.

#include "forge/common/result.h"
#include "gitcore/subprocess.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace gitcore::testing {

// The history every fixture repository gets, with fixed names and dates, so that its
// object ids never change:
//
//   c1 -- c2 -- c3 -- c4   refs/heads/main (HEAD), commit times 1700000000 + 100 * (n - 1)
//          `-- s1          refs/heads/side, time 1700000400
//   refs/tags/v1: an annotated tag of c2
//
// Each commit writes one line to one file; it is fed to `git fast-import`.
struct FixtureCommit {
    const char* branch;
    const char* message; // also the commit's name above
    int parent;          // index into history_commits, -1: none
    const char* file;
    const char* content;
    long time;
};

inline constexpr FixtureCommit history_commits[] = {
    {"main", "c1", -1, "file.txt", "first", 1700000000},
    {"main", "c2", 0, "file.txt", "second", 1700000100},
    {"main", "c3", 1, "file.txt", "third", 1700000200},
    {"main", "c4", 2, "file.txt", "fourth", 1700000300},
    {"side", "s1", 1, "side.txt", "side", 1700000400},
};

// fast-import "data" with its length, then the bytes.
inline std::string fast_import_data(const std::string& bytes)
{
    return "data " + std::to_string(bytes.size()) + "\n" + bytes;
}

inline std::string fast_import_identity(const char* role, long time)
{
    return std::string(role) + " A U Thor <author@example.com> " + std::to_string(time) +
           " +0000\n";
}

// The fast-import stream of the history; commit i is mark i + 1, its blob mark i + 101.
inline std::string history_stream()
{
    std::string stream;
    int mark = 1;
    for (const auto& commit : history_commits) {
        auto blob = std::to_string(mark + 100);
        stream +=
            "blob\nmark :" + blob + "\n" + fast_import_data(std::string(commit.content) + "\n");
        stream += "\ncommit refs/heads/" + std::string(commit.branch) +
                  "\nmark :" + std::to_string(mark) + "\n" +
                  fast_import_identity("author", commit.time) +
                  fast_import_identity("committer", commit.time) +
                  fast_import_data(std::string(commit.message) + "\n");
        if (commit.parent >= 0)
            stream += "from :" + std::to_string(commit.parent + 1) + "\n";
        stream += "M 100644 :" + blob + " " + commit.file + "\n\n";
        ++mark;
    }
    return stream + "tag v1\nfrom :2\n" + fast_import_identity("tagger", 1700000500) +
           fast_import_data("version\n") + "\n";
}

// The ids that history_stream() produces (the fuzz corpus names them too).
namespace ids {
inline constexpr std::string_view c1 = "287e3b28a7c7aed35783ccc716f1b5038460d479";
inline constexpr std::string_view c2 = "af519b193de6eb0c6c894885e58c3d1d467c22cf";
inline constexpr std::string_view c3 = "6b52cfc1909c1c9e9e5444967c579e8bef267111";
inline constexpr std::string_view c4 = "7dd9b1b255a1e2b46c3fe1c4a9db42cd06156a7c";
inline constexpr std::string_view s1 = "425c759dac6ff223f36c2e4a23e05de663f4fca7";
inline constexpr std::string_view v1 = "c8a17faaaef66de2e837429968c8d28f12d4a3e4";
} // namespace ids

// A temporary directory, removed with everything in it when the fixture goes away. git
// runs with HOME there and without system configuration, so no user setting leaks in.
class GitFixture {
  public:
    GitFixture()
    {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "forge-gitcore-XXXXXX").string();
        if (::mkdtemp(pattern.data()))
            m_directory = pattern;
    }
    ~GitFixture()
    {
        std::error_code ignored;
        if (!m_directory.empty())
            std::filesystem::remove_all(m_directory, ignored);
    }
    GitFixture(const GitFixture&) = delete;
    GitFixture& operator=(const GitFixture&) = delete;

    const std::filesystem::path& directory() const { return m_directory; }

    // Runs git with `arguments` and `input`; its standard output, or internal with its
    // standard error when it fails. `environment` adds "NAME=value" entries.
    forge::Result<std::string> git(std::vector<std::string> arguments, std::string_view input = {},
                                   std::vector<std::string> environment = {}) const
    {
        if (m_directory.empty())
            return forge::Error::internal("no temporary directory");
        arguments.insert(arguments.begin(), "git");
        environment.insert(environment.end(),
                           {"HOME=" + m_directory.string(), "GIT_CONFIG_NOSYSTEM=1",
                            "GIT_AUTHOR_NAME=A U Thor", "GIT_AUTHOR_EMAIL=author@example.com",
                            "GIT_AUTHOR_DATE=1700000600 +0000", "GIT_COMMITTER_NAME=A U Thor",
                            "GIT_COMMITTER_EMAIL=author@example.com",
                            "GIT_COMMITTER_DATE=1700000600 +0000"});
        std::string output, error;
        int status = TRY(gitcore::run_process({arguments, environment, m_directory.string()}, input,
                                              &output, &error, 16 << 20));
        if (status != 0)
            return forge::Error::internal("git " + arguments[1] + " failed: " + error);
        return output;
    }

    // A new bare repository `name` in the directory whose HEAD names refs/heads/main.
    forge::Result<std::filesystem::path> empty_repository(const std::string& name) const
    {
        auto path = m_directory / name;
        TRY(git({"init", "--quiet", "--bare", "--initial-branch=main", path.string()}));
        return path;
    }

    // A new bare repository `name` holding history_stream().
    forge::Result<std::filesystem::path> repository(const std::string& name) const
    {
        auto path = TRY(empty_repository(name));
        TRY(git({"--git-dir=" + path.string(), "fast-import", "--quiet"}, history_stream()));
        return path;
    }

    // The object id `revision` names in the repository at `path`.
    forge::Result<std::string> rev_parse(const std::filesystem::path& path,
                                         const std::string& revision) const
    {
        auto output = TRY(git({"--git-dir=" + path.string(), "rev-parse", "--verify", revision}));
        return output.substr(0, output.find('\n'));
    }

  private:
    std::filesystem::path m_directory;
};

} // namespace gitcore::testing
