// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/pack_cache.h"

#include "gitcore/library.h"
#include "gitcore/pack_objects.h"
#include "gitcore/refs.h"

#include <git2.h>

#include <algorithm>
#include <random>
#include <vector>

namespace gitcore {

namespace fs = std::filesystem;

namespace {

void append_sorted(std::string& text, const char* label, std::vector<std::string> ids)
{
    std::sort(ids.begin(), ids.end());
    for (const auto& id : ids)
        text += std::string(label) + " " + id + "\n";
}

} // namespace

PackCache::PackCache(fs::path directory, uint64_t max_bytes)
    : m_directory(std::move(directory))
    , m_max_bytes(max_bytes)
{
    std::error_code ignored;
    if (enabled())
        fs::create_directories(m_directory, ignored);
}

forge::Result<std::string> PackCache::key_for(const fs::path& repo,
                                              const PackRequest& request) const
{
    std::string text = "repo " + repo.string() + "\n";
    append_sorted(text, "want", request.wants);
    append_sorted(text, "have", request.haves);
    append_sorted(text, "shallow", request.boundary);
    text += "filter " + request.filter + "\n";
    text += std::string("options") + (request.thin ? " thin" : "") +
            (request.ofs_delta ? " ofs-delta" : "") + (request.include_tag ? " include-tag" : "") +
            "\n";
    if (request.include_tag) {
        for (const auto& ref : TRY(list_refs(repo)).refs) {
            if (ref.name.rfind("refs/tags/", 0) == 0)
                text += "tag " + ref.name + " " + ref.id + "\n";
        }
    }
    ensure_initialised();
    git_oid id;
    if (int rc = git_odb_hash(&id, text.data(), text.size(), GIT_OBJECT_BLOB); rc < 0)
        return last_error(rc, "hash pack cache key");
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &id);
    return std::string(hex);
}

std::optional<fs::path> PackCache::lookup(const std::string& key)
{
    fs::path entry = m_directory / (key + ".pack");
    std::error_code ec;
    fs::last_write_time(entry, fs::file_time_type::clock::now(), ec);
    if (ec)
        return std::nullopt;
    return entry;
}

std::unique_ptr<PackCache::Writer> PackCache::begin(const std::string& key)
{
    return std::unique_ptr<Writer>(new Writer(*this, key));
}

PackCache::Writer::Writer(PackCache& cache, std::string key)
    : m_cache(cache)
    , m_key(std::move(key))
    , m_file(nullptr, std::fclose)
{
    std::random_device random;
    m_temporary = m_cache.m_directory / ("tmp-" + m_key + "-" + std::to_string(random()));
    m_file.reset(std::fopen(m_temporary.c_str(), "wbe"));
    m_failed = !m_file;
}

PackCache::Writer::~Writer()
{
    m_file.reset();
    std::error_code ignored;
    fs::remove(m_temporary, ignored);
}

void PackCache::Writer::append(std::string_view bytes)
{
    if (m_failed)
        return;
    m_size += bytes.size();
    m_failed = m_size > m_cache.m_max_bytes / 4 ||
               std::fwrite(bytes.data(), 1, bytes.size(), m_file.get()) != bytes.size();
}

void PackCache::Writer::publish()
{
    if (m_failed || std::fflush(m_file.get()) != 0)
        return;
    m_file.reset();
    std::error_code ec;
    fs::rename(m_temporary, m_cache.m_directory / (m_key + ".pack"), ec);
    if (!ec)
        m_cache.evict();
}

void PackCache::evict()
{
    std::lock_guard lock(m_mutex);
    struct Entry {
        fs::path path;
        fs::file_time_type used;
        uint64_t size;
    };
    std::vector<Entry> entries;
    uint64_t total = 0;
    std::error_code ec;
    for (const auto& file : fs::directory_iterator(m_directory, ec)) {
        if (file.path().extension() != ".pack")
            continue;
        Entry entry{file.path(), file.last_write_time(ec), file.file_size(ec)};
        total += entry.size;
        entries.push_back(std::move(entry));
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.used < b.used; });
    for (const auto& entry : entries) {
        if (total <= m_max_bytes)
            break;
        fs::remove(entry.path, ec);
        total -= entry.size;
    }
}

} // namespace gitcore
