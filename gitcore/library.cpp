// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/library.h"

#include <git2.h>

#include <mutex>

namespace gitcore {

void ensure_initialised()
{
    static std::once_flag once;
    std::call_once(once, [] {
        git_libgit2_init();
        // Every object is hashed when it enters (index-pack checks pushed packs, and
        // nothing else writes), so hashing it again on each read only costs time: a third
        // of a commit page's CPU.
        git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    });
}

forge::Error last_error(int code, const std::string& what)
{
    const git_error* error = git_error_last();
    std::string detail = error && error->message ? error->message : "unknown libgit2 error";
    if (code == GIT_ENOTFOUND)
        return forge::Error::not_found(what + ": " + detail);
    return forge::Error::internal(what + ": " + detail);
}

} // namespace gitcore
