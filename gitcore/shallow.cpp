// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/shallow.h"

#include "gitcore/library.h"
#include "gitcore/repository.h"

#include <git2.h>

#include <algorithm>
#include <charconv>
#include <deque>
#include <map>
#include <memory>
#include <set>

namespace gitcore {

namespace {

using Oid = std::string;
using CommitPtr = std::unique_ptr<git_commit, decltype(&git_commit_free)>;

forge::Result<CommitPtr> lookup_commit(git_repository* repo, const Oid& hex)
{
    git_oid id;
    git_commit* commit = nullptr;
    if (git_oid_fromstrn(&id, hex.data(), hex.size()) < 0 ||
        git_commit_lookup(&commit, repo, &id) < 0)
        return forge::Error::invalid_argument("not a commit: " + hex);
    return CommitPtr(commit, git_commit_free);
}

std::string hex_of(const git_oid* id)
{
    char text[GIT_OID_HEXSZ + 1];
    git_oid_tostr(text, sizeof text, id);
    return text;
}

std::vector<Oid> parents_of(const git_commit* commit)
{
    std::vector<Oid> parents;
    for (unsigned i = 0; i < git_commit_parentcount(commit); ++i)
        parents.push_back(hex_of(git_commit_parent_id(commit, i)));
    return parents;
}

// Everything a walk decided: which commits are included and which of them end the history.
struct Walk {
    std::set<Oid> included;
    std::set<Oid> boundary; // included, but some parent is not
};

// Breadth-first from `starts` down to `max_depth` commits (a start is at depth 1).
forge::Result<Walk> walk_depth(git_repository* repo, const std::vector<Oid>& starts, int max_depth)
{
    Walk walk;
    std::deque<std::pair<Oid, int>> queue;
    for (const auto& start : starts) {
        if (walk.included.insert(start).second)
            queue.emplace_back(start, 1);
    }
    while (!queue.empty()) {
        auto [id, depth] = queue.front();
        queue.pop_front();
        auto commit = TRY(lookup_commit(repo, id));
        auto parents = parents_of(commit.get());
        if (depth >= max_depth) {
            walk.boundary.insert(id); // also a root commit, as git marks it
            continue;
        }
        for (const auto& parent : parents) {
            if (walk.included.insert(parent).second)
                queue.emplace_back(parent, depth + 1);
        }
    }
    return walk;
}

// From `starts`, every commit for which `keep` holds; the walk does not pass a commit that
// fails it.
template <typename Keep>
forge::Result<Walk> walk_while(git_repository* repo, const std::vector<Oid>& starts, Keep keep)
{
    Walk walk;
    std::deque<Oid> queue(starts.begin(), starts.end());
    std::set<Oid> seen(starts.begin(), starts.end());
    while (!queue.empty()) {
        Oid id = queue.front();
        queue.pop_front();
        auto commit = TRY(lookup_commit(repo, id));
        if (!keep(id, commit.get()))
            continue;
        walk.included.insert(id);
        for (const auto& parent : parents_of(commit.get())) {
            if (seen.insert(parent).second)
                queue.push_back(parent);
        }
    }
    for (const auto& id : walk.included) {
        auto commit = TRY(lookup_commit(repo, id));
        for (const auto& parent : parents_of(commit.get())) {
            if (!walk.included.count(parent))
                walk.boundary.insert(id);
        }
    }
    return walk;
}

forge::Result<std::set<Oid>> reachable_from_refs(git_repository* repo,
                                                 const std::vector<std::string>& refs)
{
    std::vector<Oid> tips;
    for (const auto& name : refs) {
        git_oid id;
        if (git_reference_name_to_id(&id, repo, name.c_str()) < 0 &&
            git_reference_name_to_id(&id, repo, ("refs/heads/" + name).c_str()) < 0 &&
            git_reference_name_to_id(&id, repo, ("refs/tags/" + name).c_str()) < 0)
            return forge::Error::invalid_argument("unknown ref in deepen-not: " + name);
        git_object* peeled = nullptr;
        git_object* object = nullptr;
        if (git_object_lookup(&object, repo, &id, GIT_OBJECT_ANY) == 0 &&
            git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0)
            tips.push_back(hex_of(git_object_id(peeled)));
        git_object_free(peeled);
        git_object_free(object);
    }
    auto walk = TRY(walk_while(repo, tips, [](const Oid&, const git_commit*) { return true; }));
    return walk.included;
}

// The commits that `ids` name: tags are peeled, trees and blobs have no history.
std::vector<Oid> peel_to_commits(git_repository* repo, const std::vector<Oid>& ids)
{
    std::vector<Oid> commits;
    for (const auto& hex : ids) {
        git_oid id;
        git_object* object = nullptr;
        git_object* peeled = nullptr;
        if (git_oid_fromstrn(&id, hex.data(), hex.size()) == 0 &&
            git_object_lookup(&object, repo, &id, GIT_OBJECT_ANY) == 0 &&
            git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0)
            commits.push_back(hex_of(git_object_id(peeled)));
        git_object_free(peeled);
        git_object_free(object);
    }
    return commits;
}

forge::Result<Walk> walk_for(git_repository* repo, const DeepenRequest& given)
{
    DeepenRequest request = given;
    request.wants = peel_to_commits(repo, given.wants);
    if (request.depth > 0) {
        if (request.relative)
            return walk_depth(repo, request.client_shallows, request.depth + 1);
        return walk_depth(repo, request.wants, request.depth);
    }
    if (request.since > 0) {
        return walk_while(repo, request.wants, [&](const Oid&, const git_commit* commit) {
            return git_commit_time(commit) >= request.since;
        });
    }
    auto hidden = TRY(reachable_from_refs(repo, request.not_refs));
    return walk_while(repo, request.wants,
                      [&](const Oid& id, const git_commit*) { return !hidden.count(id); });
}

// git's rules: a depth excludes the other kinds, and a client's shallow commit must be a
// commit; shallow ids the repository does not have are ignored.
forge::Result<DeepenRequest> checked(git_repository* repo, DeepenRequest request)
{
    if (request.depth > 0 && (request.since > 0 || !request.not_refs.empty()))
        return forge::Error::invalid_argument(
            "deepen and deepen-since (or deepen-not) cannot be used together");
    std::vector<Oid> known;
    for (const auto& hex : request.client_shallows) {
        git_oid id;
        git_object* object = nullptr;
        if (git_oid_fromstrn(&id, hex.data(), hex.size()) < 0 ||
            git_object_lookup(&object, repo, &id, GIT_OBJECT_ANY) < 0)
            continue;
        bool commit = git_object_type(object) == GIT_OBJECT_COMMIT;
        git_object_free(object);
        if (!commit)
            return forge::Error::invalid_argument("invalid shallow object " + hex);
        known.push_back(hex);
    }
    request.client_shallows = known;
    return request;
}

} // namespace

forge::Result<int> parse_depth(std::string_view text)
{
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc::result_out_of_range && end == text.data() + text.size())
        return infinite_depth;
    if (ec != std::errc() || end != text.data() + text.size() || value <= 0)
        return forge::Error::invalid_argument("invalid deepen");
    return static_cast<int>(std::min<int64_t>(value, infinite_depth));
}

forge::Result<DeepenResult> compute_deepen(const std::filesystem::path& path,
                                           const DeepenRequest& given)
{
    auto repository = TRY(Repository::open(path));
    git_repository* repo = repository.raw();
    auto request = TRY(checked(repo, given));
    DeepenResult result;
    std::set<Oid> client(request.client_shallows.begin(), request.client_shallows.end());
    std::set<Oid> boundary = client;
    if (request.deepens()) {
        auto walk = TRY(walk_for(repo, request));
        for (const auto& id : walk.boundary) {
            if (!client.count(id))
                result.shallow.push_back(id);
            boundary.insert(id);
        }
        for (const auto& id : client) {
            if (!walk.included.count(id) || walk.boundary.count(id))
                continue;
            result.unshallow.push_back(id);
            auto commit = TRY(lookup_commit(repo, id));
            for (const auto& parent : parents_of(commit.get()))
                result.extra_wants.push_back(parent);
        }
    }
    result.boundary.assign(boundary.begin(), boundary.end());
    return result;
}

} // namespace gitcore
