#include <catch2/catch.hpp>

#include "incident/stats.hpp"
#include "temp_journal.hpp"

using namespace incident;
using namespace incident::testing;
using std::chrono::seconds;

namespace {

IncidentFilter filter_since(Instant t) { IncidentFilter f; f.since = t; return f; }
}  // namespace

TEST_CASE("percentile interpolates linearly between closest ranks") {
    const std::vector<seconds> one{seconds{42}};
    CHECK(percentile(one, 50) == seconds{42});
    CHECK(percentile(one, 90) == seconds{42});
    const std::vector<seconds> two{seconds{10}, seconds{20}};
    CHECK(percentile(two, 50) == seconds{15});
    CHECK(percentile(two, 90) == seconds{19});
    const std::vector<seconds> ten{seconds{1}, seconds{2}, seconds{3}, seconds{4}, seconds{5},
                                   seconds{6}, seconds{7}, seconds{8}, seconds{9}, seconds{100}};
    CHECK(percentile(ten, 0) == seconds{1});
    CHECK(percentile(ten, 50) == seconds{6});   // 5.5 rounds half away from zero
    CHECK(percentile(ten, 90) == seconds{18});  // 9 + 0.1 * 91 = 18.1
    CHECK(percentile(ten, 100) == seconds{100});
}

TEST_CASE("summarize sorts, and gives nothing for no values") {
    CHECK_FALSE(summarize({}));
    const auto s = summarize({seconds{300}, seconds{100}, seconds{200}});
    REQUIRE(s);
    CHECK(s->count == 3);
    CHECK(s->median == seconds{200});
    CHECK(s->p90 == seconds{280});
    CHECK(s->mean == seconds{200});
    CHECK(s->min == seconds{100});
    CHECK(s->max == seconds{300});
}

TEST_CASE("stats count by impact and by month in the journal's zone") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    // 22:30 UTC on Jun 30 is already July in Stockholm.
    const auto a = open_at(store, "A", "2019-06-30T22:30:00Z", "x", Impact::major);
    open_at(store, "B", "2019-06-10T08:00:00Z", "x", Impact::minor);
    const auto c = open_at(store, "C", "2019-09-01T08:00:00Z", "x", Impact::major);
    post_at(store, a, "2019-07-01T02:30:00Z", "done", Status::resolved);
    post_at(store, c, "2019-09-01T08:45:00Z", "done", Status::resolved);

    const auto zone = *Zone::locate("Europe/Stockholm");
    const auto s = compute_stats(store, {}, zone);
    CHECK(s.total == 3);
    CHECK(s.open == 1);
    CHECK(s.resolved == 2);
    REQUIRE(s.by_impact.size() == 4);
    CHECK(s.by_impact[0] == std::pair{Impact::none, std::int64_t{0}});
    CHECK(s.by_impact[1] == std::pair{Impact::minor, std::int64_t{1}});
    CHECK(s.by_impact[2] == std::pair{Impact::major, std::int64_t{2}});
    CHECK(s.by_impact[3] == std::pair{Impact::critical, std::int64_t{0}});
    REQUIRE(s.by_month.size() == 4);  // June to September, empty August included
    CHECK((s.by_month[0].month == 6 && s.by_month[0].incidents == 1));
    CHECK((s.by_month[1].month == 7 && s.by_month[1].incidents == 1));
    CHECK((s.by_month[2].month == 8 && s.by_month[2].incidents == 0));
    CHECK((s.by_month[3].month == 9 && s.by_month[3].incidents == 1));
    REQUIRE(s.time_to_resolve);
    CHECK(s.time_to_resolve->count == 2);
    CHECK(s.time_to_resolve->median == seconds{(4 * 3600 + 45 * 60) / 2});
    CHECK(s.time_to_resolve->mean == seconds{(4 * 3600 + 45 * 60) / 2});
    REQUIRE(s.resolve_times.size() == 2);
    CHECK(s.resolve_times[0].id == a);

    const auto utc = compute_stats(store, {}, Zone::utc());
    REQUIRE(utc.by_month.size() == 4);
    CHECK(utc.by_month[0].incidents == 2);  // both June in UTC
    CHECK(utc.by_month[1].incidents == 0);
}

TEST_CASE("stats honour since and until, also inside a month") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    open_at(store, "A", "2019-07-01T08:00:00Z");
    open_at(store, "B", "2019-07-20T08:00:00Z");
    open_at(store, "C", "2019-08-02T08:00:00Z");
    IncidentFilter f;
    f.since = at("2019-07-10T00:00:00Z");
    f.until = at("2019-08-01T00:00:00Z");
    const auto s = compute_stats(store, f, Zone::utc());
    CHECK(s.total == 1);
    REQUIRE(s.by_month.size() == 1);
    CHECK(s.by_month[0].incidents == 1);
    CHECK_FALSE(s.time_to_resolve);
    const auto none = compute_stats(store, filter_since(at("2030-01-01T00:00:00Z")), Zone::utc());
    CHECK(none.total == 0);
    CHECK(none.by_month.empty());
}

TEST_CASE("stats render durations human-readably and JSON in seconds") {
    Stats s;
    s.total = 1;
    s.resolved = 1;
    s.by_impact = {{Impact::none, 1}};
    s.by_month = {{2019, 7, 1}};
    s.resolve_times = {{7, "Disk \x1b[2J full", Impact::none, at("2019-07-01T10:00:00Z"),
                        at("2019-07-01T12:15:00Z")}};
    s.time_to_resolve = summarize({seconds{8100}});
    const auto text = render::stats_text(s, Zone::utc(), {});
    CHECK_THAT(text, Catch::Contains("  median     2h 15m\n"));
    CHECK_THAT(text, Catch::Contains("  2019-07          1\n"));
    CHECK_THAT(text, Catch::Contains("Disk ^[[2J full"));
    const auto json = render::stats_json(s, Zone::utc());
    CHECK_THAT(json, Catch::Contains("\"median_seconds\":8100"));
    CHECK_THAT(json, Catch::Contains("{\"month\":\"2019-07\",\"incidents\":1}"));
    CHECK_THAT(json, Catch::Contains("\"name\":\"Disk \\u001b[2J full\""));
}

TEST_CASE("stats leave maintenances out of time to resolve") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto a = open_at(store, "A", "2019-07-01T08:00:00Z", "x", Impact::major);
    post_at(store, a, "2019-07-01T09:00:00Z", "done", Status::resolved);
    ScheduleRequest m;
    m.title = "Upgrade";
    m.scheduled_for = at("2019-07-02T00:00:00Z");
    m.scheduled_until = at("2019-07-02T02:00:00Z");
    m.at = at("2019-07-01T10:00:00Z");
    m.author = "tester";
    const auto id = schedule_maintenance(store, m, at("2030-01-01T00:00:00Z")).incident_id;
    post_at(store, id, "2019-07-03T00:00:00Z", "done", Status::completed);

    const auto s = compute_stats(store, {}, Zone::utc());
    REQUIRE(s.resolve_times.size() == 1U);
    CHECK(s.resolve_times[0].id == a);
    REQUIRE(s.time_to_resolve);
    CHECK(s.time_to_resolve->count == 1);
    CHECK(s.time_to_resolve->max == seconds{3600});
    CHECK_THAT(render::stats_text(s, Zone::utc(), {}),
               Catch::Contains("Time to resolve (1 resolved; open incidents not counted)"));
    // Nor are they incidents: counted apart, never by impact or month.
    CHECK(s.total == 1);
    CHECK(s.resolved == 1);
    CHECK(s.open == 0);
    CHECK(s.maintenances == 1);
    REQUIRE(s.by_month.size() == 1U);
    CHECK(s.by_month[0].incidents == 1);
    CHECK(s.by_impact[0] == std::pair{Impact::none, std::int64_t{0}});
    CHECK_THAT(render::stats_text(s, Zone::utc(), {}),
               Catch::Contains("Incidents: 1 (0 open, 1 resolved)\nMaintenances: 1 (not counted below)\n"));
    CHECK_THAT(render::stats_json(s, Zone::utc()), Catch::Contains("\"resolved\":1,\"maintenances\":1,"));
}
