#include <date/date.h>

#include <catch2/catch.hpp>

#include "incident/time.hpp"

using namespace incident;
using namespace std::chrono_literals;

namespace {

Zone stockholm() {
    return *Zone::locate("Europe/Stockholm");
}

Instant utc(int y, unsigned m, unsigned d, int hh, int mm, int ss = 0) {
    const auto day = date::sys_days{date::year{y} / date::month{m} / date::day{d}};
    return Instant{day.time_since_epoch() + std::chrono::hours{hh} + std::chrono::minutes{mm} +
                   std::chrono::seconds{ss}};
}

Instant parsed(std::string_view text, const Zone& zone) {
    auto result = parse_time(text, zone);
    if (auto* error = std::get_if<std::string>(&result)) FAIL(*error);
    return std::get<Instant>(result);
}

std::string error_of(std::string_view text, const Zone& zone) {
    auto result = parse_time(text, zone);
    REQUIRE(std::holds_alternative<std::string>(result));
    return std::get<std::string>(result);
}

}  // namespace

TEST_CASE("local times are read in the journal's zone", "[time]") {
    CHECK(parsed("2019-07-01 18:30", stockholm()) == utc(2019, 7, 1, 16, 30));
    CHECK(parsed("2019-07-01 18:30:15", stockholm()) == utc(2019, 7, 1, 16, 30, 15));
    CHECK(parsed("2019-07-01T18:30", stockholm()) == utc(2019, 7, 1, 16, 30));
    CHECK(parsed("2019-01-15 12:00", stockholm()) == utc(2019, 1, 15, 11, 0));
    CHECK(parsed("2019-07-01 18:30", Zone::utc()) == utc(2019, 7, 1, 18, 30));
}

TEST_CASE("ISO 8601 with Z or an offset ignores the zone", "[time]") {
    CHECK(parsed("2019-07-01T16:30:00Z", stockholm()) == utc(2019, 7, 1, 16, 30));
    CHECK(parsed("2019-07-01T18:30:00+02:00", Zone::utc()) == utc(2019, 7, 1, 16, 30));
    CHECK(parsed("2019-07-01T18:30+0200", Zone::utc()) == utc(2019, 7, 1, 16, 30));
    CHECK(parsed("2019-07-01T11:30-05", Zone::utc()) == utc(2019, 7, 1, 16, 30));
    // Milliseconds are kept (Statuspage times carry them).
    CHECK(parsed("2019-07-01T16:30:00.250Z", Zone::utc()) == utc(2019, 7, 1, 16, 30) + 250ms);
}

TEST_CASE("impossible dates and junk are rejected with a reason", "[time]") {
    CHECK_THAT(error_of("2019-02-30 10:00", stockholm()), Catch::Contains("no such day"));
    CHECK_THAT(error_of("2019-02-29 10:00", stockholm()), Catch::Contains("no such day"));
    CHECK(std::holds_alternative<Instant>(parse_time("2020-02-29 10:00", stockholm())));
    CHECK_THAT(error_of("2019-07-01 24:00", stockholm()), Catch::Contains("invalid time"));
    CHECK_THAT(error_of("2019-07-01 18:60", stockholm()), Catch::Contains("invalid time"));
    CHECK_THAT(error_of("2019-07-01 18:30 tomorrow", stockholm()),
               Catch::Contains("unexpected \" tomorrow\""));
    CHECK_THAT(error_of("2019-07-01", stockholm()), Catch::Contains("time of day is required"));
    CHECK_THAT(error_of("yesterday", stockholm()), Catch::Contains("cannot read time"));
    CHECK_THAT(error_of("", stockholm()), Catch::Contains("cannot read time"));
    CHECK_THAT(error_of("2019-7-1 18:30", stockholm()), Catch::Contains("cannot read time"));
    CHECK_THAT(error_of("2019-07-01T18:30+25:00", stockholm()), Catch::Contains("offset"));
    CHECK_THAT(error_of("2019-07-01T18:30:00.Z", stockholm()), Catch::Contains("cannot read"));
}

TEST_CASE("local times in a DST gap or overlap are refused", "[time]") {
    CHECK_THAT(error_of("2019-03-31 02:30", stockholm()), Catch::Contains("does not exist"));
    CHECK_THAT(error_of("2019-10-27 02:30", stockholm()), Catch::Contains("happens twice"));
    CHECK_THAT(error_of("2019-10-27 02:30", stockholm()), Catch::Contains("+02:00"));
    // The gap names the valid times on either side, the overlap both offsets.
    CHECK_THAT(error_of("2019-03-31 02:30", stockholm()),
               Catch::EndsWith("the valid times either side are 2019-03-31 01:59:59 CET "
                               "(2019-03-31T00:59:59Z) and 2019-03-31 03:00 CEST "
                               "(2019-03-31T01:00:00Z)"));
    CHECK_THAT(error_of("2019-10-27 02:30", stockholm()),
               Catch::EndsWith("give the offset: 2019-10-27T02:30:00+02:00 (CEST) or "
                               "2019-10-27T02:30:00+01:00 (CET)"));
    // The same wall times are fine with an explicit offset.
    CHECK(parsed("2019-10-27T02:30+01:00", stockholm()) == utc(2019, 10, 27, 1, 30));
}

TEST_CASE("times in messages read as typed in the zone, with the UTC instant", "[time]") {
    CHECK(format_for_message(utc(2019, 7, 1, 16, 30), stockholm()) ==
          "2019-07-01 18:30 CEST (2019-07-01T16:30:00Z)");
    CHECK(format_for_message(utc(2019, 7, 1, 16, 30, 5), stockholm()) ==
          "2019-07-01 18:30:05 CEST (2019-07-01T16:30:05Z)");
    CHECK(format_for_message(utc(2019, 7, 1, 16, 30), Zone::utc()) == "2019-07-01T16:30:00Z");
}

TEST_CASE("Posted lines carry the zone's abbreviation of that day", "[time]") {
    CHECK(format_posted(utc(2019, 7, 1, 16, 30), stockholm()) == "Jul 01, 2019 - 18:30 CEST");
    CHECK(format_posted(utc(2019, 12, 24, 8, 5), stockholm()) == "Dec 24, 2019 - 09:05 CET");
    CHECK(format_posted(utc(2019, 7, 1, 16, 30), Zone::utc()) == "Jul 01, 2019 - 16:30 UTC");
    CHECK(format_local(utc(2019, 7, 1, 16, 30), stockholm()) == "2019-07-01 18:30 CEST");
    CHECK(format_iso_utc(utc(2019, 7, 1, 16, 30)) == "2019-07-01T16:30:00Z");
    CHECK(format_iso_local(utc(2019, 7, 1, 16, 30), stockholm()) == "2019-07-01T18:30:00+02:00");
    CHECK(format_date(utc(2019, 7, 1, 22, 30), stockholm()) == "2019-07-02");
}

TEST_CASE("zones are looked up by IANA name and UTC needs no database", "[time]") {
    CHECK(Zone::locate("UTC")->is_utc());
    CHECK(Zone::locate("Etc/UTC")->is_utc());
    CHECK(Zone::locate(":Europe/Stockholm")->name() == "Europe/Stockholm");
    CHECK_FALSE(Zone::locate("Mars/Olympus").has_value());
    CHECK_FALSE(Zone::locate("").has_value());
}

TEST_CASE("durations show the two largest units", "[time]") {
    CHECK(format_duration(0s) == "0s");
    CHECK(format_duration(45s) == "45s");
    CHECK(format_duration(90s) == "1m 30s");
    CHECK(format_duration(2h + 15min + 10s) == "2h 15m");
    CHECK(format_duration(16h + 37min) == "16h 37m");
    CHECK(format_duration(3h) == "3h");
    CHECK(format_duration(24h * 3 + 4h + 5min) == "3d 4h");
    CHECK(format_duration(-5s) == "0s");
}

TEST_CASE("durations over a year read in years and months", "[time]") {
    constexpr auto day = 24h;
    CHECK(format_duration(day * 364 + 23h) == "364d 23h");
    CHECK(format_duration(day * 365) == "1y");
    CHECK(format_duration(day * (365 + 92)) == "1y 3mo");
    CHECK(format_duration(day * (730 - 1)) == "1y 11mo");
    CHECK(format_duration(day * 730 + 5h) == "2y");
}

TEST_CASE("maintenance windows name the date and zone once when both ends share them", "[time]") {
    const auto z = stockholm();
    CHECK(format_window(utc(2019, 7, 5, 0, 0), utc(2019, 7, 5, 2, 0), z) ==
          "2019-07-05 02:00 \u2013 04:00 CEST");
    CHECK(format_window(utc(2019, 7, 5, 21, 0), utc(2019, 7, 5, 23, 30), z) ==
          "2019-07-05 23:00 CEST \u2013 2019-07-06 01:30 CEST");
    // Across the change to winter time the abbreviation differs, so both ends carry theirs.
    CHECK(format_window(utc(2019, 10, 27, 0, 0), utc(2019, 10, 27, 2, 0), z) ==
          "2019-10-27 02:00 CEST \u2013 2019-10-27 03:00 CET");
    CHECK(format_posted_window(utc(2019, 7, 5, 0, 0), utc(2019, 7, 5, 2, 0), z) ==
          "Jul 05, 2019 - 02:00 \u2013 04:00 CEST");
    CHECK(format_posted_window(utc(2019, 7, 5, 21, 0), utc(2019, 7, 6, 1, 0), Zone::utc()) ==
          "Jul 05, 2019 - 21:00 UTC \u2013 Jul 06, 2019 - 01:00 UTC");
}
