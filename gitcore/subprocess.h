// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace gitcore {

// A child process (git pack-objects, index-pack, rev-list) with pipes to its standard
// input, output and error. No shell is involved: arguments go to the program as they are.
class Subprocess {
  public:
    struct Options {
        std::vector<std::string> arguments;   // arguments[0] is the program, found on PATH
        std::vector<std::string> environment; // "NAME=value" added to the forge's own
        std::string directory;                // working directory; empty: the forge's
    };

    // Starts the process. Fails with internal when it cannot be started.
    static forge::Result<Subprocess> start(const Options&);
    Subprocess(Subprocess&&) noexcept;
    Subprocess& operator=(Subprocess&&) = delete;
    Subprocess(const Subprocess&) = delete;
    ~Subprocess(); // kills and reaps a child that is still running

    // Writes all bytes to its standard input; fails when it has closed it (exited early).
    forge::Result<void> write_input(std::string_view bytes);
    void close_input();

    // Waits until standard output or error has something and reads it: whichever is
    // ready. `from_error` tells which. Returns 0 bytes once both are closed.
    forge::Result<size_t> read_output(char* data, size_t size, bool* from_error);

    // Waits for the exit and returns the exit status (128+signal when killed).
    int wait();

  private:
    Subprocess() = default;
    int m_pid = -1;
    int m_input = -1;
    int m_output = -1;
    int m_error = -1;
};

// Runs a process to its end with `input` on standard input; returns its exit status and
// fills `output` and `error` (each cut at `limit` bytes).
forge::Result<int> run_process(const Subprocess::Options&, std::string_view input,
                               std::string* output, std::string* error, size_t limit = 1 << 20);

} // namespace gitcore
