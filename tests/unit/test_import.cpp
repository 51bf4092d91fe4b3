#include <catch2/catch.hpp>

#include "incident/errors.hpp"
#include "incident/import.hpp"
#include "incident/render.hpp"
#include "temp_journal.hpp"

using namespace incident;
using namespace incident::testing;

namespace {

const Instant now = at("2019-07-04T14:00:00Z");

const char* const two_incidents = R"({
  "page": {"id": "pg1", "name": "Litium AB", "time_zone": "Europe/Stockholm"},
  "incidents": [
    {"id": 8, "name": "Checkout errors", "status": "monitoring", "impact": "minor",
     "components": [{"code": "Payments", "name": "Payments", "group": null}],
     "incident_updates": [
       {"id": 17, "status": "monitoring", "body": "Fix deployed.", "created_at": "2019-07-03T09:00:00Z",
        "updated_at": "2019-07-03T10:00:00Z", "display_at": "2019-07-03T09:00:00Z",
        "affected_components": [], "author": "bob"},
       {"id": 16, "status": "investigating", "body": "Payments fail.", "created_at": "2019-07-03T08:00:00Z",
        "updated_at": "2019-07-03T08:00:00Z", "display_at": "2019-07-03T08:00:00Z",
        "affected_components": [{"code": "Payments", "name": "Payments", "group": null}]}]},
    {"id": 7, "name": "Service interuption", "status": "resolved", "impact": "major",
     "postmortem_body": "We learned.", "postmortem_published_at": "2019-07-04T13:43:00Z",
     "components": [{"name": "Network & infrastructure", "group": "Litium Cloud"}, {"name": "Other"}],
     "incident_updates": [
       {"id": 12, "status": "resolved", "body": "Resolved.", "created_at": "2019-07-02T09:07:00Z",
        "display_at": "2019-07-02T09:07:00Z"},
       {"id": 11, "status": "investigating", "body": "Investigating.", "created_at": "2019-07-01T16:31:00Z",
        "display_at": "2019-07-01T16:30:00Z",
        "affected_components": [{"name": "Network & infrastructure", "group": "Litium Cloud"}]}]}
  ]})";

std::string import_error(std::string_view text) {
    try {
        (void)read_import(text, "in.json");
    } catch (const UsageError& e) {
        return e.what();
    }
    FAIL("no error for " << text);
    return "";
}

}  // namespace

TEST_CASE("import reads a Statuspage-shaped export oldest first") {
    const auto plan = read_import(two_incidents, "in.json");
    CHECK(plan.page_name == "Litium AB");
    CHECK(plan.time_zone == "Europe/Stockholm");
    REQUIRE(plan.incidents.size() == 2);
    const auto& first = plan.incidents[0];
    CHECK(first.source_id == "7");
    CHECK(first.key == "import:pg1:7");
    CHECK(first.impact == Impact::major);
    REQUIRE(first.updates.size() == 2);
    CHECK(first.updates[0].source_id == "11");
    CHECK(first.updates[0].posted_at == at("2019-07-01T16:30:00Z"));
    CHECK(first.updates[0].recorded_at == at("2019-07-01T16:31:00Z"));
    CHECK(first.components == std::vector<Component>{{"Litium Cloud", "Network & infrastructure"}, {"", "Other"}});
    REQUIRE(first.postmortem);
    CHECK(first.postmortem->body == "We learned.");
    const auto& second = plan.incidents[1];
    CHECK(second.updates[1].edited_at == at("2019-07-03T10:00:00Z"));
    CHECK_FALSE(second.updates[0].edited_at);
    CHECK(second.updates[1].author == "bob");
    CHECK(second.updates[0].author.empty());
}

TEST_CASE("import records everything in one go and skips what it imported before") {
    TempJournal journal;
    auto store = journal.write();
    const auto plan = read_import(two_incidents, "in.json");
    const auto result = import_plan(store, plan, "importer", now);
    REQUIRE(result.imported.size() == 2);
    CHECK(result.updates == 4);
    CHECK(result.set_name);
    CHECK(result.set_time_zone);
    CHECK(store.config("name") == "Litium AB");

    const auto id = result.imported[0].second;
    const auto inc = *store.incident(id);
    CHECK(inc.title == "Service interuption");
    CHECK(inc.status == Status::resolved);
    CHECK(inc.created_at == at("2019-07-01T16:30:00Z"));
    CHECK(inc.resolved_at == at("2019-07-02T09:07:00Z"));
    CHECK(inc.updated_at == at("2019-07-04T13:43:00Z"));
    CHECK(inc.components.size() == 2);
    const auto updates = store.updates(id);
    REQUIRE(updates.size() == 2);
    CHECK(updates[0].author == "importer");
    CHECK(updates[0].components.size() == 1);
    CHECK(updates[0].idempotency_key == "import:pg1:7");
    const auto other = *store.incident(result.imported[1].second);
    CHECK(other.status == Status::monitoring);
    CHECK(store.updates(other.id).back().edited_at == at("2019-07-03T10:00:00Z"));

    const auto again = import_plan(store, plan, "importer", now);
    CHECK(again.imported.empty());
    CHECK(again.skipped == result.imported);
    CHECK(store.count({}) == 2);
}

TEST_CASE("import accepts a bare Statuspage API answer and a single incident") {
    const auto api = read_import(R"({"incidents": [{"id": "abc", "name": "API slow", "impact": "critical",
        "status": "postmortem", "incident_updates": [
          {"id": "u2", "status": "postmortem", "body": "Cause found.", "created_at": "2019-12-31T10:00:00.000-08:00"},
          {"id": "u1", "status": "investigating", "body": "Slow.", "created_at": "2019-12-30T10:00:00.123-08:00",
           "affected_components": [{"code": "x1", "name": "API", "old_status": "operational"}]}]}]})",
                                 "api.json");
    REQUIRE(api.incidents.size() == 1);
    const auto& inc = api.incidents[0];
    CHECK(inc.key == "import:abc");
    REQUIRE(inc.updates.size() == 1);  // the postmortem update became the postmortem
    CHECK(inc.updates[0].posted_at == at("2019-12-30T18:00:00.123Z"));  // milliseconds kept
    CHECK(inc.updates[0].components == std::vector<Component>{{"", "API"}});
    REQUIRE(inc.postmortem);
    CHECK(inc.postmortem->body == "Cause found.");

    const auto single = read_import(R"({"id": 5, "name": "One", "incident_updates": [
        {"id": 1, "status": "resolved", "body": "Done.", "display_at": "2019-01-01T00:00:00Z"}]})",
                                    "one.json");
    REQUIRE(single.incidents.size() == 1);
    CHECK(single.incidents[0].key == "import:5");
    CHECK(single.incidents[0].impact == Impact::none);
}

TEST_CASE("import refuses invalid documents naming the place") {
    CHECK(import_error("{") ==
          "in.json: not valid JSON: expected an object key (a string), found the end of the input "
          "at byte 1 (line 1, column 2); nothing was imported");
    CHECK(import_error("[]") == "in.json: expected an object with \"incidents\" (or one incident), "
                                "found array; nothing was imported");
    CHECK(import_error("{}") == "in.json: expected an object with \"incidents\" (or one incident "
                                "with \"incident_updates\"); nothing was imported");
    CHECK(import_error(R"({"incidents": {}})") == "in.json: incidents: expected an array; nothing was imported");
    CHECK(import_error(R"({"incidents": [{"name": "x", "incident_updates": []}]})") ==
          "in.json: incidents[0]: missing \"id\"; nothing was imported");
    CHECK(import_error(R"({"incidents": [{"id": 1, "name": "x", "incident_updates": []}]})") ==
          "in.json: incidents[0].incident_updates: an incident needs at least one update; nothing was imported");
    CHECK(import_error(R"({"incidents": [{"id": 1, "name": " ", "incident_updates": []}]})") ==
          "in.json: incidents[0].name: the title is empty; nothing was imported");
    CHECK(import_error(R"({"incidents": [{"id": 1, "name": "x", "impact": "maintenance", "incident_updates": []}]})") ==
          "in.json: incidents[0].impact: unknown impact \"maintenance\" (expected none, minor, major or "
          "critical; scheduled maintenances are not imported); nothing was imported");
    CHECK(import_error(R"({"incidents": [{"id": 1, "name": "x", "incident_updates": [
        {"id": 1, "status": "fixed", "body": "b", "created_at": "2019-01-01T00:00:00Z"}]}]})") ==
          "in.json: incidents[0].incident_updates[0].status: unknown status \"fixed\" (expected "
          "investigating, identified, monitoring or resolved); nothing was imported");
    CHECK_THAT(import_error(R"({"incidents": [{"id": 1, "name": "x", "incident_updates": [
        {"id": 1, "status": "resolved", "body": "b", "created_at": "2019-02-30T00:00:00Z"}]}]})"),
               Catch::StartsWith("in.json: incidents[0].incident_updates[0].created_at: "));
    CHECK(import_error(R"({"incidents": [{"id": 1, "name": "x", "incident_updates": [
        {"id": 1, "status": "resolved", "body": 5, "created_at": "2019-01-01T00:00:00Z"}]}]})") ==
          "in.json: incidents[0].incident_updates[0].body: expected a string, found number; nothing was imported");
    CHECK(import_error(R"({"incidents": [{"id": 1, "name": "x", "incident_updates": [
        {"id": 1, "status": "resolved", "body": "\u0000", "created_at": "2019-01-01T00:00:00Z"}]}]})") ==
          "in.json: incidents[0].incident_updates[0].body: the text contains a NUL byte at offset 0; nothing was imported");
    const std::string dup = R"({"id": 1, "name": "x", "incident_updates": [{"id": 1, "status": "resolved", "body": "b", "created_at": "2019-01-01T00:00:00Z"}]})";
    CHECK(import_error("{\"incidents\": [" + dup + "," + dup + "]}") ==
          "in.json: incidents[1].id: the same incident id appears twice; nothing was imported");
}

TEST_CASE("an incident whose key the same import already used is skipped") {
    TempJournal journal;
    auto store = journal.write();
    auto plan = read_import(two_incidents, "in.json");
    plan.incidents[1].key = plan.incidents[0].key;
    plan.incidents[1].source_id = "dup";
    const auto result = import_plan(store, plan, "importer", now);
    CHECK(result.imported.size() == 1);
    CHECK(result.skipped.size() == 1);
    CHECK(store.count({}) == 1);
}
