#include "incident/report.hpp"

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

std::unique_ptr<ReportWriter> make_report_writer(ReportFormat format, const ReportContext& context) {
    switch (format) {
        case ReportFormat::markdown: return markdown_writer(context);
        case ReportFormat::html: return html_writer(context);
        case ReportFormat::json: return json_writer(context);
        case ReportFormat::atom: return atom_writer(context);
    }
    return markdown_writer(context);
}

}  // namespace incident::render
