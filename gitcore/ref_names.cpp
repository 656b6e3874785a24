// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/ref_names.h"

#include "gitcore/library.h"

#include <git2.h>

#include <string>

namespace gitcore {

bool is_valid_ref_name(std::string_view name)
{
    ensure_initialised();
    if (name.find('\0') != std::string_view::npos)
        return false;
    std::string copy(name);
    int valid = 0;
    return git_reference_name_is_valid(&valid, copy.c_str()) == 0 && valid &&
           copy.rfind("refs/", 0) == 0;
}

bool is_valid_branch_name(std::string_view name)
{
    if (name.empty() || name.front() == '-' || name == "HEAD")
        return false;
    return is_valid_ref_name("refs/heads/" + std::string(name));
}

} // namespace gitcore
