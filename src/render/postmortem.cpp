#include "postmortem.hpp"

#include <fmt/format.h>

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

std::string postmortem_editor_text(const Incident& incident, const std::vector<Update>& updates,
                                   const Zone& zone) {
    std::string out = fmt::format(
        ";; Postmortem of incident {}: {}\n"
        ";; Write it in Markdown. Lines starting with \";;\" are removed.\n"
        ";; Leave the text unchanged, or delete it all, to abort: nothing is written.\n",
        incident.id, visible(incident.title));
    if (incident.postmortem) {
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
    for (const auto& u : updates) {
        out += fmt::format("- {}: {}: {}\n", format_posted(u.posted_at, zone),
                           status_title(u.status), summary(u.body));
    }
    out +=
        "\n"
        "## Action items\n"
        "\n"
        "- \n";
    return out;
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

}  // namespace incident::render
