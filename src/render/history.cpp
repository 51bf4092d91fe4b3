#include "incident/history.hpp"

#include <fmt/format.h>

#include "incident/json_writer.hpp"
#include "incident/text.hpp"

namespace incident::render {
namespace {

std::string count_of_versions(std::size_t n) {
    return fmt::format("{} version{}", n, n == 1 ? "" : "s");
}

// "; regarding #1, #2, #3" for a version that covers other incidents.
std::string regarding_ids(const Postmortem& pm) {
    std::string out;
    for (const auto& r : pm.regarding) out += fmt::format("{}#{}", out.empty() ? "" : ", ", r.id);
    return out.empty() ? out : "; regarding " + out;
}

}  // namespace

std::string history_text(const std::vector<UpdateVersion>& versions,
                         const std::vector<Postmortem>& postmortems, const Zone& zone,
                         const TerminalStyle& style) {
    const auto bold = [&](const std::string& text) {
        return style.color ? fmt::format("\033[1m{}\033[0m", text) : text;
    };
    std::string out = "\n" + bold("History") + "\n";
    if (versions.empty() && postmortems.size() < 2) {
        out += "    No update or postmortem has been amended.\n";
        return out;
    }
    for (std::size_t i = 0; i < versions.size();) {
        const auto id = versions[i].update_id;
        std::size_t n = 0;
        while (i + n < versions.size() && versions[i + n].update_id == id) ++n;
        out += fmt::format("\nUpdate {} ({}, oldest first)\n", id, count_of_versions(n));
        for (std::size_t k = 0; k < n; ++k) {
            const auto& v = versions[i + k];
            out += fmt::format("    v{}{}  Posted {}; written {} by {}\n", k + 1,
                               v.current ? " (current)" : "", format_posted(v.posted_at, zone),
                               format_local(v.written_at, zone), visible(v.written_by));
            out += indented_visible(v.body, "        ");
        }
        i += n;
    }
    if (postmortems.size() >= 2) {
        out +=
            fmt::format("\nPostmortem ({}, oldest first)\n", count_of_versions(postmortems.size()));
        for (std::size_t k = 0; k < postmortems.size(); ++k) {
            out += fmt::format(
                "    v{}{}  Posted {}{}\n", k + 1, k + 1 == postmortems.size() ? " (current)" : "",
                format_posted(postmortems[k].posted_at, zone), regarding_ids(postmortems[k]));
            out += indented_visible(postmortems[k].body, "        ");
        }
    }
    return out;
}

std::string edits_text(const std::vector<IncidentEdit>& edits, const Zone& zone) {
    if (edits.empty()) return {};
    std::string out = fmt::format("\nIncident edits ({}, oldest first)\n", edits.size());
    for (const auto& e : edits) {
        std::string what;
        if (e.field == "component") {
            what = fmt::format("removed component \"{}\"", visible(e.old_value));
        } else {
            what = fmt::format("{} \"{}\" -> \"{}\"", e.field, visible(e.old_value),
                               visible(e.new_value.value_or("")));
        }
        out += fmt::format("    {} by {}: {}\n", format_local(e.edited_at, zone),
                           visible(e.edited_by), what);
    }
    return out;
}

std::string response_history_text(const std::vector<MilestoneChange>& milestones,
                                  const std::vector<RoleHolder>& roles,
                                  const std::vector<ActionEvent>& actions, const Zone& zone) {
    std::string out;
    if (!milestones.empty()) {
        out += fmt::format("\nMilestones set ({}, oldest first)\n", milestones.size());
        for (const auto& m : milestones) {
            out += fmt::format("    {} by {}: {} {}{}{}\n", format_local(m.changed_at, zone),
                               visible(m.changed_by), to_string(m.milestone),
                               format_local(m.new_at, zone),
                               m.old_at ? " (was " + format_local(*m.old_at, zone) + ")" : "",
                               m.update_id ? fmt::format(" with update {}", *m.update_id) : "");
        }
    }
    if (!roles.empty()) {
        out += fmt::format("\nRoles assigned ({}, oldest first)\n", roles.size());
        for (const auto& r : roles) {
            out += fmt::format("    {} by {}: {} {}\n", format_local(r.assigned_at, zone),
                               visible(r.assigned_by), visible(r.role), visible(r.name));
        }
    }
    if (!actions.empty()) {
        out += fmt::format("\nFollow-up actions done or reopened ({}, oldest first)\n",
                           actions.size());
        for (const auto& e : actions) {
            out += fmt::format("    {} by {}: action {} {}\n", format_local(e.at, zone),
                               visible(e.by), e.action_id, e.done ? "done" : "reopened");
        }
    }
    return out;
}

void write_history_json(json::Writer& w, const std::vector<UpdateVersion>& versions,
                        const std::vector<Postmortem>& postmortems,
                        const std::vector<IncidentEdit>& edits,
                        const std::vector<MilestoneChange>& milestones,
                        const std::vector<RoleHolder>& roles,
                        const std::vector<ActionEvent>& actions) {
    w.begin_object().key("update_versions").begin_array();
    for (const auto& v : versions) {
        w.begin_object()
            .member("update_id", v.update_id)
            .member("body", v.body)
            .member("display_at", format_iso_utc(v.posted_at))
            .member("written_at", format_iso_utc(v.written_at))
            .member("written_by", v.written_by)
            .member("current", v.current)
            .end();
    }
    w.end().key("postmortem_versions").begin_array();
    for (std::size_t i = 0; i < postmortems.size(); ++i) {
        w.begin_object()
            .member("body", postmortems[i].body)
            .member("published_at", format_iso_utc(postmortems[i].posted_at))
            .member("current", i + 1 == postmortems.size());
        if (!postmortems[i].regarding.empty()) {
            w.key("regarding").begin_array();
            for (const auto& r : postmortems[i].regarding) w.value(r.id);
            w.end();
        }
        w.end();
    }
    w.end().key("incident_edits").begin_array();
    for (const auto& e : edits) {
        w.begin_object()
            .member("field", e.field)
            .member("old_value", e.old_value)
            .member("new_value", e.new_value)
            .member("edited_at", format_iso_utc(e.edited_at))
            .member("edited_by", e.edited_by)
            .end();
    }
    w.end().key("milestone_changes").begin_array();
    for (const auto& m : milestones) {
        w.begin_object()
            .member("milestone", to_string(m.milestone))
            .member("old_at",
                    m.old_at ? std::optional<std::string>(format_iso_utc(*m.old_at)) : std::nullopt)
            .member("new_at", format_iso_utc(m.new_at))
            .member("update_id", m.update_id)
            .member("changed_at", format_iso_utc(m.changed_at))
            .member("changed_by", m.changed_by)
            .end();
    }
    w.end().key("role_assignments").begin_array();
    for (const auto& r : roles) {
        w.begin_object()
            .member("role", r.role)
            .member("name", r.name)
            .member("assigned_at", format_iso_utc(r.assigned_at))
            .member("assigned_by", r.assigned_by)
            .end();
    }
    w.end().key("action_events").begin_array();
    for (const auto& e : actions) {
        w.begin_object()
            .member("action_id", e.action_id)
            .member("event", e.done ? "done" : "reopened")
            .member("at", format_iso_utc(e.at))
            .member("by", e.by)
            .end();
    }
    w.end().end();
}

}  // namespace incident::render
