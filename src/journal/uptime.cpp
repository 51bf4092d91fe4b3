#include "incident/uptime.hpp"

#include <algorithm>

#include "incident/journal.hpp"

namespace incident {

std::vector<Instant> day_starts(const Zone& zone, Instant now, int days) {
    using namespace std::chrono;
    const auto today = floor<std::chrono::days>(zone.to_local(now).time);
    std::vector<Instant> out;
    out.reserve(static_cast<std::size_t>(days) + 1);
    for (int k = days - 1; k >= -1; --k) {
        const auto local = local_seconds{today - std::chrono::days{k}};
        const auto resolved = zone.from_local(local);
        out.push_back(resolved.kind == Zone::LocalKind::nonexistent ? resolved.other
                                                                    : resolved.instant);
    }
    return out;
}

double Uptime::percent() const noexcept {
    if (window.count() <= 0) return 100.0;
    const double down = static_cast<double>(major_outage.count()) +
                        partial_outage_weight * static_cast<double>(partial_outage.count());
    return 100.0 * (1.0 - down / static_cast<double>(window.count()));
}

Uptime uptime(const std::vector<StatusChange>& chronological, const std::vector<Instant>& days,
              Instant now) {
    Uptime out;
    if (days.size() < 2) return out;
    const auto start = days.front();
    const auto end = std::max(start, std::min(now, days.back()));
    out.window = end - start;

    auto status = status_after(chronological, start);
    // Time in `status` from `from` to `to`, clipped to the window.
    const auto spend = [&](ComponentStatus s, Instant from, Instant to) {
        from = std::max(from, start);
        to = std::min(to, end);
        if (to <= from) return;
        const auto length = to - from;
        switch (s) {
            case ComponentStatus::major_outage:
                out.major_outage += length;
                break;
            case ComponentStatus::partial_outage:
                out.partial_outage += length;
                break;
            case ComponentStatus::degraded_performance:
                out.degraded += length;
                break;
            case ComponentStatus::under_maintenance:
                out.maintenance += length;
                break;
            case ComponentStatus::operational:
                break;
        }
    };

    out.days.assign(days.size() - 1, ComponentStatus::operational);
    auto change = std::find_if(chronological.begin(), chronological.end(),
                               [&](const StatusChange& c) { return c.posted_at > start; });
    Instant since = start;
    for (std::size_t d = 0; d + 1 < days.size(); ++d) {
        const auto day_end = days[d + 1];
        auto worst = status;
        for (; change != chronological.end() && change->posted_at < day_end &&
               change->posted_at <= end;
             ++change) {
            spend(status, since, change->posted_at);
            since = change->posted_at;
            status = change->new_status;
            worst = std::max(worst, status);
        }
        out.days[d] = worst;
    }
    spend(status, since, end);
    return out;
}

PageIndicator page_indicator(const std::vector<PageComponent>& components,
                             const std::vector<Incident>& unresolved) noexcept {
    auto out = PageIndicator::none;
    for (const auto& c : components) {
        switch (c.status) {
            case ComponentStatus::operational:
                break;
            case ComponentStatus::under_maintenance:
                out = std::max(out, PageIndicator::maintenance);
                break;
            case ComponentStatus::degraded_performance:
                out = std::max(out, PageIndicator::minor);
                break;
            case ComponentStatus::partial_outage:
                out = std::max(out, PageIndicator::major);
                break;
            case ComponentStatus::major_outage:
                out = std::max(out, PageIndicator::critical);
                break;
        }
    }
    for (const auto& i : unresolved) {
        if (i.kind != Kind::incident || is_closed(i.status)) continue;
        switch (i.impact) {
            case Impact::none:
                break;
            case Impact::minor:
                out = std::max(out, PageIndicator::minor);
                break;
            case Impact::major:
                out = std::max(out, PageIndicator::major);
                break;
            case Impact::critical:
                out = std::max(out, PageIndicator::critical);
                break;
        }
    }
    return out;
}

std::string_view to_string(PageIndicator indicator) noexcept {
    switch (indicator) {
        case PageIndicator::none:
            return "none";
        case PageIndicator::maintenance:
            return "maintenance";
        case PageIndicator::minor:
            return "minor";
        case PageIndicator::major:
            return "major";
        case PageIndicator::critical:
            return "critical";
    }
    return "none";
}

std::string_view indicator_description(PageIndicator indicator) noexcept {
    switch (indicator) {
        case PageIndicator::none:
            return "All Systems Operational";
        case PageIndicator::maintenance:
            return "Service Under Maintenance";
        case PageIndicator::minor:
            return "Minor Service Outage";
        case PageIndicator::major:
            return "Partial System Outage";
        case PageIndicator::critical:
            return "Major Service Outage";
    }
    return "All Systems Operational";
}

}  // namespace incident
