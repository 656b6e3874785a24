// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

namespace forge::http {

// The one mapping from error codes to HTTP statuses.
int status_for(ErrorCode);

} // namespace forge::http
