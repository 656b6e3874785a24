// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

namespace forge::http {
class Router;
}

// Each file of ui/pages/ installs the pages of one area.
namespace ui {

class WebUi;

void add_static_assets(WebUi&, forge::http::Router&);
void add_session_pages(WebUi&, forge::http::Router&);
void add_explore_pages(WebUi&, forge::http::Router&);
void add_account_pages(WebUi&, forge::http::Router&);
void add_group_pages(WebUi&, forge::http::Router&);
void add_admin_pages(WebUi&, forge::http::Router&);
void add_project_pages(WebUi&, forge::http::Router&);
void add_project_settings_pages(WebUi&, forge::http::Router&);
void add_repository_pages(WebUi&, forge::http::Router&);
void add_history_pages(WebUi&, forge::http::Router&);
void add_merge_request_pages(WebUi&, forge::http::Router&);
void add_issue_pages(WebUi&, forge::http::Router&);
void add_discussion_pages(WebUi&, forge::http::Router&);
void add_group_label_pages(WebUi&, forge::http::Router&);
void add_owner_pages(WebUi&, forge::http::Router&);

} // namespace ui
