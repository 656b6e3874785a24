// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/services/explore_service.h"
#include "ui/template.h"

#include <string>
#include <vector>

// Lists shared by several pages (explore, dashboard, user and group pages, admin).
namespace ui {

struct Context;

// Items for the "project_list" template.
Value project_items(const Context&, const std::vector<forge::services::ProjectSummary>&);

// Page links for lists: "newer"/"older" URLs keeping the other query parameters.
struct Paging {
    size_t page = 1; // 1-based, from the "page" query parameter
    size_t per_page = 30;
    size_t offset() const { return (page - 1) * per_page; }
    // Sets "newer_url" and "older_url" in data; `more`: whether a next page exists.
    void add_links(Value& data, const std::string& path_and_query, bool more) const;
};

Paging paging_of(const Context&, size_t per_page = 30);

} // namespace ui
