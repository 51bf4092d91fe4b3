#include "postmortem.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "incident/report.hpp"
#include "incident/text.hpp"

namespace incident::render {
namespace {

// The first line of a body, shortened for a timeline entry.
std::string summary(std::string_view body) {
    auto line = trim(body.substr(0, body.find('\n')));
    std::string out = visible(line);
    constexpr std::size_t limit = 120;
    if (display_width(out) > limit) {
        std::size_t cut = 0;
        std::size_t width = 0;
        while (cut < out.size() && width < limit) {
            ++cut;
            while (cut < out.size() && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) ++cut;
            ++width;
        }
        out = out.substr(0, cut) + "…";
    }
    return out;
}

}  // namespace

std::string postmortem_editor_text(const Incident& incident,
                                   const std::vector<TimelineSource>& sources,
                                   const std::vector<Action>& actions, const Zone& zone) {
    std::string out = fmt::format(
        ";; Postmortem of incident {}: {}\n"
        ";; Write it in Markdown. Lines starting with \";;\" are removed.\n"
        ";; Leave the text unchanged, or delete it all, to abort: nothing is written.\n",
        incident.id, visible(incident.title));
    if (sources.size() > 1) {
        out +=
            ";; Reports list the incidents it covers above your text (after its title heading):\n";
        for (const auto& s : sources) {
            out += fmt::format(";;   #{} {}\n", s.incident.id, visible(s.incident.title));
        }
    }
    if (has_own_postmortem(incident)) {
        out += fmt::format(";; Replacing the postmortem posted {}; that version is kept.\n\n",
                           format_posted(incident.postmortem->posted_at, zone));
        out += incident.postmortem->body;
        out += '\n';
        return out;
    }
    out +=
        "\n"
        "## What happened\n"
        "\n"
        "\n"
        "## Why did it happen\n"
        "\n"
        "\n"
        "## Steps taken\n"
        "\n"
        "\n"
        "## Impact\n"
        "\n"
        "\n"
        "## Timeline\n"
        "\n";
    // Public updates and milestones of every incident, by time; ties keep incident order.
    struct Line {
        Instant at;
        std::size_t source;
        std::string text;
    };
    std::vector<Line> lines;
    const bool several = sources.size() > 1;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const auto& inc = sources[i].incident;
        const auto tag = several ? fmt::format("#{} ", inc.id) : std::string();
        for (const auto& u : sources[i].updates) {
            if (u.internal) continue;  // the postmortem is public; notes may not be
            lines.push_back(
                {u.posted_at, i,
                 fmt::format("{}{}: {}", tag, status_title(u.status), summary(u.body))});
        }
        const auto milestone = [&](Milestone m, const std::optional<Instant>& at) {
            if (at) lines.push_back({*at, i, fmt::format("{}{} (milestone)", tag, to_string(m))});
        };
        milestone(Milestone::started, inc.started_at);
        milestone(Milestone::detected, inc.detected_at);
        milestone(Milestone::acknowledged, inc.acknowledged_at);
        milestone(Milestone::mitigated, inc.mitigated_at);
    }
    std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
        return a.at < b.at || (a.at == b.at && a.source < b.source);
    });
    for (const auto& l : lines) out += fmt::format("- {}: {}\n", format_posted(l.at, zone), l.text);
    out +=
        "\n"
        "## Action items\n"
        "\n";
    if (actions.empty()) out += "- \n";
    for (const auto& a : actions) {
        out += fmt::format("- [{}] {}\n", a.done_at ? 'x' : ' ', visible(action_line(a, zone)));
    }
    return out;
}

std::string postmortem_editor_text(const Incident& incident, const std::vector<Update>& updates,
                                   const Zone& zone) {
    return postmortem_editor_text(incident, {{incident, updates}}, {}, zone);
}

std::string strip_editor_comments(std::string_view text) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const auto line = text.substr(start, end - start);
        if (!line.starts_with(editor_comment)) {
            out.append(line);
            out += '\n';
        }
        start = end + 1;
    }
    // Leading blank lines come from the instructions' spacing.
    const auto first = out.find_first_not_of("\r\n");
    if (first == std::string::npos) return {};
    return std::string(trim_end(std::string_view(out).substr(first)));
}

namespace {

// The level of an ATX heading ("## Impact" is 2), 0 for any other line.
std::size_t heading_level(std::string_view line) {
    const auto hashes = line.find_first_not_of('#');
    if (hashes == 0 || hashes > 6) return 0;
    return hashes == std::string_view::npos || line[hashes] == ' ' ? std::min(hashes, line.size())
                                                                   : 0;
}

// "-", "* ", "+", "1." and the like with nothing after the marker.
bool is_empty_list_item(std::string_view line) {
    line = trim(line);
    if (line == "-" || line == "*" || line == "+") return true;
    const auto digits = line.find_first_not_of("0123456789");
    return digits > 0 && digits != std::string_view::npos && digits + 1 == line.size() &&
           (line[digits] == '.' || line[digits] == ')');
}

}  // namespace

std::string drop_untouched_template(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const auto line = text.substr(start, end - start);
        if (!is_empty_list_item(line)) lines.push_back(line);
        start = end + 1;
    }
    // A heading followed only by blank lines up to the next heading of its level or higher
    // (or the end) was left as the template gave it.
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (const auto level = heading_level(lines[i]); level > 0) {
            std::size_t next = i + 1;
            while (next < lines.size() && trim(lines[next]).empty()) ++next;
            const auto next_level = next < lines.size() ? heading_level(lines[next]) : 1;
            if (next_level > 0 && next_level <= level) {
                i = next - 1;
                continue;
            }
        }
        out.append(lines[i]);
        out += '\n';
    }
    const auto first = out.find_first_not_of("\r\n");
    if (first == std::string::npos) return {};
    return std::string(trim_end(std::string_view(out).substr(first)));
}

}  // namespace incident::render
