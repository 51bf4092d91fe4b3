// Regressions found by the fuzz targets in fuzz/ (one test per finding).
#include <catch2/catch.hpp>

#include "incident/time.hpp"

using namespace incident;

TEST_CASE("an ISO local time always names the same instant, even with a local mean time offset",
          "[time][fuzz]") {
    // New York's LMT was -4:56:02: an offset rounded to minutes would move the instant by 2 s.
    const auto zone = *Zone::locate("America/New_York");
    for (const auto* text : {"1800-07-01 18:30", "0219-07-01 18:30", "2019-07-01 18:30"}) {
        const auto parsed = parse_time(text, zone);
        REQUIRE(std::holds_alternative<Instant>(parsed));
        const auto instant = std::get<Instant>(parsed);
        const auto again = parse_time(format_iso_local(instant, zone), zone);
        REQUIRE(std::holds_alternative<Instant>(again));
        CHECK(std::get<Instant>(again) == instant);
    }
}
