#include "markdown.hpp"

#include <algorithm>
#include <optional>
#include <ostream>
#include <vector>

#include "incident/report.hpp"
#include "incident/text.hpp"
#include "incident/utf8.hpp"
#include "render/body.hpp"

namespace incident::render {
namespace markdown {
namespace {

// Escapes one line of text so that nothing in it is Markdown.
std::string escape_inline(std::string_view line, std::string_view also) {
    std::string out;
    out.reserve(line.size() + line.size() / 8);
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '\\' || c == '`' || c == '<' || c == '[' || c == ']' ||
            (c == '&' && starts_entity(line, i)) || also.find(c) != std::string_view::npos) {
            out += '\\';
        }
        out += c;
    }
    return out;
}

}  // namespace

std::string inline_text(std::string_view text) {
    return escape_inline(visible(text), "*_#");
}

std::string body(std::string_view text, int min_heading) {
    return render::body::markdown(render::body::parse(text), min_heading);
}

}  // namespace markdown

namespace {

// The postmortem, its "Regarding incidents:" list after its title heading, if any.
std::string postmortem_markdown(const Postmortem& pm, const Zone& zone, int min_heading) {
    if (pm.regarding.empty()) return markdown::body(pm.body, min_heading);
    const auto split = body::markdown_split(pm.body, body::title_heading_end(pm.body), min_heading);
    std::string out = split.head;
    if (!out.empty()) out += '\n';
    out += regarding_intro;
    out += "\n\n";
    for (const auto& r : pm.regarding) {
        out += "- " + body::guard_line_start(markdown::inline_text(regarding_line(r, pm, zone))) +
               '\n';
    }
    if (!split.rest.empty()) out += '\n' + split.rest;
    return out;
}

class MarkdownWriter final : public ReportWriter {
  public:
    explicit MarkdownWriter(ReportContext context) : context_(std::move(context)) {}

    void begin(std::ostream& out) override {
        if (context_.single) return;
        out << "# Incident history";
        if (!context_.page_name.empty())
            out << " for " << markdown::inline_text(context_.page_name);
        out << "\n";
    }

    void incident(std::ostream& out, const Incident& incident,
                  const std::vector<Update>& updates) override {
        ++count_;
        // A single report: title h1, labels h2. A history: titles h2, labels h3.
        const std::string_view title_mark = context_.single ? "#" : "\n##";
        const std::string_view label_mark = context_.single ? "##" : "###";
        const int body_heading = context_.single ? 3 : 4;
        // One write per incident: the stream's per-call overhead showed in profiles of big exports.
        std::string text;
        text.append(title_mark).append(" ").append(markdown::inline_text(incident.title)) += '\n';
        if (context_.single) {
            text.append("\n").append(report_subtitle(incident));
            if (!context_.page_name.empty()) {
                text.append(" for ").append(markdown::inline_text(context_.page_name));
            }
            text += '\n';
        }
        if (const auto window = scheduled_window(incident, context_.zone); !window.empty()) {
            text.append("\n").append(markdown::inline_text(window)) += '\n';
        }
        if (context_.internal) {
            for (const auto& line :
                 {milestones_line(incident, context_.zone), roles_line(incident)}) {
                if (!line.empty()) text.append("\n").append(markdown::inline_text(line)) += '\n';
            }
        }
        if (incident.postmortem) {
            text.append("\n").append(label_mark).append(" Postmortem\n\n");
            text.append(postmortem_markdown(*incident.postmortem, context_.zone, body_heading));
            text.append("\nPosted ")
                .append(format_posted(incident.postmortem->posted_at, context_.zone));
            text += '\n';
        }
        if (!incident.actions.empty()) {
            text.append("\n").append(label_mark).append(" Follow-up actions\n\n");
            for (const auto& a : incident.actions) {
                text.append("- ").append(
                    body::guard_line_start(markdown::inline_text(action_line(a, context_.zone))));
                if (a.link && body::is_safe_url(*a.link)) text.append(" <").append(*a.link) += '>';
                text += '\n';
            }
        }
        for (const auto& [update, label] : newest_first(updates)) {
            text.append("\n").append(label_mark).append(" ").append(label).append("\n\n");
            text.append(markdown::body(update->body, body_heading));
            if (const auto changes = status_changes(*update); !changes.empty()) {
                text += '\n';
                for (const auto& line : changes) {
                    text.append("- ").append(markdown::inline_text(line)) += '\n';
                }
            }
            text.append("\nPosted ").append(format_posted(update->posted_at, context_.zone));
            if (update->edited_at) text.append(" (edited)");
            text += '\n';
        }
        if (!incident.components.empty()) {
            text.append("\n").append(affected_intro(incident)).append(": ");
            text.append(markdown::inline_text(affected_summary(incident.components))).append(".\n");
        }
        out << text;
    }

    void end(std::ostream& out) override {
        if (!context_.single && count_ == 0) out << "\nNo incidents.\n";
    }

  private:
    ReportContext context_;
    std::size_t count_ = 0;
};

}  // namespace

std::unique_ptr<ReportWriter> markdown_writer(const ReportContext& context) {
    return std::make_unique<MarkdownWriter>(context);
}

}  // namespace incident::render
