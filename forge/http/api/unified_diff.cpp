// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/api/unified_diff.h"

#include <cstdio>

namespace forge::http::api {

namespace {

std::string mode_text(uint32_t mode)
{
    char text[16];
    std::snprintf(text, sizeof text, "%06o", mode);
    return text;
}

void append_header(std::string& out, const gitcore::FileDiff& file)
{
    using gitcore::FileStatus;
    out += "diff --git a/" + file.old_path + " b/" + file.new_path + "\n";
    if (file.status == FileStatus::added) {
        out += "new file mode " + mode_text(file.new_mode) + "\n";
    } else if (file.status == FileStatus::deleted) {
        out += "deleted file mode " + mode_text(file.old_mode) + "\n";
    } else if (file.old_mode != file.new_mode && file.old_mode != 0 && file.new_mode != 0) {
        out += "old mode " + mode_text(file.old_mode) + "\n";
        out += "new mode " + mode_text(file.new_mode) + "\n";
    }
    if (file.status == FileStatus::renamed)
        out += "rename from " + file.old_path + "\nrename to " + file.new_path + "\n";
    else if (file.status == FileStatus::copied)
        out += "copy from " + file.old_path + "\ncopy to " + file.new_path + "\n";
}

} // namespace

std::string unified_diff(const gitcore::CommitDiff& diff)
{
    std::string out;
    for (const auto& file : diff.files) {
        append_header(out, file);
        bool added = file.status == gitcore::FileStatus::added;
        bool deleted = file.status == gitcore::FileStatus::deleted;
        std::string old_name = added ? "/dev/null" : "a/" + file.old_path;
        std::string new_name = deleted ? "/dev/null" : "b/" + file.new_path;
        if (file.binary) {
            out += "Binary files " + old_name + " and " + new_name + " differ\n";
            continue;
        }
        if (file.hunks.empty())
            continue; // a rename or mode change alone
        out += "--- " + old_name + "\n+++ " + new_name + "\n";
        for (const auto& hunk : file.hunks) {
            out += hunk.header + "\n";
            for (const auto& line : hunk.lines) {
                out += line.origin;
                out += line.text;
                out += '\n';
            }
        }
    }
    return out;
}

} // namespace forge::http::api
