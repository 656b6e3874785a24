// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/http/message.h"

#include <string>

namespace forge::http {
class Router;
}

namespace ui {

class WebUi;
struct Context;

// The form that opens an issue, filled in, with `failure` as its alert.
forge::Result<forge::http::Response> new_issue_form(WebUi&, Context&, const std::string& title,
                                                    const std::string& body, std::string failure);

// The forms of issues, labels, milestones and notifications (issue_actions.cpp).
void add_issue_actions(WebUi&, forge::http::Router&);

} // namespace ui
