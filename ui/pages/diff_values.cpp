// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/pages/diff_values.h"

#include "ui/pages/git_values.h"
#include "ui/web.h"

namespace ui {

namespace {

Value line_value(const gitcore::DiffLine& line)
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
    return row;
}

Value hunks_value(const std::vector<gitcore::DiffHunk>& hunks)
{
    Value::List list;
    for (const auto& hunk : hunks) {
        Value item;
        item.set("header", hunk.header);
        Value::List lines;
        lines.reserve(hunk.lines.size());
        for (const auto& line : hunk.lines)
            lines.push_back(line_value(line));
        item.set("lines", std::move(lines));
        list.push_back(std::move(item));
    }
    return Value(std::move(list));
}

} // namespace

Value diff_value(const Context& context, const gitcore::CommitDiff& diff,
                 const std::string& raw_base)
{
    Value::List files;
    int index = 0;
    for (const auto& file : diff.files) {
        Value item;
        item.set("anchor", "file-" + std::to_string(++index));
        item.set("path", file.new_path.empty() ? file.old_path : file.new_path);
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
        item.set("hunks", hunks_value(file.hunks));
        files.push_back(std::move(item));
    }
    Value data;
    data.set("files", std::move(files));
    data.set("additions", static_cast<uint64_t>(diff.additions));
    data.set("deletions", static_cast<uint64_t>(diff.deletions));
    data.set("changed_files", static_cast<uint64_t>(diff.changed_files));
    data.set("truncated", diff.truncated);
    return data;
}

} // namespace ui
