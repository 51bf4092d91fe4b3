// Regressions found by the fuzz targets in fuzz/ (one test per finding).
#include <catch2/catch.hpp>

#include "incident/time.hpp"

using namespace incident;

namespace {
bool refused_with(const Parsed<Instant>& parsed, const std::string& words) {
    const auto* error = std::get_if<std::string>(&parsed);
    return error != nullptr && error->find(words) != std::string::npos;
}
}  // namespace

TEST_CASE("an ISO local time always names the same instant, even with a local mean time offset",
          "[time][fuzz]") {
    // Monrovia kept local mean time (-0:44:30) until 1972: an offset rounded to minutes
    // would move the instant by 30 s.
    const auto zone = *Zone::locate("Africa/Monrovia");
    for (const auto* text : {"1971-06-01 12:00", "2019-07-01 18:30"}) {
        const auto parsed = parse_time(text, zone);
        REQUIRE(std::holds_alternative<Instant>(parsed));
        const auto instant = std::get<Instant>(parsed);
        const auto again = parse_time(format_iso_local(instant, zone), zone);
        REQUIRE(std::holds_alternative<Instant>(again));
        CHECK(std::get<Instant>(again) == instant);
    }
}

TEST_CASE("times before 1970 are refused as typos, never stored", "[time][fuzz]") {
    // Year 0000 in Kathmandu is an instant in year -1, which no format can write back.
    const auto kathmandu = *Zone::locate("Asia/Kathmandu");
    CHECK(refused_with(parse_time("0000-01-01T00:04", kathmandu), "before 1970"));
    CHECK(refused_with(parse_time("0219-07-01 18:30", Zone::utc()), "before 1970"));
    CHECK(refused_with(parse_time("1969-12-31T23:59:59Z", Zone::utc()), "before 1970"));
    // The instant counts, not the wall time: this one is 1969-12-31T10:00Z.
    CHECK(refused_with(parse_time("1970-01-01T00:00:00+14", Zone::utc()), "before 1970"));
    CHECK(refused_with(parse_time("1970-01-01 00:30", *Zone::locate("Europe/Stockholm")),
                       "before 1970"));
    CHECK(std::holds_alternative<Instant>(parse_time("1970-01-01T00:00:00Z", Zone::utc())));
    // And an instant after 1970 written in a zone west of UTC reads back (fuzz_time).
    const auto new_york = *Zone::locate("America/New_York");
    CHECK(std::holds_alternative<Instant>(parse_time("1969-12-31T20:00:00-05:00", new_york)));
    CHECK(std::holds_alternative<Instant>(parse_time("1969-12-31 20:00", new_york)));
}
