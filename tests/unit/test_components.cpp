#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <catch2/catch.hpp>

#include "incident/errors.hpp"
#include "incident/journal.hpp"
#include "incident/render.hpp"
#include "incident/time.hpp"
#include "store/sqlite/schema.hpp"
#include "support.hpp"
#include "temp_journal.hpp"

using namespace incident;
using namespace std::chrono_literals;
using incident::testing::fixed_now;
using incident::testing::TempDir;
using incident::testing::utc;

namespace {

struct Journal {
    TempDir dir;
    std::unique_ptr<WriteStore> store_owner = testing::open_write(dir / "journal.db");
    WriteStore& store = *store_owner;
};

const Component network{"Network & infrastructure", "Litium Cloud"};
const Component storage{"Network & infrastructure", "Storage"};
const Component billing{"", "Billing"};

OpenRequest open_request(std::vector<ComponentSetting> settings,
                         std::vector<Component> components = {}) {
    OpenRequest r;
    r.title = "Outage";
    r.message = default_open_message;
    r.author = "tester";
    r.settings = std::move(settings);
    r.components = std::move(components);
    return r;
}

UpdateRequest update_request(IncidentId id, std::vector<ComponentSetting> settings = {}) {
    UpdateRequest r;
    r.id = id;
    r.message = "More news";
    r.author = "tester";
    r.settings = std::move(settings);
    return r;
}

ComponentStatus current(const ReadStore& store, const Component& c) {
    const auto page = store.page_component(c);
    REQUIRE(page);
    return page->status;
}

}  // namespace

TEST_CASE("component statuses have Statuspage's stored spellings", "[model][components]") {
    CHECK(to_string(ComponentStatus::partial_outage) == "partial_outage");
    CHECK(parse_component_status("under_maintenance") == ComponentStatus::under_maintenance);
    CHECK_FALSE(parse_component_status("down"));
    CHECK(component_status_title(ComponentStatus::major_outage) == "major outage");
    CHECK(component_status_words() ==
          "operational, under_maintenance, degraded_performance, partial_outage, major_outage");
    CHECK(worst_status({}) == ComponentStatus::operational);
    CHECK(worst_status({ComponentStatus::under_maintenance, ComponentStatus::partial_outage,
                        ComponentStatus::degraded_performance}) == ComponentStatus::partial_outage);
}

TEST_CASE("incidents and maintenances take their own statuses", "[model][components]") {
    CHECK(is_allowed(Kind::incident, Status::monitoring));
    CHECK_FALSE(is_allowed(Kind::incident, Status::in_progress));
    CHECK(is_allowed(Kind::maintenance, Status::verifying));
    CHECK_FALSE(is_allowed(Kind::maintenance, Status::resolved));
    CHECK(status_words(Kind::maintenance) == "scheduled, in_progress, verifying, completed");
    CHECK(is_closed(Status::completed));
    CHECK(is_closed(Status::resolved));
    CHECK_FALSE(is_closed(Status::verifying));
    CHECK(status_title(Status::in_progress) == "In progress");
    CHECK(parse_status("in_progress") == Status::in_progress);
}

TEST_CASE("times keep milliseconds and print them only when there are some", "[time]") {
    const auto t = std::get<Instant>(parse_time("2019-07-01T16:30:00.123Z", Zone::utc()));
    CHECK(t == utc(2019, 7, 1, 16, 30) + 123ms);
    CHECK(format_iso_utc(t) == "2019-07-01T16:30:00.123Z");
    CHECK(format_iso_utc(utc(2019, 7, 1, 16, 30)) == "2019-07-01T16:30:00Z");
    const auto offset = std::get<Instant>(parse_time("2019-07-01T18:30:00.5+02:00", Zone::utc()));
    CHECK(offset == utc(2019, 7, 1, 16, 30) + 500ms);
    // Finer digits than milliseconds are cut off.
    const auto fine = std::get<Instant>(parse_time("2019-07-01T16:30:00.0429Z", Zone::utc()));
    CHECK(fine == utc(2019, 7, 1, 16, 30) + 42ms);
}

TEST_CASE("a component's status follows its newest change, groups their worst member",
          "[journal][components]") {
    Journal j;
    const auto t0 = fixed_now() - 2h;
    const auto opened =
        open_incident(j.store,
                      open_request({{network, ComponentStatus::major_outage},
                                    {storage, ComponentStatus::degraded_performance}}),
                      t0);
    CHECK(current(j.store, network) == ComponentStatus::major_outage);
    CHECK(current(j.store, storage) == ComponentStatus::degraded_performance);

    const auto updates = j.store.updates(opened.incident_id);
    REQUIRE(updates.size() == 1U);
    REQUIRE(updates[0].changes.size() == 2U);
    CHECK(updates[0].changes[0] == ComponentChange{network, std::nullopt,
                                                   ComponentStatus::operational,
                                                   ComponentStatus::major_outage});
    // Settings also name the components on the incident.
    const auto inc = j.store.incident(opened.incident_id);
    REQUIRE(inc);
    CHECK(inc->components == std::vector<Component>{network, storage});

    const auto groups = group_statuses(j.store.page_components());
    REQUIRE(groups.size() == 1U);
    CHECK(groups[0].group == "Network & infrastructure");
    CHECK(groups[0].status == ComponentStatus::major_outage);
    CHECK(groups[0].members == 2U);

    post_update(j.store,
                update_request(opened.incident_id, {{network, ComponentStatus::partial_outage}}),
                t0 + 10min);
    CHECK(current(j.store, network) == ComponentStatus::partial_outage);
    CHECK(group_statuses(j.store.page_components())[0].status == ComponentStatus::partial_outage);
}

TEST_CASE("resolving returns the incident's components to operational unless told otherwise",
          "[journal][components]") {
    Journal j;
    const auto t0 = fixed_now() - 2h;
    const auto a = open_incident(j.store,
                                 open_request({{network, ComponentStatus::major_outage},
                                               {storage, ComponentStatus::partial_outage}},
                                              {billing}),
                                 t0);
    auto resolve =
        update_request(a.incident_id, {{storage, ComponentStatus::degraded_performance}});
    resolve.message = default_resolve_message;
    const auto r = resolve_incident(j.store, resolve, t0 + 1h);
    CHECK(current(j.store, network) == ComponentStatus::operational);
    CHECK(current(j.store, storage) == ComponentStatus::degraded_performance);
    CHECK(current(j.store, billing) == ComponentStatus::operational);
    const auto u = j.store.update(r.update_id);
    REQUIRE(u);
    // Billing was operational all along: no change is recorded for it.
    REQUIRE(u->changes.size() == 2U);
    CHECK(u->changes[0].component == storage);
    CHECK(u->changes[0].old_status == ComponentStatus::partial_outage);
    CHECK(u->changes[1].component == network);
    CHECK(u->changes[1].new_status == ComponentStatus::operational);
}

TEST_CASE("resolving one incident leaves the status another open incident holds",
          "[journal][components]") {
    Journal j;
    const auto t0 = fixed_now() - 3h;
    // B holds storage at partial outage, then A makes it worse; both name billing, which a
    // maintenance holds under maintenance.
    const auto b =
        open_incident(j.store, open_request({{storage, ComponentStatus::partial_outage}}), t0);
    const auto m =
        open_incident(j.store, open_request({{billing, ComponentStatus::under_maintenance}}), t0);
    const auto a = open_incident(j.store,
                                 open_request({{storage, ComponentStatus::major_outage},
                                               {network, ComponentStatus::major_outage}},
                                              {billing}),
                                 t0 + 1h);
    auto resolve_a = update_request(a.incident_id);
    resolve_a.message = default_resolve_message;
    const auto r = resolve_incident(j.store, resolve_a, t0 + 2h);
    CHECK(current(j.store, storage) == ComponentStatus::partial_outage);
    CHECK(current(j.store, network) == ComponentStatus::operational);
    CHECK(current(j.store, billing) == ComponentStatus::under_maintenance);
    const auto u = j.store.update(r.update_id);
    REQUIRE(u);
    REQUIRE(u->changes.size() == 2U);
    CHECK(u->changes[0].component == storage);
    CHECK(u->changes[0].new_status == ComponentStatus::partial_outage);
    CHECK(u->changes[1].component == network);
    // Once B is resolved too, nothing holds storage any more.
    auto resolve_b = update_request(b.incident_id);
    resolve_b.message = default_resolve_message;
    (void)resolve_incident(j.store, resolve_b, t0 + 150min);
    CHECK(current(j.store, storage) == ComponentStatus::operational);
    CHECK(current(j.store, billing) == ComponentStatus::under_maintenance);
    (void)m;
}

TEST_CASE("a backfilled change does not override a newer one", "[journal][components]") {
    Journal j;
    const auto t0 = fixed_now() - 3h;
    const auto a =
        open_incident(j.store, open_request({{network, ComponentStatus::partial_outage}}), t0 + 1h);
    auto early = update_request(a.incident_id, {{network, ComponentStatus::major_outage}});
    early.at = t0 + 2h;
    post_update(j.store, early, fixed_now());
    CHECK(current(j.store, network) == ComponentStatus::major_outage);
    auto backfill =
        update_request(a.incident_id, {{network, ComponentStatus::degraded_performance}});
    backfill.at = t0 + 90min;
    post_update(j.store, backfill, fixed_now());
    CHECK(current(j.store, network) == ComponentStatus::major_outage);
    // Its old status is the one in effect at its own time.
    const auto updates = j.store.updates(a.incident_id);
    REQUIRE(updates.size() == 3U);
    REQUIRE(updates[1].changes.size() == 1U);
    CHECK(updates[1].changes[0].old_status == ComponentStatus::partial_outage);
}

TEST_CASE("a component given two statuses at once is refused", "[journal][components]") {
    Journal j;
    CHECK_THROWS_AS(open_incident(j.store,
                                  open_request({{network, ComponentStatus::major_outage},
                                                {network, ComponentStatus::operational}}),
                                  fixed_now()),
                    UsageError);
    CHECK(j.store.incidents({}).empty());
    CHECK(j.store.page_components().empty());
}

TEST_CASE("a maintenance status on an incident is refused", "[journal][components]") {
    Journal j;
    auto r = open_request({});
    r.status = Status::in_progress;
    CHECK_THROWS_AS(open_incident(j.store, r, fixed_now()), UsageError);
    const auto a = open_incident(j.store, open_request({}), fixed_now() - 1h);
    auto u = update_request(a.incident_id);
    u.status = Status::completed;
    CHECK_THROWS_AS(post_update(j.store, u, fixed_now()), UsageError);
    CHECK(j.store.updates(a.incident_id).size() == 1U);
}

TEST_CASE("maintenance puts its components under maintenance while in progress",
          "[journal][components]") {
    CHECK(automatic_component_status(Kind::maintenance, Status::in_progress) ==
          ComponentStatus::under_maintenance);
    CHECK(automatic_component_status(Kind::maintenance, Status::completed) ==
          ComponentStatus::operational);
    CHECK_FALSE(automatic_component_status(Kind::maintenance, Status::scheduled));
    CHECK_FALSE(automatic_component_status(Kind::incident, Status::monitoring));
    CHECK(automatic_component_status(Kind::incident, Status::resolved) ==
          ComponentStatus::operational);
}

TEST_CASE("the store keeps source ids, started_at, the window and milliseconds",
          "[store][components]") {
    Journal j;
    const auto t = utc(2019, 7, 1, 12, 0) + 250ms;
    IncidentId id = 0;
    UpdateId uid = 0;
    j.store.transact([&] {
        NewIncident n;
        n.title = "Planned database upgrade";
        n.kind = Kind::maintenance;
        n.scheduled_for = t + 1h;
        n.scheduled_until = t + 3h;
        n.started_at = t - 5min;
        n.source_id = "p2x7y4kf3bqs";
        n.shortlink = "https://stspg.io/abc";
        n.backfilled = true;
        id = j.store.insert_incident(n, t);
        PageComponent pc;
        pc.component = storage;
        pc.status = ComponentStatus::degraded_performance;
        pc.source_id = "cmp1";
        pc.group_source_id = "grp1";
        (void)j.store.put_page_component(pc);
        Update u;
        u.incident_id = id;
        u.status = Status::scheduled;
        u.body = "We will upgrade the database.";
        u.posted_at = t;
        u.recorded_at = t;
        u.source_id = "upd1";
        u.changes = {{storage, std::string("cmp1"), ComponentStatus::degraded_performance,
                      ComponentStatus::under_maintenance}};
        uid = j.store.insert_update(u);
        refresh_state(j.store, id);
    });
    const auto inc = j.store.incident(id);
    REQUIRE(inc);
    CHECK(inc->kind == Kind::maintenance);
    CHECK(inc->status == Status::scheduled);
    CHECK(inc->created_at == t);
    CHECK(inc->scheduled_for == t + 1h);
    CHECK(inc->scheduled_until == t + 3h);
    CHECK(inc->started_at == t - 5min);
    CHECK(inc->source_id == "p2x7y4kf3bqs");
    CHECK(inc->shortlink == "https://stspg.io/abc");
    CHECK(inc->backfilled);
    const auto u = j.store.update(uid);
    REQUIRE(u);
    CHECK_FALSE(u->author);
    CHECK(u->source_id == "upd1");
    REQUIRE(u->changes.size() == 1U);
    CHECK(u->changes[0].code == "cmp1");
    CHECK(u->changes[0].new_status == ComponentStatus::under_maintenance);
    CHECK(j.store.incident_by_source("p2x7y4kf3bqs") == id);
    CHECK(j.store.update_by_source("upd1") == uid);
    const auto pc = j.store.page_component_by_source("cmp1");
    REQUIRE(pc);
    CHECK(pc->component == storage);
    CHECK(pc->group_source_id == "grp1");
    CHECK(j.store.component_history(pc->id).size() == 1U);
    IncidentFilter open;
    open.status = StatusFilter::open;
    CHECK(j.store.count(open) == 1);
    IncidentFilter incidents_only;
    incidents_only.kind = Kind::incident;
    CHECK(j.store.count(incidents_only) == 0);
}

TEST_CASE("migrating a version 4 journal keeps every time, in milliseconds", "[store][migration]") {
    TempDir dir;
    const auto path = dir / "journal.db";
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("BEGIN");
        sqlite::migrate_to(db, 4);
        db.exec(R"sql(
INSERT INTO incidents (id, title, impact, status, created_at, resolved_at, updated_at)
    VALUES (1, 'Old outage', 'major', 'resolved', 1561984200, 1561987800, 1561990000);
INSERT INTO updates (id, incident_id, status, body, posted_at, recorded_at, author)
    VALUES (1, 1, 'investigating', 'Looking', 1561984200, 1561984201, 'alice'),
           (2, 1, 'resolved', 'Fixed', 1561987800, 1561987801, 'bob');
INSERT INTO components (incident_id, position, grp, name, update_id)
    VALUES (1, 0, 'Network', 'DNS', 1);
INSERT INTO postmortems (incident_id, body, posted_at, recorded_at)
    VALUES (1, 'What happened', 1561990000, 1561990000);
)sql");
        db.exec("COMMIT");
    }
    auto store_owner = testing::open_write(path);
    auto& store = *store_owner;
    const auto inc = store.incident(1);
    REQUIRE(inc);
    CHECK(inc->created_at == Instant{std::chrono::seconds{1561984200}});
    CHECK(inc->resolved_at == Instant{std::chrono::seconds{1561987800}});
    CHECK(inc->postmortem->posted_at == Instant{std::chrono::seconds{1561990000}});
    CHECK(inc->kind == Kind::incident);
    const auto updates = store.updates(1);
    REQUIRE(updates.size() == 2U);
    CHECK(updates[1].posted_at == Instant{std::chrono::seconds{1561987800}});
    CHECK(updates[0].author == "alice");
    CHECK(updates[0].components == std::vector<Component>{{"Network", "DNS"}});
    // The components incidents named are the page's, operational.
    const auto page = store.page_components();
    REQUIRE(page.size() == 1U);
    CHECK(page[0].component == Component{"Network", "DNS"});
    CHECK(page[0].status == ComponentStatus::operational);
    // Search still follows new text (its triggers were rebuilt with the tables).
    CHECK(store.search(search_words("Fixed"), {}).size() == 1U);
    store.transact([&] { store.set_title(1, "Renamed outage"); });
    CHECK(store.search(search_words("Renamed"), {}).size() == 1U);
}

TEST_CASE("JSON carries status changes, the window, started_at and the postmortem status",
          "[render][components]") {
    Incident inc;
    inc.id = 7;
    inc.title = "Database upgrade";
    inc.kind = Kind::maintenance;
    inc.status = Status::in_progress;
    inc.created_at = utc(2019, 7, 5, 12, 0);
    inc.updated_at = inc.created_at;
    inc.scheduled_for = utc(2019, 7, 5, 20, 0) + 500ms;
    inc.scheduled_until = utc(2019, 7, 5, 23, 0);
    inc.started_at = utc(2019, 7, 5, 11, 0);
    Update u;
    u.id = 3;
    u.incident_id = 7;
    u.status = Status::in_progress;
    u.body = "Begun.";
    u.posted_at = inc.created_at;
    u.recorded_at = inc.created_at;
    u.changes = {{storage, std::string("cmp1"), ComponentStatus::operational,
                  ComponentStatus::under_maintenance}};
    const std::vector<Update> updates{u};
    const auto json = render::incident_json(inc, &updates);
    CHECK(json.find("\"impact\":\"maintenance\"") != std::string::npos);
    CHECK(json.find("\"started_at\":\"2019-07-05T11:00:00Z\"") != std::string::npos);
    CHECK(json.find("\"scheduled_for\":\"2019-07-05T20:00:00.500Z\","
                    "\"scheduled_until\":\"2019-07-05T23:00:00Z\"") != std::string::npos);
    CHECK(json.find("\"affected_components\":[{\"code\":\"cmp1\",\"name\":\"Storage\","
                    "\"group\":\"Network \\u0026 infrastructure\",\"old_status\":\"operational\","
                    "\"new_status\":\"under_maintenance\"}]") != std::string::npos);
    CHECK(json.find("\"author\":null") != std::string::npos);
    Incident resolved;
    resolved.title = "Outage";
    resolved.status = Status::resolved;
    resolved.postmortem = Postmortem{"What happened.", inc.created_at};
    CHECK(render::incident_json(resolved, nullptr).find("\"status\":\"postmortem\"") !=
          std::string::npos);
}

#include "cli/io.hpp"

TEST_CASE("a component option G/C=STATUS sets a status, other texts are names",
          "[cli][components]") {
    const auto parsed = cli::parse_component_options(
        {"Net/API=major_outage", "Billing", "Grp/a=f(x)", "Net/API=major_outage"});
    REQUIRE(parsed.settings.size() == 1U);
    CHECK(parsed.settings[0].component == Component{"Net", "API"});
    CHECK(parsed.settings[0].status == ComponentStatus::major_outage);
    CHECK(parsed.components == std::vector<Component>{{"", "Billing"}, {"Grp", "a=f(x)"}});
    CHECK_THROWS_WITH(cli::parse_component_options({"Net/API=partal_outage"}),
                      Catch::Contains("unknown component status \"partal_outage\"") &&
                          Catch::Contains("did you mean \"partial_outage\"?") &&
                          Catch::Contains("under_maintenance"));
    CHECK_THROWS_AS(cli::parse_component_options({"Net/API="}), UsageError);
    CHECK_THROWS_AS(cli::parse_component_options({"=major_outage"}), UsageError);
}

TEST_CASE("a setting that changes nothing still names its component", "[journal][components]") {
    Journal j;
    const auto a = open_incident(j.store, open_request({{billing, ComponentStatus::operational}}),
                                 fixed_now() - 1h);
    const auto inc = j.store.incident(a.incident_id);
    REQUIRE(inc);
    CHECK(inc->components == std::vector<Component>{billing});
    // An update that only sets a status says so in its text.
    auto u = update_request(a.incident_id, {{billing, ComponentStatus::partial_outage}});
    u.message.clear();
    const auto r = post_update(j.store, u, fixed_now());
    const auto posted = j.store.update(r.update_id);
    REQUIRE(posted);
    CHECK(posted->body == "Billing is partial outage.");
    CHECK(current(j.store, billing) == ComponentStatus::partial_outage);
}
