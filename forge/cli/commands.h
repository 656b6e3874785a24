// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/cli/arguments.h"
#include "forge/cli/config.h"

namespace forge::cli {

// Each returns an ExitStatus. Arguments hold the words after the command's own name.
int serve_command(const Config&);
int admin_command(const Config&, const Arguments&);

// Prints "forge: error: <message>" on standard error and returns `status`.
int fail(int status, const std::string& message);

} // namespace forge::cli
