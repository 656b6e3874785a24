// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/router.h"
#include "ui/pages/pages.h"
#include "ui/web.h"

namespace ui {

namespace http = forge::http;

// Literal routes come before the "/{owner}/..." patterns, which would match them too;
// the names they use are reserved (forge/services/names.cpp), so no owner can take them.
forge::Result<std::unique_ptr<WebUi>>
add_web_routes(http::Router& router, forge::services::Services& services, WebOptions options)
{
    auto web = TRY(WebUi::create(services, std::move(options)));
    WebUi& ui = *web;
    add_static_assets(ui, router);
    add_session_pages(ui, router);
    add_explore_pages(ui, router);
    add_account_pages(ui, router);
    add_group_pages(ui, router);
    add_group_label_pages(ui, router);
    // Before the project pages: /{group}/discussions would look like a project.
    add_discussion_pages(ui, router);
    add_admin_pages(ui, router);
    add_project_pages(ui, router);
    add_project_settings_pages(ui, router);
    add_history_pages(ui, router);
    add_merge_request_pages(ui, router);
    add_issue_pages(ui, router);
    add_repository_pages(ui, router);
    add_owner_pages(ui, router);
    router.set_fallback([&ui](http::Request& request) {
        Context context = ui.make_context(request);
        return ui.error(context, 404);
    });
    return web;
}

} // namespace ui
