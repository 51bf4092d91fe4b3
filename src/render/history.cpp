#include "incident/history.hpp"

#include <fmt/format.h>

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
        out += fmt::format("\nPostmortem ({}, oldest first)\n", count_of_versions(postmortems.size()));
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

std::string history_json(const std::vector<UpdateVersion>& versions,
                         const std::vector<Postmortem>& postmortems,
                         const std::vector<IncidentEdit>& edits,
                         const std::vector<MilestoneChange>& milestones,
                         const std::vector<RoleHolder>& roles,
                         const std::vector<ActionEvent>& actions) {
    std::string out = "{\"update_versions\":[";
    for (std::size_t i = 0; i < versions.size(); ++i) {
        const auto& v = versions[i];
        out += fmt::format(
            "{}{{\"update_id\":{},\"body\":{},\"display_at\":\"{}\",\"written_at\":\"{}\","
            "\"written_by\":{},\"current\":{}}}",
            i ? "," : "", v.update_id, json_string(v.body), format_iso_utc(v.posted_at),
            format_iso_utc(v.written_at), json_string(v.written_by), v.current);
    }
    out += "],\"postmortem_versions\":[";
    for (std::size_t i = 0; i < postmortems.size(); ++i) {
        std::string regarding;
        for (const auto& r : postmortems[i].regarding) {
            regarding += fmt::format("{}{}", regarding.empty() ? "" : ",", r.id);
        }
        out += fmt::format("{}{{\"body\":{},\"published_at\":\"{}\",\"current\":{}{}}}",
                           i ? "," : "", json_string(postmortems[i].body),
                           format_iso_utc(postmortems[i].posted_at), i + 1 == postmortems.size(),
                           regarding.empty() ? "" : ",\"regarding\":[" + regarding + "]");
    }
    out += "],\"incident_edits\":[";
    for (std::size_t i = 0; i < edits.size(); ++i) {
        const auto& e = edits[i];
        out += fmt::format("{}{{\"field\":{},\"old_value\":{},\"new_value\":{},"
                           "\"edited_at\":\"{}\",\"edited_by\":{}}}",
                           i ? "," : "", json_string(e.field), json_string(e.old_value),
                           e.new_value ? json_string(*e.new_value) : std::string("null"),
                           format_iso_utc(e.edited_at), json_string(e.edited_by));
    }
    out += "],\"milestone_changes\":[";
    for (std::size_t i = 0; i < milestones.size(); ++i) {
        const auto& m = milestones[i];
        out += fmt::format(
            "{}{{\"milestone\":\"{}\",\"old_at\":{},\"new_at\":\"{}\",\"update_id\":{},"
            "\"changed_at\":\"{}\",\"changed_by\":{}}}",
            i ? "," : "", to_string(m.milestone),
            m.old_at ? json_string(format_iso_utc(*m.old_at)) : std::string("null"),
            format_iso_utc(m.new_at), m.update_id ? std::to_string(*m.update_id) : "null",
            format_iso_utc(m.changed_at), json_string(m.changed_by));
    }
    out += "],\"role_assignments\":[";
    for (std::size_t i = 0; i < roles.size(); ++i) {
        const auto& r = roles[i];
        out +=
            fmt::format("{}{{\"role\":{},\"name\":{},\"assigned_at\":\"{}\",\"assigned_by\":{}}}",
                        i ? "," : "", json_string(r.role), json_string(r.name),
                        format_iso_utc(r.assigned_at), json_string(r.assigned_by));
    }
    out += "],\"action_events\":[";
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const auto& e = actions[i];
        out += fmt::format("{}{{\"action_id\":{},\"event\":\"{}\",\"at\":\"{}\",\"by\":{}}}",
                           i ? "," : "", e.action_id, e.done ? "done" : "reopened",
                           format_iso_utc(e.at), json_string(e.by));
    }
    return out + "]}";
}

}  // namespace incident::render
