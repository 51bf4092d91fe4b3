#pragma once
// The HTML timeline's geometry: how wide each phase's segment of the bar is.
#include <chrono>
#include <vector>

namespace incident::render {

// Segment widths, in the bar's units, for phases lasting `durations`: proportional to each
// duration, but none narrower than `min_width` (the longer phases give up the room), and
// together exactly `area` wide. Phases of no length at all share the bar equally. When
// `area` cannot hold every phase at `min_width`, each gets `min_width`.
std::vector<long long> segment_widths(const std::vector<std::chrono::seconds>& durations,
                                      long long area, long long min_width);

}  // namespace incident::render
