// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/services/merge_request_types.h"
#include "forge/services/project_service.h"
#include "forge/services/services.h"

#include <optional>
#include <string>
#include <vector>

// The conversation of a merge request: general comments, line threads, replies,
// resolving, and reviews (approve, request changes, comment). Signed-in users who may read
// the project may take part; nobody may comment on a merge request of a project they
// cannot read (not_found).
namespace forge::services {

struct NewComment {
    std::string body;                 // Markdown, not empty
    std::optional<LineAnchor> anchor; // a line thread; nullopt: a general comment
    int64_t reply_to = 0;             // a thread's id: a reply (anchor must be empty)
};

// invalid_argument for an empty body, a path not in the diff of the revision, or a line
// outside the file on that side.
Result<Thread> add_comment(Services&, const Actor&, const ProjectPath&, int64_t number,
                           const NewComment&);

// Own comments only (maintain+ may also delete others'). Deleting a thread's first
// comment deletes the thread.
Result<void> edit_comment(Services&, const Actor&, const ProjectPath&, int64_t number,
                          int64_t comment_id, const std::string& body);
Result<void> delete_comment(Services&, const Actor&, const ProjectPath&, int64_t number,
                            int64_t comment_id);

// The merge request's author, the thread's author and write+ may resolve and unresolve.
Result<void> resolve_thread(Services&, const Actor&, const ProjectPath&, int64_t number,
                            int64_t thread_id, bool resolved);

// All threads, oldest first, with outdated marks computed against the latest revision.
Result<std::vector<Thread>> list_threads(Services&, const auth::Viewer&, const ProjectPath&,
                                         int64_t number);

struct NewReview {
    ReviewState state = ReviewState::commented;
    std::string body;
    std::vector<NewComment> comments; // line comments posted with the review
    std::string head_id; // when set, the revision the reviewer saw: conflict if outdated
};

// The author may comment but not approve or request changes (forbidden). A review on a
// merged or closed merge request is refused with conflict.
Result<Review> submit_review(Services&, const Actor&, const ProjectPath&, int64_t number,
                             const NewReview&);

Result<std::vector<Review>> list_reviews(Services&, const auth::Viewer&, const ProjectPath&,
                                         int64_t number);

} // namespace forge::services
