#pragma once
// A component's recent past, from its recorded status changes: the worst status of each day
// (the status page's bars) and its uptime. Pure functions of the history and the clock.
#include <chrono>
#include <string_view>
#include <vector>

#include "incident/model.hpp"
#include "incident/store.hpp"
#include "incident/time.hpp"

namespace incident {

// The uptime formula, a documented choice (Statuspage's own weighting): a major outage counts
// fully as down time, a partial outage at this fraction, degraded performance and maintenance
// not at all (the component works, slowly or as planned).
inline constexpr double partial_outage_weight = 0.3;

// The start of each of the last `days` local days of `zone` ending with the day holding `now`,
// oldest first, then the start of the day after. A midnight that a DST change skips starts
// the day at the change; a repeated one at its first occurrence.
std::vector<Instant> day_starts(const Zone& zone, Instant now, int days);

struct Uptime {
    // The worst status the component had during each day (bounds as day_starts gives them),
    // oldest first: the status it entered the day with and every status a change set that day.
    std::vector<ComponentStatus> days;
    // Time spent in each status from the first day's start to `now`.
    std::chrono::milliseconds window{0};
    std::chrono::milliseconds major_outage{0};
    std::chrono::milliseconds partial_outage{0};
    std::chrono::milliseconds degraded{0};
    std::chrono::milliseconds maintenance{0};
    // 100 × (1 − (major + partial_outage_weight × partial) / window); 100 for an empty window.
    double percent() const noexcept;
};

// `chronological` as ReadStore::component_history gives it (status_after's rule: operational
// before the first change, then each change's new status from its posted time on).
Uptime uptime(const std::vector<StatusChange>& chronological, const std::vector<Instant>& days,
              Instant now);

// The page's overall condition, Statuspage's status indicator, in order of severity: the worst
// of what its components say (degraded performance minor, a partial outage major, a major
// outage critical, maintenance below them all) and the impact of its unresolved incidents.
enum class PageIndicator { none, maintenance, minor, major, critical };
PageIndicator page_indicator(const std::vector<PageComponent>& components,
                             const std::vector<Incident>& unresolved) noexcept;
// "none", "maintenance", "minor", "major", "critical".
std::string_view to_string(PageIndicator indicator) noexcept;
// The banner in Statuspage's words: "All Systems Operational", "Service Under Maintenance",
// "Minor Service Outage", "Partial System Outage", "Major Service Outage".
std::string_view indicator_description(PageIndicator indicator) noexcept;

}  // namespace incident
