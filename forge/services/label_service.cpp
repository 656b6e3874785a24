// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/services/label_service.h"

#include "forge/common/clock.h"
#include "forge/db/group_store.h"
#include "forge/db/label_store.h"
#include "forge/services/access_checks.h"
#include "forge/services/group_service.h"
#include "forge/services/issue_records.h"
#include "forge/services/merge_request_records.h"
#include "forge/services/names.h"

#include <cctype>

namespace forge::services {

namespace {

Result<void> validate_label(const LabelInput& input)
{
    if (input.name.find_first_not_of(" \t") == std::string::npos)
        return Error::invalid_argument("the label needs a name");
    TRY(validate_text("label name", input.name, 50, TextKind::line));
    TRY(validate_text("label description", input.description, 200, TextKind::line));
    bool colour = input.color.size() == 7 && input.color[0] == '#';
    for (size_t i = 1; colour && i < 7; ++i)
        colour = std::isxdigit(static_cast<unsigned char>(input.color[i])) != 0;
    if (!colour)
        return Error::invalid_argument("the colour must be written #rrggbb");
    return {};
}

Result<void> validate_milestone(const MilestoneInput& input)
{
    if (input.title.find_first_not_of(" \t") == std::string::npos)
        return Error::invalid_argument("the milestone needs a title");
    TRY(validate_text("milestone title", input.title, 100, TextKind::line));
    TRY(validate_text("milestone description", input.description, 10000, TextKind::paragraphs));
    const auto& d = input.due_on;
    if (d.empty())
        return {};
    bool shape = d.size() == 10 && d[4] == '-' && d[7] == '-';
    for (size_t i = 0; shape && i < 10; ++i)
        shape = (i == 4 || i == 7) || std::isdigit(static_cast<unsigned char>(d[i]));
    if (shape) {
        int month = std::stoi(d.substr(5, 2)), day = std::stoi(d.substr(8, 2));
        shape = month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }
    if (!shape)
        return Error::invalid_argument("the due date must be written YYYY-MM-DD");
    return {};
}

std::string lower_colour(std::string colour)
{
    for (char& c : colour)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return colour;
}

Result<db::LabelRow> own_label(db::Connection& c, const db::ProjectRow& project, int64_t id)
{
    auto row = TRY(db::label_store::by_id(c, id));
    if (!row || row->project_id != project.id)
        return Error::not_found("no label " + std::to_string(id) + " in this project");
    return *row;
}

Result<db::GroupRow> group_named(db::Connection& c, const std::string& name)
{
    auto group = TRY(db::group_store::by_name(c, name));
    if (!group)
        return Error::not_found("no group '" + name + "'");
    return *group;
}

Result<Milestone> milestone_of(db::Connection& c, int64_t project_id, int64_t id)
{
    auto row = TRY(db::label_store::milestone(c, project_id, id));
    if (!row)
        return Error::not_found("no milestone " + std::to_string(id));
    return to_milestone(*row);
}

} // namespace

Result<std::vector<Label>> list_labels(Services& services, const auth::Viewer& viewer,
                                       const ProjectPath& path)
{
    return services.database().read([&](db::Connection& c) -> Result<std::vector<Label>> {
        auto access = TRY(readable_project(c, viewer, path));
        auto rows =
            TRY(db::label_store::usable(c, access.project.id, owning_group(access.project)));
        std::vector<Label> labels;
        for (const auto& row : rows)
            labels.push_back(to_label(row));
        return labels;
    });
}

Result<Label> create_label(Services& services, const Actor& actor, const ProjectPath& path,
                           const LabelInput& input)
{
    TRY(validate_label(input));
    return services.database().write([&](db::Connection& c) -> Result<Label> {
        auto project = TRY(project_for_change(c, actor, path, auth::AccessLevel::maintain));
        db::LabelRow row{
            0, project.id, std::nullopt, input.name, lower_colour(input.color), input.description};
        auto inserted = db::label_store::insert(c, row);
        if (inserted.is_error() && inserted.error().code == ErrorCode::conflict)
            return Error::conflict("the label '" + input.name + "' exists already");
        row.id = TRY(std::move(inserted));
        TRY(record_for_project(c, actor, project.id, "label.create",
                               project.owner.name + "/" + project.name, input.name));
        return to_label(row);
    });
}

Result<Label> update_label(Services& services, const Actor& actor, const ProjectPath& path,
                           int64_t id, const LabelInput& input)
{
    TRY(validate_label(input));
    return services.database().write([&](db::Connection& c) -> Result<Label> {
        auto project = TRY(project_for_change(c, actor, path, auth::AccessLevel::maintain));
        auto row = TRY(own_label(c, project, id));
        row.name = input.name;
        row.color = lower_colour(input.color);
        row.description = input.description;
        auto updated = db::label_store::update(c, row);
        if (updated.is_error() && updated.error().code == ErrorCode::conflict)
            return Error::conflict("the label '" + input.name + "' exists already");
        TRY(std::move(updated));
        TRY(record_for_project(c, actor, project.id, "label.update",
                               project.owner.name + "/" + project.name, input.name));
        return to_label(row);
    });
}

Result<void> delete_label(Services& services, const Actor& actor, const ProjectPath& path,
                          int64_t id)
{
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto project = TRY(project_for_change(c, actor, path, auth::AccessLevel::maintain));
        auto row = TRY(own_label(c, project, id));
        TRY(db::label_store::remove(c, id));
        return record_for_project(c, actor, project.id, "label.delete",
                                  project.owner.name + "/" + project.name, row.name);
    });
}

Result<std::vector<Label>> list_group_labels(Services& services, const auth::Viewer& viewer,
                                             const std::string& group)
{
    TRY(open_group(services, viewer, group));
    return services.database().read([&](db::Connection& c) -> Result<std::vector<Label>> {
        auto row = TRY(group_named(c, group));
        auto rows = TRY(db::label_store::of_group(c, row.id));
        std::vector<Label> labels;
        for (const auto& label : rows)
            labels.push_back(to_label(label));
        return labels;
    });
}

Result<Label> create_group_label(Services& services, const Actor& actor, const std::string& group,
                                 const LabelInput& input)
{
    TRY(validate_label(input));
    return services.database().write([&](db::Connection& c) -> Result<Label> {
        auto owner = TRY(group_named(c, group));
        TRY(require_group_manager(c, actor, owner));
        db::LabelRow row{
            0, std::nullopt, owner.id, input.name, lower_colour(input.color), input.description};
        auto inserted = db::label_store::insert(c, row);
        if (inserted.is_error() && inserted.error().code == ErrorCode::conflict)
            return Error::conflict("the label '" + input.name + "' exists already");
        row.id = TRY(std::move(inserted));
        TRY(record(c, actor, "label.create", group, input.name));
        return to_label(row);
    });
}

Result<void> delete_group_label(Services& services, const Actor& actor, const std::string& group,
                                int64_t id)
{
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto owner = TRY(group_named(c, group));
        TRY(require_group_manager(c, actor, owner));
        auto row = TRY(db::label_store::by_id(c, id));
        if (!row || row->group_id != owner.id)
            return Error::not_found("no label " + std::to_string(id) + " in this group");
        TRY(db::label_store::remove(c, id));
        return record(c, actor, "label.delete", group, row->name);
    });
}

Result<std::vector<Milestone>> list_milestones(Services& services, const auth::Viewer& viewer,
                                               const ProjectPath& path)
{
    return services.database().read([&](db::Connection& c) -> Result<std::vector<Milestone>> {
        auto access = TRY(readable_project(c, viewer, path));
        auto rows = TRY(db::label_store::milestones(c, access.project.id));
        std::vector<Milestone> milestones;
        for (const auto& row : rows)
            milestones.push_back(to_milestone(row));
        return milestones;
    });
}

Result<Milestone> get_milestone(Services& services, const auth::Viewer& viewer,
                                const ProjectPath& path, int64_t id)
{
    return services.database().read([&](db::Connection& c) -> Result<Milestone> {
        auto access = TRY(readable_project(c, viewer, path));
        return milestone_of(c, access.project.id, id);
    });
}

Result<Milestone> create_milestone(Services& services, const Actor& actor, const ProjectPath& path,
                                   const MilestoneInput& input)
{
    TRY(validate_milestone(input));
    return services.database().write([&](db::Connection& c) -> Result<Milestone> {
        auto project = TRY(project_for_change(c, actor, path, auth::AccessLevel::maintain));
        db::MilestoneRow row;
        row.project_id = project.id;
        row.title = input.title;
        row.description = input.description;
        row.due_on = input.due_on;
        row.state = input.open ? "open" : "closed";
        row.created_at = unix_now();
        auto inserted = db::label_store::insert_milestone(c, row);
        if (inserted.is_error() && inserted.error().code == ErrorCode::conflict)
            return Error::conflict("the milestone '" + input.title + "' exists already");
        int64_t id = TRY(std::move(inserted));
        TRY(record_for_project(c, actor, project.id, "milestone.create",
                               project.owner.name + "/" + project.name, input.title));
        return milestone_of(c, project.id, id);
    });
}

Result<Milestone> update_milestone(Services& services, const Actor& actor, const ProjectPath& path,
                                   int64_t id, const MilestoneInput& input)
{
    TRY(validate_milestone(input));
    return services.database().write([&](db::Connection& c) -> Result<Milestone> {
        auto project = TRY(project_for_change(c, actor, path, auth::AccessLevel::maintain));
        auto row = TRY(db::label_store::milestone(c, project.id, id));
        if (!row)
            return Error::not_found("no milestone " + std::to_string(id));
        row->title = input.title;
        row->description = input.description;
        row->due_on = input.due_on;
        row->state = input.open ? "open" : "closed";
        auto updated = db::label_store::update_milestone(c, *row);
        if (updated.is_error() && updated.error().code == ErrorCode::conflict)
            return Error::conflict("the milestone '" + input.title + "' exists already");
        TRY(std::move(updated));
        TRY(record_for_project(c, actor, project.id, "milestone.update",
                               project.owner.name + "/" + project.name, input.title));
        return milestone_of(c, project.id, id);
    });
}

Result<void> delete_milestone(Services& services, const Actor& actor, const ProjectPath& path,
                              int64_t id)
{
    return services.database().write([&](db::Connection& c) -> Result<void> {
        auto project = TRY(project_for_change(c, actor, path, auth::AccessLevel::maintain));
        auto row = TRY(db::label_store::milestone(c, project.id, id));
        if (!row)
            return Error::not_found("no milestone " + std::to_string(id));
        TRY(db::label_store::remove_milestone(c, id));
        return record_for_project(c, actor, project.id, "milestone.delete",
                                  project.owner.name + "/" + project.name, row->title);
    });
}

} // namespace forge::services
