// Conformance: dump() gives every row of the data model and load() takes it back, ids
// included, so that `copy` moves a whole journal between backends.
#include <catch2/catch.hpp>
#include <set>

#include "backend.hpp"
#include "incident/errors.hpp"
#include "seed.hpp"

using namespace incident;
using namespace incident::conformance;
using incident::testing::utc;

namespace {

using Dump = std::vector<std::pair<std::string, Row>>;

Dump dump_of(const ReadStore& store) {
    Dump out;
    store.dump([&](const TableColumns& t, const Row& row) {
        CHECK(row.size() == t.columns.size());
        out.emplace_back(std::string(t.table), row);
    });
    return out;
}

// A journal with a row in every table.
void fill(WriteStore& store) {
    const auto t = utc(2019, 7, 1, 12, 0) + 250ms;
    store.transact([&] {
        store.set_config("name", "Litium Cloud");
        store.set_config("timezone", "Europe/Stockholm");
        PageComponent pc;
        pc.component = {"Cloud", "API"};
        pc.source_id = "cmp-1";
        pc.group_source_id = "grp-1";
        store.put_page_component(pc);
        auto n = new_incident("Outage ✓ \"x\"", Impact::major);
        n.source_id = "inc-1";
        n.started_at = t - 1h;
        const auto id = store.insert_incident(n, t);
        auto u = new_update(id, Status::investigating, "Body\nline two", t, "key-1");
        u.changes = {{{"Cloud", "API"},
                      std::string("c1"),
                      ComponentStatus::operational,
                      ComponentStatus::major_outage}};
        const auto first = store.insert_update(u);
        store.add_components(id, first, {{"Cloud", "API"}, {"", "Billing"}});
        auto imported = new_update(id, Status::resolved, "Done", t + 1h);
        imported.author.reset();
        imported.source_id = "upd-1";
        store.insert_update(imported);
        store.insert_postmortem(id, "Draft", t + 2h, t + 2h);
        store.insert_postmortem(id, "Final", t + 3h, t + 3h);
        auto note = new_update(id, Status::resolved, "Internal note", t + 2h);
        note.internal = true;
        store.insert_update(note);
        store.set_milestone(id, Milestone::detected, t - 30min, first, t, "tester");
        Action action;
        action.incident_id = id;
        action.text = "Follow up";
        action.owner = "Ops";
        action.due = std::chrono::year_month_day{std::chrono::year{2019}, std::chrono::July,
                                                 std::chrono::day{10}};
        action.link = "https://example.com/1";
        action.created_at = t + 3h;
        action.created_by = "tester";
        const auto action_id = store.insert_action(action);
        store.set_action_done(action_id, true, t + 4h, "tester");
        store.insert_role(id, {"commander", "Anna", t, "tester"});
        store.amend_update(first, "Amended body", t + 1min, t + 4h, "editor");
        store.insert_incident_edit({id, "title", "Old", "Outage ✓ \"x\"", t + 5h, "editor"});
        IncidentState s;
        s.status = Status::resolved;
        s.resolved_at = t + 1h;
        s.updated_at = t + 5h;
        store.set_state(id, s);
        auto m = new_incident("Window", Impact::none, Kind::maintenance);
        m.scheduled_for = t + 24h;
        m.scheduled_until = t + 26h;
        const auto mid = store.insert_incident(m, t + 1h);
        store.insert_update(new_update(mid, Status::scheduled, "Planned", t + 1h));
        store.insert_postmortem(mid, "Covering", t + 5h, t + 5h, {id});
    });
}

}  // namespace

TEST_CASE("conformance: the data model lists every table", "[conformance][copy]") {
    std::vector<std::string> names;
    for (const auto& t : journal_tables()) {
        CHECK(t.columns.size() == t.integer.size());
        CHECK_FALSE(t.order.empty());
        names.emplace_back(t.table);
    }
    CHECK(names == std::vector<std::string>{"config", "incidents", "updates", "components",
                                            "postmortems", "update_versions", "incident_edits",
                                            "page_components", "component_changes",
                                            "postmortem_covers", "milestone_changes", "actions",
                                            "action_events", "roles"});
}

TEST_CASE("conformance: a dump loaded into an empty journal dumps the same",
          "[conformance][copy]") {
    Journal source;
    {
        auto store = source.write();
        CHECK(store->empty());
        fill(*store);
        CHECK_FALSE(store->empty());
    }
    const auto reader = source.read();
    const auto rows = dump_of(*reader);
    std::set<std::string> tables;
    for (const auto& [table, row] : rows) tables.insert(table);
    CHECK(tables.size() == journal_tables().size());  // a row in every table

    Journal target;
    {
        auto store = target.write();
        store->transact([&] {
            store->bulk_insert(WriteStore::Rows::untyped, [&] {
                reader->dump([&](const TableColumns& t, const Row& row) { store->load(t, row); });
            });
            store->finish_load();
        });
        // New rows continue after the loaded ids.
        const auto next = record(*store, "after the copy", utc(2020, 1, 1, 0, 0));
        CHECK(next == 3);
        CHECK(store->incident(1)->title == "Outage ✓ \"x\"");
        // The loaded texts are searchable.
        CHECK(store->search({"amended"}, {}).size() == 1U);
        CHECK(store->search({"final"}, {}).size() == 1U);
        CHECK(store->search({"draft"}, {}).empty());
    }
    Journal again;
    {
        auto store = again.write();
        store->transact([&] {
            store->bulk_insert(WriteStore::Rows::untyped, [&] {
                reader->dump([&](const TableColumns& t, const Row& row) { store->load(t, row); });
            });
            store->finish_load();
        });
        CHECK(dump_of(*store) == rows);
        CHECK(store->update_versions(1).size() == 2U);
        CHECK(store->key_use("key-1")->incident_id == 1);
        CHECK(store->page_component_by_source("cmp-1"));
        CHECK(store->incident(1)->postmortem->body == "Covering");  // covered by 2's
        CHECK(store->covered_by(1) == 2);
        CHECK(store->incident(1)->detected_at);
        CHECK(store->updates(1).back().internal);
        CHECK(store->action(1)->done_at);
        CHECK(store->roles(1).size() == 1U);
    }
}

TEST_CASE("conformance: a load that fails leaves the journal empty", "[conformance][copy]") {
    Journal journal;
    auto store = journal.write();
    const auto& incidents = journal_tables()[1];
    REQUIRE(incidents.table == "incidents");
    // id, title, kind, impact (refused by the schema), status, created_at, resolved_at,
    // updated_at, started_at, scheduled_for, scheduled_until, source_id, shortlink,
    // backfilled, impact_given, monitoring_at, detected_at, acknowledged_at, mitigated_at
    const Row row{"1", "x",     "incident", "not an impact", "investigating", "0",     Field{},
                  "0", Field{}, Field{},    Field{},         Field{},         Field{}, "0",
                  "0", Field{}, Field{},    Field{},         Field{}};
    // A typed bulk insert before (one that writes nothing) leaves the checks of untyped rows on.
    store->transact([&] { store->bulk_insert(WriteStore::Rows::typed, [] {}); });
    CHECK_THROWS_AS(store->transact([&] {
        store->bulk_insert(WriteStore::Rows::untyped, [&] { store->load(incidents, row); });
        store->finish_load();
    }),
                    StorageError);
    CHECK(store->empty());
}
