// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace gitcore {

struct PackRequest;

// A bounded on-disk cache of generated packs. A pack is a function of the repository's
// objects and the request (wants, haves, shallow boundary, filter, options), and objects
// never change, so entries stay valid; only the tags that include-tag adds depend on the
// refs, and they are part of the key. The least recently used entries go first once the
// cache is over its size. Shared storage can hold it for several forge processes.
class PackCache {
  public:
    PackCache(std::filesystem::path directory, uint64_t max_bytes); // 0: disabled
    bool enabled() const { return m_max_bytes > 0; }

    // The key of a request for the repository at `repo` (hex SHA-1 of its canonical text).
    forge::Result<std::string> key_for(const std::filesystem::path& repo, const PackRequest&) const;
    // The cached pack's path for `key`, marked as just used; none on a miss.
    std::optional<std::filesystem::path> lookup(const std::string& key);

    // Collects one pack as it streams out; publish() makes it an entry, unless it grew
    // past a quarter of the cache (such packs would evict everything else).
    class Writer {
      public:
        ~Writer(); // discards what was not published
        void append(std::string_view bytes);
        void publish();

      private:
        friend class PackCache;
        Writer(PackCache&, std::string key);
        PackCache& m_cache;
        std::string m_key;
        std::filesystem::path m_temporary;
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> m_file;
        uint64_t m_size = 0;
        bool m_failed = false;
    };
    std::unique_ptr<Writer> begin(const std::string& key);

  private:
    void evict();
    std::filesystem::path m_directory;
    uint64_t m_max_bytes;
    std::mutex m_mutex;
};

} // namespace gitcore
