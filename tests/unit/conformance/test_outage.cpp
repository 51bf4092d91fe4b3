// Conformance: what the store keeps after the outage (issue 12): the incidents a postmortem
// covers, internal notes, follow-up actions, roles and milestones, the same on every backend.
#include <catch2/catch.hpp>

#include "backend.hpp"
#include "seed.hpp"

using namespace incident;
using namespace incident::conformance;
using incident::testing::utc;

namespace {

Action new_action(IncidentId incident, std::string text, Instant created) {
    Action a;
    a.incident_id = incident;
    a.text = std::move(text);
    a.created_at = created;
    a.created_by = "tester";
    return a;
}

}  // namespace

TEST_CASE("conformance: a postmortem version keeps the incidents it covers, and the newest decides",
          "[conformance][outage]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto a = record(store, "first", utc(2019, 6, 24, 10, 0), {Status::resolved});
    const auto b = record(store, "second", utc(2019, 6, 30, 10, 0), {Status::resolved});
    const auto c = record(store, "third", utc(2019, 7, 1, 18, 30), {Status::resolved});
    CHECK(store.covers(c).empty());
    CHECK_FALSE(store.covered_by(a));
    CHECK(store.covering_postmortems(a).empty());
    store.transact([&] {
        store.set_started_at(b, utc(2019, 6, 24, 9, 0));  // started before a was opened
        store.insert_postmortem(c, "One analysis.", utc(2019, 7, 4, 13, 43),
                                utc(2019, 7, 4, 13, 44), {b, a});
    });
    CHECK(store.covers(c) == std::vector<IncidentId>{b, a});  // in the order given
    CHECK(store.covered_by(a) == c);
    CHECK(store.covered_by(b) == c);
    CHECK_FALSE(store.covered_by(c));
    const auto shown = store.incident(a);
    REQUIRE(shown);
    REQUIRE(shown->postmortem);
    CHECK(shown->postmortem->body == "One analysis.");
    CHECK(shown->postmortem->posted_at == utc(2019, 7, 4, 13, 43));
    CHECK(shown->postmortem->incident_id == c);
    const auto& regarding = shown->postmortem->regarding;
    REQUIRE(regarding.size() == 3U);
    // By started time (else created), then id.
    CHECK(regarding[0] ==
          RegardedIncident{b, "second", utc(2019, 6, 24, 9, 0), utc(2019, 6, 30, 10, 0)});
    CHECK(regarding[1] ==
          RegardedIncident{a, "first", utc(2019, 6, 24, 10, 0), utc(2019, 6, 24, 10, 0)});
    CHECK(regarding[2].id == c);
    CHECK(store.incident(c)->postmortem->regarding == regarding);
    CHECK(store.incident(c)->postmortem->incident_id == c);
    // The same through the other readers.
    for (const auto& inc : store.incidents({})) {
        REQUIRE(inc.postmortem);
        CHECK(inc.postmortem->regarding == regarding);
    }
    store.for_each_incident({}, [&](const Incident& inc, const std::vector<Update>&) {
        REQUIRE(inc.postmortem);
        CHECK(inc.postmortem->incident_id == c);
    });
    {
        const auto reader = journal.read();
        REQUIRE(reader->incident(b)->postmortem);
        CHECK(reader->incident(b)->postmortem->regarding == regarding);
    }
    REQUIRE(store.covering_postmortems(a).size() == 1U);
    CHECK(store.covering_postmortems(a)[0].posted_at == utc(2019, 7, 4, 13, 43));
    CHECK(store.covering_postmortems(a)[0].incident_id == c);

    // Covering again replaces the set; the earlier version keeps its own.
    store.transact([&] {
        store.insert_postmortem(c, "One analysis, revised.", utc(2019, 7, 5, 9, 0),
                                utc(2019, 7, 5, 9, 0), {b});
    });
    CHECK(store.covers(c) == std::vector<IncidentId>{b});
    CHECK_FALSE(store.covered_by(a));
    CHECK_FALSE(store.incident(a)->postmortem);
    CHECK(store.incident(b)->postmortem->body == "One analysis, revised.");
    CHECK(store.incident(b)->postmortem->regarding.size() == 2U);
    const auto history = store.postmortem_history(c);
    REQUIRE(history.size() == 2U);
    CHECK(history[0].regarding.size() == 3U);
    CHECK(history[1].regarding.size() == 2U);
    CHECK(history[1].incident_id == c);
    // Every version that ever covered it, oldest first: a was covered by the first only.
    CHECK(store.covering_postmortems(a).size() == 1U);
    CHECK(store.covering_postmortems(b).size() == 2U);
    // A version that covers none regards its own incident alone.
    store.transact([&] {
        store.insert_postmortem(c, "Alone.", utc(2019, 7, 6, 9, 0), utc(2019, 7, 6, 9, 0));
    });
    CHECK(store.covers(c).empty());
    CHECK_FALSE(store.covered_by(b));
    CHECK(store.incident(c)->postmortem->regarding.empty());
}

TEST_CASE("conformance: an internal note is stored as one", "[conformance][outage]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto id = record(store, "one", utc(2019, 7, 1, 12, 0));
    UpdateId note_id = 0;
    store.transact([&] {
        auto note = new_update(id, Status::investigating, "db01: load 30", utc(2019, 7, 1, 13, 0));
        note.internal = true;
        note_id = store.insert_update(note);
    });
    const auto updates = store.updates(id);
    REQUIRE(updates.size() == 2U);
    CHECK_FALSE(updates[0].internal);
    CHECK(updates[1].internal);
    CHECK(updates[1].id == note_id);
    CHECK(store.update(note_id)->internal);
    store.for_each_incident({}, [&](const Incident&, const std::vector<Update>& all) {
        REQUIRE(all.size() == 2U);
        CHECK(all[1].internal);
    });
}

TEST_CASE("conformance: follow-up actions are listed, done and reopened with their events",
          "[conformance][outage]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    seed_three(store);
    auto full = new_action(1, "Make the DDoS filter permanent ✓", utc(2019, 7, 4, 14, 0));
    full.owner = "Network team";
    full.due = std::chrono::year_month_day{std::chrono::year{2019}, std::chrono::July,
                                           std::chrono::day{10}};
    full.link = "https://example.com/ticket/1";
    ActionId first = 0, second = 0, third = 0;
    store.transact([&] {
        first = store.insert_action(full);
        second =
            store.insert_action(new_action(2, "Page the provider sooner", utc(2019, 7, 4, 14, 5)));
        third = store.insert_action(new_action(1, "Write the runbook", utc(2019, 7, 4, 14, 10)));
    });
    CHECK(first < second);
    CHECK(second < third);
    const auto got = store.action(first);
    REQUIRE(got);
    CHECK(got->id == first);
    CHECK(got->incident_id == 1);
    CHECK(got->text == full.text);
    CHECK(got->owner == "Network team");
    CHECK(got->due == full.due);
    CHECK(got->link == full.link);
    CHECK(got->created_at == full.created_at);
    CHECK(got->created_by == "tester");
    CHECK_FALSE(got->done_at);
    CHECK_FALSE(got->done_by);
    const auto bare = store.action(second);
    REQUIRE(bare);
    CHECK_FALSE(bare->owner);
    CHECK_FALSE(bare->due);
    CHECK_FALSE(bare->link);
    CHECK_FALSE(store.action(third + 100));

    const auto ids_of = [](const std::vector<Action>& actions) {
        std::vector<ActionId> out;
        for (const auto& a : actions) out.push_back(a.id);
        return out;
    };
    CHECK(ids_of(store.actions({})) == std::vector<ActionId>{first, second, third});
    CHECK(ids_of(store.actions({{1}, false})) == std::vector<ActionId>{first, third});
    CHECK(ids_of(store.actions({{2, 3}, false})) == std::vector<ActionId>{second});
    // An incident's reports list its actions.
    CHECK(ids_of(store.incident(1)->actions) == std::vector<ActionId>{first, third});
    CHECK(store.incident(3)->actions.empty());

    store.transact([&] { store.set_action_done(first, true, utc(2019, 7, 8, 9, 0), "anna"); });
    const auto done = store.action(first);
    CHECK(done->done_at == utc(2019, 7, 8, 9, 0));
    CHECK(done->done_by == "anna");
    CHECK(ids_of(store.actions({{}, true})) == std::vector<ActionId>{second, third});
    store.transact([&] { store.set_action_done(first, false, utc(2019, 7, 9, 9, 0), "bo"); });
    CHECK_FALSE(store.action(first)->done_at);
    CHECK_FALSE(store.action(first)->done_by);
    CHECK(ids_of(store.actions({{}, true})) == std::vector<ActionId>{first, second, third});
    const auto events = store.action_events(1);
    REQUIRE(events.size() == 2U);
    CHECK(events[0].action_id == first);
    CHECK(events[0].done);
    CHECK(events[0].at == utc(2019, 7, 8, 9, 0));
    CHECK(events[0].by == "anna");
    CHECK_FALSE(events[1].done);
    CHECK(events[1].by == "bo");
    CHECK(store.action_events(2).empty());

    // A postmortem that covers incidents lists the actions of every incident it regards.
    store.transact([&] {
        store.insert_postmortem(3, "Analysis", utc(2019, 7, 4, 15, 0), utc(2019, 7, 4, 15, 0),
                                {1, 2});
    });
    CHECK(ids_of(store.incident(2)->actions) == std::vector<ActionId>{first, second, third});
    {
        const auto reader = journal.read();
        CHECK(ids_of(reader->incident(3)->actions) == std::vector<ActionId>{first, second, third});
    }
}

TEST_CASE("conformance: one holder per role, history kept", "[conformance][outage]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    seed_three(store);
    store.transact([&] {
        store.insert_role(1, {"scribe", "Bo", utc(2019, 7, 1, 12, 5), "tester"});
        store.insert_role(1, {"commander", "Anna Berg", utc(2019, 7, 1, 12, 10), "tester"});
        store.insert_role(1, {"commander", "Carl", utc(2019, 7, 1, 12, 20), "anna"});
        store.insert_role(2, {"commander", "Dana", utc(2019, 7, 2, 12, 0), "tester"});
    });
    const auto current = store.roles(1);
    REQUIRE(current.size() == 2U);  // by role
    CHECK(current[0].role == "commander");
    CHECK(current[0].name == "Carl");
    CHECK(current[0].assigned_at == utc(2019, 7, 1, 12, 20));
    CHECK(current[0].assigned_by == "anna");
    CHECK(current[1].role == "scribe");
    CHECK(current[1].name == "Bo");
    const auto history = store.role_history(1);
    REQUIRE(history.size() == 3U);  // oldest first
    CHECK(history[0].name == "Bo");
    CHECK(history[1].name == "Anna Berg");
    CHECK(history[2].name == "Carl");
    CHECK(store.roles(3).empty());
    CHECK(store.role_history(3).empty());
}

TEST_CASE("conformance: milestones are set with their history", "[conformance][outage]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto created = utc(2019, 7, 1, 12, 0);
    const auto id = record(store, "one", created);
    NewIncident imported = new_incident("imported");
    imported.detected_at = created + 1min;
    imported.acknowledged_at = created + 2min;
    imported.mitigated_at = created + 3min;
    IncidentId other = 0;
    store.transact([&] { other = store.insert_incident(imported, created); });
    const auto got = store.incident(other);
    CHECK(got->detected_at == created + 1min);
    CHECK(got->acknowledged_at == created + 2min);
    CHECK(got->mitigated_at == created + 3min);
    CHECK_FALSE(store.incident(id)->detected_at);

    const auto update_id = store.updates(id)[0].id;
    store.transact([&] {
        store.set_milestone(id, Milestone::detected, created - 5min, update_id, created, "anna");
        store.set_milestone(id, Milestone::acknowledged, created + 5min, std::nullopt,
                            created + 6min, "bo");
        store.set_milestone(id, Milestone::detected, created - 7min, std::nullopt, created + 8min,
                            "bo");
        store.set_milestone(id, Milestone::mitigated, created + 20min, std::nullopt,
                            created + 20min, "bo");
        store.set_milestone(id, Milestone::started, created - 30min, std::nullopt, created + 21min,
                            "bo");
    });
    const auto inc = store.incident(id);
    CHECK(inc->detected_at == created - 7min);
    CHECK(inc->acknowledged_at == created + 5min);
    CHECK(inc->mitigated_at == created + 20min);
    CHECK(inc->started_at == created - 30min);
    const auto changes = store.milestone_changes(id);
    REQUIRE(changes.size() == 5U);
    CHECK(changes[0].milestone == Milestone::detected);
    CHECK_FALSE(changes[0].old_at);
    CHECK(changes[0].new_at == created - 5min);
    CHECK(changes[0].update_id == update_id);
    CHECK(changes[0].changed_at == created);
    CHECK(changes[0].changed_by == "anna");
    CHECK_FALSE(changes[1].update_id);
    CHECK(changes[2].milestone == Milestone::detected);
    CHECK(changes[2].old_at == created - 5min);  // what it replaced
    CHECK(changes[2].new_at == created - 7min);
    CHECK(changes[4].milestone == Milestone::started);
    CHECK_FALSE(changes[4].old_at);
    CHECK(store.milestone_changes(other).empty());
}

TEST_CASE("conformance: response records carry every milestone, oldest first",
          "[conformance][outage]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    seed_three(store);
    auto m = new_incident("Window", Impact::none, Kind::maintenance);
    m.scheduled_for = utc(2019, 7, 5, 1, 0);
    m.scheduled_until = utc(2019, 7, 5, 2, 0);
    auto b = new_incident("Imported", Impact::critical);
    b.backfilled = true;
    store.transact([&] {
        store.insert_incident(m, utc(2019, 6, 30, 12, 0));
        store.insert_incident(b, utc(2019, 7, 4, 12, 0));
        store.add_components(1, std::nullopt, {{"Cloud", "API"}, {"", "Billing"}});
        store.set_started_at(1, utc(2019, 7, 1, 11, 0));
        store.set_milestone(1, Milestone::acknowledged, utc(2019, 7, 1, 12, 5), std::nullopt,
                            utc(2019, 7, 1, 12, 5), "tester");
        store.set_milestone(1, Milestone::mitigated, utc(2019, 7, 1, 12, 8), std::nullopt,
                            utc(2019, 7, 1, 12, 8), "tester");
        store.set_milestone(1, Milestone::detected, utc(2019, 7, 1, 11, 30), std::nullopt,
                            utc(2019, 7, 1, 12, 8), "tester");
    });
    const auto all = store.response_records({}, true);
    REQUIRE(all.size() == 5U);
    CHECK(all[0].title == "Window");  // by created_at
    CHECK(all[0].kind == Kind::maintenance);
    const auto& r = all[1];
    CHECK(r.id == 1);
    CHECK(r.title == "one");
    CHECK(r.impact == Impact::major);
    CHECK(r.kind == Kind::incident);
    CHECK_FALSE(r.backfilled);
    CHECK(r.created_at == utc(2019, 7, 1, 12, 0));
    CHECK(r.started_at == utc(2019, 7, 1, 11, 0));
    CHECK(r.detected_at == utc(2019, 7, 1, 11, 30));
    CHECK(r.acknowledged_at == utc(2019, 7, 1, 12, 5));
    CHECK(r.mitigated_at == utc(2019, 7, 1, 12, 8));
    CHECK(r.resolved_at == utc(2019, 7, 1, 12, 10));
    CHECK(r.components == std::vector<Component>{{"Cloud", "API"}, {"", "Billing"}});
    CHECK_FALSE(all[2].resolved_at);
    CHECK(all[4].backfilled);
    // Without components, and filtered.
    const auto none = store.response_records({}, false);
    REQUIRE(none.size() == 5U);
    CHECK(none[1].components.empty());
    IncidentFilter f;
    f.kind = Kind::incident;
    f.since = utc(2019, 7, 2, 0, 0);
    f.status = StatusFilter::open;
    const auto some = store.response_records(f, true);
    REQUIRE(some.size() == 3U);
    CHECK(some[0].id == 2);
    CHECK(some[1].id == 3);
    CHECK(some[2].title == "Imported");
}
