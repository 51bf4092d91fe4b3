#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "incident/render.hpp"
#include "incident/text.hpp"

namespace incident::render {
namespace {

constexpr const char* reset = "\033[0m";

const char* status_color(Status s) {
    switch (s) {
        case Status::investigating: return "\033[31m";
        case Status::identified: return "\033[33m";
        case Status::monitoring: return "\033[34m";
        case Status::resolved: return "\033[32m";
    }
    return "";
}

const char* impact_color(Impact i) {
    switch (i) {
        case Impact::none: return "\033[2m";
        case Impact::minor: return "\033[33m";
        case Impact::major: return "\033[31m";
        case Impact::critical: return "\033[1;31m";
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
    std::string out;
    std::size_t cols = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) != 0x80) {
            if (cols + 1 == width) break;
            ++cols;
        }
        out += text[i];
    }
    return out + "\u2026";
}

std::chrono::seconds duration_of(const Incident& inc, Instant now) {
    const Instant end = inc.resolved_at.value_or(std::max(now, inc.created_at));
    return end - inc.created_at;
}

}  // namespace

std::string incident_table(const std::vector<Incident>& incidents, const Zone& zone, Instant now,
                           const TerminalStyle& style) {
    std::string out;
    if (!style.table) {
        for (const auto& inc : incidents) {
            out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\n", inc.id, to_string(inc.status),
                               to_string(inc.impact), format_iso_local(inc.created_at, zone),
                               duration_of(inc, now).count(), visible(inc.title));
        }
        return out;
    }
    struct Row {
        std::string id, status, impact, opened, duration, title;
        Status s;
        Impact i;
    };
    std::vector<Row> rows;
    rows.reserve(incidents.size());
    std::array<std::size_t, 5> widths{2, 6, 6, 6, 8};
    for (const auto& inc : incidents) {
        Row r{std::to_string(inc.id),
              std::string(to_string(inc.status)),
              std::string(to_string(inc.impact)),
              format_local(inc.created_at, zone),
              format_duration(duration_of(inc, now)),
              visible(inc.title),
              inc.status,
              inc.impact};
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
        out += fmt::format("{:>{}}  {}  {}  {}  {}  {}\n", r.id, widths[0],
                           paint(pad(r.status, r.status.size(), widths[1]), status_color(r.s), style),
                           paint(pad(r.impact, r.impact.size(), widths[2]), impact_color(r.i), style),
                           pad(r.opened, display_width(r.opened), widths[3]),
                           pad(r.duration, r.duration.size(), widths[4]), title);
    }
    return out;
}

std::string indented_visible(std::string_view text, std::string_view indent) {
    std::string out;
    const auto shown = visible(text, true);
    std::size_t start = 0;
    while (start <= shown.size()) {
        const auto end = shown.find('\n', start);
        const auto line = std::string_view(shown).substr(
            start, end == std::string::npos ? std::string::npos : end - start);
        if (!line.empty()) out.append(indent).append(line);
        out += '\n';
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

std::string incident_detail(const Incident& inc, const std::vector<Update>& updates,
                            const Zone& zone, Instant now, const TerminalStyle& style) {
    std::string out;
    out += paint(fmt::format("#{} {}", inc.id, visible(inc.title)), "\033[1m", style) + "\n";
    out += fmt::format("Status:    {}\n",
                       paint(status_title(inc.status), status_color(inc.status), style));
    out += fmt::format("Impact:    {}\n", paint(to_string(inc.impact), impact_color(inc.impact), style));
    out += fmt::format("Opened:    {}\n", format_local(inc.created_at, zone));
    if (inc.resolved_at) {
        out += fmt::format("Resolved:  {} (after {})\n", format_local(*inc.resolved_at, zone),
                           format_duration(duration_of(inc, now)));
    } else {
        out += fmt::format("Open for:  {}\n", format_duration(duration_of(inc, now)));
    }
    if (!inc.components.empty()) {
        out += fmt::format("Affected:  {}\n", visible(affected_summary(inc.components)));
    }
    if (inc.postmortem) {
        out += fmt::format("\n{}  Posted {}\n", paint("Postmortem", "\033[1m", style),
                           format_posted(inc.postmortem->posted_at, zone));
        out += indented_visible(inc.postmortem->body, "    ");
    }
    for (const auto& [u, label] : newest_first(updates)) {
        out += fmt::format("\n{}  Posted {} by {} (update {}{})\n",
                           paint(label, status_color(u->status), style),
                           format_posted(u->posted_at, zone), visible(u->author), u->id,
                           u->edited_at ? ", edited " + format_local(*u->edited_at, zone) : "");
        out += indented_visible(u->body, "    ");
    }
    return out;
}

}  // namespace incident::render
