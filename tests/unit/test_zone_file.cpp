#include <date/tz.h>

#include <algorithm>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "incident/time.hpp"
#include "time/zone_file.hpp"

using namespace incident;
using std::chrono::seconds;

namespace {

const char* const zones[] = {"Europe/Stockholm", "America/New_York", "Australia/Lord_Howe",
                             "Asia/Kolkata",     "America/Sao_Paulo", "Pacific/Chatham",
                             "Europe/Dublin",    "Africa/Casablanca", "US/Eastern"};

}  // namespace

TEST_CASE("zones read from one TZif file agree with date's whole-database lookup", "[time]") {
    for (const char* name : zones) {
        INFO(name);
        const auto ours = Zone::locate(name);
        REQUIRE(ours);
        const auto* theirs = date::locate_zone(name);
        // Every 7 hours from 1900 to 2040 (crosses every transition's neighbourhood).
        const auto from = date::sys_days{date::year{1900} / 1 / 1};
        const auto to = date::sys_days{date::year{2040} / 1 / 1};
        for (auto t = Instant{from.time_since_epoch()}; t < Instant{to.time_since_epoch()};
             t += seconds{7 * 3600 + 13}) {
            const auto info = theirs->get_info(t);
            const auto local = ours->to_local(t);
            REQUIRE(local.offset == info.offset);
            REQUIRE(local.abbrev == info.abbrev);
            const auto wall = std::chrono::local_seconds{t.time_since_epoch()};
            const auto li = theirs->get_info(date::local_seconds{wall.time_since_epoch()});
            const auto resolved = ours->from_local(wall);
            const auto expected = li.result == date::local_info::unique
                                      ? Zone::LocalKind::unique
                                      : li.result == date::local_info::nonexistent
                                            ? Zone::LocalKind::nonexistent
                                            : Zone::LocalKind::ambiguous;
            REQUIRE(resolved.kind == expected);
            REQUIRE(resolved.instant == Instant{wall.time_since_epoch() - li.first.offset});
        }
    }
}

TEST_CASE("wall times next to DST changes resolve like date does", "[time]") {
    const auto z = *Zone::locate("Europe/Stockholm");
    const auto* d = date::locate_zone("Europe/Stockholm");
    // Minute by minute around the 2019 spring and autumn changes.
    for (const auto day : {date::sys_days{date::year{2019} / 3 / 31},
                           date::sys_days{date::year{2019} / 10 / 27}}) {
        for (int m = 0; m < 6 * 60; ++m) {
            const std::chrono::local_seconds wall{day.time_since_epoch() + std::chrono::minutes{m}};
            const auto li = d->get_info(date::local_seconds{wall.time_since_epoch()});
            const auto r = z.from_local(wall);
            INFO(m);
            CHECK((r.kind == Zone::LocalKind::unique) == (li.result == date::local_info::unique));
            CHECK((r.kind == Zone::LocalKind::nonexistent) ==
                  (li.result == date::local_info::nonexistent));
            CHECK(r.instant == Instant{wall.time_since_epoch() - li.first.offset});
        }
    }
}

TEST_CASE("zone names that are not zone files are refused", "[time]") {
    for (const char* bad : {"../../etc/passwd", "/usr/share/zoneinfo/Europe/Stockholm",
                            "Europe/./Stockholm", "Europe//Stockholm", "Europe/", ".hidden",
                            "posix/Europe/Stockholm", "right/UTC", "Factory", "zone.tab",
                            "tzdata.zi", "Europe", "Nowhere/City", "Europe/Stock holm", ""}) {
        INFO(bad);
        CHECK_FALSE(Zone::locate(bad));
    }
    CHECK(Zone::locate("Europe/Stockholm"));
    CHECK(Zone::locate(":Europe/Stockholm"));
    CHECK(Zone::locate("Etc/GMT+5"));
    CHECK(Zone::locate("Etc/GMT+5")->to_local(Instant{}).offset == seconds{-5 * 3600});
}

TEST_CASE("truncated or foreign zone files are refused, never read past their end", "[time]") {
    const auto dir = std::filesystem::temp_directory_path() / "incident-zone-file-test";
    std::filesystem::create_directories(dir);
    std::ifstream in(std::string(detail::zoneinfo_dir) + "/Europe/Stockholm", std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string whole = buffer.str();
    REQUIRE(whole.size() > 100);
    REQUIRE(detail::read_zone_file(detail::zoneinfo_dir, "Europe/Stockholm"));
    for (std::size_t cut = 0; cut < whole.size(); cut += 7) {
        std::ofstream(dir / "Cut", std::ios::binary | std::ios::trunc) << whole.substr(0, cut);
        INFO(cut);
        // The footer (after the 64-bit data) is optional for date too; everything before it is not.
        if (cut < whole.size() - 40) CHECK_FALSE(detail::read_zone_file(dir, "Cut"));
    }
    std::ofstream(dir / "Text", std::ios::trunc) << "not a zone file\n";
    CHECK_FALSE(detail::read_zone_file(dir, "Text"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("times are formatted exactly as date::format would", "[time]") {
    const auto z = *Zone::locate("America/Sao_Paulo");
    const auto from = date::sys_days{date::year{1960} / 1 / 1};
    for (auto t = Instant{from.time_since_epoch()}; t.time_since_epoch() < seconds{2'200'000'000};
         t += seconds{86'400 * 3 + 3'607}) {
        const auto local = z.to_local(t);
        const date::local_seconds wall{local.time.time_since_epoch()};
        INFO(t.time_since_epoch().count());
        REQUIRE(format_posted(t, z) == date::format("%b %d, %Y - %H:%M ", wall) + local.abbrev);
        REQUIRE(format_local(t, z) == date::format("%Y-%m-%d %H:%M ", wall) + local.abbrev);
        REQUIRE(format_date(t, z) == date::format("%Y-%m-%d", wall));
        REQUIRE(format_iso_utc(t) ==
                date::format("%Y-%m-%dT%H:%M:%SZ", date::sys_seconds{t.time_since_epoch()}));
        REQUIRE(format_iso_local(t, z).substr(0, 19) == date::format("%Y-%m-%dT%H:%M:%S", wall));
    }
    CHECK(format_iso_local(Instant{seconds{0}}, z) == "1969-12-31T21:00:00-03:00");
}

TEST_CASE("zone names are date's database names that name zone files", "[time]") {
    const auto ours = Zone::names();
    REQUIRE(std::is_sorted(ours.begin(), ours.end()));
    CHECK(std::binary_search(ours.begin(), ours.end(), "UTC"));
    CHECK(std::binary_search(ours.begin(), ours.end(), "Europe/Stockholm"));
    CHECK(std::binary_search(ours.begin(), ours.end(), "US/Eastern"));
    CHECK_FALSE(std::binary_search(ours.begin(), ours.end(), "posix/Europe/Stockholm"));
    std::size_t date_zones = 0;
    for (const auto& z : date::get_tzdb().zones) {
        if (!Zone::locate(z.name())) continue;  // e.g. date lists tzdata.zi, not a zone
        ++date_zones;
        INFO(z.name());
        CHECK(std::binary_search(ours.begin(), ours.end(), z.name()));
    }
    for (const auto& name : ours) {
        INFO(name);
        CHECK(Zone::locate(name));
    }
    CHECK(ours.size() >= date_zones);
    CHECK(ours.size() <= date_zones + 1);  // + "UTC" when the database has no file of that name
}
