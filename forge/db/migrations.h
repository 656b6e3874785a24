// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

namespace forge::db {

class Connection;

// Brings the schema to the newest version, recorded in PRAGMA user_version. Runs inside
// the caller's write transaction, so a failing migration leaves the file as it was.
// Fails with internal when the file is newer than this binary knows.
Result<void> apply_migrations(Connection&);

// The schema version this binary writes.
int schema_version();

} // namespace forge::db
