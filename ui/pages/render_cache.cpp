// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/pages/render_cache.h"

namespace ui {

std::string RenderCache::get_or_render(const std::string& key,
                                       const std::function<std::string()>& render)
{
    {
        std::lock_guard lock(m_mutex);
        if (auto found = m_entries.find(key); found != m_entries.end()) {
            m_order.splice(m_order.begin(), m_order, found->second.position);
            return found->second.html;
        }
    }
    // Rendered outside the lock: two requests may both render a new README, which is
    // cheaper than making every other page wait.
    std::string html = render();
    std::lock_guard lock(m_mutex);
    if (m_entries.contains(key) || m_capacity == 0)
        return html;
    m_order.push_front(key);
    m_entries.emplace(key, Entry{html, m_order.begin()});
    if (m_entries.size() > m_capacity) {
        m_entries.erase(m_order.back());
        m_order.pop_back();
    }
    return html;
}

} // namespace ui
