// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

namespace forge::services {
class Services;
}

namespace forge::http {

class Router;

// Git smart HTTP (DESIGN.md §5): info/refs, git-upload-pack and git-receive-pack under
// /{owner}/{project}[.git]/, with the rights rules of §3.
void add_git_routes(Router&, services::Services&);

} // namespace forge::http
