#include <SQLiteCpp/Database.h>

#include <catch2/catch.hpp>

#include "incident/journal.hpp"
#include "store/sqlite/schema.hpp"
#include "support.hpp"
#include "temp_journal.hpp"

using namespace incident;
using namespace std::chrono_literals;
using incident::testing::TempDir;
using incident::testing::utc;

namespace {

Update update(UpdateId id, Status status, Instant posted) {
    Update u;
    u.id = id;
    u.status = status;
    u.posted_at = posted;
    u.recorded_at = posted;
    return u;
}

const Instant t0 = utc(2019, 7, 1, 12, 0);

}  // namespace

TEST_CASE("an incident without updates has no state to derive", "[journal][state]") {
    CHECK_FALSE(derive_state({}, {}, {}).has_value());
}

TEST_CASE("the latest update by posted time sets the status", "[journal][state]") {
    const auto s = derive_state(
        {update(1, Status::investigating, t0), update(2, Status::identified, t0 + 10min)}, {}, {});
    REQUIRE(s);
    CHECK(s->status == Status::identified);
    CHECK_FALSE(s->resolved_at);
    CHECK(s->updated_at == t0 + 10min);
    CHECK_FALSE(s->monitoring_at);
}

TEST_CASE("a backfilled update does not outrank a later one, in any input order",
          "[journal][state]") {
    // Update 3 was recorded last but posted before update 2.
    const std::vector<Update> updates{update(2, Status::monitoring, t0 + 20min),
                                      update(1, Status::investigating, t0),
                                      update(3, Status::identified, t0 + 10min)};
    const auto s = derive_state(updates, {}, {});
    REQUIRE(s);
    CHECK(s->status == Status::monitoring);
    CHECK(s->updated_at == t0 + 20min);
    CHECK(s->monitoring_at == t0 + 20min);
}

TEST_CASE("updates posted at the same time are ordered by when they were recorded",
          "[journal][state]") {
    const auto s =
        derive_state({update(5, Status::resolved, t0), update(4, Status::monitoring, t0)}, {}, {});
    REQUIRE(s);
    CHECK(s->status == Status::resolved);
    CHECK(s->resolved_at == t0);
}

TEST_CASE("resolved_at is the closing update's time, and reopening clears it", "[journal][state]") {
    auto s = derive_state(
        {update(1, Status::investigating, t0), update(2, Status::resolved, t0 + 1h)}, {}, {});
    REQUIRE(s);
    CHECK(s->resolved_at == t0 + 1h);
    s = derive_state({update(1, Status::investigating, t0), update(2, Status::resolved, t0 + 1h),
                      update(3, Status::identified, t0 + 2h)},
                     {}, {});
    REQUIRE(s);
    CHECK(s->status == Status::identified);
    CHECK_FALSE(s->resolved_at);
    // A maintenance closes as completed.
    s = derive_state({update(1, Status::scheduled, t0), update(2, Status::completed, t0 + 3h)}, {},
                     {});
    REQUIRE(s);
    CHECK(s->resolved_at == t0 + 3h);
}

TEST_CASE("monitoring_at is the first update posted as monitoring", "[journal][state]") {
    const auto s = derive_state(
        {update(1, Status::investigating, t0), update(2, Status::monitoring, t0 + 30min),
         update(3, Status::identified, t0 + 40min), update(4, Status::monitoring, t0 + 50min),
         update(5, Status::monitoring, t0 + 20min)},
        {}, {});
    REQUIRE(s);
    CHECK(s->monitoring_at == t0 + 20min);
}

TEST_CASE("updated_at is the newest of the latest update, amendments, postmortems and edits",
          "[journal][state]") {
    auto amended = update(1, Status::investigating, t0);
    amended.edited_at = t0 + 2h;
    const std::vector<Update> updates{amended, update(2, Status::resolved, t0 + 1h)};
    CHECK(derive_state(updates, {}, {})->updated_at == t0 + 2h);
    // Every postmortem counts, not only the current one.
    const std::vector<Postmortem> postmortems{{"first", t0 + 5h}, {"second", t0 + 4h}};
    CHECK(derive_state(updates, postmortems, {})->updated_at == t0 + 5h);
    IncidentEdit edit;
    edit.edited_at = t0 + 6h;
    CHECK(derive_state(updates, postmortems, {edit})->updated_at == t0 + 6h);
    // Older ones never move it back.
    edit.edited_at = t0 - 6h;
    CHECK(derive_state(updates, {}, {edit})->updated_at == t0 + 2h);
}

TEST_CASE("an incident entirely before 1970 keeps its own times", "[journal][state]") {
    const auto early = utc(1969, 7, 20, 20, 17);
    const auto s = derive_state({update(1, Status::investigating, early)}, {}, {});
    REQUIRE(s);
    CHECK(s->updated_at == early);
}

TEST_CASE("refresh_state keeps what derive_state computes from the store's records",
          "[journal][state]") {
    testing::TempJournal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto id = testing::open_at(store, "Outage", "2019-07-01T12:00:00Z");
    testing::post_at(store, id, "2019-07-01T12:30:00Z", "Watching.", Status::monitoring);
    testing::post_at(store, id, "2019-07-01T13:00:00Z", "Fixed.", Status::resolved);
    const auto inc = store.incident(id);
    REQUIRE(inc);
    const auto expected =
        derive_state(store.updates(id), store.postmortem_history(id), store.incident_edits(id));
    REQUIRE(expected);
    CHECK(IncidentState{inc->status, inc->resolved_at, inc->updated_at, inc->monitoring_at} ==
          *expected);
    CHECK(inc->monitoring_at == testing::at("2019-07-01T12:30:00Z"));
}

TEST_CASE("migration 8 keeps each incident's monitoring_at as reads computed it before",
          "[store][migration]") {
    TempDir dir;
    const auto path = dir / "journal.db";
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("BEGIN");
        sqlite::migrate_to(db, 7);
        db.exec(R"sql(
INSERT INTO incidents (id, title, impact, status, created_at, updated_at)
    VALUES (1, 'Watched', 'minor', 'identified', 1000, 4000),
           (2, 'Never watched', 'minor', 'investigating', 1000, 1000);
INSERT INTO updates (id, incident_id, status, body, posted_at, recorded_at, author)
    VALUES (1, 1, 'investigating', 'a', 1000, 1000, 'x'),
           (2, 1, 'monitoring', 'b', 3000, 3000, 'x'),
           (3, 1, 'monitoring', 'c', 2000, 3500, 'x'),
           (4, 1, 'identified', 'd', 4000, 4000, 'x'),
           (5, 2, 'investigating', 'e', 1000, 1000, 'x');
)sql");
        db.exec("COMMIT");
    }
    const auto store = testing::open_read(path);
    CHECK(store->incident(1)->monitoring_at == Instant{2000ms});
    CHECK_FALSE(store->incident(2)->monitoring_at);
}

TEST_CASE("internal notes set no state, not even updated_at or monitoring_at", "[journal][state]") {
    auto note = update(3, Status::monitoring, t0 + 2h);  // a note's status is ignored
    note.internal = true;
    note.edited_at = t0 + 3h;
    const std::vector<Update> updates{update(1, Status::investigating, t0), note,
                                      update(2, Status::identified, t0 + 1h)};
    const auto s = derive_state(updates, {}, {});
    REQUIRE(s);
    CHECK(s->status == Status::identified);
    CHECK(s->updated_at == t0 + 1h);
    CHECK_FALSE(s->monitoring_at);
    CHECK_FALSE(derive_state({note}, {}, {}).has_value());
}

TEST_CASE(
    "a covering postmortem's time counts in a covered incident's updated_at, also after "
    "the cover is dropped",
    "[journal][state]") {
    testing::TempJournal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto a = testing::open_at(store, "First", "2019-06-24T10:00:00Z");
    const auto b = testing::open_at(store, "Second", "2019-06-30T10:00:00Z");
    const auto posted = testing::at("2019-07-04T13:43:00Z");
    store.transact([&] {
        store.insert_postmortem(b, "One analysis.", posted, posted, {a});
        refresh_state(store, a);
        refresh_state(store, b);
    });
    CHECK(shown_postmortems(store, a).size() == 1U);
    CHECK(store.incident(a)->updated_at == posted);
    CHECK(store.incident(b)->updated_at == posted);
    const auto later = testing::at("2019-07-05T09:00:00Z");
    store.transact([&] {
        store.insert_postmortem(b, "One analysis.", later, later, {});
        refresh_state(store, a);
    });
    CHECK_FALSE(store.incident(a)->postmortem);
    CHECK(store.incident(a)->updated_at == posted);  // never moves back
}
