#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "incident/render.hpp"
#include "incident/report.hpp"
#include "incident/text.hpp"

namespace incident::render {
namespace {

constexpr const char* reset = "\033[0m";

const char* status_color(Status s) {
    switch (s) {
        case Status::investigating:
            return "\033[31m";
        case Status::identified:
            return "\033[33m";
        case Status::monitoring:
            return "\033[34m";
        case Status::resolved:
            return "\033[32m";
        case Status::scheduled:
            return "\033[36m";
        case Status::in_progress:
            return "\033[35m";
        case Status::verifying:
            return "\033[34m";
        case Status::completed:
            return "\033[32m";
    }
    return "";
}

const char* impact_color(Impact i) {
    switch (i) {
        case Impact::none:
            return "\033[2m";
        case Impact::minor:
            return "\033[33m";
        case Impact::major:
            return "\033[31m";
        case Impact::critical:
            return "\033[1;31m";
    }
    return "";
}

std::string paint(std::string_view text, const char* color, const TerminalStyle& style) {
    if (!style.color) return std::string(text);
    return fmt::format("{}{}{}", color, text, reset);
}

// Pads (already visible) text to `width` columns; colour codes do not count.
std::string pad(const std::string& shown, std::size_t visible_width, std::size_t width) {
    return visible_width >= width ? shown : shown + std::string(width - visible_width, ' ');
}

std::string truncate(const std::string& text, std::size_t width) {
    if (display_width(text) <= width) return text;
    if (width == 0) return "";
    // Whole glyphs up to one column short of `width`, leaving room for the ellipsis; combining
    // marks (width 0) stay with their base.
    std::string_view rest(text);
    std::size_t cols = 0;
    while (!rest.empty()) {
        const auto glyph = first_glyph(rest);
        if (cols + glyph.width + 1 > width) break;
        cols += glyph.width;
        rest.remove_prefix(glyph.bytes);
    }
    return text.substr(0, text.size() - rest.size()) + "\u2026";
}

bool has_wide_glyph(std::string_view text) {
    while (!text.empty()) {
        const auto glyph = first_glyph(text);
        if (glyph.width == 2) return true;
        text.remove_prefix(glyph.bytes);
    }
    return false;
}

// Breaks a (visible) line at spaces, and between wide (CJK) characters, which need none,
// so that after `indent` it fits in `columns`; a long word of narrow letters stays whole.
std::string wrapped_line(std::string_view line, std::string_view indent, std::size_t columns) {
    // A line's own leading spaces (a list item, a code block) indent its continuations too.
    const auto lead = std::min(line.find_first_not_of(' '), line.size());
    if (lead > 0) {
        return wrapped_line(line.substr(lead), std::string(indent) + std::string(lead, ' '),
                            columns);
    }
    const auto room = columns > display_width(indent) + 10 ? columns - display_width(indent) : 0;
    if (room == 0 || display_width(line) <= room) return std::string(indent) + std::string(line);
    std::string out(indent);
    std::size_t used = 0;
    const auto new_line = [&] {
        out += '\n';
        out += indent;
        used = 0;
    };
    std::size_t start = 0;
    while (start < line.size()) {
        auto end = line.find(' ', start);
        if (end == std::string_view::npos) end = line.size();
        auto word = line.substr(start, end - start);
        const auto w = display_width(word);
        const bool wide = has_wide_glyph(word);
        if (used > 0 && used + 1 + w > room && !wide) {
            new_line();
        } else if (used > 0) {
            out += ' ';
            ++used;
        }
        if (!wide) {
            out += word;
            used += w;
        }
        bool previous_wide = false;
        while (wide && !word.empty()) {
            const auto glyph = first_glyph(word);
            const bool is_wide = glyph.width == 2;
            if (used > 0 && used + glyph.width > room && (is_wide || previous_wide)) new_line();
            out += word.substr(0, glyph.bytes);
            used += glyph.width;
            previous_wide = is_wide;
            word.remove_prefix(glyph.bytes);
        }
        start = end + 1;
    }
    return out;
}

// Statuspage's impact word for a maintenance, whose own impact is not shown.
std::string_view impact_word(const Incident& inc) {
    return inc.kind == Kind::maintenance ? "maintenance" : to_string(inc.impact);
}

// "Scheduled for 2019-07-05 02:00 – 04:00 CEST", or nothing for an incident.
std::string window_of(const Incident& inc, const Zone& zone) {
    if (inc.kind != Kind::maintenance || !inc.scheduled_for || !inc.scheduled_until) return {};
    return "Scheduled for " + format_window(*inc.scheduled_for, *inc.scheduled_until, zone);
}

std::chrono::milliseconds duration_of(const Incident& inc, Instant now) {
    const Instant end = inc.resolved_at.value_or(std::max(now, inc.created_at));
    return end - inc.created_at;
}

// "Detected:" and the other milestones, roles, and whose postmortem covers which.
std::string response_lines(const Incident& inc, const Zone& zone) {
    std::string out;
    const Instant start = inc.started_at.value_or(inc.created_at);
    const auto milestone = [&](const char* label, const std::optional<Instant>& at) {
        if (!at) return;
        out += fmt::format("{:<14}{} ({} after the start)\n", label, format_local(*at, zone),
                           format_duration(*at - start));
    };
    milestone("Detected:", inc.detected_at);
    milestone("Acknowledged:", inc.acknowledged_at);
    milestone("Mitigated:", inc.mitigated_at);
    if (!inc.roles.empty()) {
        std::string roles;
        for (const auto& r : inc.roles) {
            roles +=
                fmt::format("{}{} {}", roles.empty() ? "" : "; ", visible(r.role), visible(r.name));
        }
        out += fmt::format("Roles:     {}\n", roles);
    }
    if (!inc.postmortem || inc.postmortem->regarding.empty()) return out;
    const auto& pm = *inc.postmortem;
    std::string covers;
    for (const auto& r : pm.regarding) {
        if (pm.incident_id == inc.id && r.id != inc.id) {
            covers += fmt::format("{}#{} {}", covers.empty() ? "" : ", ", r.id, visible(r.title));
        }
        if (pm.incident_id != inc.id && r.id == pm.incident_id) {
            out += fmt::format("Covered by: the postmortem of #{} {}\n", r.id, visible(r.title));
        }
    }
    if (!covers.empty()) out += fmt::format("Covers:    {}\n", covers);
    return out;
}

// "#4 [open] ", "[overdue]" or "[done]": an action's id and state.
std::string action_prefix(const Action& a, std::chrono::year_month_day today) {
    return fmt::format("#{} [{}] ", a.id, action_state(a, today));
}

}  // namespace

std::string incident_table(const std::vector<Incident>& incidents, const Zone& zone, Instant now,
                           const TerminalStyle& style) {
    std::string out;
    if (!style.table) {
        for (const auto& inc : incidents) {
            out +=
                fmt::format("{}\t{}\t{}\t{}\t{}\t{}\n", inc.id, to_string(inc.status),
                            impact_word(inc), format_iso_local(inc.created_at, zone),
                            std::chrono::floor<std::chrono::seconds>(duration_of(inc, now)).count(),
                            visible(inc.title));
        }
        return out;
    }
    struct Row {
        std::string id, status, impact, opened, duration, title;
        Status s;
        Impact i;
        Kind k;
    };
    std::vector<Row> rows;
    rows.reserve(incidents.size());
    std::array<std::size_t, 5> widths{2, 6, 6, 6, 8};
    for (const auto& inc : incidents) {
        const auto window = window_of(inc, zone);
        Row r{std::to_string(inc.id),
              std::string(to_string(inc.status)),
              std::string(impact_word(inc)),
              format_local(inc.created_at, zone),
              format_duration(duration_of(inc, now)),
              visible(inc.title) + (window.empty() ? "" : " (" + window + ")"),
              inc.status,
              inc.impact,
              inc.kind};
        widths[0] = std::max(widths[0], r.id.size());
        widths[1] = std::max(widths[1], r.status.size());
        widths[2] = std::max(widths[2], r.impact.size());
        widths[3] = std::max(widths[3], display_width(r.opened));
        widths[4] = std::max(widths[4], r.duration.size());
        rows.push_back(std::move(r));
    }
    const auto head = [&](const char* text, std::size_t i) {
        return pad(text, std::string_view(text).size(), widths[i]);
    };
    out += paint(fmt::format("{}  {}  {}  {}  {}  TITLE", head("ID", 0), head("STATUS", 1),
                             head("IMPACT", 2), head("OPENED", 3), head("DURATION", 4)),
                 "\033[1m", style) +
           "\n";
    std::size_t used = 0;
    for (const auto w : widths) used += w + 2;
    for (const auto& r : rows) {
        const auto title = style.columns > 0 && static_cast<std::size_t>(style.columns) > used
                               ? truncate(r.title, static_cast<std::size_t>(style.columns) - used)
                               : r.title;
        out += fmt::format(
            "{:>{}}  {}  {}  {}  {}  {}\n", r.id, widths[0],
            paint(pad(r.status, r.status.size(), widths[1]), status_color(r.s), style),
            paint(pad(r.impact, r.impact.size(), widths[2]),
                  r.k == Kind::maintenance ? status_color(Status::scheduled) : impact_color(r.i),
                  style),
            pad(r.opened, display_width(r.opened), widths[3]),
            pad(r.duration, r.duration.size(), widths[4]), title);
    }
    return out;
}

std::string indented_visible(std::string_view text, std::string_view indent, std::size_t columns) {
    std::string out;
    const auto shown = visible(text, true);
    std::size_t start = 0;
    while (start <= shown.size()) {
        const auto end = shown.find('\n', start);
        const auto line = std::string_view(shown).substr(
            start, end == std::string::npos ? std::string::npos : end - start);
        if (!line.empty()) out += wrapped_line(line, indent, columns);
        out += '\n';
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

std::string incident_detail(const Incident& inc, const std::vector<Update>& updates,
                            const Zone& zone, Instant now, const TerminalStyle& style) {
    std::string out;
    const auto columns = static_cast<std::size_t>(std::max(style.columns, 0));
    out += paint(fmt::format("#{} {}", inc.id, visible(inc.title)), "\033[1m", style) + "\n";
    if (const auto window = window_of(inc, zone); !window.empty()) out += window + "\n";
    out += fmt::format("Status:    {}\n",
                       paint(status_title(inc.status), status_color(inc.status), style));
    out += fmt::format("Impact:    {}\n",
                       paint(impact_word(inc),
                             inc.kind == Kind::maintenance ? status_color(Status::scheduled)
                                                           : impact_color(inc.impact),
                             style));
    out += fmt::format("Opened:    {}\n", format_local(inc.created_at, zone));
    if (inc.started_at && inc.created_at - *inc.started_at >= std::chrono::seconds(1)) {
        out += fmt::format("Started:   {} ({} before it was opened)\n",
                           format_local(*inc.started_at, zone),
                           format_duration(inc.created_at - *inc.started_at));
    }
    if (inc.resolved_at) {
        out += fmt::format(
            "{} {} (after {})\n", inc.kind == Kind::maintenance ? "Completed:" : "Resolved: ",
            format_local(*inc.resolved_at, zone), format_duration(duration_of(inc, now)));
    } else {
        out += fmt::format("Open for:  {}\n", format_duration(duration_of(inc, now)));
    }
    if (!inc.components.empty()) {
        out += fmt::format("Affected:  {}\n", visible(affected_summary(inc.components)));
    }
    out += response_lines(inc, zone);
    if (inc.postmortem) {
        const auto& pm = *inc.postmortem;
        out += fmt::format("\n{}  Posted {}{}\n", paint("Postmortem", "\033[1m", style),
                           format_posted(pm.posted_at, zone),
                           pm.incident_id != inc.id && pm.incident_id != 0
                               ? fmt::format(" (incident {}'s, covering this one)", pm.incident_id)
                               : std::string());
        if (!pm.regarding.empty()) {
            out += fmt::format("    {}\n", regarding_intro);
            for (const auto& r : pm.regarding) {
                out += fmt::format("    #{} {}\n", r.id, visible(regarding_line(r, pm, zone)));
            }
            out += "\n";
        }
        out += indented_visible(pm.body, "    ", columns);
    }
    if (!inc.actions.empty()) {
        out += "\n" + paint("Follow-up actions", "\033[1m", style) + "\n";
        const auto today = local_day(now, zone);
        for (const auto& a : inc.actions) {
            out +=
                fmt::format("    {}{}{}\n", action_prefix(a, today), visible(action_line(a, zone)),
                            a.incident_id != inc.id ? fmt::format(" [incident {}]", a.incident_id)
                                                    : std::string());
            if (a.link) out += fmt::format("        {}\n", visible(*a.link));
        }
    }
    for (const auto& [u, label] : newest_first(updates)) {
        out += fmt::format(
            "\n{}  Posted {}{} (update {}{})\n", paint(label, status_color(u->status), style),
            format_posted(u->posted_at, zone), u->author ? " by " + visible(*u->author) : "", u->id,
            u->edited_at ? ", edited " + format_local(*u->edited_at, zone) : "");
        out += indented_visible(u->body, "    ", columns);
        for (const auto& line : status_changes(*u)) out += "    " + visible(line) + "\n";
    }
    return out;
}

}  // namespace incident::render
