#include "incident/stats.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "incident/json_writer.hpp"
#include "incident/text.hpp"

namespace incident {
namespace {

using std::chrono::seconds;

struct YearMonth {
    int year;
    unsigned month;
    auto operator<=>(const YearMonth&) const = default;
};

YearMonth local_month(Instant t, const Zone& zone) {
    const std::chrono::year_month_day ymd{
        std::chrono::floor<std::chrono::days>(zone.to_local(t).time)};
    return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month())};
}

YearMonth next(YearMonth m) {
    return m.month == 12 ? YearMonth{m.year + 1, 1} : YearMonth{m.year, m.month + 1};
}

}  // namespace

seconds percentile(const std::vector<seconds>& sorted, double p) {
    const double rank = p / 100.0 * static_cast<double>(sorted.size() - 1);
    const auto lower = static_cast<std::size_t>(std::floor(rank));
    const auto upper = std::min(lower + 1, sorted.size() - 1);
    const double fraction = rank - static_cast<double>(lower);
    const double value = static_cast<double>(sorted[lower].count()) +
                         fraction * static_cast<double>((sorted[upper] - sorted[lower]).count());
    return seconds{std::llround(value)};
}

std::optional<DurationSummary> summarize(std::vector<seconds> values) {
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    DurationSummary s;
    s.count = values.size();
    s.median = percentile(values, 50);
    s.p90 = percentile(values, 90);
    // Summed in long double: 100k durations of years each stay exact enough.
    long double sum = 0;
    for (const auto v : values) sum += static_cast<long double>(v.count());
    s.mean = seconds{std::llround(sum / static_cast<long double>(values.size()))};
    s.min = values.front();
    s.max = values.back();
    return s;
}

const std::array<MetricDefinition, 4> response_metrics{{
    {"time to detect", "time_to_detect", Point::started, Point::detected,
     "detected \u2212 started"},
    {"time to acknowledge", "time_to_acknowledge", Point::detected, Point::acknowledged,
     "acknowledged \u2212 detected"},
    {"time to mitigate", "time_to_mitigate", Point::started, Point::mitigated,
     "mitigated \u2212 started"},
    {"time to resolve", "time_to_resolve", Point::started, Point::resolved,
     "resolved \u2212 started"},
}};

std::string_view to_string(Point p) noexcept {
    switch (p) {
        case Point::started:
            return "started";
        case Point::detected:
            return "detected";
        case Point::acknowledged:
            return "acknowledged";
        case Point::mitigated:
            return "mitigated";
        case Point::resolved:
            return "resolved";
    }
    return "";
}

std::optional<Instant> point_of(const ResponseRecord& r, Point point) noexcept {
    switch (point) {
        case Point::started:
            return r.started_at.value_or(r.created_at);
        case Point::detected:
            return r.detected_at;
        case Point::acknowledged:
            return r.acknowledged_at;
        case Point::mitigated:
            return r.mitigated_at;
        case Point::resolved:
            return r.resolved_at;
    }
    return std::nullopt;
}

std::variant<seconds, Point> metric_value(const ResponseRecord& r,
                                          const MetricDefinition& metric) noexcept {
    const auto from = point_of(r, metric.from);
    if (!from) return metric.from;
    const auto to = point_of(r, metric.to);
    if (!to) return metric.to;
    return std::chrono::round<seconds>(*to - *from);
}

bool counts_for_response(const ResponseRecord& r) noexcept {
    return r.kind == Kind::incident && !r.backfilled;
}

std::vector<MetricSummary> summarize_metrics(const std::vector<ResponseRecord>& incidents) {
    std::vector<MetricSummary> out;
    for (const auto& metric : response_metrics) {
        MetricSummary m;
        m.metric = &metric;
        for (const auto& r : incidents) {
            const auto value = metric_value(r, metric);
            if (const auto* d = std::get_if<seconds>(&value)) {
                m.values.push_back(*d);
            } else {
                m.missing.push_back({r.id, r.title, std::get<Point>(value)});
            }
        }
        std::sort(m.values.begin(), m.values.end());
        m.summary = summarize(m.values);
        out.push_back(std::move(m));
    }
    return out;
}

std::optional<GroupBy> parse_group_by(std::string_view text) noexcept {
    if (text == "impact") return GroupBy::impact;
    if (text == "component") return GroupBy::component;
    if (text == "month") return GroupBy::month;
    return std::nullopt;
}

namespace {

// The counted incidents by impact (every impact, none first), component (page order of first
// use; "(no component)" last) or month of opening in `zone`.
std::vector<ResponseGroup> group_response(const std::vector<ResponseRecord>& incidents, GroupBy by,
                                          const Zone& zone) {
    std::vector<std::pair<std::string, std::vector<ResponseRecord>>> groups;
    const auto add = [&](const std::string& label, const ResponseRecord& r) {
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const auto& g) { return g.first == label; });
        if (it == groups.end()) {
            groups.emplace_back(label, std::vector<ResponseRecord>{});
            it = std::prev(groups.end());
        }
        it->second.push_back(r);
    };
    switch (by) {
        case GroupBy::impact:
            for (const auto impact :
                 {Impact::none, Impact::minor, Impact::major, Impact::critical}) {
                groups.emplace_back(std::string(to_string(impact)), std::vector<ResponseRecord>{});
            }
            for (const auto& r : incidents) add(std::string(to_string(r.impact)), r);
            break;
        case GroupBy::component: {
            std::vector<ResponseRecord> none;
            for (const auto& r : incidents) {
                if (r.components.empty()) none.push_back(r);
                for (const auto& c : r.components) add(to_string(c), r);
            }
            if (!none.empty()) groups.emplace_back("(no component)", std::move(none));
            break;
        }
        case GroupBy::month:
            for (const auto& r : incidents) {
                const auto m = local_month(r.created_at, zone);
                add(fmt::format("{:04}-{:02}", m.year, m.month), r);
            }
            std::stable_sort(groups.begin(), groups.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            break;
    }
    std::vector<ResponseGroup> out;
    for (auto& [label, members] : groups) {
        out.push_back({label, members.size(), summarize_metrics(members)});
    }
    return out;
}

}  // namespace

Stats compute_stats(const ReadStore& store, const IncidentFilter& filter, const Zone& zone,
                    std::optional<GroupBy> by, Instant now) {
    IncidentFilter f;  // incidents and maintenances of the range, oldest first
    f.since = filter.since;
    f.until = filter.until;
    auto records = store.response_records(f, by == GroupBy::component);
    Stats s;
    for (const auto impact : {Impact::none, Impact::minor, Impact::major, Impact::critical}) {
        s.by_impact.emplace_back(impact, 0);
    }
    std::vector<seconds> durations;
    std::vector<IncidentId> in_range;
    for (auto& r : records) {
        in_range.push_back(r.id);
        // A maintenance is planned work, not an incident: counted apart, left out of the rest
        // (its length is its window, not a time to resolve).
        if (r.kind == Kind::maintenance) {
            ++s.maintenances;
            ++s.response.left_out_maintenances;
            continue;
        }
        ++s.total;
        ++s.by_impact[static_cast<std::size_t>(r.impact)].second;
        // Every month from the first incident's to the last's, empty ones included (records
        // come oldest first).
        const auto m = local_month(r.created_at, zone);
        if (s.by_month.empty()) s.by_month.push_back({m.year, m.month, 0});
        for (auto last = YearMonth{s.by_month.back().year, s.by_month.back().month}; last < m;) {
            last = next(last);
            s.by_month.push_back({last.year, last.month, 0});
        }
        ++s.by_month.back().incidents;
        if (r.resolved_at) {
            s.resolve_times.push_back({r.id, r.title, r.impact, r.created_at, *r.resolved_at});
            durations.push_back(std::chrono::round<seconds>(*r.resolved_at - r.created_at));
        }
        if (counts_for_response(r)) {
            s.response.incidents.push_back(std::move(r));
        } else {
            ++s.response.left_out_backfilled;
        }
    }
    s.resolved = static_cast<std::int64_t>(s.resolve_times.size());
    s.open = s.total - s.resolved;
    s.time_to_resolve = summarize(std::move(durations));
    s.response.counted = s.response.incidents.size();
    s.response.metrics = summarize_metrics(s.response.incidents);
    s.response.by = by;
    if (by) s.response.groups = group_response(s.response.incidents, *by, zone);

    std::sort(in_range.begin(), in_range.end());
    const auto today = local_day(now, zone);
    for (const auto& a : store.actions({})) {
        if (!std::binary_search(in_range.begin(), in_range.end(), a.incident_id)) continue;
        ++s.actions.total;
        if (!a.done_at) ++s.actions.open;
        if (is_overdue(a, today)) ++s.actions.overdue;
    }
    return s;
}

namespace render {
namespace {

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string duration_cell(const std::optional<DurationSummary>& s,
                          seconds DurationSummary::*field) {
    return s ? format_duration((*s).*field) : std::string("-");
}

// One table row per metric: n, median, p90, min, max and the definition.
std::string metric_rows(const std::vector<MetricSummary>& metrics, std::string_view indent) {
    std::string out;
    for (const auto& m : metrics) {
        out += fmt::format("{}{:<20} {:>4}  {:>9} {:>9} {:>9} {:>9}  {}\n", indent, m.metric->name,
                           m.values.size(), duration_cell(m.summary, &DurationSummary::median),
                           duration_cell(m.summary, &DurationSummary::p90),
                           duration_cell(m.summary, &DurationSummary::min),
                           duration_cell(m.summary, &DurationSummary::max), m.metric->definition);
    }
    return out;
}

// "2 without detected: #4 Login errors, #6 Slow search" for each point the incidents lack,
// naming at most `named` of each, then how many more.
std::string missing_lines(const MetricSummary& m, std::string_view indent, std::size_t named) {
    std::string out;
    for (const auto point : {Point::started, Point::detected, Point::acknowledged, Point::mitigated,
                             Point::resolved}) {
        std::vector<const MissingMilestone*> lacking;
        for (const auto& x : m.missing) {
            if (x.lacks == point) lacking.push_back(&x);
        }
        if (lacking.empty()) continue;
        std::string names;
        for (std::size_t i = 0; i < lacking.size() && i < named; ++i) {
            names +=
                fmt::format("{}#{} {}", i ? ", " : "", lacking[i]->id, visible(lacking[i]->title));
        }
        if (lacking.size() > named) names += fmt::format(" and {} more", lacking.size() - named);
        out += fmt::format("{}{:<20} {} without {}: {}\n", indent, m.metric->name, lacking.size(),
                           point == Point::resolved ? "a resolution" : to_string(point), names);
    }
    return out;
}

// Buckets of a duration histogram, by upper bound.
struct Bucket {
    seconds below;
    std::string_view label;
};
constexpr std::array<Bucket, 9> buckets{{{seconds{5 * 60}, "< 5m"},
                                         {seconds{15 * 60}, "5m-15m"},
                                         {seconds{3600}, "15m-1h"},
                                         {seconds{4 * 3600}, "1h-4h"},
                                         {seconds{12 * 3600}, "4h-12h"},
                                         {seconds{24 * 3600}, "12h-1d"},
                                         {seconds{3 * 24 * 3600}, "1d-3d"},
                                         {seconds{7 * 24 * 3600}, "3d-1w"},
                                         {seconds::max(), ">= 1w"}}};

std::string histogram(const MetricSummary& m, std::string_view indent) {
    std::array<std::size_t, buckets.size()> counts{};
    for (const auto v : m.values) {
        for (std::size_t b = 0; b < buckets.size(); ++b) {
            if (v < buckets[b].below) {
                ++counts[b];
                break;
            }
        }
    }
    std::size_t first = buckets.size(), last = 0, most = 0;
    for (std::size_t b = 0; b < buckets.size(); ++b) {
        if (counts[b] == 0) continue;
        first = std::min(first, b);
        last = b;
        most = std::max(most, counts[b]);
    }
    if (first == buckets.size()) return {};
    constexpr std::size_t width = 40;
    std::string out = fmt::format("{}{}:\n", indent, m.metric->name);
    for (std::size_t b = first; b <= last; ++b) {
        const auto bar = counts[b] == 0 ? 0 : std::max<std::size_t>(1, counts[b] * width / most);
        std::string bars;
        for (std::size_t i = 0; i < bar; ++i) bars += "\u2588";
        out += counts[b] == 0
                   ? fmt::format("{}  {}\n", indent, buckets[b].label)
                   : fmt::format("{}  {:<7} {} {}\n", indent, buckets[b].label, bars, counts[b]);
    }
    return out;
}

std::string response_text(const ResponseStats& r, const TerminalStyle& style,
                          const std::function<std::string(std::string_view)>& bold) {
    std::vector<std::string> left_out;
    if (r.left_out_maintenances > 0) {
        left_out.push_back(plural(r.left_out_maintenances, "maintenance", "maintenances"));
    }
    if (r.left_out_backfilled > 0) {
        left_out.push_back(
            plural(r.left_out_backfilled, "backfilled import", "backfilled imports"));
    }
    std::string out =
        "\n" +
        bold(fmt::format("Response times ({}{}):", plural(r.counted, "incident", "incidents"),
                         left_out.empty() ? std::string()
                                          : "; left out by rule: " +
                                                fmt::format("{}", fmt::join(left_out, ", "))));
    out += "\n";
    const auto header = fmt::format("  {:<20} {:>4}  {:>9} {:>9} {:>9} {:>9}  {}\n", "", "n",
                                    "median", "p90", "min", "max", "definition");
    out += header + metric_rows(r.metrics, "  ");
    out += fmt::format("  {}.\n", started_rule);
    std::string missing;
    for (const auto& m : r.metrics) missing += missing_lines(m, "    ", 5);
    if (!missing.empty()) out += "  Missing a milestone, so not counted above:\n" + missing;
    if (style.table) {
        std::string bars;
        for (const auto& m : r.metrics) bars += histogram(m, "  ");
        if (!bars.empty()) out += "\n" + bold("Histograms:") + "\n" + bars;
    }
    if (r.by) {
        const char* by = *r.by == GroupBy::impact      ? "impact"
                         : *r.by == GroupBy::component ? "component"
                                                       : "month";
        out += "\n" + bold(fmt::format("Response times by {}:", by)) + "\n";
        for (const auto& g : r.groups) {
            out += fmt::format("  {} ({})\n", visible(g.label),
                               plural(g.incidents, "incident", "incidents"));
            if (g.incidents > 0) out += metric_rows(g.metrics, "    ");
        }
    }
    return out;
}

void write_metric(json::Writer& w, const MetricSummary& m) {
    const auto number = [&](seconds DurationSummary::*field) {
        return m.summary ? std::optional<std::int64_t>(((*m.summary).*field).count())
                         : std::nullopt;
    };
    w.begin_object()
        .member("name", m.metric->key)
        .member("definition", m.metric->definition)
        .member("count", m.values.size())
        .member("median_seconds", number(&DurationSummary::median))
        .member("p90_seconds", number(&DurationSummary::p90))
        .member("min_seconds", number(&DurationSummary::min))
        .member("max_seconds", number(&DurationSummary::max))
        .key("missing")
        .begin_array();
    for (const auto& x : m.missing) {
        w.begin_object()
            .member("id", x.id)
            .member("name", x.title)
            .member("lacks", to_string(x.lacks))
            .end();
    }
    w.end().end();
}

void write_metrics(json::Writer& w, const std::vector<MetricSummary>& metrics) {
    w.begin_array();
    for (const auto& m : metrics) write_metric(w, m);
    w.end();
}

void write_response(json::Writer& w, const ResponseStats& r) {
    const auto time = [](const std::optional<Instant>& t) {
        return t ? std::optional<std::string>(format_iso_utc(*t)) : std::nullopt;
    };
    w.begin_object()
        .member("counted", r.counted)
        .key("left_out")
        .begin_object()
        .member("maintenances", r.left_out_maintenances)
        .member("backfilled", r.left_out_backfilled)
        .end()
        .member("started", started_rule)
        .key("metrics");
    write_metrics(w, r.metrics);
    w.member("by", !r.by                         ? std::optional<std::string_view>()
                   : *r.by == GroupBy::impact    ? "impact"
                   : *r.by == GroupBy::component ? "component"
                                                 : "month")
        .key("groups")
        .begin_array();
    for (const auto& g : r.groups) {
        w.begin_object().member("group", g.label).member("incidents", g.incidents).key("metrics");
        write_metrics(w, g.metrics);
        w.end();
    }
    w.end().key("per_incident").begin_array();
    for (const auto& x : r.incidents) {
        w.begin_object()
            .member("id", x.id)
            .member("name", x.title)
            .member("impact", to_string(x.impact))
            .member("started_at", time(point_of(x, Point::started)))
            .member("detected_at", time(x.detected_at))
            .member("acknowledged_at", time(x.acknowledged_at))
            .member("mitigated_at", time(x.mitigated_at))
            .member("resolved_at", time(x.resolved_at));
        for (const auto& metric : response_metrics) {
            const auto value = metric_value(x, metric);
            const auto* d = std::get_if<seconds>(&value);
            w.member(std::string(metric.key) + "_seconds",
                     d ? std::optional<std::int64_t>(d->count()) : std::nullopt);
        }
        w.end();
    }
    w.end().end();
}

}  // namespace

std::string stats_text(const Stats& s, const Zone& zone, const TerminalStyle& style) {
    const std::function<std::string(std::string_view)> bold = [&](std::string_view text) {
        return style.color ? fmt::format("\033[1m{}\033[0m", text) : std::string(text);
    };
    std::string out;
    out += fmt::format("{} {} ({} open, {} resolved)\n", bold("Incidents:"), s.total, s.open,
                       s.resolved);
    if (s.maintenances > 0) {
        out += fmt::format("{} {} (not counted below)\n", bold("Maintenances:"), s.maintenances);
    }
    if (s.actions.total > 0) {
        out += fmt::format("{} {} ({} open, {} overdue)\n", bold("Follow-up actions:"),
                           s.actions.total, s.actions.open, s.actions.overdue);
    }
    out += "\n" + bold("By impact:") + "\n";
    for (const auto& [impact, n] : s.by_impact) {
        out += fmt::format("  {:<10} {:>7}\n", to_string(impact), n);
    }
    out += "\n" + bold(fmt::format("By month ({}):", zone.name())) + "\n";
    if (s.by_month.empty()) out += "  (no incidents)\n";
    for (const auto& m : s.by_month) {
        out += fmt::format("  {:04}-{:02}    {:>7}\n", m.year, m.month, m.incidents);
    }
    out += "\n" +
           bold(fmt::format("Time to resolve ({} resolved; open incidents not counted):",
                            s.resolve_times.size())) +
           "\n";
    if (const auto& t = s.time_to_resolve) {
        out += fmt::format("  median     {}\n", format_duration(t->median));
        out += fmt::format("  p90        {}\n", format_duration(t->p90));
        out += fmt::format("  mean       {}\n", format_duration(t->mean));
        out += fmt::format("  shortest   {}\n", format_duration(t->min));
        out += fmt::format("  longest    {}\n", format_duration(t->max));
        out += "\n" + bold("Per resolved incident:") + "\n";
        for (const auto& r : s.resolve_times) {
            out += fmt::format("  #{:<6} {}  {:<9} {}\n", r.id, format_local(r.created_at, zone),
                               format_duration(r.resolved_at - r.created_at), visible(r.title));
        }
    } else {
        out += "  (none resolved)\n";
    }
    return out + response_text(s.response, style, bold);
}

std::string stats_json(const Stats& s, const Zone& zone) {
    std::string out;
    json::Writer w(out);
    w.begin_object()
        .member("time_zone", zone.name())
        .member("incidents", s.total)
        .member("open", s.open)
        .member("resolved", s.resolved)
        .member("maintenances", s.maintenances)
        .key("by_impact")
        .begin_object();
    for (const auto& [impact, n] : s.by_impact) w.member(to_string(impact), n);
    w.end().key("by_month").begin_array();
    for (const auto& m : s.by_month) {
        w.begin_object()
            .member("month", fmt::format("{:04}-{:02}", m.year, m.month))
            .member("incidents", m.incidents)
            .end();
    }
    w.end().key("time_to_resolve");
    if (const auto& t = s.time_to_resolve) {
        w.begin_object()
            .member("count", t->count)
            .member("median_seconds", t->median.count())
            .member("p90_seconds", t->p90.count())
            .member("mean_seconds", t->mean.count())
            .member("min_seconds", t->min.count())
            .member("max_seconds", t->max.count())
            .member("percentile_method", "linear (type 7)")
            .end();
    } else {
        w.value(nullptr);
    }
    w.key("per_incident").begin_array();
    for (const auto& r : s.resolve_times) {
        w.begin_object()
            .member("id", r.id)
            .member("name", r.title)
            .member("impact", to_string(r.impact))
            .member("created_at", format_iso_utc(r.created_at))
            .member("resolved_at", format_iso_utc(r.resolved_at))
            .member("seconds", std::chrono::round<seconds>(r.resolved_at - r.created_at).count())
            .end();
    }
    w.end()
        .key("actions")
        .begin_object()
        .member("total", s.actions.total)
        .member("open", s.actions.open)
        .member("overdue", s.actions.overdue)
        .end()
        .key("response");
    write_response(w, s.response);
    w.end();
    return out;
}

}  // namespace render
}  // namespace incident
