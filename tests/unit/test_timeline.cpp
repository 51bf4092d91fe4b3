#include <catch2/catch.hpp>
#include <numeric>

#include "render/timeline.hpp"

using incident::render::segment_widths;
using std::chrono::seconds;
using Widths = std::vector<long long>;

namespace {

long long sum(const Widths& w) {
    return std::accumulate(w.begin(), w.end(), 0LL);
}

}  // namespace

TEST_CASE("segment widths are proportional to the phases' durations", "[timeline]") {
    CHECK(segment_widths({seconds(3600), seconds(1800), seconds(1800)}, 600, 10) ==
          Widths{300, 150, 150});
    CHECK(segment_widths({seconds(1), seconds(3)}, 400, 10) == Widths{100, 300});
    CHECK(segment_widths({seconds(7200)}, 640, 40) == Widths{640});
    CHECK(segment_widths({}, 640, 40).empty());
}

TEST_CASE("a short phase keeps a minimum visible width taken from the long ones", "[timeline]") {
    // One minute in a three-day incident: 1/4321 of the bar would be under one unit.
    const auto w = segment_widths({seconds(60), seconds(3 * 86400)}, 640, 24);
    CHECK(w == Widths{24, 616});
    // Holding one phase at the minimum may push another under it: both are held.
    const auto three = segment_widths({seconds(60), seconds(4000), seconds(100000)}, 300, 30);
    CHECK(three == Widths{30, 30, 240});
    CHECK(sum(three) == 300);
}

TEST_CASE("segment widths always fill the bar exactly", "[timeline]") {
    const auto w = segment_widths({seconds(1), seconds(1), seconds(1)}, 100, 5);
    CHECK(sum(w) == 100);
    CHECK(w[0] >= 33);
    CHECK(w[2] >= 33);
    for (const auto n : {2, 5, 9, 17}) {
        std::vector<seconds> durations;
        for (int i = 0; i < n; ++i) durations.emplace_back(i * i * 97 + 13);
        const auto widths = segment_widths(durations, 636, 20);
        CHECK(sum(widths) == 636);
        for (const auto x : widths) CHECK(x >= 19);  // the minimum, less one unit of rounding
    }
}

TEST_CASE("phases of no length share the bar equally, and a bar too small gives each the minimum",
          "[timeline]") {
    CHECK(segment_widths({seconds(0), seconds(0)}, 200, 10) == Widths{100, 100});
    CHECK(segment_widths({seconds(5), seconds(0)}, 200, 10) == Widths{190, 10});
    CHECK(segment_widths({seconds(5), seconds(9), seconds(1)}, 50, 20) == Widths{20, 20, 20});
}
