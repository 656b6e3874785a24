// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/refs.h"

#include "gitcore/library.h"
#include "gitcore/repository.h"

#include <git2.h>

#include <algorithm>

namespace gitcore {

namespace {

std::string hex(const git_oid* id)
{
    char text[GIT_OID_HEXSZ + 1];
    git_oid_tostr(text, sizeof text, id);
    return text;
}

// The entry for one direct reference, peeling annotated tags.
std::optional<RefEntry> entry_for(git_repository* repo, git_reference* ref)
{
    const git_oid* target = git_reference_target(ref);
    if (!target)
        return std::nullopt;
    RefEntry entry{git_reference_name(ref), hex(target), std::nullopt, std::nullopt};
    git_object* object = nullptr;
    if (git_object_lookup(&object, repo, target, GIT_OBJECT_ANY) == 0) {
        if (git_object_type(object) == GIT_OBJECT_TAG) {
            git_object* peeled = nullptr;
            if (git_object_peel(&peeled, object, GIT_OBJECT_ANY) == 0 ||
                git_tag_peel(&peeled, reinterpret_cast<git_tag*>(object)) == 0)
                entry.peeled = hex(git_object_id(peeled));
            git_object_free(peeled);
        }
        git_object_free(object);
    }
    return entry;
}

} // namespace

bool is_object_id(std::string_view text)
{
    return text.size() == 40 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

forge::Result<std::string> parse_object_id(std::string_view text)
{
    std::string id(text);
    std::transform(id.begin(), id.end(), id.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!is_object_id(id))
        return forge::Error::invalid_argument("invalid object id");
    return id;
}

forge::Result<RefListing> list_refs(const std::filesystem::path& path)
{
    auto repository = TRY(Repository::open(path));
    git_repository* repo = repository.raw();
    RefListing listing;
    git_reference_iterator* iterator = nullptr;
    if (int rc = git_reference_iterator_new(&iterator, repo); rc < 0)
        return last_error(rc, "list references");
    git_reference* ref = nullptr;
    while (git_reference_next(&ref, iterator) == 0) {
        if (git_reference_type(ref) == GIT_REFERENCE_DIRECT) {
            if (auto entry = entry_for(repo, ref))
                listing.refs.push_back(std::move(*entry));
        }
        git_reference_free(ref);
    }
    git_reference_iterator_free(iterator);
    std::sort(listing.refs.begin(), listing.refs.end(),
              [](const RefEntry& a, const RefEntry& b) { return a.name < b.name; });

    git_reference* head = nullptr;
    if (git_reference_lookup(&head, repo, "HEAD") == 0) {
        if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
            listing.head_target = git_reference_symbolic_target(head);
        git_reference_free(head);
    }
    for (const auto& entry : listing.refs) {
        if (entry.name == listing.head_target) {
            RefEntry head_entry{"HEAD", entry.id, std::nullopt, listing.head_target};
            listing.refs.insert(listing.refs.begin(), head_entry);
            break;
        }
    }
    return listing;
}

} // namespace gitcore
