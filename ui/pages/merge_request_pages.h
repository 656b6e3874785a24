// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "forge/http/form.h"
#include "forge/http/message.h"

#include <string>

namespace forge::http {
class Router;
}

namespace ui {

class WebUi;
struct Context;

// The form that opens a merge request, filled from `form`, with `failure` as its alert.
forge::Result<forge::http::Response>
new_request_form(WebUi&, Context&, const forge::http::FormFields& form, std::string failure);

// The forms of merge requests and forks (merge_request_actions.cpp).
void add_merge_request_actions(WebUi&, forge::http::Router&);

} // namespace ui
