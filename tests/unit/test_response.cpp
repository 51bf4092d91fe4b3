// After the outage: one postmortem covering several incidents, internal notes, milestones,
// follow-up actions and roles (src/journal/journal.cpp, src/journal/response.cpp).
#include <catch2/catch.hpp>

#include "incident/errors.hpp"
#include "incident/journal.hpp"
#include "temp_journal.hpp"

using namespace incident;
using namespace incident::testing;

namespace {

const Instant now = at("2019-07-04T12:00:00Z");

PostmortemRequest postmortem(IncidentId id, std::string body,
                             std::optional<std::vector<IncidentId>> covers = std::nullopt) {
    PostmortemRequest r;
    r.id = id;
    r.body = std::move(body);
    r.covers = std::move(covers);
    return r;
}

UpdateRequest note(IncidentId id, std::string text) {
    UpdateRequest r;
    r.id = id;
    r.message = std::move(text);
    r.author = "cron";
    r.internal = true;
    return r;
}

MarkRequest mark(IncidentId id, Milestone m, const char* when) {
    MarkRequest r;
    r.id = id;
    r.milestone = m;
    r.at = at(when);
    r.author = "tester";
    return r;
}

// The reference's three incidents, each resolved.
struct Litium {
    TempJournal journal;
    std::unique_ptr<WriteStore> owner = journal.write();
    WriteStore& store = *owner;
    IncidentId june24 =
        open_at(store, "DDOS attack on our operations provider", "2019-06-24T08:00:00Z");
    IncidentId june30 =
        open_at(store, "DDOS attack on our operations provider", "2019-06-30T12:00:00Z");
    IncidentId july1 = open_at(store, "Service interuption", "2019-07-01T16:30:00Z");
    Litium() {
        post_at(store, june24, "2019-06-24T09:00:00Z", "Resolved.", Status::resolved);
        post_at(store, june30, "2019-06-30T13:00:00Z", "Resolved.", Status::resolved);
        post_at(store, july1, "2019-07-02T09:07:00Z", "Resolved.", Status::resolved);
    }
};

}  // namespace

TEST_CASE("one postmortem covers several incidents, and each shows it") {
    Litium l;
    CHECK(publish_postmortem(l.store, postmortem(l.july1, "One analysis.", {{l.june30, l.june24}}),
                             now) == PostmortemOutcome::published);
    for (const auto id : {l.june24, l.june30, l.july1}) {
        const auto inc = require_incident(l.store, id);
        REQUIRE(inc.postmortem);
        CHECK(inc.postmortem->body == "One analysis.");
        CHECK(inc.postmortem->incident_id == l.july1);
        REQUIRE(inc.postmortem->regarding.size() == 3U);
        CHECK(inc.postmortem->regarding[0].id == l.june24);
        CHECK(inc.postmortem->regarding[1].id == l.june30);
        CHECK(inc.postmortem->regarding[2].id == l.july1);
    }
    // The same text and set again is no new version; the set alone is one (the text kept).
    CHECK(publish_postmortem(l.store, postmortem(l.july1, "One analysis.", {{l.june30, l.june24}}),
                             now) == PostmortemOutcome::unchanged);
    CHECK(publish_postmortem(l.store, postmortem(l.july1, "", {{l.june30}}), now) ==
          PostmortemOutcome::replaced);
    CHECK(l.store.covers(l.july1) == std::vector<IncidentId>{l.june30});
    CHECK_FALSE(require_incident(l.store, l.june24).postmortem);
    CHECK(require_incident(l.store, l.july1).postmortem->body == "One analysis.");
    // New text without --covers keeps the set.
    publish_postmortem(l.store, postmortem(l.july1, "A better analysis."), now);
    CHECK(l.store.covers(l.july1) == std::vector<IncidentId>{l.june30});
    CHECK(l.store.postmortem_history(l.july1).size() == 3U);
    // --covers none: about itself alone again.
    publish_postmortem(l.store, postmortem(l.july1, "", std::vector<IncidentId>{}), now);
    CHECK(l.store.covers(l.july1).empty());
    CHECK(require_incident(l.store, l.july1).postmortem->regarding.empty());
}

TEST_CASE("covering is refused for a missing incident, itself, a cycle or a taken incident") {
    Litium l;
    const auto code = [&](const PostmortemRequest& r) {
        try {
            publish_postmortem(l.store, r, now);
        } catch (const Error& e) {
            return static_cast<int>(e.exit_code());
        }
        return 0;
    };
    CHECK(code(postmortem(l.july1, "x", {{99}})) == 3);
    CHECK(code(postmortem(l.july1, "x", {{l.july1}})) == 2);
    CHECK(code(postmortem(l.july1, "", {{l.june24}})) == 2);  // no text yet
    REQUIRE(code(postmortem(l.july1, "x", {{l.june24}})) == 0);
    CHECK(code(postmortem(l.june24, "y", {{l.july1}})) == 2);   // a cycle
    CHECK(code(postmortem(l.june24, "own text")) == 4);         // covered: write in July's
    CHECK(code(postmortem(l.june30, "y", {{l.june24}})) == 4);  // June 24 is taken
    CHECK(code(postmortem(l.june30, "y", {{l.july1}})) == 4);   // July covers others itself
    // Nothing of the refused requests was written.
    CHECK(l.store.postmortem_history(l.june24).empty());
    CHECK(l.store.postmortem_history(l.june30).empty());
    CHECK(l.store.covers(l.july1) == std::vector<IncidentId>{l.june24});
}

TEST_CASE("an internal note is shown only where asked for and changes no state") {
    TempJournal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto id = open_at(store, "Disk full", "2019-07-01T08:00:00Z");
    post_at(store, id, "2019-07-01T09:00:00Z", "Fixed.", Status::resolved);
    const auto before = require_incident(store, id);
    auto n = note(id, "df: /var 98%");
    n.at = at("2019-07-01T10:00:00Z");
    const auto recorded = post_update(store, n, now);
    CHECK_FALSE(recorded.reopened);
    const auto after = require_incident(store, id);
    CHECK(after.status == Status::resolved);
    CHECK(after.resolved_at == before.resolved_at);
    CHECK(after.updated_at == before.updated_at);
    const auto updates = store.updates(id);
    REQUIRE(updates.size() == 3U);
    CHECK(updates.back().internal);
    CHECK(updates.back().status == Status::resolved);  // the one in effect
    CHECK(public_updates(updates).size() == 2U);
    std::vector<Update> scratch;
    CHECK(&public_updates(updates, scratch) == &scratch);
    const auto only_public = public_updates(updates);
    CHECK(&public_updates(only_public, scratch) == &only_public);  // nothing to copy
    CHECK(is_public(updates[0]));
    CHECK_FALSE(is_public(updates[2]));
    // A label of its own; the next public update compares with the last public one.
    const auto labelled = newest_first(updates);
    CHECK(labelled[0].label == "Internal note");
    CHECK(labelled[1].label == "Resolved");

    // It takes no status, impact or component (usage), and a retried key replays it.
    auto with_status = note(id, "x");
    with_status.status = Status::monitoring;
    CHECK_THROWS_AS(post_update(store, with_status, now), UsageError);
    auto with_impact = note(id, "x");
    with_impact.impact = Impact::major;
    CHECK_THROWS_AS(post_update(store, with_impact, now), UsageError);
    auto keyed = note(id, "health: ok");
    keyed.key = "cron-1";
    const auto first = post_update(store, keyed, now);
    CHECK(post_update(store, keyed, now).replayed);
    auto as_public = keyed;
    as_public.internal = false;
    CHECK_THROWS_AS(post_update(store, as_public, now), ConflictError);
    CHECK(store.updates(id).size() == 4U);
    CHECK(store.update(first.update_id)->internal);
}

TEST_CASE("milestones keep their order and every setting") {
    TempJournal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto id = open_at(store, "Checkout errors", "2019-07-01T10:00:00Z");
    CHECK(mark_milestone(store, mark(id, Milestone::detected, "2019-07-01T10:05:00Z"), now) ==
          MarkOutcome::set);
    CHECK(mark_milestone(store, mark(id, Milestone::detected, "2019-07-01T10:05:00Z"), now) ==
          MarkOutcome::unchanged);
    // Detected before the opening needs an earlier start first.
    CHECK_THROWS_AS(
        mark_milestone(store, mark(id, Milestone::detected, "2019-07-01T09:55:00Z"), now),
        UsageError);
    CHECK(mark_milestone(store, mark(id, Milestone::started, "2019-07-01T09:50:00Z"), now) ==
          MarkOutcome::set);
    CHECK(mark_milestone(store, mark(id, Milestone::detected, "2019-07-01T09:55:00Z"), now) ==
          MarkOutcome::replaced);
    // Acknowledged before detected, a start after a milestone or the opening: refused.
    CHECK_THROWS_AS(
        mark_milestone(store, mark(id, Milestone::acknowledged, "2019-07-01T09:54:00Z"), now),
        UsageError);
    CHECK_THROWS_AS(
        mark_milestone(store, mark(id, Milestone::started, "2019-07-01T09:56:00Z"), now),
        UsageError);
    CHECK_THROWS_AS(
        mark_milestone(store, mark(id, Milestone::mitigated, "2019-07-05T00:00:00Z"), now),
        UsageError);  // in the future
    // --mark on an update records the update's time and which update it was.
    UpdateRequest u;
    u.id = id;
    u.message = "Rolled back.";
    u.author = "tester";
    u.at = at("2019-07-01T11:00:00Z");
    u.marks = {Milestone::acknowledged, Milestone::mitigated};
    const auto rec = post_update(store, u, now);
    const auto inc = require_incident(store, id);
    CHECK(inc.started_at == at("2019-07-01T09:50:00Z"));
    CHECK(inc.detected_at == at("2019-07-01T09:55:00Z"));
    CHECK(inc.acknowledged_at == at("2019-07-01T11:00:00Z"));
    CHECK(inc.mitigated_at == at("2019-07-01T11:00:00Z"));
    const auto changes = store.milestone_changes(id);
    REQUIRE(changes.size() == 5U);
    CHECK(changes[2].milestone == Milestone::detected);
    CHECK(changes[2].old_at == at("2019-07-01T10:05:00Z"));
    CHECK_FALSE(changes[1].old_at);  // the start was the opening's
    CHECK(changes[3].update_id == rec.update_id);
    CHECK(changes[4].milestone == Milestone::mitigated);
    CHECK_THROWS_AS(
        mark_milestone(store, mark(42, Milestone::detected, "2019-07-01T10:05:00Z"), now),
        NotFoundError);
}

TEST_CASE("follow-up actions: added, done once, reopened, overdue by the journal's day") {
    TempJournal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto id = open_at(store, "Outage", "2019-07-01T10:00:00Z");
    ActionRequest r;
    r.id = id;
    r.text = "  Make DDoS filtering permanent ";
    r.owner = "Network team";
    r.due = std::chrono::year_month_day{std::chrono::year{2019}, std::chrono::July,
                                        std::chrono::day{3}};
    r.link = "https://tracker.example.com/NET-12";
    r.author = "tester";
    const auto zone = *Zone::locate("Europe/Stockholm");
    const auto added = add_action(store, r, now, zone);
    CHECK(added.overdue);  // July 3 is before July 4
    const auto a = store.action(added.id);
    REQUIRE(a);
    CHECK(a->text == "Make DDoS filtering permanent");
    CHECK(a->owner == "Network team");
    CHECK(a->incident_id == id);
    CHECK(is_overdue(*a, local_day(now, zone)));
    CHECK_FALSE(is_overdue(*a, a->due.value()));  // due today is not overdue
    CHECK(set_action_done(store, added.id, true, "anna", now));
    CHECK_FALSE(set_action_done(store, added.id, true, "anna", now));  // a no-op
    CHECK_FALSE(is_overdue(*store.action(added.id), local_day(now, zone)));
    CHECK(set_action_done(store, added.id, false, "bo", now));
    CHECK(store.action_events(id).size() == 2U);
    CHECK(require_incident(store, id).actions.size() == 1U);
    CHECK_THROWS_AS(set_action_done(store, 99, true, "anna", now), NotFoundError);
    // Bad input writes nothing.
    auto bad = r;
    bad.link = "ftp://example.com/x";
    CHECK_THROWS_AS(add_action(store, bad, now, zone), UsageError);
    bad = r;
    bad.text = "two\nlines";
    CHECK_THROWS_AS(add_action(store, bad, now, zone), UsageError);
    bad = r;
    bad.id = 99;
    CHECK_THROWS_AS(add_action(store, bad, now, zone), NotFoundError);
    CHECK(store.actions({}).size() == 1U);
}

TEST_CASE("roles: one holder each, lower-case words, every holder kept") {
    TempJournal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto id = open_at(store, "Outage", "2019-07-01T10:00:00Z");
    CHECK(assign_role(store, {id, "Commander", "Anna", "tester"}, now) == RoleOutcome::assigned);
    CHECK(assign_role(store, {id, "commander", "Anna", "tester"}, now) == RoleOutcome::unchanged);
    CHECK(assign_role(store, {id, "commander", "Bo", "tester"}, now) == RoleOutcome::replaced);
    CHECK(assign_role(store, {id, "scribe", "Cy", "tester"}, now) == RoleOutcome::assigned);
    const auto roles = store.roles(id);
    REQUIRE(roles.size() == 2U);
    CHECK(roles[0].role == "commander");
    CHECK(roles[0].name == "Bo");
    CHECK(roles[1].role == "scribe");
    CHECK(store.role_history(id).size() == 3U);
    CHECK(check_role("Incident-Commander") == "incident-commander");
    CHECK_THROWS_AS(check_role("incident commander"), UsageError);
    CHECK_THROWS_AS(check_role(""), UsageError);
    CHECK_THROWS_AS(assign_role(store, {id, "scribe", " ", "tester"}, now), UsageError);
    CHECK_THROWS_AS(assign_role(store, {99, "scribe", "Cy", "tester"}, now), NotFoundError);
}
