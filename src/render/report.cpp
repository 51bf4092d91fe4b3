#include "incident/report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace incident::render {

std::optional<ReportFormat> parse_report_format(std::string_view text) noexcept {
    if (text == "md" || text == "markdown") return ReportFormat::markdown;
    if (text == "html") return ReportFormat::html;
    if (text == "json") return ReportFormat::json;
    if (text == "atom") return ReportFormat::atom;
    return std::nullopt;
}

std::string_view report_subtitle(const Incident& incident) noexcept {
    return incident.kind == Kind::maintenance ? "Scheduled Maintenance Report" : "Incident Report";
}

std::string_view affected_intro(const Incident& incident) noexcept {
    return incident.kind == Kind::maintenance ? "This scheduled maintenance affected"
                                              : "This incident affected";
}

std::string scheduled_window(const Incident& incident, const Zone& zone) {
    if (incident.kind != Kind::maintenance || !incident.scheduled_for ||
        !incident.scheduled_until) {
        return {};
    }
    return "Scheduled for " +
           format_posted_window(*incident.scheduled_for, *incident.scheduled_until, zone);
}

std::vector<std::string> status_changes(const Update& update) {
    std::vector<std::string> lines;
    for (const auto& c : update.changes) {
        if (c.old_status == c.new_status) continue;
        lines.push_back(to_string(c.component) + ": " +
                        std::string(component_status_title(c.old_status)) + " \u2192 " +
                        std::string(component_status_title(c.new_status)));
    }
    return lines;
}

std::string regarding_line(const RegardedIncident& incident, const Postmortem& postmortem,
                           const Zone& zone) {
    const auto year = static_cast<int>(local_day(postmortem.posted_at, zone).year());
    return incident.title + " " + format_regarding_day(incident.started, zone, year);
}

std::string action_line(const Action& action, const Zone& zone) {
    std::vector<std::string> parts;
    if (action.owner) parts.push_back("owner: " + *action.owner);
    if (action.due) parts.push_back("due " + format_posted_day(*action.due));
    parts.push_back(action.done_at ? "done " + format_posted_day(local_day(*action.done_at, zone))
                                   : std::string("open"));
    return fmt::format("{} ({})", action.text, fmt::join(parts, "; "));
}

std::string milestones_line(const Incident& incident, const Zone& zone) {
    std::vector<std::string> parts;
    const auto add = [&](Milestone m, const std::optional<Instant>& at) {
        if (at) parts.push_back(fmt::format("{} {}", to_string(m), format_posted(*at, zone)));
    };
    add(Milestone::started, incident.started_at);
    add(Milestone::detected, incident.detected_at);
    add(Milestone::acknowledged, incident.acknowledged_at);
    add(Milestone::mitigated, incident.mitigated_at);
    if (parts.empty()) return {};
    return fmt::format("Milestones: {}", fmt::join(parts, "; "));
}

std::string roles_line(const Incident& incident) {
    if (incident.roles.empty()) return {};
    std::vector<std::string> parts;
    for (const auto& r : incident.roles) parts.push_back(r.role + " " + r.name);
    return fmt::format("Roles: {}", fmt::join(parts, "; "));
}

std::unique_ptr<ReportWriter> make_report_writer(ReportFormat format,
                                                 const ReportContext& context) {
    switch (format) {
        case ReportFormat::markdown:
            return markdown_writer(context);
        case ReportFormat::html:
            return html_writer(context);
        case ReportFormat::json:
            return json_writer(context);
        case ReportFormat::atom:
            return atom_writer(context);
    }
    return markdown_writer(context);
}

}  // namespace incident::render
