// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/housekeeping.h"

#include "gitcore/subprocess.h"

#include <chrono>
#include <fcntl.h>
#include <unistd.h>

namespace gitcore {

namespace fs = std::filesystem;

namespace {

constexpr auto stale_lock_age = std::chrono::hours(1);

// Holds <repo>/forge-repack.lock while it lives.
class RepackLock {
  public:
    explicit RepackLock(const fs::path& repo)
        : m_path(repo / "forge-repack.lock")
    {
        m_held = take();
        if (!m_held && is_stale()) {
            std::error_code ignored;
            fs::remove(m_path, ignored);
            m_held = take();
        }
    }
    ~RepackLock()
    {
        std::error_code ignored;
        if (m_held)
            fs::remove(m_path, ignored);
    }
    bool held() const { return m_held; }

  private:
    bool take()
    {
        int fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0)
            return false;
        ::close(fd);
        return true;
    }
    bool is_stale() const
    {
        std::error_code ec;
        auto written = fs::last_write_time(m_path, ec);
        return !ec && fs::file_time_type::clock::now() - written > stale_lock_age;
    }

    fs::path m_path;
    bool m_held = false;
};

} // namespace

bool needs_repack(const fs::path& path)
{
    std::error_code ec;
    size_t packs = 0;
    for (const auto& entry : fs::directory_iterator(path / "objects" / "pack", ec)) {
        if (entry.path().extension() == ".pack")
            ++packs;
    }
    return packs >= repack_threshold;
}

forge::Result<bool> repack(const fs::path& path)
{
    RepackLock lock(path);
    if (!lock.held())
        return false;
    Subprocess::Options options{{"git", "repack", "-a", "-d", "-q", "--write-bitmap-index"},
                                {"GIT_DIR=" + path.string()},
                                path.string()};
    std::string errors;
    int status = TRY(run_process(options, "", nullptr, &errors, 4096));
    if (status != 0)
        return forge::Error::internal("git repack failed in " + path.string() + ": " + errors);
    return true;
}

} // namespace gitcore
