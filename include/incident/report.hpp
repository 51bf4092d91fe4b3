#pragma once
// Reports: what `export` writes. A writer streams: begin(), one incident() per incident in
// the order given, end(); so exporting 100k incidents never holds the journal in memory.
// Writers are pure: everything they show comes from their arguments and the ReportContext.
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "incident/model.hpp"
#include "incident/time.hpp"

namespace incident::render {

enum class ReportFormat { markdown, html, json, atom };
// "md" (also "markdown"), "html", "json", "atom".
std::optional<ReportFormat> parse_report_format(std::string_view text) noexcept;

struct ReportContext {
    Zone zone = Zone::utc();  // every local time is shown in this zone
    std::string page_name;    // config `name`: "Incident Report for <name>"; may be empty
    std::string page_id;      // config page_id, page_url: an imported Statuspage page's,
    std::string page_url;     // in the JSON page object when set
    Instant generated_at;     // the clock at export time (footers, ongoing phases)
    // The journal's last change (ReadStore::last_change): page.updated_at and the feed's
    // <updated>, so exporting an unchanged journal twice gives the same bytes.
    std::optional<Instant> last_change;
    bool single = false;  // one incident asked for by id: its own page, not a history
    // A page of the status site (`site`): the relative path from the page to the site's root
    // ("", "../"). Its HTML links the site's shared style sheet instead of inlining it, links
    // back to the site, and its footer names last_change instead of the generation time.
    std::optional<std::string> site_root;
    // The site's absolute URL ending in '/' when known (`site --base-url`): feeds link to it;
    // without it their links are relative to the feed.
    std::string site_url;
    // A feed's title, when not "<page_name> incidents" (the site's per-component feeds).
    std::string feed_title;
    // `export --internal`: the updates given include internal notes (otherwise a caller
    // passes public_updates()), and roles and milestones are shown.
    bool internal = false;
    // Where an HTML report links an incident of a postmortem's "Regarding incidents:" list;
    // empty (or no function): not linked. `export` links those in the same document.
    std::function<std::string(const RegardedIncident&)> incident_href;
};

class ReportWriter {
  public:
    virtual ~ReportWriter() = default;
    virtual void begin(std::ostream& out) = 0;
    // `updates` in chronological (posted_at, id) order, as ReadStore::updates returns them.
    virtual void incident(std::ostream& out, const Incident& incident,
                          const std::vector<Update>& updates) = 0;
    virtual void end(std::ostream& out) = 0;
};

std::unique_ptr<ReportWriter> make_report_writer(ReportFormat format, const ReportContext& context);

std::unique_ptr<ReportWriter> markdown_writer(const ReportContext& context);
std::unique_ptr<ReportWriter> html_writer(const ReportContext& context);
std::unique_ptr<ReportWriter> json_writer(const ReportContext& context);
std::unique_ptr<ReportWriter> atom_writer(const ReportContext& context);
// RSS 2.0 with the Atom feed's entries (the status site's history.rss).
std::unique_ptr<ReportWriter> rss_writer(const ReportContext& context);

// The header words the report formats share, by kind (Statuspage's wording):
// "Incident Report" or "Scheduled Maintenance Report"; "This incident affected" or "This
// scheduled maintenance affected"; "Scheduled for Jul 05, 2019 - 02:00 – 04:00 CEST" for a
// maintenance with a window, else empty. Not escaped: each format escapes them.
std::string_view report_subtitle(const Incident& incident) noexcept;
std::string_view affected_intro(const Incident& incident) noexcept;
std::string scheduled_window(const Incident& incident, const Zone& zone);
// What an update changed, one line per component whose status it changed, in its order:
// "Network/Core: major outage → operational". Not escaped.
std::vector<std::string> status_changes(const Update& update);

// A postmortem regarding several incidents (Postmortem::regarding) begins with
// "Regarding incidents:" and one line per incident: its title and the day it started,
// "DDOS attack on our operations provider June 24th" (the year too when it is not the
// postmortem's). A text that opens with a heading keeps that heading above the list
// (body::title_heading_end). Not escaped.
inline constexpr std::string_view regarding_intro = "Regarding incidents:";
std::string regarding_line(const RegardedIncident& incident, const Postmortem& postmortem,
                           const Zone& zone);
// A follow-up action as a report lists it: "Make DDoS filtering permanent (owner: Network
// team; due Jul 10, 2019; done Jul 08, 2019)"; "open" instead of the done day. Not escaped.
std::string action_line(const Action& action, const Zone& zone);
// What an internal report adds: "Milestones: detected Jul 01, 2019 - 18:25 CEST; ..." and
// "Roles: commander Anna; scribe Bo"; empty without any. Not escaped.
std::string milestones_line(const Incident& incident, const Zone& zone);
std::string roles_line(const Incident& incident);

// An update or postmortem body (Markdown written by a user) as a safe HTML fragment:
// every character of user text escaped; only links to http(s) and mailto survive.
std::string body_html(std::string_view markdown);

}  // namespace incident::render
