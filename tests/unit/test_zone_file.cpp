#include <date/tz.h>
#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <utility>
#include <variant>

#include "incident/time.hpp"
#include "support.hpp"
#include "time/zone_file.hpp"

using namespace incident;
using std::chrono::seconds;
// The zone code works in whole seconds; these tests walk it second by second.
using WholeSeconds = std::chrono::sys_seconds;

namespace {

const char* const zones[] = {"Europe/Stockholm", "America/New_York",  "Australia/Lord_Howe",
                             "Asia/Kolkata",     "America/Sao_Paulo", "Pacific/Chatham",
                             "Europe/Dublin",    "Africa/Casablanca", "US/Eastern"};

}  // namespace

TEST_CASE("zones read from one TZif file agree with date's whole-database lookup", "[time]") {
    for (const char* name : zones) {
        INFO(name);
        const auto ours = Zone::locate(name);
        REQUIRE(ours);
        const auto* theirs = date::locate_zone(name);
        // Every 7 hours from 1900 to 2037 (crosses every transition's neighbourhood). date's
        // reader ignores the POSIX TZ footer, so later years are checked against glibc below.
        const auto from = date::sys_days{date::year{1900} / 1 / 1};
        const auto to = date::sys_days{date::year{2037} / 1 / 1};
        for (auto t = WholeSeconds{from.time_since_epoch()};
             t < WholeSeconds{to.time_since_epoch()}; t += seconds{7 * 3600 + 13}) {
            const auto info = theirs->get_info(t);
            const auto local = ours->to_local(t);
            REQUIRE(local.offset == info.offset);
            REQUIRE(local.abbrev == info.abbrev);
            const auto wall = std::chrono::local_seconds{t.time_since_epoch()};
            const auto li = theirs->get_info(date::local_seconds{wall.time_since_epoch()});
            const auto resolved = ours->from_local(wall);
            const auto expected = li.result == date::local_info::unique ? Zone::LocalKind::unique
                                  : li.result == date::local_info::nonexistent
                                      ? Zone::LocalKind::nonexistent
                                      : Zone::LocalKind::ambiguous;
            REQUIRE(resolved.kind == expected);
            REQUIRE(resolved.instant == WholeSeconds{wall.time_since_epoch() - li.first.offset});
        }
    }
}

TEST_CASE("wall times next to DST changes resolve like date does", "[time]") {
    const auto z = *Zone::locate("Europe/Stockholm");
    const auto* d = date::locate_zone("Europe/Stockholm");
    // Minute by minute around the 2019 spring and autumn changes.
    for (const auto day :
         {date::sys_days{date::year{2019} / 3 / 31}, date::sys_days{date::year{2019} / 10 / 27}}) {
        for (int m = 0; m < 6 * 60; ++m) {
            const std::chrono::local_seconds wall{day.time_since_epoch() + std::chrono::minutes{m}};
            const auto li = d->get_info(date::local_seconds{wall.time_since_epoch()});
            const auto r = z.from_local(wall);
            INFO(m);
            CHECK((r.kind == Zone::LocalKind::unique) == (li.result == date::local_info::unique));
            CHECK((r.kind == Zone::LocalKind::nonexistent) ==
                  (li.result == date::local_info::nonexistent));
            CHECK(r.instant == WholeSeconds{wall.time_since_epoch() - li.first.offset});
        }
    }
}

TEST_CASE("zone names that are not zone files are refused", "[time]") {
    for (const char* bad :
         {"../../etc/passwd", "/usr/share/zoneinfo/Europe/Stockholm", "Europe/./Stockholm",
          "Europe//Stockholm", "Europe/", ".hidden", "posix/Europe/Stockholm", "right/UTC",
          "Factory", "zone.tab", "tzdata.zi", "Europe", "Nowhere/City", "Europe/Stock holm", ""}) {
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
    std::ifstream in(detail::zoneinfo_dir().string() + "/Europe/Stockholm", std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string whole = buffer.str();
    REQUIRE(whole.size() > 100);
    REQUIRE(detail::read_zone_file(detail::zoneinfo_dir(), "Europe/Stockholm"));
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
    for (auto t = WholeSeconds{from.time_since_epoch()};
         t.time_since_epoch() < seconds{2'200'000'000}; t += seconds{86'400 * 3 + 3'607}) {
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

namespace {

// Sets TZ (and TZDIR) for one scope, as glibc and Zone::locate read them.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        ::setenv(name, value.c_str(), 1);
        ::tzset();
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;
    ~ScopedEnv() {
        if (old_) {
            ::setenv(name_, old_->c_str(), 1);
        } else {
            ::unsetenv(name_);
        }
        ::tzset();
    }

  private:
    const char* name_;
    std::optional<std::string> old_;
};

// Compiles the system's tzdata source (tzdata.zi) with zic into `out`, as `-b slim` or `-b fat`.
void compile_zones(const std::filesystem::path& out, const char* bloat) {
    const auto source = detail::zoneinfo_dir() / "tzdata.zi";
    REQUIRE(std::filesystem::exists(source));
    const auto command =
        std::string("zic -b ") + bloat + " -d '" + out.string() + "' '" + source.string() + "'";
    REQUIRE(std::system(command.c_str()) == 0);
}

// glibc's offset and abbreviation at `t` for the zone file `path`.
std::pair<long, std::string> glibc_at(const std::filesystem::path& path, WholeSeconds t) {
    const ScopedEnv tz("TZ", ":" + path.string());
    const auto c = static_cast<time_t>(t.time_since_epoch().count());
    std::tm tm{};
    if (::localtime_r(&c, &tm) == nullptr) return {0, "?"};
    return {tm.tm_gmtoff, tm.tm_zone};
}

// Mismatches between our reading of every zone file in `dir` and glibc's localtime_r, at
// instants spread over 1970-2100 and on both sides of each transition. The oracle is glibc
// on the same file or, where glibc reads a slim file's last transition by its footer
// (America/Ojinaga, 2022-10-30), on the fat build of the same zone in `fat`.
std::vector<std::string> differences_from_glibc(const std::filesystem::path& dir,
                                                const std::filesystem::path& fat) {
    std::vector<std::string> out;
    const auto names = detail::zone_names(dir);
    REQUIRE(names.size() > 300);
    const auto from = date::sys_days{date::year{1970} / 1 / 1};
    const auto to = date::sys_days{date::year{2100} / 12 / 31};
    for (const auto& name : names) {
        if (!std::filesystem::exists(fat / name)) continue;  // e.g. "localtime"
        const auto ours = detail::read_zone_file(dir, name);
        if (!ours) {
            out.push_back(name + ": not read");
            continue;
        }
        std::vector<WholeSeconds> instants;
        // A prime step (about 23 days) visits every season and time of day.
        for (WholeSeconds t{from}; t < WholeSeconds{to}; t += seconds{23 * 86'400 + 3'613}) {
            instants.push_back(t);
        }
        for (const auto& p : ours->periods) {
            if (p.begin > WholeSeconds{from} && p.begin < WholeSeconds{to}) {
                instants.insert(instants.end(), {p.begin - seconds{1}, p.begin});
            }
        }
        std::vector<WholeSeconds> suspects;
        {
            const ScopedEnv tz("TZ", ":" + (dir / name).string());
            for (const auto t : instants) {
                const auto c = static_cast<time_t>(t.time_since_epoch().count());
                std::tm tm{};
                REQUIRE(::localtime_r(&c, &tm) != nullptr);
                const auto& period = ours->at(t);
                if (period.offset.count() != tm.tm_gmtoff || period.abbrev != tm.tm_zone) {
                    suspects.push_back(t);
                }
            }
        }
        for (const auto t : suspects) {
            const auto& period = ours->at(t);
            const auto [offset, abbrev] = glibc_at(fat / name, t);
            if (period.offset.count() != offset || period.abbrev != abbrev) {
                out.push_back(fmt::format("{} at {}: ours {} {}, glibc {} {}", name,
                                          format_iso_utc(t), period.offset.count(), period.abbrev,
                                          offset, abbrev));
                break;
            }
        }
        if (out.size() > 20) break;
    }
    return out;
}

}  // namespace

TEST_CASE("every zone, fat and slim, agrees with glibc's localtime_r from 1970 to 2100",
          "[time][zone-oracle]") {
    testing::TempDir dir;
    compile_zones(dir / "fat", "fat");
    compile_zones(dir / "slim", "slim");
    for (const auto& build : {detail::zoneinfo_dir(), dir / "fat", dir / "slim"}) {
        INFO(build);
        const auto differences = differences_from_glibc(build, dir / "fat");
        for (const auto& d : differences) UNSCOPED_INFO(d);
        CHECK(differences.empty());
    }
}

TEST_CASE("a wall time after 2037 or after a slim file's last transition follows the rule",
          "[time]") {
    testing::TempDir dir;
    compile_zones(dir.path(), "slim");
    const ScopedEnv tzdir("TZDIR", dir.path().string());
    const auto slim = Zone::locate("Europe/Stockholm");
    REQUIRE(slim);
    CHECK(std::filesystem::file_size(dir / "Europe/Stockholm") <
          std::filesystem::file_size("/usr/share/zoneinfo/Europe/Stockholm"));
    const auto at = [](const Zone& z, const char* text) {
        const auto parsed = parse_time(text, z);
        REQUIRE(std::holds_alternative<Instant>(parsed));
        return format_iso_utc(std::get<Instant>(parsed));
    };
    CHECK(at(*slim, "2039-06-29 12:00") == "2039-06-29T10:00:00Z");
    CHECK(at(*slim, "2019-07-01 18:30") == "2019-07-01T16:30:00Z");
    CHECK(at(*slim, "2090-01-15 12:00") == "2090-01-15T11:00:00Z");
    CHECK(slim->to_local(Instant{seconds{2'193'000'000}}).abbrev == "CEST");  // 2039-06-29
}

TEST_CASE("TZDIR names the zone directory, as it does for glibc", "[time]") {
    testing::TempDir dir;
    std::ofstream(dir / "zones.zi") << "Zone Test/Plus3 3:00 - +03\n"
                                       "Rule Odd 2000 max - Apr Sun>=1 2:00 1:00 D\n"
                                       "Rule Odd 2000 max - Oct lastSun 2:00 0 S\n"
                                       "Zone Test/Odd -3:30 Odd N%sT\n";
    REQUIRE(std::system(("zic -b slim -d '" + dir.path().string() + "' '" +
                         (dir / "zones.zi").string() + "'")
                            .c_str()) == 0);
    CHECK_FALSE(Zone::locate("Test/Plus3"));
    const ScopedEnv tzdir("TZDIR", dir.path().string());
    const auto plus3 = Zone::locate("Test/Plus3");
    REQUIRE(plus3);
    CHECK(plus3->to_local(Instant{seconds{4'102'444'800}}).abbrev == "+03");  // 2100
    CHECK(plus3->to_local(Instant{seconds{4'102'444'800}}).offset == seconds{3 * 3600});
    const auto odd = Zone::locate("Test/Odd");
    REQUIRE(odd);
    // 2077-07-01 12:00Z: daylight time, -2:30.
    const auto summer = odd->to_local(Instant{seconds{3'392'366'400}});
    CHECK(summer.abbrev == "NDT");
    CHECK(summer.offset == seconds{-9000});
    const auto winter = odd->to_local(Instant{seconds{3'376'641'600}});  // 2076-12-31
    CHECK(winter.abbrev == "NST");
    CHECK(winter.offset == seconds{-12600});
}
