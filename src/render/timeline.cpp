#include "timeline.hpp"

#include <cmath>
#include <cstddef>

namespace incident::render {

std::vector<long long> segment_widths(const std::vector<std::chrono::seconds>& durations,
                                      long long area, long long min_width) {
    const auto n = durations.size();
    if (n == 0) return {};
    if (area <= static_cast<long long>(n) * min_width) {
        return std::vector<long long>(n, min_width);
    }
    // Phases held at the minimum; the rest share what is left in proportion. Holding one may
    // push another below the minimum, so repeat until none is (at most n rounds).
    std::vector<bool> held(n, false);
    std::vector<double> exact(n, 0.0);
    for (std::size_t round = 0; round <= n; ++round) {
        double free_area = static_cast<double>(area);
        double free_seconds = 0;
        std::size_t free_count = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (held[i]) {
                free_area -= static_cast<double>(min_width);
            } else {
                free_seconds += static_cast<double>(durations[i].count());
                ++free_count;
            }
        }
        bool changed = false;
        for (std::size_t i = 0; i < n; ++i) {
            if (held[i]) {
                exact[i] = static_cast<double>(min_width);
                continue;
            }
            exact[i] = free_seconds > 0
                           ? free_area * static_cast<double>(durations[i].count()) / free_seconds
                           : free_area / static_cast<double>(free_count);
            if (exact[i] < static_cast<double>(min_width)) {
                held[i] = true;
                changed = true;
            }
        }
        if (!changed) break;
    }
    // Round the running edges, not each width, so the widths add up to `area` exactly.
    std::vector<long long> out(n);
    double edge = 0;
    long long previous = 0;
    for (std::size_t i = 0; i < n; ++i) {
        edge += exact[i];
        const auto rounded = i + 1 == n ? area : std::llround(edge);
        out[i] = rounded - previous;
        previous = rounded;
    }
    return out;
}

}  // namespace incident::render
