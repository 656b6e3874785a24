// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/errors.h"

namespace forge::http {

int status_for(ErrorCode code)
{
    switch (code) {
    case ErrorCode::invalid_argument:
        return 400;
    case ErrorCode::unauthenticated:
        return 401;
    case ErrorCode::forbidden:
        return 403;
    case ErrorCode::not_found:
        return 404;
    case ErrorCode::conflict:
        return 409;
    case ErrorCode::too_large:
        return 413;
    case ErrorCode::unprocessable:
        return 422;
    case ErrorCode::rate_limited:
        return 429;
    case ErrorCode::internal:
        return 500;
    }
    return 500;
}

} // namespace forge::http
