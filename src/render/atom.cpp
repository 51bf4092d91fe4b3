#include <date/date.h>
#include <fmt/format.h>

#include <ostream>

#include "incident/report.hpp"
#include "incident/text.hpp"
#include "render/body.hpp"
#include "render/html_text.hpp"

namespace incident::render {
namespace {

// XML text: control characters made visible first (XML 1.0 forbids most of them even as
// references), then escaped as HTML text is (character references are XML too).
std::string xml(std::string_view text) {
    return html::escaped(visible(text, true));
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

// The postmortem, its "Regarding incidents:" list after its title heading, if any.
std::string postmortem_html(const Postmortem& pm, const Zone& zone) {
    if (pm.regarding.empty()) return body_html(pm.body);
    const auto split = body::html_split(pm.body, body::title_heading_end(pm.body), 3);
    std::string html = split.head + "<p>" + std::string(regarding_intro) + "</p>\n<ul>\n";
    for (const auto& r : pm.regarding) {
        html += "<li>" + html::escaped(regarding_line(r, pm, zone)) + "</li>\n";
    }
    return html + "</ul>\n" + split.rest;
}

// An entry's content, HTML: the window, (internal) the milestones and roles, the postmortem,
// the follow-up actions, the updates newest first, and what the incident affected.
std::string entry_html(const Incident& incident, const std::vector<Update>& updates,
                       const ReportContext& context) {
    const auto& zone = context.zone;
    // `body_html`: escaped already.
    const auto section = [&](std::string_view label, Instant posted, bool edited,
                             std::string_view body_html, const std::vector<std::string>& changes) {
        auto html = fmt::format("<p><small>Posted {}{}</small><br><strong>{}</strong></p>\n{}",
                                html::escaped(format_posted(posted, zone)),
                                edited ? " (edited)" : "", html::escaped(label), body_html);
        if (!changes.empty()) {
            html += "<ul>\n";
            for (const auto& line : changes) html += "<li>" + html::escaped(line) + "</li>\n";
            html += "</ul>\n";
        }
        return html;
    };
    std::string html;
    if (const auto window = scheduled_window(incident, zone); !window.empty()) {
        html += "<p>" + html::escaped(window) + "</p>\n";
    }
    if (context.internal) {
        for (const auto& line : {milestones_line(incident, zone), roles_line(incident)}) {
            if (!line.empty()) html += "<p>" + html::escaped(line) + "</p>\n";
        }
    }
    if (incident.postmortem) {
        html += section("Postmortem", incident.postmortem->posted_at, false,
                        postmortem_html(*incident.postmortem, zone), {});
    }
    if (!incident.actions.empty()) {
        html += "<p><strong>Follow-up actions</strong></p>\n<ul>\n";
        for (const auto& a : incident.actions) {
            html += "<li>" + html::escaped(action_line(a, zone));
            if (a.link && body::is_safe_url(*a.link)) {
                html += " <a href=\"" + html::escaped(*a.link) + "\">" + html::escaped(*a.link) +
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
                html::escaped(affected_summary(incident.components)) + ".</p>\n";
    }
    return html;
}

// Entries are identified by the journal's name, the incident's id and when it was opened:
// stable across exports, and distinct for two journals that reuse an id.
std::string feed_base(const ReportContext& context) {
    return "urn:x-incident:" +
           (context.page_name.empty() ? std::string("journal") : uri_part(context.page_name));
}

std::string entry_id(const std::string& base, const Incident& incident) {
    return fmt::format(
        "{}:incident:{}:{}", base, incident.id,
        std::chrono::floor<std::chrono::seconds>(incident.created_at).time_since_epoch().count());
}

// A site page's address as a feed gives it: under the site's URL when known, else relative to
// the feed (context.site_root is the path from the feed to the site's root).
std::string site_link(const ReportContext& context, std::string_view path) {
    return (context.site_url.empty() ? context.site_root.value_or("") : context.site_url) +
           std::string(path);
}

std::string feed_title(const ReportContext& context) {
    if (!context.feed_title.empty()) return context.feed_title;
    return context.page_name.empty() ? "Incidents" : context.page_name + " incidents";
}

class AtomWriter final : public ReportWriter {
  public:
    explicit AtomWriter(ReportContext context)
        : context_(std::move(context)), base_(feed_base(context_)) {}

    void begin(std::ostream& out) override {
        const auto title = feed_title(context_);
        out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            << "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
            << "  <id>" << xml(base_) << "</id>\n"
            << "  <title>" << xml(title) << "</title>\n";
        if (context_.site_root) {
            out << "  <link rel=\"alternate\" type=\"text/html\" href=\""
                << xml(site_link(context_, "index.html")) << "\"/>\n";
        }
        out << "  <author><name>"
            << xml(context_.page_name.empty() ? "incident" : context_.page_name)
            << "</name></author>\n"
            << "  <generator>incident</generator>\n";
    }

    void incident(std::ostream& out, const Incident& incident,
                  const std::vector<Update>& updates) override {
        if (!latest_ || incident.updated_at > *latest_) latest_ = incident.updated_at;
        out << "  <entry>\n"
            << "    <id>" << xml(entry_id(base_, incident)) << "</id>\n"
            << "    <title>" << xml(incident.title) << "</title>\n";
        if (context_.site_root) {
            out << "    <link rel=\"alternate\" type=\"text/html\" href=\""
                << xml(site_link(context_, "incidents/" + std::to_string(incident.id) + ".html"))
                << "\"/>\n";
        }
        out << "    <published>" << format_iso_utc(incident.created_at) << "</published>\n"
            << "    <updated>" << format_iso_utc(incident.updated_at) << "</updated>\n"
            << "    <content type=\"html\">" << xml(entry_html(incident, updates, context_))
            << "</content>\n"
            << "  </entry>\n";
    }

    // atom:updated may follow the entries: the feed changed when its newest entry did.
    void end(std::ostream& out) override {
        out << "  <updated>"
            << format_iso_utc(
                   latest_.value_or(context_.last_change.value_or(context_.generated_at)))
            << "</updated>\n"
            << "</feed>\n";
    }

  private:
    ReportContext context_;
    std::string base_;
    std::optional<Instant> latest_;
};

// RFC 822 as RSS 2.0 wants it, in GMT: "Mon, 01 Jul 2019 16:30:00 GMT".
std::string rss_time(Instant instant) {
    return date::format("%a, %d %b %Y %H:%M:%S GMT",
                        std::chrono::floor<std::chrono::seconds>(instant));
}

// RSS 2.0: the same entries as the Atom feed, with the same ids as guids. RSS puts the
// channel's last change before the items, so the caller gives it (context.last_change).
class RssWriter final : public ReportWriter {
  public:
    explicit RssWriter(ReportContext context)
        : context_(std::move(context)), base_(feed_base(context_)) {}

    void begin(std::ostream& out) override {
        const auto title = feed_title(context_);
        out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            << "<rss version=\"2.0\">\n<channel>\n"
            << "  <title>" << xml(title) << "</title>\n"
            << "  <link>" << xml(site_link(context_, "index.html")) << "</link>\n"
            << "  <description>" << xml(title) << ", newest first</description>\n"
            << "  <generator>incident</generator>\n"
            << "  <lastBuildDate>" << rss_time(context_.last_change.value_or(context_.generated_at))
            << "</lastBuildDate>\n";
    }

    void incident(std::ostream& out, const Incident& incident,
                  const std::vector<Update>& updates) override {
        out << "  <item>\n"
            << "    <title>" << xml(incident.title) << "</title>\n"
            << "    <link>"
            << xml(site_link(context_, "incidents/" + std::to_string(incident.id) + ".html"))
            << "</link>\n"
            << "    <guid isPermaLink=\"false\">" << xml(entry_id(base_, incident)) << "</guid>\n"
            << "    <pubDate>" << rss_time(incident.created_at) << "</pubDate>\n"
            << "    <description>" << xml(entry_html(incident, updates, context_))
            << "</description>\n"
            << "  </item>\n";
    }

    void end(std::ostream& out) override { out << "</channel>\n</rss>\n"; }

  private:
    ReportContext context_;
    std::string base_;
};

}  // namespace

std::unique_ptr<ReportWriter> atom_writer(const ReportContext& context) {
    return std::make_unique<AtomWriter>(context);
}

std::unique_ptr<ReportWriter> rss_writer(const ReportContext& context) {
    return std::make_unique<RssWriter>(context);
}

}  // namespace incident::render
