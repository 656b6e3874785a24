// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/io.h"
#include "forge/common/result.h"
#include "gitcore/repository.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace gitcore {

struct BlobContent {
    std::string id;
    std::string path;
    uint64_t size = 0;      // of the whole blob
    bool binary = false;    // a NUL byte in the first 8000 bytes, as git decides
    bool truncated = false; // data holds less than size bytes
    std::string data;       // the first min(size, max_bytes) bytes
    uint32_t mode = 0;      // 0100644, 0100755 or 0120000
};

// The file at `path` in the commit `commit_id` (as read_commit takes it); a symlink
// gives its target as text. A blob above a few MiB is never held whole: only
// max(max_bytes, 8000) bytes of it are read. not_found when the commit or the path does not exist
// or the path is a directory or a submodule; internal when the object database fails.
forge::Result<BlobContent> read_blob(Repository&, std::string_view commit_id, std::string_view path,
                                     uint64_t max_bytes);

// Writes the whole blob `blob_id` (40 hex digits) to `sink`, in chunks. Blobs above a few
// MiB are never held in memory whole: they are read from their loose object or from
// `git cat-file`. not_found when there is no such blob; internal when reading fails, in
// which case part of the blob may already have been written. The sink's errors are
// returned as they are.
forge::Result<void> stream_blob(Repository&, std::string_view blob_id, forge::ByteSink& sink);

} // namespace gitcore
