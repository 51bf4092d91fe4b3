// `incident components`: the page's groups and components with their current statuses.
#include <fmt/format.h>

#include <algorithm>

#include "incident/journal.hpp"
#include "incident/json_writer.hpp"
#include "incident/render.hpp"
#include "incident/text.hpp"

namespace incident::render {
namespace {

// A group's id: its Statuspage id when an import gave one, else its name (groups are not
// rows of their own in the journal).
std::string group_id(const std::vector<PageComponent>& components, const std::string& group) {
    for (const auto& c : components) {
        if (c.component.group == group && c.group_source_id) return *c.group_source_id;
    }
    return group;
}

// Page order, each group at the place of its first member, followed by its members.
struct Row {
    const PageComponent* component = nullptr;  // null for a group's own row
    const GroupStatus* group = nullptr;
};

std::vector<Row> rows_of(const std::vector<PageComponent>& components,
                         const std::vector<GroupStatus>& groups) {
    std::vector<Row> rows;
    std::vector<std::string> seen;
    for (const auto& c : components) {
        const auto& name = c.component.group;
        if (name.empty()) {
            rows.push_back({&c, nullptr});
            continue;
        }
        if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
        seen.push_back(name);
        const auto g = std::find_if(groups.begin(), groups.end(),
                                    [&](const GroupStatus& s) { return s.group == name; });
        rows.push_back({nullptr, &*g});
        for (const auto& m : components) {
            if (m.component.group == name) rows.push_back({&m, &*g});
        }
    }
    return rows;
}

}  // namespace

std::string components_text(const std::vector<PageComponent>& components) {
    if (components.empty()) return "No components.\n";
    const auto groups = group_statuses(components);
    const auto rows = rows_of(components, groups);
    struct Line {
        std::string name, status, id;
    };
    std::vector<Line> lines;
    std::size_t width = display_width("COMPONENT");
    std::size_t status_width = display_width("STATUS");
    for (const auto& r : rows) {
        Line l;
        if (!r.component) {
            l.name = visible(r.group->group);
            l.status = std::string(component_status_title(r.group->status));
        } else {
            l.name = (r.group ? "  " : "") + visible(r.component->component.name);
            l.status = std::string(component_status_title(r.component->status));
            l.id = std::to_string(r.component->id);
        }
        width = std::max(width, display_width(l.name));
        status_width = std::max(status_width, l.status.size());
        lines.push_back(std::move(l));
    }
    const auto pad = [](const std::string& text, std::size_t to) {
        return text + std::string(to - display_width(text), ' ');
    };
    std::string out = pad("COMPONENT", width) + "  " + pad("STATUS", status_width) + "  ID\n";
    for (const auto& l : lines) {
        auto line = pad(l.name, width) + "  " + pad(l.status, status_width) + "  " + l.id;
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + '\n';
    }
    return out;
}

std::string components_json(const std::vector<PageComponent>& components) {
    const auto groups = group_statuses(components);
    std::string out;
    json::Writer w(out);
    w.begin_object().key("components").begin_array();
    std::int64_t position = 0;
    for (const auto& r : rows_of(components, groups)) {
        ++position;
        if (!r.component) {
            w.begin_object()
                .member("id", group_id(components, r.group->group))
                .member("name", r.group->group)
                .member("status", to_string(r.group->status))
                .member("position", position)
                .member("group", true)
                .member("group_id", nullptr)
                .key("components")
                .begin_array();
            for (const auto& m : components) {
                if (m.component.group == r.group->group) w.value(m.id);
            }
            w.end().end();
            continue;
        }
        const auto& c = *r.component;
        const auto group = r.group ? std::optional(c.component.group) : std::nullopt;
        w.begin_object()
            .member("id", c.id)
            .member("name", c.component.name)
            .member("status", to_string(c.status))
            .member("position", position)
            .member("group", false)
            .member("group_id",
                    r.group ? std::optional(group_id(components, c.component.group)) : std::nullopt)
            .member("group_name", group)
            .member("code", c.source_id)
            .end();
    }
    w.end().end();
    return out;
}

}  // namespace incident::render
