// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/reference_service.h"

#include "forge/db/project_store.h"
#include "forge/services/issue_service.h"
#include "gitcore/commit_info.h"

namespace forge::services {

namespace {

using Found = std::optional<ResolvedReference>;

Result<Found> item(Services& services, const auth::Viewer& viewer, const ProjectPath& project,
                   int64_t number)
{
    auto kind = item_kind(services, viewer, project, number);
    if (kind.is_error())
        return kind.error().code == ErrorCode::not_found ? Result<Found>(Found())
                                                         : Result<Found>(kind.error());
    ResolvedReference found;
    found.kind = kind.value() == "issue" ? ResolvedReference::Kind::issue
                                         : ResolvedReference::Kind::merge_request;
    found.project = project;
    found.number = number;
    return Found(found);
}

Result<Found> owner(Services& services, const std::string& name)
{
    auto ref = TRY(services.database().read(
        [&](db::Connection& c) { return db::project_store::find_owner(c, name); }));
    if (!ref)
        return Found();
    ResolvedReference found;
    found.kind = ref->kind == db::OwnerRef::Kind::group ? ResolvedReference::Kind::group
                                                        : ResolvedReference::Kind::user;
    found.name = ref->name;
    return Found(found);
}

Result<Found> commit(Services& services, const auth::Viewer& viewer, const ProjectPath& project,
                     const std::string& id)
{
    auto access = open_project(services, viewer, project);
    if (access.is_error())
        return Found();
    auto repo = gitcore::Repository::open(services.repos().path_for(access.value().project.id));
    if (repo.is_error())
        return Found();
    auto info = gitcore::read_commit(repo.value(), id);
    if (info.is_error())
        return Found();
    ResolvedReference found;
    found.kind = ResolvedReference::Kind::commit;
    found.project = project;
    found.commit = info.value().id;
    return Found(found);
}

} // namespace

Result<std::optional<ResolvedReference>> resolve_reference(Services& services,
                                                           const auth::Viewer& viewer,
                                                           const ProjectPath& here,
                                                           const Reference& reference)
{
    switch (reference.kind) {
    case Reference::Kind::item: {
        ProjectPath project = here;
        if (!reference.owner.empty())
            project = ProjectPath{reference.owner, reference.project};
        auto found = item(services, viewer, project, reference.number);
        // A project the viewer may not read is as missing as one that does not exist.
        if (found.is_error() && found.error().code == ErrorCode::not_found)
            return Found();
        return found;
    }
    case Reference::Kind::mention:
        return owner(services, reference.name);
    case Reference::Kind::commit:
        return commit(services, viewer, here, reference.commit);
    }
    return Found();
}

} // namespace forge::services
