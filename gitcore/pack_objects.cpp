// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/pack_objects.h"

#include "forge/common/log.h"
#include "gitcore/pack_cache.h"
#include "gitcore/subprocess.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <random>

namespace gitcore {

namespace fs = std::filesystem;

namespace {

// A file listing shallow commits for `git --shallow-file`, deleted when done.
class ShallowFile {
  public:
    ShallowFile(const fs::path& repo, const std::vector<std::string>& commits)
    {
        if (commits.empty())
            return;
        std::random_device random;
        m_path = repo / ("shallow-forge-" + std::to_string(random()) + std::to_string(random()));
        std::ofstream out(m_path);
        for (const auto& commit : commits)
            out << commit << "\n";
    }
    ~ShallowFile()
    {
        std::error_code ignored;
        if (!m_path.empty())
            fs::remove(m_path, ignored);
    }
    const fs::path& path() const { return m_path; }

  private:
    fs::path m_path;
};

std::vector<std::string> arguments_for(const PackRequest& request, const fs::path& shallow_file)
{
    std::vector<std::string> arguments = {"git"};
    if (!shallow_file.empty())
        arguments.insert(arguments.end(), {"--shallow-file", shallow_file.string()});
    arguments.insert(arguments.end(), {"pack-objects", "--revs", "--stdout"});
    if (request.thin)
        arguments.push_back("--thin");
    if (request.ofs_delta)
        arguments.push_back("--delta-base-offset");
    if (request.include_tag)
        arguments.push_back("--include-tag");
    if (request.progress)
        arguments.push_back("--progress");
    else
        arguments.push_back("-q");
    if (!request.boundary.empty())
        arguments.push_back("--shallow");
    if (!request.filter.empty())
        arguments.push_back("--filter=" + request.filter);
    return arguments;
}

// What pack-objects reads on standard input in --revs mode.
std::string revision_input(const PackRequest& request)
{
    std::string input;
    for (const auto& commit : request.boundary)
        input += "--shallow " + commit + "\n";
    for (const auto& want : request.wants)
        input += want + "\n";
    input += "--not\n";
    for (const auto& have : request.haves)
        input += have + "\n";
    input += "\n";
    return input;
}

} // namespace

bool is_plausible_filter(std::string_view spec)
{
    return !spec.empty() && spec.size() < 1024 && std::all_of(spec.begin(), spec.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               std::string_view(":=+%._-").find(c) != std::string_view::npos;
    });
}

namespace {

// Sends a pack from the cache; false when the entry vanished meanwhile (evicted).
forge::Result<bool> send_cached(const fs::path& entry, PacketOutput& out, size_t max_packet)
{
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(entry.c_str(), "rbe"),
                                                         std::fclose);
    if (!file)
        return false;
    std::string buffer(65536, '\0');
    while (size_t n = std::fread(buffer.data(), 1, buffer.size(), file.get())) {
        std::string_view bytes(buffer.data(), n);
        TRY(max_packet == 0 ? out.raw(bytes) : out.sideband(1, bytes, max_packet));
    }
    return true;
}

// Runs pack-objects and forwards its output; the pack also goes to `writer` when given.
forge::Result<void> run_pack_objects(const fs::path& path, const PackRequest& request,
                                     PacketOutput& out, size_t max_packet,
                                     PackCache::Writer* writer)
{
    ShallowFile shallow(path, request.boundary);
    Subprocess::Options options{
        arguments_for(request, shallow.path()), {"GIT_DIR=" + path.string()}, path.string()};
    auto started = Subprocess::start(options);
    bool raw = max_packet == 0;
    if (started.is_error())
        return raw ? forge::Result<void>()
                   : out.sideband(3, "pack-objects could not start\n", max_packet);
    auto child = started.release_value();
    (void)child.write_input(revision_input(request));
    child.close_input();

    std::string buffer(65536, '\0');
    bool from_error = false;
    std::string errors;
    while (true) {
        auto n = child.read_output(buffer.data(), buffer.size(), &from_error);
        if (n.is_error() || n.value() == 0)
            break;
        std::string_view bytes(buffer.data(), n.value());
        if (from_error && request.progress && !raw)
            TRY(out.sideband(2, bytes, max_packet));
        if (from_error && errors.size() < 2048)
            errors.append(bytes.substr(0, 2048));
        if (from_error)
            continue;
        TRY(raw ? out.raw(bytes) : out.sideband(1, bytes, max_packet));
        if (writer)
            writer->append(bytes);
    }
    if (child.wait() == 0) {
        if (writer)
            writer->publish();
        return {};
    }
    auto last_line = errors.rfind('\r');
    forge::log::warning("git pack-objects failed in " + path.string() + ": " +
                        errors.substr(last_line == std::string::npos ? 0 : last_line + 1));
    if (!raw)
        return out.sideband(3, "pack-objects failed\n", max_packet);
    return {};
}

} // namespace

forge::Result<void> stream_pack(const fs::path& path, const PackRequest& request, PacketOutput& out,
                                size_t max_packet, PackCache* cache)
{
    if (!cache || !cache->enabled())
        return run_pack_objects(path, request, out, max_packet, nullptr);
    auto key = cache->key_for(path, request);
    if (key.is_error())
        return run_pack_objects(path, request, out, max_packet, nullptr);
    if (auto entry = cache->lookup(key.value())) {
        if (TRY(send_cached(*entry, out, max_packet)))
            return {};
    }
    auto writer = cache->begin(key.value());
    return run_pack_objects(path, request, out, max_packet, writer.get());
}

} // namespace gitcore
