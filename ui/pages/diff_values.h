// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "gitcore/commit_diff.h"
#include "ui/template.h"

#include <functional>
#include <string>

namespace ui {

struct Context;

// A diff as data for the "diff" template: the changed-file list with +/- counts, and per
// file its hunks. `raw_base` ("/o/p/raw/<id>/") links files whose diff was cut.
Value diff_value(const Context&, const gitcore::CommitDiff&, const std::string& raw_base);

// What a review adds to each line of a diff: a link that opens a comment form there, and
// rows (threads, the form) shown below the line.
struct LineNotes {
    // The URL of the comment form for a line; `old_side`: a removed or context line's old
    // number is meant.
    std::function<std::string(const std::string& path, bool old_side, int line)> comment_url;
    // Rows to show below the line, or a null Value for none.
    std::function<Value(const std::string& path, bool old_side, int line)> below;
    // Side by side: removed lines on the left beside the added lines that replace them.
    bool split = false;
};

Value diff_value(const Context&, const gitcore::CommitDiff&, const std::string& raw_base,
                 const LineNotes&);

} // namespace ui
