// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/subprocess.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace gitcore {

namespace {

void close_fd(int& fd)
{
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}

forge::Error system_error(const std::string& what)
{
    return forge::Error::internal(what + ": " + std::strerror(errno));
}

// The forge's environment plus the additions; the additions win.
std::vector<std::string> merged_environment(const std::vector<std::string>& additions)
{
    std::vector<std::string> merged;
    for (char** entry = environ; *entry; ++entry) {
        std::string_view text(*entry);
        auto name = text.substr(0, text.find('=') + 1);
        bool overridden = false;
        for (const auto& addition : additions)
            overridden |= addition.compare(0, name.size(), name) == 0;
        if (!overridden)
            merged.emplace_back(text);
    }
    merged.insert(merged.end(), additions.begin(), additions.end());
    return merged;
}

std::vector<char*> pointers(std::vector<std::string>& strings)
{
    std::vector<char*> out;
    for (auto& s : strings)
        out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

} // namespace

forge::Result<Subprocess> Subprocess::start(const Options& options)
{
    int input[2], output[2], error[2];
    if (::pipe2(input, O_CLOEXEC) != 0)
        return system_error("pipe");
    if (::pipe2(output, O_CLOEXEC) != 0) {
        ::close(input[0]), ::close(input[1]);
        return system_error("pipe");
    }
    if (::pipe2(error, O_CLOEXEC) != 0) {
        ::close(input[0]), ::close(input[1]), ::close(output[0]), ::close(output[1]);
        return system_error("pipe");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, input[0], 0);
    posix_spawn_file_actions_adddup2(&actions, output[1], 1);
    posix_spawn_file_actions_adddup2(&actions, error[1], 2);
    if (!options.directory.empty())
        posix_spawn_file_actions_addchdir_np(&actions, options.directory.c_str());
    // The forge ignores SIGPIPE; its children must not inherit that.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);

    auto arguments = options.arguments;
    auto environment = merged_environment(options.environment);
    auto argv = pointers(arguments);
    auto envp = pointers(environment);
    Subprocess child;
    int rc = posix_spawnp(&child.m_pid, argv[0], &actions, &attributes, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(input[0]), ::close(output[1]), ::close(error[1]);
    child.m_input = input[1];
    child.m_output = output[0];
    child.m_error = error[0];
    if (rc != 0) {
        child.m_pid = -1;
        errno = rc;
        return system_error("cannot start " + options.arguments.front());
    }
    return child;
}

Subprocess::Subprocess(Subprocess&& other) noexcept
    : m_pid(other.m_pid)
    , m_input(other.m_input)
    , m_output(other.m_output)
    , m_error(other.m_error)
{
    other.m_pid = other.m_input = other.m_output = other.m_error = -1;
}

Subprocess::~Subprocess()
{
    close_fd(m_input);
    close_fd(m_output);
    close_fd(m_error);
    if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        wait();
    }
}

forge::Result<void> Subprocess::write_input(std::string_view bytes)
{
    while (!bytes.empty()) {
        ssize_t n = ::write(m_input, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return system_error("writing to child process");
        bytes.remove_prefix(static_cast<size_t>(n));
    }
    return {};
}

void Subprocess::close_input()
{
    close_fd(m_input);
}

forge::Result<size_t> Subprocess::read_output(char* data, size_t size, bool* from_error)
{
    while (m_output >= 0 || m_error >= 0) {
        pollfd fds[2] = {{m_output, POLLIN, 0}, {m_error, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return system_error("poll");
        }
        for (int i = 0; i < 2; ++i) {
            int& fd = i == 0 ? m_output : m_error;
            if (fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = ::read(fd, data, size);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                close_fd(fd);
                continue;
            }
            *from_error = i == 1;
            return static_cast<size_t>(n);
        }
    }
    return size_t{0};
}

int Subprocess::wait()
{
    if (m_pid <= 0)
        return -1;
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_pid = -1;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

forge::Result<int> run_process(const Subprocess::Options& options, std::string_view input,
                               std::string* output, std::string* error, size_t limit)
{
    auto child = TRY(Subprocess::start(options));
    // Input first: callers pass little of it, so the pipe does not fill up while the
    // child waits for us to read its output.
    auto written = child.write_input(input);
    child.close_input();
    char buffer[16384];
    bool from_error = false;
    while (size_t n = TRY(child.read_output(buffer, sizeof buffer, &from_error))) {
        std::string* target = from_error ? error : output;
        if (target && target->size() < limit)
            target->append(buffer, std::min(n, limit - target->size()));
    }
    int status = child.wait();
    if (written.is_error() && status == 0)
        return written.release_error();
    return status;
}

} // namespace gitcore
