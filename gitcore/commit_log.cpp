// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/commit_log.h"

#include "gitcore/git_objects.h"
#include "gitcore/library.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <unordered_set>

namespace gitcore {

namespace {

struct OidHash {
    size_t operator()(const git_oid& id) const
    {
        size_t hash = 0;
        std::memcpy(&hash, id.id, sizeof hash);
        return hash;
    }
};
struct OidEqual {
    bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b); }
};

struct Queued {
    CommitPtr commit;
    std::optional<git_oid> path_id; // what is at the path, when already known
    uint64_t order = 0;             // equal times: the first queued comes out first
};

// A walk in committer-time order with a priority queue, as `git log` does by default: it
// reads commits only as far as they are asked for, never the whole history up front.
class HistoryWalk {
  public:
    explicit HistoryWalk(std::string path)
        : m_path(std::move(path))
    {
    }

    void push(CommitPtr commit, std::optional<git_oid> path_id)
    {
        if (!m_seen.insert(*git_commit_id(commit.get())).second)
            return;
        m_heap.push_back({std::move(commit), path_id, m_order++});
        std::push_heap(m_heap.begin(), m_heap.end(), comes_later);
    }

    // The next commit that the path filter selects; none at the end of the history.
    forge::Result<std::optional<CommitPtr>> next()
    {
        while (!m_heap.empty()) {
            std::pop_heap(m_heap.begin(), m_heap.end(), comes_later);
            Queued item = std::move(m_heap.back());
            m_heap.pop_back();
            if (TRY(visit(item)))
                return std::optional<CommitPtr>(std::move(item.commit));
        }
        return std::optional<CommitPtr>();
    }

  private:
    static bool comes_later(const Queued& a, const Queued& b)
    {
        auto a_time = git_commit_time(a.commit.get());
        auto b_time = git_commit_time(b.commit.get());
        return a_time != b_time ? a_time < b_time : a.order > b.order;
    }

    forge::Result<git_oid> path_id(const git_commit* commit) const;
    forge::Result<std::vector<Queued>> parents_of(const git_commit* commit) const;
    forge::Result<bool> visit(Queued& item);

    std::string m_path;
    std::vector<Queued> m_heap;
    std::unordered_set<git_oid, OidHash, OidEqual> m_seen;
    uint64_t m_order = 0;
};

// The id of what is at the path in the commit; zero when nothing is.
forge::Result<git_oid> HistoryWalk::path_id(const git_commit* commit) const
{
    auto tree = TRY(tree_of(commit));
    auto entry = TRY(entry_at(tree.get(), m_path));
    git_oid id;
    std::memset(&id, 0, sizeof id);
    if (entry)
        git_oid_cpy(&id, git_tree_entry_id(entry->get()));
    return id;
}

// The parents that exist: a shallow or grafted history may lack some.
forge::Result<std::vector<Queued>> HistoryWalk::parents_of(const git_commit* commit) const
{
    std::vector<Queued> parents;
    for (unsigned i = 0; i < git_commit_parentcount(commit); ++i) {
        git_commit* parent = nullptr;
        int rc = git_commit_parent(&parent, commit, i);
        if (rc == GIT_ENOTFOUND)
            continue;
        if (rc < 0)
            return last_error(rc, "read parent of " + oid_hex(*git_commit_id(commit)));
        parents.push_back({CommitPtr(parent), std::nullopt, 0});
    }
    return parents;
}

// Queues the parents to follow; true when the commit belongs in the history.
forge::Result<bool> HistoryWalk::visit(Queued& item)
{
    auto parents = TRY(parents_of(item.commit.get()));
    if (m_path.empty()) {
        for (auto& parent : parents)
            push(std::move(parent.commit), std::nullopt);
        return true;
    }
    if (!item.path_id)
        item.path_id = TRY(path_id(item.commit.get()));
    for (auto& parent : parents) {
        parent.path_id = TRY(path_id(parent.commit.get()));
        // Unchanged against this parent: the path's history runs through it alone.
        if (git_oid_equal(&*parent.path_id, &*item.path_id)) {
            push(std::move(parent.commit), parent.path_id);
            return false;
        }
    }
    for (auto& parent : parents)
        push(std::move(parent.commit), parent.path_id);
    return !parents.empty() || !git_oid_is_zero(&*item.path_id);
}

} // namespace

forge::Result<HistoryPage> history(Repository& repository, std::string_view commit_id,
                                   std::string_view path, size_t skip, size_t limit)
{
    auto start = TRY(lookup_commit(repository, commit_id));
    HistoryPage page;
    HistoryWalk walk{std::string(path)};
    walk.push(std::move(start), std::nullopt);
    for (size_t i = 0; i < skip; ++i) {
        auto commit = TRY(walk.next());
        if (!commit)
            return page;
    }
    while (page.commits.size() < limit) {
        auto commit = TRY(walk.next());
        if (!commit)
            return page;
        page.commits.push_back(commit_info_of(commit->get()));
    }
    auto more = TRY(walk.next());
    page.has_more = more.has_value();
    return page;
}

} // namespace gitcore
