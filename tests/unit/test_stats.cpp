#include <catch2/catch.hpp>

#include "incident/stats.hpp"
#include "temp_journal.hpp"

using namespace incident;
using namespace incident::testing;
using std::chrono::seconds;

namespace {

IncidentFilter filter_since(Instant t) {
    IncidentFilter f;
    f.since = t;
    return f;
}
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
               Catch::Contains(
                   "Incidents: 1 (0 open, 1 resolved)\nMaintenances: 1 (not counted below)\n"));
    CHECK_THAT(render::stats_json(s, Zone::utc()),
               Catch::Contains("\"resolved\":1,\"maintenances\":1,"));
}

namespace {

ResponseRecord record(IncidentId id, const char* opened) {
    ResponseRecord r;
    r.id = id;
    r.title = "Incident " + std::to_string(id);
    r.created_at = at(opened);
    return r;
}

const MetricDefinition& metric(std::string_view key) {
    for (const auto& m : response_metrics) {
        if (m.key == key) return m;
    }
    throw std::logic_error("no such metric");
}

}  // namespace

TEST_CASE("the response metrics are the documented differences of milestones") {
    CHECK(metric("time_to_detect").definition == "detected \u2212 started");
    CHECK(metric("time_to_acknowledge").definition == "acknowledged \u2212 detected");
    CHECK(metric("time_to_mitigate").definition == "mitigated \u2212 started");
    CHECK(metric("time_to_resolve").definition == "resolved \u2212 started");

    auto r = record(1, "2019-07-01T10:00:00Z");
    // started falls back to the opening; each missing point is named.
    CHECK(point_of(r, Point::started) == at("2019-07-01T10:00:00Z"));
    CHECK(std::get<Point>(metric_value(r, metric("time_to_detect"))) == Point::detected);
    CHECK(std::get<Point>(metric_value(r, metric("time_to_acknowledge"))) == Point::detected);
    CHECK(std::get<Point>(metric_value(r, metric("time_to_resolve"))) == Point::resolved);
    r.started_at = at("2019-07-01T09:40:00Z");
    r.detected_at = at("2019-07-01T09:50:00Z");
    r.acknowledged_at = at("2019-07-01T09:52:30Z");
    r.mitigated_at = at("2019-07-01T10:40:00Z");
    r.resolved_at = at("2019-07-01T12:40:00Z");
    CHECK(std::get<seconds>(metric_value(r, metric("time_to_detect"))) == seconds{600});
    CHECK(std::get<seconds>(metric_value(r, metric("time_to_acknowledge"))) == seconds{150});
    CHECK(std::get<seconds>(metric_value(r, metric("time_to_mitigate"))) == seconds{3600});
    CHECK(std::get<seconds>(metric_value(r, metric("time_to_resolve"))) == seconds{3 * 3600});
    // acknowledged without detected lacks detected, not acknowledged.
    auto half = record(2, "2019-07-02T10:00:00Z");
    half.acknowledged_at = at("2019-07-02T10:01:00Z");
    CHECK(std::get<Point>(metric_value(half, metric("time_to_acknowledge"))) == Point::detected);

    // Maintenances and backfilled imports are not counted, by rule.
    auto maintenance = record(3, "2019-07-03T10:00:00Z");
    maintenance.kind = Kind::maintenance;
    auto backfilled = record(4, "2019-07-03T11:00:00Z");
    backfilled.backfilled = true;
    CHECK(counts_for_response(r));
    CHECK_FALSE(counts_for_response(maintenance));
    CHECK_FALSE(counts_for_response(backfilled));

    const auto summaries = summarize_metrics({r, half});
    REQUIRE(summaries.size() == 4U);
    const auto& ack = summaries[1];
    CHECK(ack.metric->key == "time_to_acknowledge");
    CHECK(ack.values == std::vector<seconds>{seconds{150}});
    REQUIRE(ack.missing.size() == 1U);
    CHECK(ack.missing[0].id == 2);
    CHECK(ack.missing[0].lacks == Point::detected);
    REQUIRE(summaries[3].summary);
    CHECK(summaries[3].summary->count == 1U);
    CHECK(summaries[3].missing.size() == 1U);  // incident 2 is not resolved
}

TEST_CASE("stats leave maintenances and backfilled imports out of the response times") {
    TempJournal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto a = open_at(store, "A", "2019-07-01T08:00:00Z", "x", Impact::major);
    post_at(store, a, "2019-07-01T09:00:00Z", "done", Status::resolved);
    MarkRequest m;
    m.id = a;
    m.milestone = Milestone::detected;
    m.at = at("2019-07-01T08:10:00Z");
    m.author = "tester";
    mark_milestone(store, m, at("2030-01-01T00:00:00Z"));
    const auto b = open_at(store, "B", "2019-07-02T08:00:00Z", "x", Impact::minor);
    store.transact([&] {
        NewIncident imported;
        imported.title = "Imported";
        imported.backfilled = true;
        const auto id = store.insert_incident(imported, at("2019-07-03T08:00:00Z"));
        Update u;
        u.incident_id = id;
        u.status = Status::resolved;
        u.body = "Backfilled.";
        u.posted_at = at("2019-07-03T08:00:00Z");
        u.recorded_at = u.posted_at;
        store.insert_update(u);
        refresh_state(store, id);
    });
    ScheduleRequest s;
    s.title = "Upgrade";
    s.scheduled_for = at("2019-07-04T00:00:00Z");
    s.scheduled_until = at("2019-07-04T02:00:00Z");
    s.at = at("2019-07-03T10:00:00Z");
    s.author = "tester";
    schedule_maintenance(store, s, at("2030-01-01T00:00:00Z"));
    ActionRequest action;
    action.id = b;
    action.text = "Add an alert";
    action.due = std::chrono::year_month_day{std::chrono::year{2019}, std::chrono::July,
                                             std::chrono::day{10}};
    action.author = "tester";
    add_action(store, action, at("2019-07-05T00:00:00Z"), Zone::utc());

    const auto stats =
        compute_stats(store, {}, Zone::utc(), GroupBy::impact, at("2019-07-11T00:00:00Z"));
    CHECK(stats.response.counted == 2U);
    CHECK(stats.response.left_out_maintenances == 1U);
    CHECK(stats.response.left_out_backfilled == 1U);
    const auto& detect = stats.response.metrics[0];
    CHECK(detect.values == std::vector<seconds>{seconds{600}});
    REQUIRE(detect.missing.size() == 1U);
    CHECK(detect.missing[0].id == b);
    CHECK(stats.actions.total == 1);
    CHECK(stats.actions.open == 1);
    CHECK(stats.actions.overdue == 1);
    REQUIRE(stats.response.groups.size() == 4U);
    CHECK(stats.response.groups[1].label == "minor");
    CHECK(stats.response.groups[1].incidents == 1U);
    CHECK(stats.response.groups[2].incidents == 1U);
    const auto text = render::stats_text(stats, Zone::utc(), {});
    CHECK_THAT(text,
               Catch::Contains("Response times (2 incidents; left out by rule: 1 maintenance, 1 "
                               "backfilled import):"));
    CHECK_THAT(text, Catch::Contains("detected \u2212 started"));
    CHECK_THAT(text, Catch::Contains("time to detect       1 without detected: #2 B\n"));
    CHECK_THAT(text, Catch::Contains("Follow-up actions: 1 (1 open, 1 overdue)"));
    CHECK_THAT(text, !Catch::Contains("Histograms"));  // not on a terminal
    render::TerminalStyle terminal;
    terminal.table = true;
    CHECK_THAT(render::stats_text(stats, Zone::utc(), terminal), Catch::Contains("Histograms:"));
    const auto json = render::stats_json(stats, Zone::utc());
    CHECK_THAT(json, Catch::Contains("\"left_out\":{\"maintenances\":1,\"backfilled\":1}"));
    CHECK_THAT(json, Catch::Contains("\"actions\":{\"total\":1,\"open\":1,\"overdue\":1}"));
    CHECK_THAT(json, Catch::Contains("{\"id\":2,\"name\":\"B\",\"lacks\":\"detected\"}"));
}
