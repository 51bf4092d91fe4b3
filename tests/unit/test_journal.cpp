#include <catch2/catch.hpp>

#include "incident/errors.hpp"
#include "incident/journal.hpp"
#include "support.hpp"
#include "temp_journal.hpp"

using namespace incident;
using namespace std::chrono_literals;
using incident::testing::fixed_now;
using incident::testing::TempDir;
using incident::testing::utc;

namespace {

// A journal in its own temporary directory.
struct Journal {
    TempDir dir;
    std::unique_ptr<WriteStore> store_owner = testing::open_write(dir / "journal.db");
    WriteStore& store = *store_owner;

    std::size_t update_count(IncidentId id) const { return store.updates(id).size(); }
    std::size_t incident_count() const { return store.incidents({}).size(); }
};

OpenRequest open_request(std::string title = "Database failover") {
    OpenRequest r;
    r.title = std::move(title);
    r.message = default_open_message;
    r.author = "tester";
    return r;
}

UpdateRequest update_request(IncidentId id, std::string message = "More news") {
    UpdateRequest r;
    r.id = id;
    r.message = std::move(message);
    r.author = "tester";
    return r;
}

UpdateRequest with_status(UpdateRequest r, Status s) {
    r.status = s;
    return r;
}

UpdateRequest at(UpdateRequest r, Instant t) {
    r.at = t;
    return r;
}

IncidentId open_at(Journal& j, Instant t, Status s = Status::investigating) {
    auto r = open_request();
    r.at = t;
    r.status = s;
    return open_incident(j.store, r, fixed_now()).incident_id;
}

}  // namespace

TEST_CASE("open records the incident and its first update", "[journal]") {
    Journal j;
    auto r = open_request("Service interruption");
    r.status = Status::identified;
    r.impact = Impact::major;
    r.components = {{"Litium Cloud", "Network & infrastructure"}};
    r.author = "alice";
    r.at = utc(2019, 7, 1, 16, 30);
    const auto rec = open_incident(j.store, r, fixed_now());
    CHECK(rec.incident_id == 1);
    CHECK(rec.update_id == 1);
    CHECK(rec.status == Status::identified);
    CHECK_FALSE(rec.replayed);
    CHECK_FALSE(rec.reopened);

    const auto inc = require_incident(j.store, rec.incident_id);
    CHECK(inc.title == "Service interruption");
    CHECK(inc.status == Status::identified);
    CHECK(inc.impact == Impact::major);
    CHECK(inc.created_at == utc(2019, 7, 1, 16, 30));
    CHECK(inc.updated_at == utc(2019, 7, 1, 16, 30));
    CHECK_FALSE(inc.resolved_at.has_value());
    CHECK(inc.components == std::vector<Component>{{"Litium Cloud", "Network & infrastructure"}});

    const auto updates = j.store.updates(rec.incident_id);
    REQUIRE(updates.size() == 1U);
    CHECK(updates[0].body == default_open_message);
    CHECK(updates[0].author == "alice");
    CHECK(updates[0].posted_at == utc(2019, 7, 1, 16, 30));
    CHECK(updates[0].recorded_at == fixed_now());
    CHECK(updates[0].components == inc.components);
}

TEST_CASE("open without --at is posted now", "[journal]") {
    Journal j;
    const auto rec = open_incident(j.store, open_request(), fixed_now());
    const auto inc = require_incident(j.store, rec.incident_id);
    CHECK(inc.created_at == fixed_now());
    CHECK(inc.status == Status::investigating);
    CHECK(inc.impact == Impact::none);
}

TEST_CASE("open refuses an incident that starts resolved", "[journal]") {
    Journal j;
    auto r = open_request();
    r.status = Status::resolved;
    CHECK_THROWS_AS(open_incident(j.store, r, fixed_now()), UsageError);
    CHECK_THROWS_WITH(open_incident(j.store, r, fixed_now()),
                      "an incident cannot be opened as resolved; open it, then resolve it");
    CHECK(j.incident_count() == 0U);
}

TEST_CASE("open refuses an empty or multi-line title, not only in the CLI", "[journal]") {
    Journal j;
    for (const auto* title : {"", "   ", "\t\n"}) {
        CHECK_THROWS_AS(open_incident(j.store, open_request(title), fixed_now()), UsageError);
    }
    CHECK_THROWS_WITH(open_incident(j.store, open_request(""), fixed_now()), "the title is empty");
    CHECK_THROWS_WITH(open_incident(j.store, open_request("two\nlines"), fixed_now()),
                      "the title must be one line");
    CHECK_THROWS_AS(open_incident(j.store, open_request("carriage\rreturn"), fixed_now()),
                    UsageError);
    CHECK(j.incident_count() == 0U);
}

TEST_CASE("check_title is the one rule set for titles", "[journal]") {
    CHECK(check_title("  Database failover \t") == "Database failover");
    CHECK(check_title("Datenbank \xc3\xa4 \xe6\x95\xb0\xe6\x8d\xae") ==
          "Datenbank \xc3\xa4 \xe6\x95\xb0\xe6\x8d\xae");
    CHECK_THROWS_WITH(check_title(" \t "), "the title is empty");
    CHECK_THROWS_WITH(check_title("two\nlines"), "the title must be one line");
    CHECK_THROWS_WITH(check_title("carriage\rreturn"), "the title must be one line");
    CHECK_THROWS_WITH(check_title("a\x1b[2Jb"),
                      "the title contains a control character (U+001B at byte 1); titles are "
                      "plain text on one line");
    CHECK_THROWS_WITH(check_title("tab\there"), Catch::Contains("U+0009 at byte 3"));
    CHECK_THROWS_WITH(check_title("del\x7f"), Catch::Contains("U+007F"));
    CHECK_THROWS_WITH(check_title("csi\xc2\x9b"), Catch::Contains("U+009B at byte 3"));
    CHECK_THROWS_AS(check_title("bad \xff utf-8"), UsageError);
    CHECK_THROWS_AS(check_title(std::string("nul\0byte", 8)), UsageError);
    CHECK(check_title(std::string(1024, 'x')).size() == 1024U);
    CHECK_THROWS_AS(check_title(std::string(1025, 'x')), UsageError);
}

TEST_CASE("open, update and resolve refuse an empty message, not only in the CLI", "[journal]") {
    Journal j;
    auto r = open_request();
    r.message = "  \n";
    CHECK_THROWS_WITH(open_incident(j.store, r, fixed_now()), "the message is empty");
    CHECK(j.incident_count() == 0U);
    const auto id = open_incident(j.store, open_request(), fixed_now()).incident_id;
    CHECK_THROWS_AS(post_update(j.store, update_request(id, ""), fixed_now()), UsageError);
    CHECK_THROWS_AS(resolve_incident(j.store, update_request(id, " "), fixed_now()), UsageError);
    CHECK(j.update_count(id) == 1U);
}

TEST_CASE("times more than a minute ahead of the clock are refused", "[journal]") {
    Journal j;
    auto r = open_request();
    r.at = fixed_now() + 61s;
    CHECK_THROWS_AS(open_incident(j.store, r, fixed_now()), UsageError);
    CHECK_THROWS_WITH(open_incident(j.store, r, fixed_now()),
                      "--at 2019-07-04T14:01:01Z is in the future; it is now 2019-07-04T14:00:00Z");
    CHECK(j.incident_count() == 0U);
    // A clock a little behind another machine's is tolerated.
    r.at = fixed_now() + 60s;
    const auto id = open_incident(j.store, r, fixed_now()).incident_id;
    CHECK_THROWS_AS(post_update(j.store, at(update_request(id), fixed_now() + 5min), fixed_now()),
                    UsageError);
    CHECK_THROWS_AS(
        resolve_incident(j.store, at(update_request(id), fixed_now() + 2h), fixed_now()),
        UsageError);
    CHECK(j.update_count(id) == 1U);
}

TEST_CASE("updating an unknown incident is NotFoundError", "[journal]") {
    Journal j;
    CHECK_THROWS_AS(post_update(j.store, update_request(99), fixed_now()), NotFoundError);
    CHECK_THROWS_WITH(post_update(j.store, update_request(99), fixed_now()),
                      "no incident with id 99");
    CHECK_THROWS_AS(resolve_incident(j.store, update_request(99), fixed_now()), NotFoundError);
    CHECK_THROWS_AS(require_incident(j.store, 99), NotFoundError);
    PostmortemRequest pm;
    pm.id = 99;
    pm.body = "What happened";
    CHECK_THROWS_AS(publish_postmortem(j.store, pm, fixed_now()), NotFoundError);
}

TEST_CASE("times in the journal's errors are shown in the request's zone", "[journal]") {
    Journal j;
    const auto id = open_at(j, utc(2019, 7, 4, 13, 0));
    auto r = at(update_request(id), utc(2019, 7, 4, 12, 30));
    r.zone = *Zone::locate("Europe/Stockholm");
    CHECK_THROWS_WITH(post_update(j.store, r, fixed_now()),
                      "update time 2019-07-04 14:30 CEST (2019-07-04T12:30:00Z) is before incident "
                      "1 was opened, at 2019-07-04 15:00 CEST (2019-07-04T13:00:00Z)");
}

TEST_CASE("an update cannot be posted before the incident was opened", "[journal]") {
    Journal j;
    const auto id = open_at(j, utc(2019, 7, 4, 13, 0));
    CHECK_THROWS_WITH(
        post_update(j.store, at(update_request(id), utc(2019, 7, 4, 12, 59, 59)), fixed_now()),
        "update time 2019-07-04T12:59:59Z is before incident 1 was opened, at "
        "2019-07-04T13:00:00Z");
    CHECK_THROWS_AS(
        resolve_incident(j.store, at(update_request(id), utc(2019, 7, 1, 0, 0)), fixed_now()),
        UsageError);
    CHECK(j.update_count(id) == 1U);
    // At the opening time itself is fine.
    post_update(j.store, at(update_request(id), utc(2019, 7, 4, 13, 0)), fixed_now());
    CHECK(j.update_count(id) == 2U);
}

TEST_CASE("an update without a status carries the previous update's status", "[journal]") {
    Journal j;
    const auto id = open_at(j, utc(2019, 7, 4, 12, 0), Status::identified);
    const auto first = post_update(j.store, update_request(id), fixed_now());
    CHECK(first.status == Status::identified);
    post_update(j.store, with_status(update_request(id), Status::monitoring), fixed_now());
    const auto second = post_update(j.store, update_request(id), fixed_now());
    CHECK(second.status == Status::monitoring);
    CHECK(require_incident(j.store, id).status == Status::monitoring);
}

TEST_CASE("a backfilled update carries the status in effect at its own time", "[journal]") {
    Journal j;
    const auto id = open_at(j, utc(2019, 7, 4, 10, 0));
    post_update(j.store,
                with_status(at(update_request(id), utc(2019, 7, 4, 11, 0)), Status::identified),
                fixed_now());
    post_update(j.store,
                with_status(at(update_request(id), utc(2019, 7, 4, 12, 0)), Status::monitoring),
                fixed_now());
    const auto backfilled = post_update(
        j.store, at(update_request(id, "late note"), utc(2019, 7, 4, 11, 30)), fixed_now());
    CHECK(backfilled.status == Status::identified);
    // The incident's state still follows its newest update.
    CHECK(require_incident(j.store, id).status == Status::monitoring);
}

TEST_CASE("components match an existing spelling case-insensitively", "[journal]") {
    Journal j;
    auto r = open_request();
    r.components = {{"Platform", "API"}};
    const auto first = open_incident(j.store, r, fixed_now()).incident_id;
    r.components = {{"platform", "api"}, {"Edge", "CDN"}};
    const auto second = open_incident(j.store, r, fixed_now()).incident_id;
    CHECK(require_incident(j.store, second).components ==
          std::vector<Component>{{"Platform", "API"}, {"Edge", "CDN"}});
    auto u = update_request(first, "");
    u.components = {{"EDGE", "cdn"}};
    post_update(j.store, u, fixed_now());
    CHECK(require_incident(j.store, first).components ==
          std::vector<Component>{{"Platform", "API"}, {"Edge", "CDN"}});
    // Beyond ASCII too: case folded, and composed and decomposed letters alike.
    u.components = {{"Lagring", "Databäs"}};
    post_update(j.store, u, fixed_now());
    u.components = {{"LAGRING", "DATABÄS"}, {"lagring", "databa\u0308s"}};
    post_update(j.store, u, fixed_now());
    CHECK(require_incident(j.store, first).components ==
          std::vector<Component>{{"Platform", "API"}, {"Edge", "CDN"}, {"Lagring", "Databäs"}});
}

TEST_CASE("an update without a message may change only impact or components", "[journal]") {
    Journal j;
    auto r = open_request();
    r.impact = Impact::minor;
    const auto id = open_incident(j.store, r, fixed_now()).incident_id;
    auto u = update_request(id, "");
    u.impact = Impact::major;
    post_update(j.store, u, fixed_now());
    CHECK(j.store.updates(id).back().body == "Impact changed from minor to major.");
    CHECK_THROWS_AS(post_update(j.store, update_request(id, ""), fixed_now()), UsageError);
    CHECK(j.store.updates(id).size() == 2U);
}

TEST_CASE("an update can change the impact and add components", "[journal]") {
    Journal j;
    auto r = open_request();
    r.impact = Impact::minor;
    r.components = {{"Platform", "API"}};
    const auto id = open_incident(j.store, r, fixed_now()).incident_id;
    auto u = update_request(id);
    u.impact = Impact::critical;
    u.components = {{"Platform", "API"}, {"Edge", "CDN"}};
    const auto rec = post_update(j.store, u, fixed_now());
    const auto inc = require_incident(j.store, id);
    CHECK(inc.impact == Impact::critical);
    CHECK(inc.components == std::vector<Component>{{"Platform", "API"}, {"Edge", "CDN"}});
    // Each component is credited to the update that first named it.
    const auto updates = j.store.updates(id);
    REQUIRE(updates.size() == 2U);
    CHECK(updates[1].id == rec.update_id);
    CHECK(updates[1].components == std::vector<Component>{{"Edge", "CDN"}});
    // Without --impact the impact stays.
    post_update(j.store, update_request(id), fixed_now());
    CHECK(require_incident(j.store, id).impact == Impact::critical);
}

TEST_CASE("resolve records a resolved update and the resolution time", "[journal]") {
    Journal j;
    const auto id = open_at(j, utc(2019, 7, 4, 12, 0));
    auto r = update_request(id, default_resolve_message);
    r.status = Status::investigating;  // resolve ignores any status it is given
    r.at = utc(2019, 7, 4, 13, 30);
    const auto rec = resolve_incident(j.store, r, fixed_now());
    CHECK(rec.status == Status::resolved);
    CHECK_FALSE(rec.reopened);
    const auto inc = require_incident(j.store, id);
    CHECK(inc.status == Status::resolved);
    CHECK(inc.resolved_at == utc(2019, 7, 4, 13, 30));
    CHECK(j.store.updates(id).back().body == default_resolve_message);
}

TEST_CASE("a resolved incident takes no update unless it is reopened", "[journal]") {
    Journal j;
    const auto id = open_at(j, utc(2019, 7, 4, 12, 0));
    resolve_incident(j.store, at(update_request(id), utc(2019, 7, 4, 13, 0)), fixed_now());
    CHECK_THROWS_AS(post_update(j.store, update_request(id), fixed_now()), ConflictError);
    CHECK_THROWS_WITH(post_update(j.store, update_request(id), fixed_now()),
                      "incident 1 is resolved; to reopen it, pass --status "
                      "investigating|identified|monitoring");
    CHECK_THROWS_WITH(resolve_incident(j.store, update_request(id), fixed_now()),
                      "incident 1 is already resolved");
    CHECK_THROWS_AS(
        post_update(j.store, with_status(update_request(id), Status::resolved), fixed_now()),
        ConflictError);
    CHECK(j.update_count(id) == 2U);

    const auto rec =
        post_update(j.store, with_status(update_request(id), Status::identified), fixed_now());
    CHECK(rec.reopened);
    CHECK(rec.status == Status::identified);
    const auto inc = require_incident(j.store, id);
    CHECK(inc.status == Status::identified);
    CHECK_FALSE(inc.resolved_at.has_value());
    // Open again: ordinary updates are accepted and it can be resolved a second time.
    CHECK_FALSE(post_update(j.store, update_request(id), fixed_now()).reopened);
    resolve_incident(j.store, update_request(id), fixed_now());
    CHECK(require_incident(j.store, id).resolved_at == fixed_now());
}

TEST_CASE("a note backfilled before the resolution needs no reopening", "[journal]") {
    Journal j;
    const auto id = open_at(j, utc(2019, 7, 4, 12, 0));
    post_update(j.store,
                with_status(at(update_request(id), utc(2019, 7, 4, 12, 30)), Status::monitoring),
                fixed_now());
    resolve_incident(j.store, at(update_request(id), utc(2019, 7, 4, 13, 0)), fixed_now());
    const auto rec = post_update(
        j.store, at(update_request(id, "forgot this"), utc(2019, 7, 4, 12, 45)), fixed_now());
    CHECK_FALSE(rec.reopened);
    CHECK(rec.status == Status::monitoring);
    const auto inc = require_incident(j.store, id);
    CHECK(inc.status == Status::resolved);
    CHECK(inc.resolved_at == utc(2019, 7, 4, 13, 0));
}

TEST_CASE("the same key on open records once and replays the first result", "[journal]") {
    Journal j;
    auto r = open_request();
    r.key = "cron-42";
    const auto first = open_incident(j.store, r, fixed_now());
    CHECK_FALSE(first.replayed);
    const auto again = open_incident(j.store, r, fixed_now() + 5min);
    CHECK(again.replayed);
    CHECK(again.incident_id == first.incident_id);
    CHECK(again.update_id == first.update_id);
    CHECK(again.status == Status::investigating);
    CHECK(j.incident_count() == 1U);
    CHECK(require_incident(j.store, first.incident_id).title == "Database failover");
    // The same key with another payload is another request: refused, nothing recorded.
    r.title = "A retry with other text";
    CHECK_THROWS_AS(open_incident(j.store, r, fixed_now() + 6min), ConflictError);
    CHECK(j.incident_count() == 1U);
}

TEST_CASE("the same key on update records once, even after a resolution", "[journal]") {
    Journal j;
    const auto id = open_at(j, utc(2019, 7, 4, 12, 0));
    auto u = with_status(update_request(id, "Fix deployed"), Status::monitoring);
    u.key = "deploy-7";
    const auto first = post_update(j.store, u, fixed_now());
    const auto again = post_update(j.store, u, fixed_now());
    CHECK(again.replayed);
    CHECK(again.update_id == first.update_id);
    CHECK(again.status == Status::monitoring);
    CHECK(j.update_count(id) == 2U);

    auto res = update_request(id, default_resolve_message);
    res.key = "resolve-7";
    const auto resolved = resolve_incident(j.store, res, fixed_now());
    // A retried resolve is a replay, not a conflict with the resolution it made.
    const auto retried = resolve_incident(j.store, res, fixed_now());
    CHECK(retried.replayed);
    CHECK(retried.update_id == resolved.update_id);
    CHECK(retried.status == Status::resolved);
    CHECK(j.update_count(id) == 3U);
}

TEST_CASE("a key reused for a different kind of post or incident is a conflict", "[journal]") {
    Journal j;
    auto r = open_request();
    r.key = "shared";
    const auto opened = open_incident(j.store, r, fixed_now());
    // An open key given to update.
    auto u = update_request(opened.incident_id);
    u.key = "shared";
    CHECK_THROWS_AS(post_update(j.store, u, fixed_now()), ConflictError);
    CHECK_THROWS_WITH(post_update(j.store, u, fixed_now()),
                      "idempotency key \"shared\" was already used for update 1 of incident 1; "
                      "use a new key");
    // An update key given to open, or to an update of another incident.
    u.key = "update-key";
    post_update(j.store, u, fixed_now());
    auto r2 = open_request("Other");
    r2.key = "update-key";
    CHECK_THROWS_AS(open_incident(j.store, r2, fixed_now()), ConflictError);
    const auto other = open_incident(j.store, open_request("Other"), fixed_now()).incident_id;
    auto u2 = update_request(other);
    u2.key = "update-key";
    CHECK_THROWS_AS(post_update(j.store, u2, fixed_now()), ConflictError);
    CHECK(j.incident_count() == 2U);
    CHECK(j.update_count(opened.incident_id) == 2U);
    CHECK(j.update_count(other) == 1U);
}

TEST_CASE("a postmortem is published, replaced, and kept in the history", "[journal]") {
    Journal j;
    const auto id = open_at(j, utc(2019, 7, 1, 16, 30));
    resolve_incident(j.store, at(update_request(id), utc(2019, 7, 2, 9, 7)), fixed_now());
    PostmortemRequest pm;
    pm.id = id;
    pm.body = "Draft";
    pm.at = utc(2019, 7, 4, 13, 0);
    CHECK(publish_postmortem(j.store, pm, fixed_now()) == PostmortemOutcome::published);
    pm.body = "Final";
    pm.at = utc(2019, 7, 4, 13, 43);
    CHECK(publish_postmortem(j.store, pm, fixed_now()) == PostmortemOutcome::replaced);
    // Publishing the same text again (a retried script) records nothing new.
    pm.at.reset();
    CHECK(publish_postmortem(j.store, pm, fixed_now()) == PostmortemOutcome::unchanged);
    pm.at = utc(2019, 7, 4, 13, 43);
    CHECK(publish_postmortem(j.store, pm, fixed_now()) == PostmortemOutcome::unchanged);
    const auto inc = require_incident(j.store, id);
    REQUIRE(inc.postmortem.has_value());
    CHECK(inc.postmortem->body == "Final");
    CHECK(inc.updated_at == utc(2019, 7, 4, 13, 43));
    CHECK(inc.status == Status::resolved);
    CHECK(j.store.postmortem_history(id).size() == 2U);
    pm.at = utc(2019, 7, 1, 0, 0);
    CHECK_THROWS_AS(publish_postmortem(j.store, pm, fixed_now()), UsageError);
    pm.at = fixed_now() + 1h;
    CHECK_THROWS_AS(publish_postmortem(j.store, pm, fixed_now()), UsageError);
    CHECK(j.store.postmortem_history(id).size() == 2U);
}

namespace {

ScheduleRequest schedule_request(Instant from, Instant until) {
    ScheduleRequest r;
    r.title = "Database upgrade";
    r.scheduled_for = from;
    r.scheduled_until = until;
    r.components = {{"Platform", "Database"}};
    r.author = "tester";
    return r;
}

}  // namespace

TEST_CASE("schedule records a maintenance with its window, status scheduled",
          "[journal][schedule]") {
    Journal j;
    const auto from = fixed_now() + 12h, until = fixed_now() + 14h;
    const auto rec = schedule_maintenance(j.store, schedule_request(from, until), fixed_now());
    CHECK(rec.status == Status::scheduled);
    const auto inc = require_incident(j.store, rec.incident_id);
    CHECK(inc.kind == Kind::maintenance);
    CHECK(inc.status == Status::scheduled);
    CHECK(inc.scheduled_for == from);
    CHECK(inc.scheduled_until == until);
    CHECK(inc.components == std::vector<Component>{{"Platform", "Database"}});
    const auto updates = j.store.updates(rec.incident_id);
    REQUIRE(updates.size() == 1U);
    CHECK(updates[0].body == default_schedule_message);
    CHECK(updates[0].changes.empty());  // scheduled changes no component yet
}

TEST_CASE("schedule refuses a window that does not end after it starts", "[journal][schedule]") {
    Journal j;
    const auto from = fixed_now() + 12h;
    CHECK_THROWS_AS(schedule_maintenance(j.store, schedule_request(from, from), fixed_now()),
                    UsageError);
    CHECK_THROWS_WITH(schedule_maintenance(j.store, schedule_request(from, from - 1h), fixed_now()),
                      Catch::Contains("is before --from"));
    auto untitled = schedule_request(from, from + 1h);
    untitled.title = " ";
    CHECK_THROWS_AS(schedule_maintenance(j.store, untitled, fixed_now()), UsageError);
    CHECK(j.incident_count() == 0U);
}

TEST_CASE("open, schedule and edit apply check_title whoever calls them", "[journal]") {
    Journal j;
    CHECK_THROWS_WITH(open_incident(j.store, open_request("a\x1b[2Jb"), fixed_now()),
                      Catch::Contains("control character"));
    auto scheduled = schedule_request(fixed_now() + 1h, fixed_now() + 2h);
    scheduled.title = "bell\a";
    CHECK_THROWS_WITH(schedule_maintenance(j.store, scheduled, fixed_now()),
                      Catch::Contains("control character"));
    CHECK(j.incident_count() == 0U);
    const auto id =
        open_incident(j.store, open_request("Database failover"), fixed_now()).incident_id;
    EditRequest edit;
    edit.id = id;
    edit.author = "fixer";
    edit.title = "esc\x1b";
    CHECK_THROWS_WITH(edit_incident(j.store, edit, fixed_now()),
                      Catch::Contains("control character"));
    CHECK(require_incident(j.store, id).title == "Database failover");
}

TEST_CASE("resolve completes a maintenance and its components return to operational",
          "[journal][schedule]") {
    Journal j;
    auto r = schedule_request(fixed_now() + 1h, fixed_now() + 2h);
    r.at = fixed_now() - 3h;
    const auto id = schedule_maintenance(j.store, r, fixed_now()).incident_id;
    CHECK_THROWS_AS(
        post_update(j.store, with_status(update_request(id), Status::identified), fixed_now()),
        UsageError);
    post_update(j.store, at(with_status(update_request(id), Status::in_progress), fixed_now() - 2h),
                fixed_now());
    const Component db{"Platform", "Database"};
    CHECK(j.store.page_component(db)->status == ComponentStatus::under_maintenance);
    auto done = update_request(id, "");
    done.at = fixed_now() - 1h;
    const auto rec = resolve_incident(j.store, done, fixed_now());
    CHECK(rec.status == Status::completed);
    const auto inc = require_incident(j.store, id);
    CHECK(inc.status == Status::completed);
    CHECK(inc.resolved_at == fixed_now() - 1h);
    CHECK(j.store.updates(id).back().body == default_complete_message);
    CHECK(j.store.page_component(db)->status == ComponentStatus::operational);
    CHECK_THROWS_AS(resolve_incident(j.store, update_request(id), fixed_now()), ConflictError);
    CHECK_THROWS_AS(post_update(j.store, update_request(id), fixed_now()), ConflictError);
    CHECK(j.update_count(id) == 3U);
}
