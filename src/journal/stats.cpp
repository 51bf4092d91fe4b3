#include "incident/stats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

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
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(zone.to_local(t).time)};
    return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month())};
}

YearMonth next(YearMonth m) { return m.month == 12 ? YearMonth{m.year + 1, 1} : YearMonth{m.year, m.month + 1}; }

// The instant the month begins in `zone` (the first instant after a gap, if midnight is one).
Instant month_start(YearMonth m, const Zone& zone) {
    const auto day = std::chrono::local_days{std::chrono::year{m.year} / std::chrono::month{m.month} / 1};
    return zone.from_local(std::chrono::local_seconds{day}).instant;
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

Stats compute_stats(const ReadStore& store, const IncidentFilter& filter, const Zone& zone) {
    IncidentFilter f;
    f.since = filter.since;
    f.until = filter.until;
    Stats s;
    // A maintenance is planned work, not an incident: counted apart, left out of the rest
    // (its length is its window, not a time to resolve).
    auto maintenances = f;
    maintenances.kind = Kind::maintenance;
    s.maintenances = store.count(maintenances);
    f.kind = Kind::incident;
    s.total = store.count(f);
    for (const auto impact : {Impact::none, Impact::minor, Impact::major, Impact::critical}) {
        s.by_impact.emplace_back(impact, 0);
    }
    for (const auto& [impact, n] : store.count_by_impact(f)) {
        for (auto& entry : s.by_impact) {
            if (entry.first == impact) entry.second = n;
        }
    }
    if (const auto range = store.created_range(f)) {
        const auto last = local_month(range->second, zone);
        for (auto m = local_month(range->first, zone); m <= last; m = next(m)) {
            auto month = f;
            const auto start = month_start(m, zone), end = month_start(next(m), zone);
            month.since = f.since ? std::max(*f.since, start) : start;
            month.until = f.until ? std::min(*f.until, end) : end;
            s.by_month.push_back({m.year, m.month, store.count(month)});
        }
    }
    s.resolve_times = store.resolve_times(f);
    auto closed = f;
    closed.status = StatusFilter::resolved;
    s.resolved = store.count(closed);
    s.open = s.total - s.resolved;
    std::vector<seconds> durations;
    durations.reserve(s.resolve_times.size());
    for (const auto& r : s.resolve_times) {
        durations.push_back(std::chrono::round<seconds>(r.resolved_at - r.created_at));
    }
    s.time_to_resolve = summarize(std::move(durations));
    return s;
}

namespace render {

std::string stats_text(const Stats& s, const Zone& zone, const TerminalStyle& style) {
    const auto bold = [&](std::string_view text) {
        return style.color ? fmt::format("\033[1m{}\033[0m", text) : std::string(text);
    };
    std::string out;
    out += fmt::format("{} {} ({} open, {} resolved)\n", bold("Incidents:"), s.total, s.open,
                       s.resolved);
    if (s.maintenances > 0) {
        out += fmt::format("{} {} (not counted below)\n", bold("Maintenances:"), s.maintenances);
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
    return out;
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
    w.end().end();
    return out;
}

}  // namespace render
}  // namespace incident
