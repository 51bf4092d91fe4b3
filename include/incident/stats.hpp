#pragma once
// `stats`: counts by impact and by month, and time to resolve, for a range of incidents.
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
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

// ResolveTime (a resolved incident's opening and resolution) is in store.hpp.

struct MonthCount {
    int year = 0;
    unsigned month = 0;  // 1..12
    std::int64_t incidents = 0;
};

// Response metrics, after the critiques of MTTR (the VOID report; Google's "Incident Metrics
// in SRE"): each is the time between two milestones of one incident, computed per incident
// and summarised by n, median, p90, min and max (no mean: these durations are skewed). An
// incident lacking either milestone is counted and named, never silently skipped;
// maintenances and backfilled imports are left out by rule.
enum class Point { started, detected, acknowledged, mitigated, resolved };
std::string_view to_string(Point p) noexcept;
struct MetricDefinition {
    std::string_view name;  // "time to mitigate"
    std::string_view key;   // "time_to_mitigate" (JSON)
    Point from, to;
    std::string_view definition;  // "mitigated − started"
};
extern const std::array<MetricDefinition, 4> response_metrics;
// How `started` is read, printed beside the definitions.
inline constexpr std::string_view started_rule =
    "started is started_at (open --started-at, or mark ID started), else when the incident was "
    "opened";

// The point's time for one incident: started is started_at, else created_at; none when the
// milestone was not recorded (or it is not resolved).
std::optional<Instant> point_of(const ResponseRecord& incident, Point point) noexcept;
// The metric's value for one incident (to − from, whole seconds), or the first of its two
// points the incident lacks.
std::variant<std::chrono::seconds, Point> metric_value(const ResponseRecord& incident,
                                                       const MetricDefinition& metric) noexcept;
// Whether the metrics count an incident: not a maintenance, not a backfilled import.
bool counts_for_response(const ResponseRecord& incident) noexcept;

struct MissingMilestone {
    IncidentId id = 0;
    std::string title;
    Point lacks = Point::started;
};
struct MetricSummary {
    const MetricDefinition* metric = nullptr;
    std::optional<DurationSummary> summary;    // none: no incident has both points
    std::vector<std::chrono::seconds> values;  // sorted (for the histogram)
    std::vector<MissingMilestone> missing;     // oldest first
};
// Every metric over `incidents` (all of which count).
std::vector<MetricSummary> summarize_metrics(const std::vector<ResponseRecord>& incidents);

enum class GroupBy { impact, component, month };
std::optional<GroupBy> parse_group_by(std::string_view text) noexcept;
struct ResponseGroup {
    std::string label;  // "major", "Cloud/API", "2019-07"
    std::size_t incidents = 0;
    std::vector<MetricSummary> metrics;
};
struct ResponseStats {
    std::size_t counted = 0;
    std::size_t left_out_maintenances = 0;
    std::size_t left_out_backfilled = 0;
    std::vector<MetricSummary> metrics;
    std::optional<GroupBy> by;
    std::vector<ResponseGroup> groups;      // by `by`; an incident of several components is in each
    std::vector<ResponseRecord> incidents;  // those counted, oldest first
};

struct ActionCounts {
    std::int64_t total = 0, open = 0, overdue = 0;
};

struct Stats {
    std::int64_t total = 0, open = 0, resolved = 0;  // incidents only
    std::int64_t maintenances = 0;                   // scheduled maintenances, counted apart
    std::vector<std::pair<Impact, std::int64_t>> by_impact;  // every impact, none first
    std::vector<MonthCount> by_month;        // every month from the first incident's to the last's
    std::vector<ResolveTime> resolve_times;  // resolved incidents, oldest first
    std::optional<DurationSummary> time_to_resolve;  // open incidents are not counted
    ResponseStats response;
    ActionCounts actions;  // of the incidents in range; overdue on the day of `now`
};

// Only the filter's since/until apply. Months are those of `zone`.
Stats compute_stats(const ReadStore& store, const IncidentFilter& filter, const Zone& zone,
                    std::optional<GroupBy> by = std::nullopt, Instant now = Instant{});

namespace render {
// `style.table` (a terminal) adds a histogram of each response metric.
std::string stats_text(const Stats& stats, const Zone& zone, const TerminalStyle& style);
std::string stats_json(const Stats& stats, const Zone& zone);
}  // namespace render

}  // namespace incident
