// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "gitcore/commit_diff.h"
#include "ui/template.h"

#include <string>

namespace ui {

struct Context;

// A diff as data for the "diff" template: the changed-file list with +/- counts, and per
// file its hunks. `raw_base` ("/o/p/raw/<id>/") links files whose diff was cut.
Value diff_value(const Context&, const gitcore::CommitDiff&, const std::string& raw_base);

} // namespace ui
