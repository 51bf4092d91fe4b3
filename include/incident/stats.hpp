#pragma once
// `stats`: counts by impact and by month, and time to resolve, for a range of incidents.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "incident/model.hpp"
#include "incident/render.hpp"
#include "incident/store.hpp"
#include "incident/time.hpp"

namespace incident {

// The p-th percentile (0..100) of sorted values by linear interpolation between the closest
// ranks (Hyndman & Fan type 7, numpy's and spreadsheets' default): rank p/100 * (n - 1)
// counted from 0. The median is percentile 50. Rounded to whole seconds; `sorted` not empty.
std::chrono::seconds percentile(const std::vector<std::chrono::seconds>& sorted, double p);

struct DurationSummary {
    std::size_t count = 0;
    std::chrono::seconds median{0}, p90{0}, mean{0}, min{0}, max{0};
};
// nullopt for no values.
std::optional<DurationSummary> summarize(std::vector<std::chrono::seconds> values);

struct MonthCount {
    int year = 0;
    unsigned month = 0;  // 1..12
    std::int64_t incidents = 0;
};

struct Stats {
    std::int64_t total = 0, open = 0, resolved = 0;  // incidents only
    std::int64_t maintenances = 0;                   // scheduled maintenances, counted apart
    std::vector<std::pair<Impact, std::int64_t>> by_impact;  // every impact, none first
    std::vector<MonthCount> by_month;  // every month from the first incident's to the last's
    std::vector<ResolveTime> resolve_times;  // resolved incidents, oldest first
    std::optional<DurationSummary> time_to_resolve;  // open incidents are not counted
};

// Only the filter's since/until apply. Months are those of `zone`.
Stats compute_stats(const ReadStore& store, const IncidentFilter& filter, const Zone& zone);

namespace render {
std::string stats_text(const Stats& stats, const Zone& zone, const TerminalStyle& style);
std::string stats_json(const Stats& stats, const Zone& zone);
}  // namespace render

}  // namespace incident
