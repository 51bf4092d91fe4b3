// The HTML report: one self-contained page (inline CSS, no scripts, no external assets, a
// Content-Security-Policy that forbids anything else), shaped like Statuspage's public
// incident page. A single incident gets its own page with an SVG timeline of its phases;
// several incidents make a history page grouped by local day, streamed one incident at a time.
#include <date/date.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "incident/report.hpp"
#include "render/body.hpp"
#include "render/html_page.hpp"
#include "render/html_text.hpp"
#include "render/timeline.hpp"

namespace incident::render {
namespace {

using html::append_escaped;
using html::escaped;

constexpr std::string_view style_sheet = R"css(
:root{color-scheme:light dark;--bg:#f5f7fa;--card:#fff;--fg:#1f2933;--muted:#66727f;--line:#e1e6ec;
--link:#0a5fc2;--code:#eef1f4;--none:#1f2933;--minor:#a87d00;--major:#d35400;--critical:#c0392b;
--investigating:#d64538;--identified:#e67e22;--monitoring:#2f86d1;--resolved:#24a05a;--track:#e1e6ec;
--scheduled:#7b8794;--in-progress:#1f6fd1;--verifying:#7e57c2}
@media (prefers-color-scheme:dark){:root{--bg:#101419;--card:#181d24;--fg:#e4e8ed;--muted:#98a4b1;
--line:#2a323c;--link:#7ab8ff;--code:#232a33;--none:#e4e8ed;--minor:#f1c40f;--major:#f39c4a;
--critical:#ff6f61;--investigating:#ff6f61;--identified:#f39c4a;--monitoring:#5aa9ef;
--resolved:#3ccf7c;--track:#2a323c;--scheduled:#98a4b1;--in-progress:#5aa9ef;--verifying:#b39ddb}}
*{box-sizing:border-box}
html{background:var(--bg)}
body{margin:0;color:var(--fg);background:var(--bg);
font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
.page{max-width:880px;margin:40px auto;padding:40px 48px;background:var(--card);
border:1px solid var(--line);border-radius:10px}
a{color:var(--link)}
h1,h2,h3,h4{line-height:1.25}
.incident-title{margin:0;font-size:2rem;font-weight:700;color:var(--impact);overflow-wrap:anywhere}
.incident-title a{color:inherit;text-decoration:none}
.impact-none{--impact:var(--none)}.impact-minor{--impact:var(--minor)}
.impact-major{--impact:var(--major)}.impact-critical{--impact:var(--critical)}
.subtitle{margin:.35rem 0 0;color:var(--muted);font-size:1.05rem}
.timeline{margin:2rem 0 .5rem;padding:1rem 1.25rem .75rem;border:1px solid var(--line);border-radius:8px}
.timeline svg{display:block;width:100%;height:14px;border-radius:4px}
.timeline figcaption{margin-top:.25rem;color:var(--muted);font-size:.9rem}
.timeline figcaption strong{color:var(--fg)}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;margin:.6rem 0 0;padding:0;list-style:none;font-size:.9rem}
.legend .swatch{display:inline-block;width:.75rem;height:.75rem;margin-right:.35rem;border-radius:2px;vertical-align:-.05rem;background:var(--c)}
.legend .when{color:var(--muted);white-space:nowrap}
.legend .phase-investigating{--c:var(--investigating)}.legend .phase-identified{--c:var(--identified)}
.legend .phase-monitoring{--c:var(--monitoring)}.legend .phase-resolved{--c:var(--resolved)}
.legend .phase-scheduled{--c:var(--scheduled)}.legend .phase-in_progress{--c:var(--in-progress)}
.legend .phase-verifying{--c:var(--verifying)}.legend .phase-completed{--c:var(--resolved)}
svg .track{fill:var(--track)}
.phase-investigating{fill:var(--investigating)}.phase-identified{fill:var(--identified)}
.phase-monitoring{fill:var(--monitoring)}.phase-resolved{fill:var(--resolved)}
.phase-scheduled{fill:var(--scheduled)}.phase-in_progress{fill:var(--in-progress)}
.phase-verifying{fill:var(--verifying)}.phase-completed{fill:var(--resolved)}
.open-end{fill:none;stroke:var(--muted);stroke-dasharray:3 3}
.updates{margin-top:1.5rem}
.update{display:grid;grid-template-columns:9.5rem minmax(0,1fr);gap:0 1.5rem;padding:1.4rem 0;
border-top:1px solid var(--line);break-inside:avoid}
.update-label{margin:0;font-size:1rem;font-weight:700}
.update-body{overflow-wrap:anywhere}
.update-body>:first-child{margin-top:0}.update-body>:last-child{margin-bottom:0}
.update-body p,.update-body ul,.update-body ol,.update-body pre{margin:0 0 .75rem}
.update-body h3,.update-body h4,.update-body h5,.update-body h6{margin:1.1rem 0 .4rem;font-size:1.05rem}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;
font-size:.88em;background:var(--code);border-radius:4px;padding:.1em .3em}
pre{background:var(--code);border-radius:6px;padding:.75rem 1rem;overflow-x:auto}
pre code{padding:0;background:none;white-space:pre-wrap}
.posted{margin:.6rem 0 0;color:var(--muted);font-size:.85rem}
.changes{margin:.4rem 0 0;padding-left:1.2rem;font-size:.9rem}
.edited{font-style:italic}
.internal{border-left:3px solid var(--muted);padding-left:1rem}
.internal-lines p{margin:.35rem 0 0;color:var(--muted);font-size:.9rem}
.regarding{margin:0 0 .75rem}
.action-list{margin:0;padding-left:1.2rem}.action-done{color:var(--muted)}
.affected{margin:0;padding-top:1.4rem;border-top:1px solid var(--line);color:var(--muted)}
.history-title{margin:0;font-size:2rem}
.day{margin-top:2.5rem}
.day-title{margin:0 0 .5rem;padding-bottom:.4rem;font-size:1.15rem;border-bottom:2px solid var(--line)}
.day .incident{padding:1.25rem 0 .5rem}
.day .incident+.incident{border-top:1px dashed var(--line)}
.day .incident-title{font-size:1.35rem}
.phases{margin:.3rem 0 0;color:var(--muted);font-size:.9rem}
.day .update{padding:1rem 0;grid-template-columns:8rem minmax(0,1fr)}
.day .affected{padding-top:1rem}
.empty{margin:2.5rem 0 1rem;color:var(--muted);font-size:1.1rem}
.generated{max-width:880px;margin:-24px auto 40px;padding:0 8px;color:var(--muted);font-size:.8rem;text-align:right}
@media (max-width:640px){.page{margin:0;padding:24px 18px;border:0;border-radius:0}
.update,.day .update{grid-template-columns:1fr}.update-label{margin-bottom:.3rem}.generated{margin:8px auto 24px}}
@media print{:root{--bg:#fff;--card:#fff;--fg:#000;--muted:#444;--line:#bbb;--link:#000;--code:#f2f2f2;
--none:#000;--minor:#7a5b00;--major:#a84300;--critical:#9b1c10;--track:#ddd}
html,body{background:#fff}.page{margin:0;padding:0;border:0;max-width:none}
.update-body a[href]::after{content:" <" attr(href) ">";font-size:.85em;overflow-wrap:anywhere}
.day-title,.incident-title{break-after:avoid}.timeline,.update{break-inside:avoid}
.generated{margin:1rem 0 0;text-align:left}}
)css";

struct Phase {
    Status status;
    Instant start;
    Instant end;
    bool ongoing = false;
};

// The incident's phases: runs of one status in posted order, each lasting until the next.
// A final resolved (or completed) run is the end point, not a phase; an open incident's last
// phase runs to `now`.
struct Phases {
    std::vector<Phase> phases;
    std::optional<Instant> resolved;
    Status closing = Status::resolved;  // completed for a maintenance
};

Phases phases_of(const std::vector<Update>& chronological, Instant now, Kind kind) {
    Phases out;
    out.closing = closing_status(kind);
    for (const auto& u : chronological) {
        if (u.internal) continue;  // an internal note sets no status
        if (!out.phases.empty() && out.phases.back().status == u.status) continue;
        if (!out.phases.empty())
            out.phases.back().end = std::max(u.posted_at, out.phases.back().start);
        out.phases.push_back({u.status, u.posted_at, u.posted_at});
    }
    if (out.phases.empty()) return out;
    if (is_closed(out.phases.back().status)) {
        out.resolved = out.phases.back().start;
        out.closing = out.phases.back().status;
        out.phases.pop_back();
    } else {
        out.phases.back().end = std::max(now, out.phases.back().start);
        out.phases.back().ongoing = true;
    }
    return out;
}

std::chrono::milliseconds length(const Phase& p) {
    return p.end - p.start;
}

std::string impact_text(Impact impact) {
    switch (impact) {
        case Impact::none:
            return "No impact";
        case Impact::minor:
            return "Minor impact";
        case Impact::major:
            return "Major impact";
        case Impact::critical:
            return "Critical impact";
    }
    return "";
}

// "Jul 01 18:30" for the timeline's small labels.
std::string short_local(Instant instant, const Zone& zone) {
    const auto local = zone.to_local(instant);
    return date::format("%b %d %H:%M", date::local_seconds{local.time.time_since_epoch()});
}

// "Jul 01, 2019" from the Posted line, so days read the same everywhere.
std::string day_of(Instant instant, const Zone& zone) {
    auto posted = format_posted(instant, zone);
    const auto dash = posted.find(" - ");
    if (dash != std::string::npos) posted.resize(dash);
    return posted;
}

// "Investigating 25m → Identified 2h 30m → Monitoring 13h 42m → Resolved"
std::string phase_summary(const Phases& p) {
    std::string out;
    for (const auto& phase : p.phases) {
        if (!out.empty()) out += " → ";
        out += status_title(phase.status);
        out += ' ';
        out += format_duration(length(phase));
        if (phase.ongoing) out += " so far";
    }
    if (p.resolved) {
        if (!out.empty()) out += " → ";
        out += status_title(p.closing);
    }
    return out;
}

std::string total_text(const Phases& p) {
    if (p.phases.empty()) return "";
    const auto end = p.resolved ? *p.resolved : p.phases.back().end;
    const auto total = format_duration(end - p.phases.front().start);
    return p.resolved ? "Total duration " + total : "Ongoing for " + total;
}

// Phase durations in whole seconds, the unit the bar's geometry is computed in.
std::vector<std::chrono::seconds> phase_seconds(const Phases& p) {
    std::vector<std::chrono::seconds> out;
    for (const auto& phase : p.phases) {
        out.push_back(std::chrono::duration_cast<std::chrono::seconds>(length(phase)));
    }
    return out;
}

// The bar, drawn to scale: each phase's segment is as wide as its share of the incident, but
// never narrower than a visible sliver. Labels live in the HTML legend below, which wraps at
// any width, so the SVG stretches to the page and holds no text.
std::string timeline_svg(const Incident& incident, const Phases& p, const Zone& zone) {
    constexpr long long area = 640, height = 14, min_width = 8;
    const auto widths = segment_widths(phase_seconds(p), area, min_width);

    const auto id = std::to_string(incident.id);
    std::string desc;
    for (const auto& phase : p.phases) {
        desc += status_title(phase.status);
        desc += phase.ongoing ? " for " + format_duration(length(phase)) + " so far"
                              : " for " + format_duration(length(phase));
        desc += ", ";
    }
    desc += p.resolved ? "then " + std::string(status_title(p.closing)) + ". "
                       : "not yet " + std::string(to_string(p.closing)) + ". ";
    desc += total_text(p) + ".";

    std::string svg;
    svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(area) + ' ' +
           std::to_string(height) + "\" preserveAspectRatio=\"none\" width=\"" +
           std::to_string(area) + "\" height=\"" + std::to_string(height) +
           "\" role=\"img\" aria-labelledby=\"timeline-" + id + "-title timeline-" + id +
           "-desc\">\n";
    svg += "<title id=\"timeline-" + id + "-title\">Timeline of the incident</title>\n";
    svg += "<desc id=\"timeline-" + id + "-desc\">";
    append_escaped(svg, desc);
    svg += "</desc>\n";
    svg += "<rect class=\"track\" x=\"0\" y=\"0\" width=\"" + std::to_string(area) +
           "\" height=\"" + std::to_string(height) + "\"/>\n";
    long long x = 0;
    for (std::size_t k = 0; k < p.phases.size(); ++k) {
        const auto& phase = p.phases[k];
        const long long w = widths[k];
        std::string tip = std::string(status_title(phase.status)) + ": " +
                          format_posted(phase.start, zone) + " to " +
                          (phase.ongoing ? std::string("now") : format_posted(phase.end, zone)) +
                          " (" + format_duration(length(phase)) + ")";
        svg += "<g class=\"phase-" + std::string(to_string(phase.status)) + "\"><title>";
        append_escaped(svg, tip);
        svg += "</title><rect x=\"" + std::to_string(x) + "\" y=\"0\" width=\"" +
               std::to_string(k + 1 == p.phases.size() ? w : std::max(w - 2, 2LL)) +
               "\" height=\"" + std::to_string(height) + "\"/>";
        if (phase.ongoing) {
            svg += "<rect class=\"open-end\" x=\"" + std::to_string(std::max(x + w - 12, x)) +
                   "\" y=\"1\" width=\"" + std::to_string(std::min(11LL, w)) + "\" height=\"" +
                   std::to_string(height - 2) + "\"/>";
        }
        svg += "</g>\n";
        x += w;
    }
    svg += "</svg>\n";
    return svg;
}

// The bar's legend: each phase with its colour, duration and start, then the resolution.
std::string timeline_legend(const Phases& p, const Zone& zone) {
    std::string h = "<ol class=\"legend\">";
    const auto item = [&](Status status, const std::string& duration, Instant at) {
        h += "<li class=\"phase-" + std::string(to_string(status)) +
             "\"><span class=\"swatch\"></span><strong>";
        h += status_title(status);
        h += "</strong> ";
        if (!duration.empty()) append_escaped(h, duration + " ");
        h += "<span class=\"when\">";
        append_escaped(h, short_local(at, zone));
        h += "</span></li>";
    };
    for (const auto& phase : p.phases) {
        item(phase.status, format_duration(length(phase)) + (phase.ongoing ? " so far" : ""),
             phase.start);
    }
    if (p.resolved) item(p.closing, "", *p.resolved);
    h += "</ol>\n";
    return h;
}

// A maintenance's window, with machine-readable ends.
void window(std::string& h, const Incident& incident, const Zone& zone) {
    const auto text = scheduled_window(incident, zone);
    if (text.empty()) return;
    h += "<p class=\"window\" data-from=\"" + format_iso_utc(*incident.scheduled_for) +
         "\" data-until=\"" + format_iso_utc(*incident.scheduled_until) + "\">";
    append_escaped(h, text);
    h += "</p>\n";
}

// `body`: the entry's HTML, escaped already. No `posted`: no Posted line.
void entry(std::ostream& out, const Zone& zone, std::string_view heading, std::string_view label,
           const std::string& id, std::string_view body, const std::vector<std::string>& changes,
           const std::optional<Instant>& posted, const std::optional<Instant>& edited,
           bool internal = false) {
    std::string h = "<section class=\"update" + std::string(internal ? " internal" : "") +
                    "\" id=\"" + id + "\">\n<" + std::string(heading) + " class=\"update-label\">";
    append_escaped(h, label);
    h += "</" + std::string(heading) +
         ">\n<div class=\"update-content\">\n<div class=\"update-body\" dir=\"auto\">\n";
    h += body;
    h += "</div>\n";
    if (!changes.empty()) {
        h += "<ul class=\"changes\">\n";
        for (const auto& line : changes) {
            h += "<li><bdi>";
            append_escaped(h, line);
            h += "</bdi></li>\n";
        }
        h += "</ul>\n";
    }
    if (posted) {
        h += "<p class=\"posted\">Posted <time datetime=\"" + format_iso_utc(*posted) + "\">";
        append_escaped(h, format_posted(*posted, zone));
        h += "</time>";
        if (edited) {
            h += " <span class=\"edited\" title=\"Edited ";
            append_escaped(h, format_posted(*edited, zone));
            h += "\">(edited)</span>";
        }
        h += "</p>\n";
    }
    h += "</div>\n</section>\n";
    out << h;
}

// The postmortem, its "Regarding incidents:" list after its title heading, if any.
std::string postmortem_html(const Postmortem& pm, const ReportContext& context) {
    if (pm.regarding.empty()) return body_html(pm.body);
    const auto split = body::html_split(pm.body, body::title_heading_end(pm.body), 3);
    std::string h = split.head + "<p>";
    h += regarding_intro;
    h += "</p>\n<ul class=\"regarding\">\n";
    for (const auto& r : pm.regarding) {
        const auto href = context.incident_href ? context.incident_href(r) : std::string();
        h += "<li>";
        if (!href.empty()) {
            h += "<a href=\"";
            append_escaped(h, href);
            h += "\">";
        }
        h += "<bdi>";
        append_escaped(h, regarding_line(r, pm, context.zone));
        h += "</bdi>";
        if (!href.empty()) h += "</a>";
        h += "</li>\n";
    }
    return h + "</ul>\n" + split.rest;
}

std::string actions_html(const std::vector<Action>& actions, const Zone& zone) {
    std::string h = "<ul class=\"action-list\">\n";
    for (const auto& a : actions) {
        h += a.done_at ? "<li class=\"action-done\"><bdi>" : "<li class=\"action-open\"><bdi>";
        append_escaped(h, action_line(a, zone));
        h += "</bdi>";
        if (a.link && body::is_safe_url(*a.link)) {
            h += " <a href=\"";
            append_escaped(h, *a.link);
            h += "\" rel=\"noreferrer\">";
            append_escaped(h, *a.link);
            h += "</a>";
        }
        h += "</li>\n";
    }
    return h + "</ul>\n";
}

// An internal report's milestones and roles.
std::string internal_lines(const Incident& incident, const Zone& zone) {
    std::string h;
    for (const auto& line : {milestones_line(incident, zone), roles_line(incident)}) {
        if (line.empty()) continue;
        h += "<p><bdi>";
        append_escaped(h, line);
        h += "</bdi></p>\n";
    }
    return h.empty() ? h : "<div class=\"internal-lines\">\n" + h + "</div>\n";
}

// The postmortem, the follow-up actions, the updates newest first, and what the incident
// affected.
void entries(std::ostream& out, const Incident& incident, const std::vector<Update>& updates,
             const ReportContext& context, std::string_view heading) {
    const auto& zone = context.zone;
    if (context.internal) out << internal_lines(incident, zone);
    out << "<div class=\"updates\">\n";
    const auto id = std::to_string(incident.id);
    if (incident.postmortem) {
        entry(out, zone, heading, "Postmortem", "incident-" + id + "-postmortem",
              postmortem_html(*incident.postmortem, context), {}, incident.postmortem->posted_at,
              std::nullopt);
    }
    if (!incident.actions.empty()) {
        entry(out, zone, heading, "Follow-up actions", "incident-" + id + "-actions",
              actions_html(incident.actions, zone), {}, std::nullopt, std::nullopt);
    }
    for (const auto& item : newest_first(updates)) {
        const Update& u = *item.update;
        entry(out, zone, heading, item.label, "update-" + std::to_string(u.id), body_html(u.body),
              status_changes(u), u.posted_at, u.edited_at, u.internal);
    }
    out << "</div>\n";
    if (!incident.components.empty()) {
        std::string h =
            "<p class=\"affected\">" + std::string(affected_intro(incident)) + ": <bdi>";
        append_escaped(h, affected_summary(incident.components));
        h += "</bdi>.</p>\n";
        out << h;
    }
}

std::string incident_classes(const Incident& incident) {
    return "incident impact-" + std::string(to_string(incident.impact)) + " status-" +
           std::string(to_string(incident.status));
}

class HtmlWriter final : public ReportWriter {
  public:
    explicit HtmlWriter(ReportContext context) : context_(std::move(context)) {}

    // The head needs the single incident's title, so it is written with the first incident.
    void begin(std::ostream&) override {}

    void incident(std::ostream& out, const Incident& incident,
                  const std::vector<Update>& updates) override {
        if (context_.single && count_ > 0) {
            // A page is about one incident; more than one makes the rest a plain appendix.
            context_.single = false;
        }
        if (count_ == 0) head(out, context_.single ? incident.title : "");
        ++count_;
        if (context_.single) {
            single_page(out, incident, updates);
        } else {
            history_entry(out, incident, updates);
        }
    }

    void end(std::ostream& out) override {
        if (count_ == 0) {
            head(out, "");
            out << "<p class=\"empty\">No incidents reported.</p>\n";
        }
        if (!day_.empty()) out << "</section>\n";
        out << page_foot(context_);
    }

  private:
    void head(std::ostream& out, std::string_view incident_title) {
        const bool single = context_.single;
        std::string title = single ? std::string(incident_title) : "Incident History";
        if (!context_.page_name.empty()) title += " · " + context_.page_name;
        std::string h = page_head(context_, title, single ? "page" : "page history");
        if (!single) {
            h += "<header>\n<h1 class=\"history-title\">Incident History</h1>\n";
            if (!context_.page_name.empty()) {
                h += "<p class=\"subtitle\"><bdi>";
                append_escaped(h, context_.page_name);
                h += "</bdi></p>\n";
            }
            h += "</header>\n";
        }
        out << h;
    }

    void single_page(std::ostream& out, const Incident& incident,
                     const std::vector<Update>& updates) {
        const auto phases = phases_of(updates, context_.generated_at, incident.kind);
        std::string h = "<article class=\"" + incident_classes(incident) + "\" id=\"incident-" +
                        std::to_string(incident.id) +
                        "\">\n<header>\n<h1 class=\"incident-title\"><bdi>";
        append_escaped(h, incident.title);
        h += "</bdi></h1>\n<p class=\"subtitle\">";
        h += report_subtitle(incident);
        if (!context_.page_name.empty()) {
            h += " for <bdi>";
            append_escaped(h, context_.page_name);
            h += "</bdi>";
        }
        h += "</p>\n";
        window(h, incident, context_.zone);
        h += "</header>\n";
        if (!phases.phases.empty()) {
            h += "<figure class=\"timeline\">\n";
            h += timeline_svg(incident, phases, context_.zone);
            h += timeline_legend(phases, context_.zone);
            h += "<figcaption>";
            h += incident.kind == Kind::maintenance ? "Scheduled maintenance"
                                                    : impact_text(incident.impact);
            h += " · <strong>";
            append_escaped(h, total_text(phases));
            h += "</strong></figcaption>\n</figure>\n";
        }
        out << h;
        entries(out, incident, updates, context_, "h2");
        out << "</article>\n";
    }

    void history_entry(std::ostream& out, const Incident& incident,
                       const std::vector<Update>& updates) {
        std::string h;
        auto day = day_of(incident.created_at, context_.zone);
        if (day != day_) {
            if (!day_.empty()) h += "</section>\n";
            h += "<section class=\"day\">\n<h2 class=\"day-title\"><time datetime=\"" +
                 format_date(incident.created_at, context_.zone) + "\">";
            append_escaped(h, day);
            h += "</time></h2>\n";
            day_ = std::move(day);
        }
        out << h;
        incident_entry(out, incident, updates, context_, "h3",
                       "#incident-" + std::to_string(incident.id));
    }

    ReportContext context_;
    std::size_t count_ = 0;
    std::string day_;  // the history's open day section, empty before the first
};

}  // namespace

std::string_view report_style_sheet() noexcept {
    return style_sheet;
}

std::string page_head(const ReportContext& context, std::string_view title,
                      std::string_view main_class) {
    const bool site = context.site_root.has_value();
    std::string h =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ";
    h += site ? "style-src 'self'" : "style-src 'unsafe-inline'";
    h += "; img-src data:; base-uri 'none'; form-action 'none'\">\n"
         "<meta name=\"referrer\" content=\"no-referrer\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"color-scheme\" content=\"light dark\">\n"
         "<meta name=\"generator\" content=\"incident\">\n<title>";
    append_escaped(h, title);
    h += "</title>\n";
    if (site) {
        // The site's pages share one style sheet (and ask for no icon), so they stay small.
        h += "<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"" +
             *context.site_root +
             "site.css\">\n</head>\n<body>\n<nav class=\"site-nav\"><a href=\"" +
             *context.site_root + "index.html\">";
        append_escaped(h, context.page_name.empty() ? std::string("Status") : context.page_name);
        h += "</a><a href=\"" + *context.site_root + "history.html\">History</a></nav>\n";
    } else {
        h += "<style>";
        h += style_sheet;
        h += "</style>\n</head>\n<body>\n";
    }
    h += "<main class=\"";
    append_escaped(h, main_class);
    h += "\">\n";
    return h;
}

std::string page_foot(const ReportContext& context) {
    std::string foot = "</main>\n<footer class=\"generated\">";
    if (context.site_root) {
        // Site pages name the journal's last change, not the clock: a rebuild of an
        // unchanged journal gives the same bytes.
        if (context.last_change) {
            foot += "Last updated <time datetime=\"" + format_iso_utc(*context.last_change) + "\">";
            append_escaped(foot, format_posted(*context.last_change, context.zone));
            foot += "</time> · ";
        }
        foot += "<a href=\"" + *context.site_root + "history.atom\">Atom</a> · <a href=\"" +
                *context.site_root + "history.rss\">RSS</a> · <a href=\"" + *context.site_root +
                "api/v2/summary.json\">API</a> · incident</footer>\n</body>\n</html>\n";
        return foot;
    }
    foot += "Report generated <time datetime=\"" + format_iso_utc(context.generated_at) + "\">";
    append_escaped(foot, format_posted(context.generated_at, context.zone));
    foot += "</time> by incident</footer>\n</body>\n</html>\n";
    return foot;
}

std::string day_label(Instant instant, const Zone& zone) {
    return day_of(instant, zone);
}

std::string phases_line(const Incident& incident, const std::vector<Update>& updates,
                        std::optional<Instant> now) {
    std::string line =
        incident.kind == Kind::maintenance ? "Scheduled maintenance" : impact_text(incident.impact);
    if (!now && !is_closed(incident.status)) return line;
    const auto phases = phases_of(updates, now.value_or(incident.updated_at), incident.kind);
    if (!phases.phases.empty()) line += " · " + phase_summary(phases) + " · " + total_text(phases);
    return line;
}

void incident_entry(std::ostream& out, const Incident& incident, const std::vector<Update>& updates,
                    const ReportContext& context, std::string_view heading, std::string_view href) {
    std::string h = "<article class=\"" + incident_classes(incident) + "\" id=\"incident-" +
                    std::to_string(incident.id) + "\">\n<" + std::string(heading) +
                    " class=\"incident-title\"><a href=\"";
    append_escaped(h, href);
    h += "\"><bdi>";
    append_escaped(h, incident.title);
    h += "</bdi></a></" + std::string(heading) + ">\n<p class=\"phases\">";
    append_escaped(h, phases_line(incident, updates, context.generated_at));
    h += "</p>\n";
    window(h, incident, context.zone);
    out << h;
    entries(out, incident, updates, context, "h4");
    out << "</article>\n";
}

std::unique_ptr<ReportWriter> html_writer(const ReportContext& context) {
    return std::make_unique<HtmlWriter>(context);
}

}  // namespace incident::render
