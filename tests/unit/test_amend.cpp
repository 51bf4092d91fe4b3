#include <catch2/catch.hpp>

#include "incident/errors.hpp"
#include "incident/history.hpp"
#include "incident/render.hpp"
#include "temp_journal.hpp"

using namespace incident;
using namespace incident::testing;

namespace {

const Instant now = at("2019-07-04T14:00:00Z");

Amended amend(WriteStore& store, UpdateId id, std::optional<std::string> body,
              std::optional<const char*> when = std::nullopt, const std::string& who = "fixer") {
    AmendRequest r;
    r.update_id = id;
    r.body = std::move(body);
    if (when) r.at = at(*when);
    r.author = who;
    return amend_update(store, r, now);
}

}  // namespace

TEST_CASE("amend replaces the text and keeps every earlier version") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto id = open_at(store, "Outage", "2019-07-01T08:00:00Z", "Frist text.");
    const auto u = store.updates(id).front().id;
    const auto result = amend(store, u, "First text.");
    CHECK(result.changed);
    CHECK(result.incident_id == id);
    amend(store, u, "First text, again corrected.", std::nullopt, "second");

    const auto updates = store.updates(id);
    REQUIRE(updates.size() == 1);
    CHECK(updates[0].body == "First text, again corrected.");
    CHECK(updates[0].edited_at == now);
    CHECK(updates[0].recorded_at == at("2030-01-01T00:00:00Z"));  // when it was first recorded
    CHECK(updates[0].author == "tester");

    const auto versions = store.update_versions(id);
    REQUIRE(versions.size() == 3);
    CHECK(versions[0].body == "Frist text.");
    CHECK(versions[0].written_by == "tester");
    CHECK_FALSE(versions[0].current);
    CHECK(versions[1].body == "First text.");
    CHECK(versions[1].written_by == "fixer");
    CHECK(versions[1].written_at == now);
    CHECK(versions[2].body == "First text, again corrected.");
    CHECK(versions[2].written_by == "second");
    CHECK(versions[2].current);
}

TEST_CASE("amending nothing is refused, amending to the same text writes nothing") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto id = open_at(store, "Outage", "2019-07-01T08:00:00Z", "Text.");
    const auto u = store.updates(id).front().id;
    CHECK_THROWS_AS(amend(store, u, std::nullopt), UsageError);
    CHECK_FALSE(amend(store, u, "Text.").changed);
    CHECK_FALSE(amend(store, u, std::nullopt, "2019-07-01T08:00:00Z").changed);
    CHECK(store.update_versions(id).empty());
    CHECK_FALSE(store.updates(id).front().edited_at);
    CHECK_THROWS_AS(amend(store, 999, "x"), NotFoundError);
}

TEST_CASE("amending a time re-derives the incident's state") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto id = open_at(store, "Outage", "2019-07-01T08:00:00Z");
    const auto monitoring =
        post_at(store, id, "2019-07-01T09:00:00Z", "Watching.", Status::monitoring);
    const auto resolved = post_at(store, id, "2019-07-01T10:00:00Z", "Fixed.", Status::resolved);
    CHECK(store.incident(id)->status == Status::resolved);

    // The resolution was posted at 11:00 really.
    amend(store, resolved, std::nullopt, "2019-07-01T11:00:00Z");
    CHECK(store.incident(id)->resolved_at == at("2019-07-01T11:00:00Z"));

    // Moving the monitoring update after the resolution makes the incident open again.
    const auto r = amend(store, monitoring, std::nullopt, "2019-07-01T12:00:00Z");
    CHECK(r.incident_status == Status::monitoring);
    CHECK(store.incident(id)->status == Status::monitoring);
    CHECK_FALSE(store.incident(id)->resolved_at);
}

TEST_CASE("amended times follow the rules of update") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto id = open_at(store, "Outage", "2019-07-01T08:00:00Z");
    const auto opening = store.updates(id).front().id;
    const auto later = post_at(store, id, "2019-07-01T09:00:00Z", "Later.");

    CHECK_THROWS_WITH(amend(store, later, std::nullopt, "2019-07-01T07:00:00Z"),
                      Catch::Contains("is before incident"));
    CHECK_THROWS_WITH(amend(store, later, std::nullopt, "2019-07-05T00:00:00Z"),
                      Catch::Contains("in the future"));
    CHECK_THROWS_WITH(amend(store, opening, std::nullopt, "2019-07-01T09:30:00Z"),
                      Catch::Contains("cannot be moved after update"));

    // The opening update moves the incident's opening with it.
    amend(store, opening, std::nullopt, "2019-07-01T07:30:00Z");
    CHECK(store.incident(id)->created_at == at("2019-07-01T07:30:00Z"));
    amend(store, opening, std::nullopt, "2019-07-01T08:30:00Z");
    CHECK(store.incident(id)->created_at == at("2019-07-01T08:30:00Z"));
    CHECK(store.update_versions(id).size() == 3);
}

TEST_CASE("updates of resolved incidents may be amended") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto id = open_at(store, "Outage", "2019-07-01T08:00:00Z");
    const auto r = post_at(store, id, "2019-07-01T09:00:00Z", "Fixd.", Status::resolved);
    CHECK(amend(store, r, "Fixed.").incident_status == Status::resolved);
    CHECK(store.updates(id).back().body == "Fixed.");
}

TEST_CASE("show marks edited updates and lists the history") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto id = open_at(store, "Outage", "2019-07-01T08:00:00Z", "Old \x1b[2J text.");
    const auto u = store.updates(id).front().id;
    amend(store, u, "New text.");
    const auto incident = *store.incident(id);
    const auto detail = render::incident_detail(incident, store.updates(id), Zone::utc(), now, {});
    CHECK_THAT(detail, Catch::Contains("(update 1, edited 2019-07-04 14:00 UTC)"));
    const auto history = render::history_text(store.update_versions(id), {}, Zone::utc(), {});
    CHECK_THAT(history, Catch::Contains("Update 1 (2 versions, oldest first)"));
    CHECK_THAT(history,
               Catch::Contains("    v1  Posted Jul 01, 2019 - 08:00 UTC; written "
                               "2030-01-01 00:00 UTC by tester\n        Old ^[[2J text.\n"));
    CHECK_THAT(history, Catch::Contains("    v2 (current)  Posted Jul 01, 2019 - 08:00 UTC"));
    const auto json = render::update_json(store.updates(id).front(), incident);
    CHECK_THAT(
        json,
        Catch::Contains(
            "\"created_at\":\"2030-01-01T00:00:00Z\",\"updated_at\":\"2019-07-04T14:00:00Z\""));
}

TEST_CASE("history counts one version in the singular", "[amend]") {
    UpdateVersion v;
    v.update_id = 4;
    v.body = "Only text.";
    v.posted_at = now;
    v.written_at = now;
    v.written_by = "tester";
    v.current = true;
    const auto history = render::history_text({v}, {}, Zone::utc(), {});
    CHECK_THAT(history, Catch::Contains("Update 4 (1 version, oldest first)"));
    CHECK_THAT(history, !Catch::Contains("1 versions"));
}
