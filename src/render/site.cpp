// The status site's pages and API documents (`incident site`), built from the HTML report's
// page frame (render/html_page.hpp) so every page has the same CSP, escaping and look.
#include "incident/site.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "incident/journal.hpp"
#include "incident/json_writer.hpp"
#include "render/html_page.hpp"
#include "render/html_text.hpp"

namespace incident::render {
namespace {

using html::append_escaped;

constexpr std::string_view site_rules = R"css(
:root{--operational:#24a05a;--degraded_performance:#d4a600;--partial_outage:#e67e22;
--major_outage:#d64538;--under_maintenance:#2f86d1}
@media (prefers-color-scheme:dark){:root{--operational:#3ccf7c;--degraded_performance:#f1c40f;
--partial_outage:#f39c4a;--major_outage:#ff6f61;--under_maintenance:#5aa9ef}}
.site-nav{max-width:880px;margin:24px auto -24px;padding:0 8px;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;font-size:.95rem}
.site-nav a{text-decoration:none;font-weight:600}
.site-title{margin:0 0 1.25rem;font-size:2rem;overflow-wrap:anywhere}
.banner{margin:0 0 2rem;padding:1rem 1.25rem;border-radius:8px;color:#fff;font-size:1.3rem;font-weight:700;
background:var(--c)}
.banner-none{--c:#24a05a}.banner-maintenance{--c:#1f6fd1}.banner-minor{--c:#b58900}
.banner-major{--c:#d35400}.banner-critical{--c:#c0392b}
.site h2{margin:2.25rem 0 .75rem;font-size:1.3rem}
.components{border:1px solid var(--line);border-radius:8px}
.component{padding:.9rem 1.1rem;border-top:1px solid var(--line)}
.component:first-child{border-top:0}
.component.member{padding-left:2.1rem}
.component-head{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.2rem 1rem;margin:0;font-size:1rem}
.component-name{font-weight:600;overflow-wrap:anywhere}
.group>.component-head .component-name{font-size:1.05rem}
.component-status{font-weight:600;color:var(--c)}
.s-operational{--c:var(--operational)}.s-degraded_performance{--c:var(--degraded_performance)}
.s-partial_outage{--c:var(--partial_outage)}.s-major_outage{--c:var(--major_outage)}
.s-under_maintenance{--c:var(--under_maintenance)}
.bars{display:block;width:100%;height:30px;margin:.5rem 0 .2rem}
.bars rect{fill:var(--c)}
.bar-foot{display:flex;justify-content:space-between;gap:.5rem;color:var(--muted);font-size:.8rem}
.bar-foot .uptime{color:var(--fg)}
.formula{color:var(--muted);font-size:.85rem}
.legend-statuses{display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin:.5rem 0 0;padding:0;list-style:none;font-size:.85rem}
.legend-statuses .swatch{display:inline-block;width:.75rem;height:.75rem;margin-right:.35rem;border-radius:2px;
vertical-align:-.05rem;background:var(--c)}
.listing .incident{padding:.9rem 0;border-top:1px solid var(--line)}
.listing .incident:first-of-type{border-top:0}
.listing .incident-title{font-size:1.1rem}
.when{margin:.2rem 0 0;color:var(--muted);font-size:.9rem}
.active-list>.incident{padding:1rem 0;border-top:2px solid var(--line)}
.active-list .incident-title{font-size:1.35rem}
.day-list h3{margin:1.5rem 0 .25rem;padding-bottom:.3rem;font-size:1rem;border-bottom:1px solid var(--line)}
.none{color:var(--muted);margin:.4rem 0}
.months{columns:12rem;padding-left:1.2rem}
.pages{display:flex;flex-wrap:wrap;gap:.4rem 1rem;margin:2rem 0 0;padding:0;list-style:none}
@media (max-width:640px){.site-nav{margin:12px auto 0;padding:0 18px}.component.member{padding-left:1.5rem}}
@media print{.site-nav{display:none}.banner{color:#000;border:2px solid #000;background:none}
.bars rect{stroke:#000;stroke-width:.3}}
)css";

std::string component_status_label(ComponentStatus s) {
    auto text = std::string(component_status_title(s));
    if (!text.empty())
        text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
}

// "99.95%": two decimals, rounded down so a day of outage never reads 100%.
std::string percent_text(double percent) {
    const double floored = std::floor(percent * 100.0) / 100.0;
    return fmt::format("{:.2f}%", floored);
}

// One bar per day, coloured by the day's worst status, each with its date and status as a tooltip.
std::string day_bars(const std::vector<ComponentStatus>& days, const std::vector<Instant>& starts,
                     const Zone& zone, std::string_view name) {
    constexpr int step = 5, width = 3, height = 30;
    const auto n = static_cast<int>(days.size());
    std::string h = fmt::format(
        "<svg class=\"bars\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" "
        "preserveAspectRatio=\"none\" role=\"img\" aria-label=\"",
        n * step - (step - width), height);
    append_escaped(h, fmt::format("{}: the worst status of each of the last {} days", name, n));
    h += "\">";
    for (int d = 0; d < n; ++d) {
        const auto status = days[static_cast<std::size_t>(d)];
        h += fmt::format("<rect class=\"s-{}\" x=\"{}\" width=\"{}\" height=\"{}\"><title>",
                         to_string(status), d * step, width, height);
        append_escaped(h, day_label(starts[static_cast<std::size_t>(d)], zone));
        h += ": ";
        h += component_status_label(status);
        h += "</title></rect>";
    }
    h += "</svg>\n";
    return h;
}

std::string bar_foot(int days, const std::string& uptime, std::string_view note = "") {
    return fmt::format(
        "<p class=\"bar-foot\"><span>{} days ago</span><span class=\"uptime\">{} uptime{}</span>"
        "<span>Today</span></p>\n",
        days, uptime, note);
}

void component_block(std::string& h, const SiteComponent& c, const SiteFront& front,
                     const ReportContext& context, bool member) {
    const auto& pc = c.component;
    h += member ? "<div class=\"component member\" id=\"component-"
                : "<div class=\"component\" id=\"component-";
    h += std::to_string(pc.id) +
         "\">\n<h3 class=\"component-head\"><span class=\"component-name\"><bdi>";
    append_escaped(h, pc.component.name);
    h += "</bdi></span><span class=\"component-status s-" + std::string(to_string(pc.status)) +
         "\">" + component_status_label(pc.status) + "</span></h3>\n";
    h += day_bars(c.uptime.days, front.days, context.zone, pc.component.name);
    h += bar_foot(static_cast<int>(c.uptime.days.size()), percent_text(c.uptime.percent()));
    h += "</div>\n";
}

// A group: its status and bars are its members' worst, its uptime their mean.
void group_block(std::string& h, const std::string& group,
                 const std::vector<const SiteComponent*>& members, const SiteFront& front,
                 const ReportContext& context) {
    std::vector<ComponentStatus> statuses;
    std::vector<ComponentStatus> days(front.days.empty() ? 0 : front.days.size() - 1,
                                      ComponentStatus::operational);
    double sum = 0;
    for (const auto* m : members) {
        statuses.push_back(m->component.status);
        for (std::size_t d = 0; d < days.size() && d < m->uptime.days.size(); ++d) {
            days[d] = std::max(days[d], m->uptime.days[d]);
        }
        sum += m->uptime.percent();
    }
    const auto status = worst_status(statuses);
    h += "<div class=\"component group\">\n<h3 class=\"component-head\"><span "
         "class=\"component-name\"><bdi>";
    append_escaped(h, group);
    h += "</bdi></span><span class=\"component-status s-" + std::string(to_string(status)) + "\">" +
         component_status_label(status) + "</span></h3>\n";
    h += day_bars(days, front.days, context.zone, group);
    h += bar_foot(static_cast<int>(days.size()),
                  percent_text(sum / static_cast<double>(members.size())),
                  " (mean of its components)");
    h += "</div>\n";
    for (const auto* m : members) component_block(h, *m, front, context, true);
}

std::string incident_href(const ReportContext& context, IncidentId id) {
    return context.site_root.value_or("") + "incidents/" + std::to_string(id) + ".html";
}

std::string page_title(const ReportContext& context, std::string_view what) {
    std::string title(what);
    if (!context.page_name.empty()) title += " · " + context.page_name;
    return title;
}

}  // namespace

std::string site_css() {
    return std::string(report_style_sheet()) + std::string(site_rules);
}

std::string site_history_item(const Incident& incident, const std::vector<Update>& updates,
                              const ReportContext& context, std::string_view heading) {
    std::string h = "<article class=\"incident impact-" + std::string(to_string(incident.impact)) +
                    " status-" + std::string(to_string(incident.status)) + "\">\n<" +
                    std::string(heading) + " class=\"incident-title\"><a href=\"" +
                    incident_href(context, incident.id) + "\"><bdi>";
    append_escaped(h, incident.title);
    h += "</bdi></a></" + std::string(heading) + ">\n<p class=\"phases\">";
    append_escaped(h, phases_line(incident, updates, std::nullopt));
    h += "</p>\n<p class=\"when\">";
    const auto window = scheduled_window(incident, context.zone);
    if (!window.empty()) {
        append_escaped(h, window);
        h += " · ";
    }
    h += "<time datetime=\"" + format_iso_utc(incident.created_at) + "\">";
    if (incident.resolved_at) {
        append_escaped(
            h, format_posted_window(incident.created_at, *incident.resolved_at, context.zone));
    } else {
        append_escaped(h, format_posted(incident.created_at, context.zone) + " · " +
                              std::string(status_title(incident.status)));
    }
    h += "</time></p>\n</article>\n";
    return h;
}

std::string site_front_html(const SiteFront& front, const ReportContext& context) {
    std::string h = page_head(
        context, context.page_name.empty() ? "Status" : context.page_name + " Status", "page site");
    h += "<h1 class=\"site-title\"><bdi>";
    append_escaped(h, context.page_name.empty() ? std::string("Status") : context.page_name);
    h += "</bdi></h1>\n<p class=\"banner banner-" + std::string(to_string(front.indicator)) +
         "\">" + std::string(indicator_description(front.indicator)) + "</p>\n";

    std::ostringstream out;
    const auto active_section = [&](std::string_view title, const std::vector<Listed>& list) {
        if (list.empty()) return;
        out << "<section class=\"active-list\">\n<h2>" << title << "</h2>\n";
        for (const auto& l : list) {
            incident_entry(out, l.incident, l.updates, context, "h3",
                           incident_href(context, l.incident.id));
        }
        out << "</section>\n";
    };
    active_section("Active incidents", front.active);
    if (front.more_active > 0) {
        out << "<p class=\"none\">" << front.more_active << " more unresolved incident"
            << (front.more_active == 1 ? "" : "s") << ": see <a href=\""
            << context.site_root.value_or("") << "history.html\">the history</a>.</p>\n";
    }
    active_section("Maintenance in progress", front.in_progress);
    h += out.str();

    if (!front.components.empty()) {
        const auto days = front.days.empty() ? 0 : static_cast<int>(front.days.size()) - 1;
        h += "<section>\n<h2>Components</h2>\n<div class=\"components\">\n";
        std::vector<std::string> groups_done;
        for (const auto& c : front.components) {
            const auto& group = c.component.component.group;
            if (group.empty()) {
                component_block(h, c, front, context, false);
                continue;
            }
            if (std::find(groups_done.begin(), groups_done.end(), group) != groups_done.end())
                continue;
            groups_done.push_back(group);
            std::vector<const SiteComponent*> members;
            for (const auto& m : front.components) {
                if (m.component.component.group == group) members.push_back(&m);
            }
            group_block(h, group, members, front, context);
        }
        h += "</div>\n<ul class=\"legend-statuses\">";
        for (const auto s : {ComponentStatus::operational, ComponentStatus::degraded_performance,
                             ComponentStatus::partial_outage, ComponentStatus::major_outage,
                             ComponentStatus::under_maintenance}) {
            h += "<li class=\"s-" + std::string(to_string(s)) +
                 "\"><span class=\"swatch\"></span>" + component_status_label(s) + "</li>";
        }
        h += "</ul>\n";
        h += fmt::format(
            "<p class=\"formula\">Each bar is one day in {}, coloured by the worst status the "
            "component had that day. Uptime over the last {} days (today until now) = 100% × "
            "(1 − (time in major outage + {}% of the time in partial outage) ÷ the time). "
            "Degraded performance and maintenance count as up. A component is operational "
            "until its first recorded change.</p>\n</section>\n",
            html::escaped(context.zone.name()), days,
            static_cast<int>(std::lround(partial_outage_weight * 100)));
    }

    if (!front.upcoming.empty()) {
        h += "<section class=\"listing\">\n<h2>Scheduled maintenance</h2>\n";
        for (const auto& l : front.upcoming) {
            h += site_history_item(l.incident, l.updates, context, "h3");
        }
        h += "</section>\n";
    }

    h += "<section class=\"day-list listing\">\n<h2>Past incidents</h2>\n";
    if (!front.days.empty()) {
        // The last past_days days, newest first, each with what was opened that day.
        auto next = front.past.begin();
        const auto today = front.days.size() - 2;
        for (int k = 0; k < front.past_days && static_cast<std::size_t>(k) <= today; ++k) {
            const auto start = front.days[today - static_cast<std::size_t>(k)];
            h += "<h3><time datetime=\"" + format_date(start, context.zone) + "\">";
            append_escaped(h, day_label(start, context.zone));
            h += "</time></h3>\n";
            bool any = false;
            for (; next != front.past.end() && next->incident.created_at >= start; ++next) {
                h += site_history_item(next->incident, next->updates, context, "h4");
                any = true;
            }
            if (!any) h += "<p class=\"none\">No incidents reported.</p>\n";
        }
    }
    h += "<p><a href=\"" + context.site_root.value_or("") +
         "history.html\">Incident history</a></p>\n</section>\n";
    h += page_foot(context);
    return h;
}

std::string site_history_html(const std::vector<HistoryMonth>& recent,
                              const std::vector<HistoryMonth>& archive, bool more,
                              const ReportContext& context) {
    std::string h =
        page_head(context, page_title(context, "Incident History"), "page site history");
    h += "<h1 class=\"history-title\">Incident History</h1>\n";
    if (recent.empty()) h += "<p class=\"empty\">No incidents reported.</p>\n";
    for (const auto& m : recent) {
        h += "<section class=\"listing\">\n<h2><a href=\"" + context.site_root.value_or("") +
             m.href + "\">";
        append_escaped(h, m.title);
        h += "</a></h2>\n";
        for (const auto& item : m.items) h += item;
        if (m.items.size() < m.count) {
            h += fmt::format("<p><a href=\"{}{}\">All {} of {}</a></p>\n",
                             context.site_root.value_or(""), m.href, m.count,
                             html::escaped(m.title));
        }
        h += "</section>\n";
    }
    if (more || !archive.empty()) {
        h += "<section>\n<h2>Every month</h2>\n<ul class=\"months\">\n";
        for (const auto& m : archive) {
            h += "<li><a href=\"" + context.site_root.value_or("") + m.href + "\">";
            append_escaped(h, m.title);
            h += fmt::format("</a> ({})</li>\n", m.count);
        }
        h += "</ul>\n</section>\n";
    }
    h += page_foot(context);
    return h;
}

std::string site_month_html(const HistoryMonth& month, std::size_t page, std::size_t pages,
                            const std::vector<HistoryLink>& links, const ReportContext& context) {
    auto title = month.title;
    if (pages > 1) title += fmt::format(" ({} of {})", page, pages);
    std::string h =
        page_head(context, page_title(context, "Incident History, " + title), "page site history");
    h += "<h1 class=\"history-title\">";
    append_escaped(h, title);
    h += "</h1>\n<section class=\"listing\">\n";
    for (const auto& item : month.items) h += item;
    h += "</section>\n<ul class=\"pages\">\n";
    for (const auto& l : links) {
        h += "<li><a href=\"" + context.site_root.value_or("") + l.href + "\">";
        append_escaped(h, l.text);
        h += "</a></li>\n";
    }
    h += "</ul>\n";
    h += page_foot(context);
    return h;
}

std::string api_page_json(const ApiPage& page) {
    std::string out;
    json::Writer(out)
        .begin_object()
        .member("id", page.id)
        .member("name", page.name)
        .member("url", page.url)
        .member("time_zone", page.time_zone)
        .member("updated_at", format_iso_utc(page.updated_at))
        .end();
    return out;
}

std::string api_status_json(PageIndicator indicator) {
    std::string out;
    json::Writer(out)
        .begin_object()
        .member("indicator", to_string(indicator))
        .member("description", indicator_description(indicator))
        .end();
    return out;
}

std::vector<ApiComponent> api_components(const std::vector<SiteComponent>& site,
                                         const ApiPage& page) {
    const auto time = [&](const std::optional<Instant>& t) {
        return format_iso_utc(t.value_or(page.updated_at));
    };
    const auto group_id = [&](const std::string& group) {
        for (const auto& c : site) {
            if (c.component.component.group == group && c.component.group_source_id) {
                return *c.component.group_source_id;
            }
        }
        return "group:" + group;
    };
    std::vector<ApiComponent> out;
    std::vector<std::string> groups_done;
    std::int64_t position = 0;
    // The members every component object shares, from its name to its page.
    const auto common = [&](json::Writer& w, const std::string& name, ComponentStatus status,
                            const std::optional<Instant>& first, const std::optional<Instant>& last,
                            bool showcase, const std::optional<std::string>& group) {
        w.member("name", name)
            .member("status", to_string(status))
            .member("created_at", time(first))
            .member("updated_at", time(last))
            .member("position", ++position)
            .member("description", nullptr)
            .member("showcase", showcase)
            .member("start_date", nullptr)
            .member("group_id", group)
            .member("page_id", page.id);
    };
    const auto member = [&](const SiteComponent& c) {
        const auto& pc = c.component;
        const auto& group = pc.component.group;
        std::string json;
        json::Writer w(json);
        w.begin_object().member("id", std::to_string(pc.id));
        common(w, pc.component.name, pc.status, c.first_change, c.last_change, true,
               group.empty() ? std::nullopt : std::optional<std::string>(group_id(group)));
        w.member("group", false).member("only_show_if_degraded", false).end();
        out.push_back({pc.component, std::to_string(pc.id), std::move(json)});
    };
    for (const auto& c : site) {
        const auto& group = c.component.component.group;
        if (group.empty()) {
            member(c);
            continue;
        }
        if (std::find(groups_done.begin(), groups_done.end(), group) != groups_done.end()) continue;
        groups_done.push_back(group);
        std::vector<ComponentStatus> statuses;
        std::vector<std::string> ids;
        std::optional<Instant> first, last;
        for (const auto& m : site) {
            if (m.component.component.group != group) continue;
            statuses.push_back(m.component.status);
            ids.push_back(std::to_string(m.component.id));
            if (m.first_change && (!first || *m.first_change < *first)) first = m.first_change;
            if (m.last_change && (!last || *m.last_change > *last)) last = m.last_change;
        }
        std::string json;
        json::Writer w(json);
        w.begin_object().member("id", group_id(group));
        common(w, group, worst_status(statuses), first, last, false, std::nullopt);
        w.member("group", true).member("only_show_if_degraded", false).key("components");
        w.begin_array();
        for (const auto& id : ids) w.value(id);
        w.end().end();
        out.push_back({Component{group, ""}, group_id(group), std::move(json)});
        for (const auto& m : site) {
            if (m.component.component.group == group) member(m);
        }
    }
    return out;
}

std::string api_document(const ApiPage& page,
                         const std::vector<std::pair<std::string_view, std::string>>& members) {
    std::string out;
    json::Writer w(out);
    w.begin_object().key("page").json_value(api_page_json(page));
    for (const auto& [name, value] : members) w.key(name).json_value(value);
    w.end();
    out += '\n';
    return out;
}

}  // namespace incident::render
