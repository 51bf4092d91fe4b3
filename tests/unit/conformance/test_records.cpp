// Conformance: incidents, updates, postmortems, versions, edits and settings, written and
// read back through the store interface, the same on every backend.
#include <catch2/catch.hpp>
#include <functional>
#include <stdexcept>

#include "backend.hpp"
#include "incident/errors.hpp"
#include "seed.hpp"

using namespace incident;
using namespace incident::conformance;
using incident::testing::utc;

TEST_CASE("conformance: a journal that does not exist yet", "[conformance]") {
    Journal journal;
    const auto store = journal.read();
    CHECK(store->location() == journal.location());
    CHECK_FALSE(store->config("name").has_value());
    CHECK(store->empty());
    CHECK_THROWS_AS(store->incidents({}), NotFoundError);
    CHECK_THROWS_AS(store->incident(1), NotFoundError);
    CHECK_THROWS_AS(store->search({"x"}, {}), NotFoundError);
    CHECK_THROWS_WITH(store->count({}), Catch::Contains("no journal at") &&
                                            Catch::Contains("`incident open` creates one"));
}

TEST_CASE("conformance: an incident is stored with every field", "[conformance]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto created = utc(2019, 7, 1, 12, 0, 7) + 123ms;
    NewIncident n = new_incident("Ünïcode ✓ 数据库 \"quoted\" 'single' \\ back", Impact::critical,
                                 Kind::maintenance);
    n.started_at = created - 1h;
    n.scheduled_for = created + 1h;
    n.scheduled_until = created + 3h;
    n.source_id = "src-1";
    n.shortlink = "https://stspg.io/x";
    n.backfilled = true;
    n.impact_given = true;
    IncidentId id = 0;
    store.transact([&] {
        id = store.insert_incident(n, created);
        store.insert_update(new_update(id, Status::scheduled, "Planned.", created));
    });
    const auto inc = store.incident(id);
    REQUIRE(inc);
    CHECK(inc->id == id);
    CHECK(inc->title == n.title);
    CHECK(inc->impact == Impact::critical);
    CHECK(inc->kind == Kind::maintenance);
    CHECK(inc->status == Status::scheduled);  // initial_status(kind)
    CHECK(inc->created_at == created);
    CHECK(inc->updated_at == created);
    CHECK_FALSE(inc->resolved_at);
    CHECK_FALSE(inc->monitoring_at);
    CHECK(inc->started_at == created - 1h);
    CHECK(inc->scheduled_for == created + 1h);
    CHECK(inc->scheduled_until == created + 3h);
    CHECK(inc->source_id == "src-1");
    CHECK(inc->shortlink == "https://stspg.io/x");
    CHECK(inc->backfilled);
    CHECK(inc->impact_given);
    CHECK(inc->components.empty());
    CHECK_FALSE(inc->postmortem);
    CHECK_FALSE(store.incident(id + 1000));
    CHECK(store.incident_by_source("src-1") == id);
    CHECK_FALSE(store.incident_by_source("src-2"));
    // impact_given only holds for a maintenance; an incident's is always false.
    NewIncident plain = new_incident("Plain");
    plain.impact_given = true;
    IncidentId plain_id = 0;
    store.transact([&] { plain_id = store.insert_incident(plain, created); });
    CHECK_FALSE(store.incident(plain_id)->impact_given);
    CHECK(store.incident(plain_id)->status == Status::investigating);
    CHECK(plain_id > id);
}

TEST_CASE("conformance: updates come back in posted order with every field", "[conformance]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto t = utc(2019, 7, 1, 12, 0);
    IncidentId id = 0;
    UpdateId first = 0, second = 0, third = 0;
    store.transact([&] {
        id = store.insert_incident(new_incident("Outage"), t);
        first = store.insert_update(new_update(id, Status::investigating, "First", t, "key-1"));
        auto later =
            new_update(id, Status::identified, "Later\n\nwith **markdown** and\ttabs", t + 20min);
        later.source_id = "upd-src";
        later.author.reset();
        later.edited_at = t + 25min;
        second = store.insert_update(later);
        // Backfilled: recorded after `second` but posted before it.
        third = store.insert_update(new_update(id, Status::identified, "Backfilled", t + 10min));
        // Same posted time as `third`: recorded order decides.
        store.insert_update(new_update(id, Status::identified, "Same time", t + 10min));
    });
    const auto updates = store.updates(id);
    REQUIRE(updates.size() == 4U);
    CHECK(updates[0].id == first);
    CHECK(updates[1].id == third);
    CHECK(updates[2].body == "Same time");
    CHECK(updates[3].id == second);
    CHECK(updates[0].idempotency_key == "key-1");
    CHECK(updates[0].author == "tester");
    CHECK(updates[0].recorded_at == t + 1s);
    CHECK(updates[0].incident_id == id);
    CHECK(updates[3].body == "Later\n\nwith **markdown** and\ttabs");
    CHECK(updates[3].status == Status::identified);
    CHECK_FALSE(updates[3].author);
    CHECK(updates[3].edited_at == t + 25min);
    CHECK(updates[3].source_id == "upd-src");
    CHECK(store.update_by_source("upd-src") == second);
    CHECK_FALSE(store.update_by_source("nope"));
    const auto one = store.update(second);
    REQUIRE(one);
    CHECK(one->body == updates[3].body);
    CHECK_FALSE(store.update(second + 1000));
    CHECK(store.updates(id + 1000).empty());
    // A key names one update; the first update of an incident opened it.
    const auto use = store.key_use("key-1");
    REQUIRE(use);
    CHECK(use->incident_id == id);
    CHECK(use->update_id == first);
    CHECK(use->opened_incident);
    CHECK_FALSE(store.key_use("key-2"));
    store.transact(
        [&] { store.insert_update(new_update(id, Status::identified, "k", t, "key-2")); });
    REQUIRE(store.key_use("key-2"));
    CHECK_FALSE(store.key_use("key-2")->opened_incident);
    // The same key twice is refused by the store too.
    CHECK_THROWS_AS(store.transact([&] {
        store.insert_update(new_update(id, Status::identified, "again", t, "key-2"));
    }),
                    StorageError);
}

TEST_CASE("conformance: set_state keeps what the journal derived", "[conformance]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto t = utc(2019, 7, 1, 12, 0);
    const auto id = record(store, "Outage", t);
    IncidentState s;
    s.status = Status::resolved;
    s.resolved_at = t + 2h;
    s.updated_at = t + 3h;
    s.monitoring_at = t + 1h;
    store.transact([&] { store.set_state(id, s); });
    auto inc = store.incident(id);
    CHECK(IncidentState{inc->status, inc->resolved_at, inc->updated_at, inc->monitoring_at} == s);
    s.status = Status::identified;
    s.resolved_at.reset();
    s.monitoring_at.reset();
    store.transact([&] { store.set_state(id, s); });
    inc = store.incident(id);
    CHECK(IncidentState{inc->status, inc->resolved_at, inc->updated_at, inc->monitoring_at} == s);
    CHECK(store.last_change() == t + 3h);
}

TEST_CASE("conformance: an incident inserted with its state keeps it", "[conformance]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto t = utc(2019, 7, 1, 12, 0);
    IncidentState s;
    s.status = Status::resolved;
    s.resolved_at = t + 2h;
    s.updated_at = t + 3h;
    s.monitoring_at = t + 1h;
    NewIncident n = new_incident("Outage");
    n.state = s;
    NewIncident open = new_incident("Open");
    open.state = IncidentState{Status::identified, std::nullopt, t + 4h, std::nullopt};
    IncidentId id = 0;
    IncidentId open_id = 0;
    store.transact([&] {
        id = store.insert_incident(n, t);
        open_id = store.insert_incident(open, t);
    });
    auto inc = store.incident(id);
    REQUIRE(inc);
    CHECK(inc->created_at == t);
    CHECK(IncidentState{inc->status, inc->resolved_at, inc->updated_at, inc->monitoring_at} == s);
    inc = store.incident(open_id);
    REQUIRE(inc);
    CHECK(IncidentState{inc->status, inc->resolved_at, inc->updated_at, inc->monitoring_at} ==
          *open.state);
    CHECK(store.last_change() == t + 4h);
}

TEST_CASE("conformance: filters of incidents, counts and ranges", "[conformance]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    CHECK(store.incidents({}).empty());
    CHECK_FALSE(store.last_change());
    seed_three(store);
    IncidentId maintenance = 0;
    store.transact([&] {
        maintenance = store.insert_incident(new_incident("window", Impact::none, Kind::maintenance),
                                            utc(2019, 7, 4, 12, 0));
        store.insert_update(
            new_update(maintenance, Status::completed, "done", utc(2019, 7, 4, 13, 0)));
        set_latest(store, maintenance, Status::completed, utc(2019, 7, 4, 13, 0));
    });
    CHECK(ids(store.incidents({})) == std::vector<IncidentId>{maintenance, 3, 2, 1});
    IncidentFilter f;
    f.newest_first = false;
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{1, 2, 3, maintenance});
    f = {};
    f.status = StatusFilter::open;
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{3, 2});
    f.status = StatusFilter::resolved;  // resolved and completed
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{maintenance, 1});
    f = {};
    f.since = utc(2019, 7, 2, 12, 0);
    f.until = utc(2019, 7, 3, 12, 0);
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{2});
    f = {};
    f.ids = {1, 3, 99};
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{3, 1});
    f = {};
    f.kind = Kind::maintenance;
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{maintenance});
    f.kind = Kind::incident;
    f.limit = 2;
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{3, 2});
    CHECK(store.count({}) == 4);
    f = {};
    f.status = StatusFilter::open;
    CHECK(store.count(f) == 2);
    f = {};
    f.kind = Kind::incident;
    auto by_impact = store.count_by_impact(f);
    std::sort(by_impact.begin(), by_impact.end());
    CHECK(by_impact ==
          std::vector<std::pair<Impact, std::int64_t>>{{Impact::minor, 2}, {Impact::major, 1}});
    const auto range = store.created_range(f);
    REQUIRE(range);
    CHECK(range->first == utc(2019, 7, 1, 12, 0));
    CHECK(range->second == utc(2019, 7, 3, 12, 0));
    f.since = utc(2030, 1, 1, 0, 0);
    CHECK_FALSE(store.created_range(f));
    CHECK(store.count(f) == 0);
    f = {};
    const auto resolved = store.resolve_times(f);
    REQUIRE(resolved.size() == 2U);
    CHECK(resolved[0].id == 1);
    CHECK(resolved[0].title == "one");
    CHECK(resolved[0].impact == Impact::major);
    CHECK(resolved[0].created_at == utc(2019, 7, 1, 12, 0));
    CHECK(resolved[0].resolved_at == utc(2019, 7, 1, 12, 10));
    CHECK(resolved[1].id == maintenance);
    CHECK(store.last_change() == utc(2019, 7, 4, 13, 0));
    CHECK(store.incident(3)->monitoring_at == utc(2019, 7, 3, 12, 10));
}

TEST_CASE("conformance: for_each_incident streams incidents with their updates", "[conformance]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    seed_three(store);
    store.transact([&] {
        store.add_components(2, std::nullopt, {{"Cloud", "API"}});
        store.insert_postmortem(1, "What happened", utc(2019, 7, 2, 0, 0), utc(2019, 7, 2, 0, 0));
    });
    std::vector<IncidentId> seen;
    std::vector<std::size_t> counts;
    IncidentFilter f;
    f.newest_first = false;
    store.for_each_incident(f, [&](const Incident& inc, const std::vector<Update>& updates) {
        seen.push_back(inc.id);
        counts.push_back(updates.size());
        for (const auto& u : updates) CHECK(u.incident_id == inc.id);
        if (inc.id == 1) {
            REQUIRE(inc.postmortem);
            CHECK(inc.postmortem->body == "What happened");
        }
        if (inc.id == 2) CHECK(inc.components == std::vector<Component>{{"Cloud", "API"}});
    });
    CHECK(seen == std::vector<IncidentId>{1, 2, 3});
    CHECK(counts == std::vector<std::size_t>{2, 1, 2});
    f.status = StatusFilter::open;
    f.limit = 1;
    seen.clear();
    store.for_each_incident(
        f, [&](const Incident& inc, const std::vector<Update>&) { seen.push_back(inc.id); });
    CHECK(seen == std::vector<IncidentId>{2});
}

TEST_CASE("conformance: many incidents stream in order, each with all its updates",
          "[conformance]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    constexpr int n = 2500;  // more than a backend's batch, if it reads in batches
    const auto t = utc(2019, 1, 1, 0, 0);
    store.transact([&] {
        store.bulk_insert(WriteStore::Rows::typed, [&] {
            for (int i = 0; i < n; ++i) {
                const auto id = store.insert_incident(new_incident("n" + std::to_string(i)),
                                                      t + std::chrono::hours(i));
                for (int k = 0; k <= i % 3; ++k) {
                    auto u = new_update(id, Status::investigating, "u" + std::to_string(k),
                                        t + std::chrono::hours(i) + std::chrono::minutes(k));
                    if (i % 11 == 0 && k == 0) {
                        u.changes = {{{"G", "C"},
                                      std::nullopt,
                                      ComponentStatus::operational,
                                      ComponentStatus::major_outage}};
                    }
                    store.insert_update(u);
                }
                if (i % 7 == 0)
                    store.add_components(id, std::nullopt, {{"G", "C" + std::to_string(i % 5)}});
            }
        });
    });
    IncidentId expected = n;
    int visited = 0;
    bool in_order = true, complete = true;
    const auto check = [&](const Incident& inc, const std::vector<Update>& updates) {
        const auto i = inc.id - 1;
        complete = complete && updates.size() == static_cast<std::size_t>(i % 3 + 1) &&
                   inc.components.size() == (i % 7 == 0 ? 1U : 0U);
        for (std::size_t k = 0; k < updates.size(); ++k) {
            complete = complete && updates[k].incident_id == inc.id &&
                       updates[k].body == "u" + std::to_string(k) &&
                       updates[k].changes.size() == (i % 11 == 0 && k == 0 ? 1U : 0U);
        }
        ++visited;
    };
    store.for_each_incident({}, [&](const Incident& inc, const std::vector<Update>& updates) {
        in_order = in_order && inc.id == expected--;
        check(inc, updates);
    });
    CHECK(visited == n);
    CHECK(in_order);
    CHECK(complete);

    // A reader's snapshot, oldest first, and a limit past the first batch.
    const auto reader = journal.read();
    IncidentFilter f;
    f.newest_first = false;
    f.limit = 1500;
    expected = 1;
    visited = 0;
    reader->for_each_incident(f, [&](const Incident& inc, const std::vector<Update>& updates) {
        in_order = in_order && inc.id == expected++;
        check(inc, updates);
    });
    CHECK(visited == 1500);
    CHECK(in_order);
    CHECK(complete);
    visited = 0;
    reader->for_each_incident({}, check);
    CHECK(visited == n);
    CHECK(complete);
}

TEST_CASE("conformance: postmortems, amendments and edits keep every earlier version",
          "[conformance]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto t = utc(2019, 7, 1, 12, 0);
    const auto id = record(store, "Outage", t, {Status::investigating, Status::resolved});
    const auto first = store.updates(id).front().id;
    CHECK(store.postmortem_history(id).empty());
    store.transact([&] { store.insert_postmortem(id, "Draft", t + 1h, t + 1h); });
    store.transact([&] { store.insert_postmortem(id, "Final", t + 2h, t + 2h); });
    const auto history = store.postmortem_history(id);
    REQUIRE(history.size() == 2U);
    CHECK(history[0].body == "Draft");
    CHECK(history[1].body == "Final");
    CHECK(history[1].posted_at == t + 2h);
    CHECK(store.incident(id)->postmortem->body == "Final");

    CHECK(store.update_versions(id).empty());
    store.transact([&] { store.amend_update(first, "Corrected", t + 5min, t + 3h, "editor"); });
    store.transact(
        [&] { store.amend_update(first, "Corrected again", t + 6min, t + 4h, "other"); });
    const auto versions = store.update_versions(id);
    REQUIRE(versions.size() == 3U);
    CHECK(versions[0].update_id == first);
    CHECK(versions[0].body == "investigating Outage");
    CHECK(versions[0].posted_at == t);
    CHECK(versions[0].written_at == t + 1s);  // recorded_at of the original
    CHECK(versions[0].written_by == "tester");
    CHECK_FALSE(versions[0].current);
    CHECK(versions[1].body == "Corrected");
    CHECK(versions[1].written_at == t + 3h);
    CHECK(versions[1].written_by == "editor");
    CHECK(versions[2].body == "Corrected again");
    CHECK(versions[2].posted_at == t + 6min);
    CHECK(versions[2].written_by == "other");
    CHECK(versions[2].current);
    const auto amended = store.update(first);
    CHECK(amended->body == "Corrected again");
    CHECK(amended->edited_at == t + 4h);

    CHECK(store.incident_edits(id).empty());
    store.transact([&] {
        store.insert_incident_edit({id, "title", "Outage", "Big outage", t + 5h, "editor"});
        store.set_title(id, "Big outage");
        store.insert_incident_edit({id, "component", "Cloud/API", std::nullopt, t + 6h, "editor"});
        store.set_impact(id, Impact::critical);
        store.set_created_at(id, t - 1h);
        store.set_started_at(id, t - 2h);
    });
    const auto edits = store.incident_edits(id);
    REQUIRE(edits.size() == 2U);
    CHECK(edits[0].field == "title");
    CHECK(edits[0].old_value == "Outage");
    CHECK(edits[0].new_value == "Big outage");
    CHECK(edits[0].edited_at == t + 5h);
    CHECK(edits[0].edited_by == "editor");
    CHECK(edits[0].incident_id == id);
    CHECK_FALSE(edits[1].new_value);
    const auto inc = store.incident(id);
    CHECK(inc->title == "Big outage");
    CHECK(inc->impact == Impact::critical);
    CHECK(inc->created_at == t - 1h);
    CHECK(inc->started_at == t - 2h);
    store.transact([&] {
        store.set_started_at(id, std::nullopt);
        store.set_schedule(id, t + 1h, t + 2h);
    });
    CHECK_FALSE(store.incident(id)->started_at);
    CHECK(store.incident(id)->scheduled_for == t + 1h);
    CHECK(store.incident(id)->scheduled_until == t + 2h);
}

TEST_CASE("conformance: settings", "[conformance]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    CHECK_FALSE(store.config("name"));
    CHECK(store.all_config().empty());
    store.transact([&] {
        store.set_config("timezone", "Europe/Stockholm");
        store.set_config("name", "Status");
        store.set_config("name", "Litium Cloud");
    });
    CHECK(store.config("name") == "Litium Cloud");
    CHECK(store.all_config() == std::vector<std::pair<std::string, std::string>>{
                                    {"name", "Litium Cloud"}, {"timezone", "Europe/Stockholm"}});
    store.transact([&] { store.unset_config("name"); });
    CHECK_FALSE(store.config("name"));
    store.transact([&] { store.unset_config("never-set"); });
    CHECK(store.all_config().size() == 1U);
    // A reader sees what was committed before it opened.
    CHECK(journal.read()->config("timezone") == "Europe/Stockholm");
}

TEST_CASE("conformance: transact commits on return and rolls back on any exception",
          "[conformance]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    record(store, "kept", utc(2019, 7, 1, 12, 0));
    CHECK_THROWS_WITH(store.transact([&] {
        store.set_config("name", "Rolled back");
        store.insert_incident(new_incident("gone"), utc(2019, 7, 2, 12, 0));
        throw std::runtime_error("boom");
    }),
                      "boom");
    CHECK(ids(store.incidents({})) == std::vector<IncidentId>{1});
    CHECK_FALSE(store.config("name"));
    // Typed errors come through as themselves.
    CHECK_THROWS_AS(store.transact([] { throw ConflictError("no"); }), ConflictError);
    CHECK_THROWS_AS(store.transact([] { throw NotFoundError("no"); }), NotFoundError);
    // A failure of the backend (here a reference to an incident that does not exist) is a
    // StorageError, and leaves nothing behind either.
    Update orphan = new_update(4242, Status::investigating, "orphan", utc(2019, 7, 1, 12, 0));
    CHECK_THROWS_AS(store.transact([&] {
        store.set_config("name", "Rolled back");
        store.insert_update(orphan);
    }),
                    StorageError);
    CHECK_FALSE(store.config("name"));
    // The store is usable afterwards, and a second reader sees the committed state.
    record(store, "after", utc(2019, 7, 3, 12, 0));
    CHECK(store.incidents({}).size() == 2U);
    CHECK(journal.read()->incidents({}).size() == 2U);
    // lock_incident is allowed on any incident inside a transaction, existing or not.
    store.transact([&] {
        store.lock_incident(1);
        store.lock_incident(999);
        store.set_impact(1, Impact::none);
    });
    CHECK(store.incident(1)->impact == Impact::none);
}

TEST_CASE("conformance: a failed first write leaves no journal behind", "[conformance]") {
    Journal journal;
    {
        auto owner = journal.write();
        CHECK_THROWS_AS(owner->transact([&] {
            owner->set_config("name", "x");
            throw UsageError("stop");
        }),
                        UsageError);
    }
    const auto store = journal.read();
    CHECK(store->empty());
    CHECK_FALSE(store->config("name"));
}

TEST_CASE("conformance: mark changes with every write a report shows", "[conformance]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto t = utc(2019, 7, 1, 12, 0);
    store.transact([&] { store.set_config("name", "Example"); });
    CHECK(store.mark() == JournalMark{});  // config is apart
    const auto id = record(store, "Outage", t, {Status::investigating, Status::resolved});
    const auto updates = store.updates(id);
    auto m = store.mark();
    CHECK(m.incidents == id);
    CHECK(m.updates == updates.back().id);
    CHECK(m.postmortems == 0);
    CHECK(m.update_versions == 0);
    CHECK(m.incident_edits == 0);
    const auto before = m;
    const auto step = [&](const std::function<void()>& write, std::int64_t JournalMark::*field) {
        store.transact(write);
        const auto now = store.mark();
        CHECK(now.*field > m.*field);
        auto expected = m;
        expected.*field = now.*field;
        CHECK(now == expected);
        m = now;
    };
    step([&] { store.insert_postmortem(id, "Why", t + 1h, t + 1h); }, &JournalMark::postmortems);
    step([&] { store.amend_update(updates.front().id, "Fixed", t, t + 2h, "x"); },
         &JournalMark::update_versions);
    step(
        [&] {
            store.insert_incident_edit({id, "title", "Outage", "Down", t + 3h, "x"});
        },
        &JournalMark::incident_edits);
    step(
        [&] {
            store.put_page_component({0, {"", "API"}, ComponentStatus::operational, 0, {}, {}});
        },
        &JournalMark::page_components);
    step([&] { store.insert_update(new_update(id, Status::resolved, "Again", t + 4h)); },
         &JournalMark::updates);
    step([&] { store.insert_incident(new_incident("Second"), t + 5h); }, &JournalMark::incidents);
    CHECK_FALSE(m == before);
    CHECK(journal.read()->mark() == m);
}
