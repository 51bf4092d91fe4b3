#include <fmt/format.h>

#include <ostream>

#include "incident/report.hpp"
#include "incident/text.hpp"
#include "render/body.hpp"

namespace incident::render {
namespace {

// XML text: control characters made visible first (XML 1.0 forbids most of them even as
// references), then the five special characters escaped.
std::string xml(std::string_view text) {
    const auto clean = visible(text, true);
    std::string out;
    out.reserve(clean.size());
    for (char c : clean) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

// RFC 3986 unreserved characters pass; everything else is percent-encoded.
std::string uri_part(std::string_view text) {
    std::string out;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += fmt::format("%{:02X}", u);
        }
    }
    return out;
}

std::string html_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// Entries are identified by the journal's name, the incident's id and when it was opened:
// stable across exports, and distinct for two journals that reuse an id.
class AtomWriter final : public ReportWriter {
public:
    explicit AtomWriter(ReportContext context)
        : context_(std::move(context)),
          base_("urn:x-incident:" +
                (context_.page_name.empty() ? std::string("journal") : uri_part(context_.page_name))) {}

    void begin(std::ostream& out) override {
        const std::string title =
            context_.page_name.empty() ? "Incidents" : context_.page_name + " incidents";
        out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            << "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
            << "  <id>" << xml(base_) << "</id>\n"
            << "  <title>" << xml(title) << "</title>\n"
            << "  <author><name>"
            << xml(context_.page_name.empty() ? "incident" : context_.page_name)
            << "</name></author>\n"
            << "  <generator>incident</generator>\n";
    }

    void incident(std::ostream& out, const Incident& incident,
                  const std::vector<Update>& updates) override {
        if (!latest_ || incident.updated_at > *latest_) latest_ = incident.updated_at;
        std::string html;
        if (const auto window = scheduled_window(incident, context_.zone); !window.empty()) {
            html += "<p>" + html_escape(window) + "</p>\n";
        }
        if (context_.internal) {
            for (const auto& line :
                 {milestones_line(incident, context_.zone), roles_line(incident)}) {
                if (!line.empty()) html += "<p>" + html_escape(line) + "</p>\n";
            }
        }
        if (incident.postmortem) {
            html += section("Postmortem", incident.postmortem->posted_at, false,
                            postmortem_html(*incident.postmortem), {});
        }
        if (!incident.actions.empty()) {
            html += "<p><strong>Follow-up actions</strong></p>\n<ul>\n";
            for (const auto& a : incident.actions) {
                html += "<li>" + html_escape(action_line(a, context_.zone));
                if (a.link && body::is_safe_url(*a.link)) {
                    html += " <a href=\"" + html_escape(*a.link) + "\">" + html_escape(*a.link) +
                            "</a>";
                }
                html += "</li>\n";
            }
            html += "</ul>\n";
        }
        for (const auto& [update, label] : newest_first(updates)) {
            html += section(label, update->posted_at, update->edited_at.has_value(),
                            body_html(update->body), status_changes(*update));
        }
        if (!incident.components.empty()) {
            html += "<p>" + std::string(affected_intro(incident)) + ": " +
                    html_escape(affected_summary(incident.components)) + ".</p>\n";
        }
        out << "  <entry>\n"
            << "    <id>" << xml(fmt::format("{}:incident:{}:{}", base_, incident.id,
                                            std::chrono::floor<std::chrono::seconds>(
                                                incident.created_at)
                                                .time_since_epoch()
                                                .count()))
            << "</id>\n"
            << "    <title>" << xml(incident.title) << "</title>\n"
            << "    <published>" << format_iso_utc(incident.created_at) << "</published>\n"
            << "    <updated>" << format_iso_utc(incident.updated_at) << "</updated>\n"
            << "    <content type=\"html\">" << xml(html) << "</content>\n"
            << "  </entry>\n";
    }

    // atom:updated may follow the entries: the feed changed when its newest entry did.
    void end(std::ostream& out) override {
        out << "  <updated>" << format_iso_utc(
                   latest_.value_or(context_.last_change.value_or(context_.generated_at)))
            << "</updated>\n"
            << "</feed>\n";
    }

private:
  // The postmortem, its "Regarding incidents:" list after its title heading, if any.
  std::string postmortem_html(const Postmortem& pm) const {
      if (pm.regarding.empty()) return body_html(pm.body);
      const auto split = body::html_split(pm.body, body::title_heading_end(pm.body), 3);
      std::string html = split.head + "<p>" + std::string(regarding_intro) + "</p>\n<ul>\n";
      for (const auto& r : pm.regarding) {
          html += "<li>" + html_escape(regarding_line(r, pm, context_.zone)) + "</li>\n";
      }
      return html + "</ul>\n" + split.rest;
  }

  // `body_html`: escaped already.
  std::string section(std::string_view label, Instant posted, bool edited,
                      std::string_view body_html, const std::vector<std::string>& changes) const {
      auto html = fmt::format("<p><small>Posted {}{}</small><br><strong>{}</strong></p>\n{}",
                              html_escape(format_posted(posted, context_.zone)),
                              edited ? " (edited)" : "", html_escape(label), body_html);
      if (!changes.empty()) {
          html += "<ul>\n";
          for (const auto& line : changes) html += "<li>" + html_escape(line) + "</li>\n";
          html += "</ul>\n";
      }
      return html;
  }

    ReportContext context_;
    std::string base_;
    std::optional<Instant> latest_;
};

}  // namespace

std::unique_ptr<ReportWriter> atom_writer(const ReportContext& context) {
    return std::make_unique<AtomWriter>(context);
}

}  // namespace incident::render
