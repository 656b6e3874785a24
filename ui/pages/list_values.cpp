// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/pages/list_values.h"

#include "forge/http/form.h"
#include "ui/format.h"
#include "ui/web.h"

#include <cstdlib>

namespace ui {

Value project_items(const Context& context,
                    const std::vector<forge::services::ProjectSummary>& projects)
{
    Value::List items;
    for (const auto& summary : projects) {
        Value item;
        std::string path = summary.owner + "/" + summary.project.name;
        item.set("path", path);
        item.set("url", "/" + path);
        item.set("description", summary.project.description);
        const std::string& visibility = summary.project.visibility;
        std::string_view label = visibility == "public"     ? "Public"
                                 : visibility == "internal" ? "Internal"
                                                            : "Private";
        item.set("visibility", std::string(context.text(label)));
        item.set("time", display_time(summary.last_activity));
        item.set("datetime", machine_time(summary.last_activity));
        items.push_back(std::move(item));
    }
    return Value(std::move(items));
}

void Paging::add_links(Value& data, const std::string& path_and_query, bool more) const
{
    std::string base = path_and_query;
    base += base.find('?') == std::string::npos ? "?page=" : "&page=";
    if (page > 1)
        data.set("newer_url", base + std::to_string(page - 1));
    if (more)
        data.set("older_url", base + std::to_string(page + 1));
}

Paging paging_of(const Context& context, size_t per_page)
{
    auto query = forge::http::FormFields::parse(context.request.query);
    long page = std::strtol(query.get("page").c_str(), nullptr, 10);
    Paging paging;
    paging.page = page >= 1 && page <= 100000 ? static_cast<size_t>(page) : 1;
    paging.per_page = per_page;
    return paging;
}

} // namespace ui
