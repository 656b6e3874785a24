// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/pages/diff_values.h"

#include "ui/pages/git_values.h"
#include "ui/web.h"

#include <algorithm>

namespace ui {

namespace {

Value line_value(const gitcore::DiffLine& line, const std::string& path, const LineNotes* notes)
{
    Value row;
    if (line.origin == '+')
        row.set("add", true);
    else if (line.origin == '-')
        row.set("del", true);
    if (line.old_line > 0)
        row.set("old", line.old_line);
    if (line.new_line > 0)
        row.set("new", line.new_line);
    row.set("sign", std::string(1, line.origin));
    row.set("text", line.text);
    if (notes) {
        // Added and context lines are addressed by their new number, removed ones by
        // their old number, as the review's anchors are.
        bool old_side = line.origin == '-';
        int number = old_side ? line.old_line : line.new_line;
        row.set("comment_url", notes->comment_url(path, old_side, number));
        Value below = notes->below(path, old_side, number);
        if (below.truthy())
            row.set("below", std::move(below));
    }
    return row;
}

// One row of the side-by-side view: `left` and `right` are line values (or absent).
Value split_row(const gitcore::DiffLine* left, const gitcore::DiffLine* right,
                const std::string& path, const LineNotes* notes)
{
    Value row;
    if (left)
        row.set("left", line_value(*left, path, notes));
    if (right && right != left)
        row.set("right", line_value(*right, path, notes));
    else if (right)
        row.set("right", *row.member("left"));
    // Threads and the comment form of either side go below the row.
    for (const char* side : {"right", "left"}) {
        const Value* line = row.member(side);
        if (line && line->member("below")) {
            row.set("below", *line->member("below"));
            break;
        }
    }
    return row;
}

// Context lines stand on both sides; a run of removed lines pairs up with the run of
// added lines after it, row by row.
Value::List split_lines(const gitcore::DiffHunk& hunk, const std::string& path,
                        const LineNotes* notes)
{
    Value::List rows;
    const auto& lines = hunk.lines;
    for (size_t i = 0; i < lines.size();) {
        if (lines[i].origin != '-' && lines[i].origin != '+') {
            rows.push_back(split_row(&lines[i], &lines[i], path, notes));
            ++i;
            continue;
        }
        size_t removed_end = i;
        while (removed_end < lines.size() && lines[removed_end].origin == '-')
            ++removed_end;
        size_t added_end = removed_end;
        while (added_end < lines.size() && lines[added_end].origin == '+')
            ++added_end;
        size_t removed = removed_end - i, added = added_end - removed_end;
        for (size_t k = 0; k < std::max(removed, added); ++k)
            rows.push_back(split_row(k < removed ? &lines[i + k] : nullptr,
                                     k < added ? &lines[removed_end + k] : nullptr, path, notes));
        i = added_end;
    }
    return rows;
}

Value hunks_value(const std::vector<gitcore::DiffHunk>& hunks, const std::string& path,
                  const LineNotes* notes)
{
    if (notes && notes->split) {
        Value::List list;
        for (const auto& hunk : hunks) {
            Value item;
            item.set("header", hunk.header);
            item.set("rows", split_lines(hunk, path, notes));
            list.push_back(std::move(item));
        }
        return Value(std::move(list));
    }
    Value::List list;
    for (const auto& hunk : hunks) {
        Value item;
        item.set("header", hunk.header);
        Value::List lines;
        lines.reserve(hunk.lines.size());
        for (const auto& line : hunk.lines)
            lines.push_back(line_value(line, path, notes));
        item.set("lines", std::move(lines));
        list.push_back(std::move(item));
    }
    return Value(std::move(list));
}

Value files_value(const Context& context, const gitcore::CommitDiff& diff,
                  const std::string& raw_base, const LineNotes* notes)
{
    Value::List files;
    int index = 0;
    for (const auto& file : diff.files) {
        Value item;
        std::string path = file.new_path.empty() ? file.old_path : file.new_path;
        item.set("anchor", "file-" + std::to_string(++index));
        item.set("path", path);
        if (file.status == gitcore::FileStatus::renamed ||
            file.status == gitcore::FileStatus::copied)
            item.set("old_path", file.old_path);
        item.set("status", std::string(context.text(gitcore::to_string(file.status))));
        item.set("additions", static_cast<uint64_t>(file.additions));
        item.set("deletions", static_cast<uint64_t>(file.deletions));
        item.set("binary", file.binary);
        item.set("truncated", file.truncated);
        if (file.status != gitcore::FileStatus::deleted)
            item.set("raw_url", raw_base + url_path(file.new_path));
        item.set("hunks", hunks_value(file.hunks, path, notes));
        files.push_back(std::move(item));
    }
    Value data;
    data.set("files", std::move(files));
    data.set("additions", static_cast<uint64_t>(diff.additions));
    data.set("deletions", static_cast<uint64_t>(diff.deletions));
    data.set("changed_files", static_cast<uint64_t>(diff.changed_files));
    data.set("truncated", diff.truncated);
    data.set("split", notes && notes->split);
    return data;
}

} // namespace

Value diff_value(const Context& context, const gitcore::CommitDiff& diff,
                 const std::string& raw_base)
{
    return files_value(context, diff, raw_base, nullptr);
}

Value diff_value(const Context& context, const gitcore::CommitDiff& diff,
                 const std::string& raw_base, const LineNotes& notes)
{
    return files_value(context, diff, raw_base, &notes);
}

} // namespace ui
