// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/pages/project_view.h"

#include "forge/http/form.h"
#include "ui/web.h"

namespace ui {

Value ProjectView::header(const Context& context, std::string_view tab) const
{
    const std::string& visibility = access.project.visibility;
    std::string_view label = visibility == "public"     ? "Public"
                             : visibility == "internal" ? "Internal"
                                                        : "Private";
    Value data;
    data.set("owner", owner);
    data.set("name", name);
    data.set("base", base);
    data.set("description", access.project.description);
    data.set("visibility", std::string(context.text(label)));
    data.set("default_branch", access.project.default_branch);
    data.set("default_branch_url",
             forge::http::percent_encode(access.project.default_branch, true));
    data.set("may_admin", may_admin());
    data.set("tab_" + std::string(tab), true);
    return data;
}

forge::Result<ProjectView> open_project_view(WebUi& web, Context& context)
{
    ProjectView view;
    view.owner = forge::http::percent_decode(context.request.param("owner"));
    view.name = forge::http::percent_decode(context.request.param("project"));
    forge::services::ProjectPath path{view.owner, view.name};
    view.access = TRY(forge::services::open_project(web.services(), context.viewer(), path));
    view.base = "/" + view.owner + "/" + view.name;
    view.repository = web.services().repos().path_for(view.access.project.id);
    return view;
}

forge::Result<gitcore::Repository> open_repository(WebUi&, const ProjectView& view)
{
    return gitcore::Repository::open(view.repository);
}

std::string clone_url(const WebUi& web, const ProjectView& view)
{
    return web.options().base_url + view.base + ".git";
}

} // namespace ui
