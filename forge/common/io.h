// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstddef>
#include <string_view>

namespace forge {

// A stream of bytes coming in (a request body, a child process's output). Lets layers
// hand data to each other without knowing sockets or pipes, and without buffering it all.
class ByteSource {
  public:
    virtual ~ByteSource() = default;
    // Reads at most `size` bytes into `data` and returns how many; 0 means the end.
    // Blocks until at least one byte or the end is there. Errors are final.
    virtual Result<size_t> read(char* data, size_t size) = 0;
};

// A stream of bytes going out (a response body, a child process's input).
class ByteSink {
  public:
    virtual ~ByteSink() = default;
    // Writes all of `bytes`, blocking while the receiver is slow. Errors are final: the
    // receiver is gone.
    virtual Result<void> write(std::string_view bytes) = 0;
};

} // namespace forge
