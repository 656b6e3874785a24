// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/ref_updates.h"

#include "gitcore/ref_names.h"
#include "gitcore/refs.h"
#include "gitcore/repository.h"

#include <git2.h>

namespace gitcore {

namespace {

git_oid oid_of(const std::string& hex)
{
    git_oid id;
    git_oid_fromstrn(&id, hex.data(), hex.size());
    return id;
}

// The ref's current value, zero_id when it does not exist.
std::string current_value(git_repository* repo, const std::string& name)
{
    git_oid id;
    if (git_reference_name_to_id(&id, repo, name.c_str()) != 0)
        return std::string(zero_id);
    char text[GIT_OID_HEXSZ + 1];
    git_oid_tostr(text, sizeof text, &id);
    return text;
}

// Locks and checks every pending update in `tx`; false (with errors filled) when one fails.
bool lock_and_verify(git_repository* repo, git_transaction* tx, std::vector<RefResult*>& pending)
{
    bool all_ok = true;
    for (auto* result : pending) {
        const auto& update = result->update;
        if (git_transaction_lock_ref(tx, update.name.c_str()) != 0) {
            result->error = "failed to lock";
            all_ok = false;
        } else if (current_value(repo, update.name) != update.old_id) {
            result->error = "stale info";
            all_ok = false;
        }
    }
    return all_ok;
}

void stage(git_transaction* tx, const RefUpdate& update, const std::string& message)
{
    if (update.is_delete()) {
        git_transaction_remove(tx, update.name.c_str());
        return;
    }
    git_oid id = oid_of(update.new_id);
    git_transaction_set_target(tx, update.name.c_str(), &id, nullptr, message.c_str());
}

// Runs one transaction over `pending`; on failure marks every update in it.
void run_transaction(git_repository* repo, std::vector<RefResult*> pending,
                     const std::string& message, const char* failure)
{
    git_transaction* tx = nullptr;
    if (git_transaction_new(&tx, repo) != 0) {
        for (auto* result : pending)
            result->error = "failed to lock";
        return;
    }
    bool ok = lock_and_verify(repo, tx, pending);
    if (ok) {
        for (auto* result : pending)
            stage(tx, result->update, message);
        ok = git_transaction_commit(tx) == 0;
        if (!ok) {
            for (auto* result : pending)
                result->error = "failed to update ref";
        }
    }
    if (!ok) {
        for (auto* result : pending) {
            if (result->error.empty())
                result->error = failure;
        }
    }
    git_transaction_free(tx);
}

} // namespace

std::string current_value_of(const Repository& repository, const std::string& name)
{
    return current_value(repository.raw(), name);
}

bool RefUpdate::is_create() const
{
    return old_id == zero_id;
}

bool RefUpdate::is_delete() const
{
    return new_id == zero_id;
}

bool is_fast_forward(const Repository& repository, const RefUpdate& update)
{
    if (update.is_create() || update.is_delete() || update.old_id == update.new_id)
        return true;
    git_oid old_id = oid_of(update.old_id);
    git_oid new_id = oid_of(update.new_id);
    return git_graph_descendant_of(repository.raw(), &new_id, &old_id) == 1;
}

std::string check_update(const Repository& repository, const RefUpdate& update)
{
    if (!is_valid_ref_name(update.name) || update.name == "refs/stash")
        return "funny refname";
    if (update.is_delete())
        return current_value(repository.raw(), update.name) == zero_id ? "no such ref" : "";
    git_oid id = oid_of(update.new_id);
    git_object* object = nullptr;
    if (git_object_lookup(&object, repository.raw(), &id, GIT_OBJECT_ANY) != 0)
        return "missing necessary objects";
    bool is_commit = git_object_type(object) == GIT_OBJECT_COMMIT;
    git_object_free(object);
    if (update.name.rfind("refs/heads/", 0) == 0 && !is_commit)
        return "branches must point at commits";
    return "";
}

void apply_updates(const Repository& repository, std::vector<RefResult>& results, bool atomic,
                   const std::string& message)
{
    std::vector<RefResult*> pending;
    for (auto& result : results) {
        if (result.error.empty())
            pending.push_back(&result);
    }
    if (atomic) {
        run_transaction(repository.raw(), pending, message, "atomic push failed");
        return;
    }
    for (auto* result : pending)
        run_transaction(repository.raw(), {result}, message, "failed to update ref");
}

void settle_head(const Repository& repository, const std::vector<RefResult>& results)
{
    git_repository* repo = repository.raw();
    git_reference* head = nullptr;
    if (git_reference_lookup(&head, repo, "HEAD") != 0)
        return;
    bool unborn = git_reference_type(head) == GIT_REFERENCE_SYMBOLIC &&
                  current_value(repo, git_reference_symbolic_target(head)) == zero_id;
    git_reference_free(head);
    if (!unborn)
        return;
    std::string target;
    for (const auto& result : results) {
        const auto& name = result.update.name;
        if (!result.error.empty() || result.update.is_delete() || name.rfind("refs/heads/", 0) != 0)
            continue;
        if (target.empty() || name == "refs/heads/main")
            target = name;
    }
    if (!target.empty())
        git_repository_set_head(repo, target.c_str());
}

} // namespace gitcore
