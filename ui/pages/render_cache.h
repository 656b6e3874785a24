// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace ui {

// Rendered Markdown by what determines it (the blob id and the link base): a README is
// rendered once, not on every view of a summary page. Objects never change under their
// id, so entries never go stale; the least recently used one leaves when it is full.
// Each process keeps its own; nothing in it needs sharing.
class RenderCache {
  public:
    explicit RenderCache(size_t capacity)
        : m_capacity(capacity)
    {
    }
    std::string get_or_render(const std::string& key, const std::function<std::string()>& render);

  private:
    using Order = std::list<std::string>;
    struct Entry {
        std::string html;
        Order::iterator position;
    };
    size_t m_capacity;
    std::mutex m_mutex;
    Order m_order; // most recently used first
    std::unordered_map<std::string, Entry> m_entries;
};

} // namespace ui
