#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <random>

#include "import/spool.hpp"
#include "incident/errors.hpp"
#include "incident/import.hpp"
#include "incident/render.hpp"
#include "incident/utf8.hpp"
#include "store/sqlite/schema.hpp"
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
    CHECK(first.components ==
          std::vector<Component>{{"Litium Cloud", "Network & infrastructure"}, {"", "Other"}});
    REQUIRE(first.postmortem);
    CHECK(first.postmortem->body == "We learned.");
    const auto& second = plan.incidents[1];
    CHECK(second.updates[1].edited_at == at("2019-07-03T10:00:00Z"));
    CHECK_FALSE(second.updates[0].edited_at);
    CHECK(second.updates[1].author == "bob");
    CHECK_FALSE(second.updates[0].author);
}

TEST_CASE("import records everything in one go and skips what it imported before") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto plan = read_import(two_incidents, "in.json");
    const auto result = import_plan(store, plan, now);
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
    CHECK_FALSE(updates[0].author);  // imported updates have no author
    CHECK(updates[0].components.size() == 1);
    CHECK(updates[0].idempotency_key == "import:pg1:7");
    const auto other = *store.incident(result.imported[1].second);
    CHECK(other.status == Status::monitoring);
    CHECK(store.updates(other.id).back().edited_at == at("2019-07-03T10:00:00Z"));

    const auto again = import_plan(store, plan, now);
    CHECK(again.imported.empty());
    CHECK(again.skipped == result.imported);
    CHECK(store.count({}) == 2);
}

TEST_CASE("import accepts a bare Statuspage API answer and a single incident") {
    const auto api =
        read_import(R"({"incidents": [{"id": "abc", "name": "API slow", "impact": "critical",
        "status": "postmortem", "incident_updates": [
          {"id": "u2", "status": "postmortem", "body": "Cause found.", "created_at": "2019-12-31T10:00:00.000-08:00"},
          {"id": "u1", "status": "investigating", "body": "Slow.", "created_at": "2019-12-30T10:00:00.123-08:00",
           "affected_components": [{"code": "x1", "name": "API", "old_status": "operational",
                                    "new_status": "degraded_performance"}]}]}]})",
                    "api.json");
    REQUIRE(api.incidents.size() == 1);
    const auto& inc = api.incidents[0];
    CHECK(inc.key == "import:abc");
    REQUIRE(inc.updates.size() == 1);  // the postmortem update became the postmortem
    CHECK(inc.updates[0].posted_at == at("2019-12-30T18:00:00.123Z"));  // milliseconds kept
    CHECK(inc.updates[0].components == std::vector<Component>{{"", "API"}});
    CHECK(inc.updates[0].changes ==
          std::vector<ComponentChange>{{{"", "API"},
                                        "x1",
                                        ComponentStatus::operational,
                                        ComponentStatus::degraded_performance}});
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
    CHECK(read_import("[]", "in.json").incidents.empty());  // a bare array of incidents
    CHECK(import_error("[1]") == "in.json: [0]: expected an incident object; nothing was imported");
    CHECK(import_error("5") ==
          "in.json: expected an object with \"incidents\" (or one incident, or an "
          "array of incidents), found number; nothing was imported");
    CHECK(import_error(R"({"page": {}, "components": [{"id": "a", "name": "API"}]})") ==
          "in.json: this document lists components but no incidents (a components.json?): there is "
          "nothing to import; nothing was imported");
    CHECK(import_error("{}") ==
          "in.json: expected an object with \"incidents\" (or one incident "
          "with \"incident_updates\"); nothing was imported");
    CHECK(import_error(R"({"incidents": {}})") ==
          "in.json: incidents: expected an array; nothing was imported");
    CHECK(import_error(R"({"incidents": [{"name": "x", "incident_updates": []}]})") ==
          "in.json: incidents[0]: missing \"id\"; nothing was imported");
    CHECK(import_error(R"({"incidents": [{"id": 1, "name": "x", "incident_updates": []}]})") ==
          "in.json: incidents[0].incident_updates: an incident needs at least one update; nothing "
          "was imported");
    CHECK(import_error(R"({"incidents": [{"id": 1, "name": " ", "incident_updates": []}]})") ==
          "in.json: incidents[0].name: the title is empty; nothing was imported");
    CHECK(
        import_error(
            R"({"incidents": [{"id": 1, "name": "x", "impact": "huge", "incident_updates": []}]})") ==
        "in.json: incidents[0].impact: unknown impact \"huge\" (expected none, minor, major, "
        "critical or "
        "maintenance); nothing was imported");
    CHECK(import_error(R"({"incidents": [{"id": 1, "name": "x", "incident_updates": [
        {"id": 1, "status": "fixed", "body": "b", "created_at": "2019-01-01T00:00:00Z"}]}]})") ==
          "in.json: incidents[0].incident_updates[0].status: unknown status \"fixed\" (expected "
          "investigating, identified, monitoring or resolved); nothing was imported");
    CHECK_THAT(import_error(R"({"incidents": [{"id": 1, "name": "x", "incident_updates": [
        {"id": 1, "status": "resolved", "body": "b", "created_at": "2019-02-30T00:00:00Z"}]}]})"),
               Catch::StartsWith("in.json: incidents[0].incident_updates[0].created_at: "));
    CHECK(import_error(R"({"incidents": [{"id": 1, "name": "x", "incident_updates": [
        {"id": 1, "status": "resolved", "body": 5, "created_at": "2019-01-01T00:00:00Z"}]}]})") ==
          "in.json: incidents[0].incident_updates[0].body: expected a string, found number; "
          "nothing was imported");
    CHECK(import_error(R"({"incidents": [{"id": 1, "name": "x", "incident_updates": [
        {"id": 1, "status": "resolved", "body": "\u0000", "created_at": "2019-01-01T00:00:00Z"}]}]})") ==
          "in.json: incidents[0].incident_updates[0].body: the text contains a NUL byte at offset "
          "0; nothing was imported");
    const std::string dup =
        R"({"id": 1, "name": "x", "incident_updates": [{"id": 1, "status": "resolved", "body": "b", "created_at": "2019-01-01T00:00:00Z"}]})";
    CHECK(import_error("{\"incidents\": [" + dup + "," + dup + "]}") ==
          "in.json: incidents[1].id: the same incident id appears twice; nothing was imported");
}

TEST_CASE("an incident whose key the same import already used is skipped") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    auto plan = read_import(two_incidents, "in.json");
    plan.incidents[1].key = plan.incidents[0].key;
    plan.incidents[1].source_id = "dup";
    const auto result = import_plan(store, plan, now);
    CHECK(result.imported.size() == 1);
    CHECK(result.skipped.size() == 1);
    CHECK(store.count({}) == 1);
}

namespace {

std::string statuspage_file(const char* name) {
    return std::string(INCIDENT_SOURCE_DIR) + "/tests/import/statuspage/" + name;
}

struct FileImport {
    ImportResult result;
    std::string error;
};

FileImport import_path(WriteStore& store, const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    REQUIRE(f != nullptr);
    FileImport out;
    TempDir spool_dir;
    try {
        out.result = import_file(store, f, "doc.json", now, spool_dir.path().string());
    } catch (const UsageError& e) {
        out.error = e.what();
    }
    std::fclose(f);
    return out;
}

ImportPlan plan_of(const char* name) {
    std::FILE* f = std::fopen(statuspage_file(name).c_str(), "rb");
    REQUIRE(f != nullptr);
    std::string text;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) text.append(buffer, n);
    std::fclose(f);
    return read_import(text, name);
}

}  // namespace

TEST_CASE("every real Statuspage document with incidents imports whole, once") {
    struct Expect {
        const char* file;
        std::size_t incidents, updates, maintenances;
    };
    for (const auto& e :
         {Expect{"emma-2019.json", 22, 105, 0}, Expect{"circleci-2016.json", 10, 40, 0},
          Expect{"quay-2016.json", 10, 25, 1}, Expect{"telerik-2016.json", 9, 25, 1},
          Expect{"cloudflare-2018.json", 2, 6, 0}, Expect{"github-2024-incidents.json", 2, 12, 0},
          Expect{"discord-2022-incidents.json", 1, 4, 0},
          Expect{"discord-2022-scheduled-maintenances.json", 1, 4, 1}}) {
        INFO(e.file);
        TempJournal journal;
        auto store_owner = journal.write();
        auto& store = *store_owner;
        const auto first = import_path(store, statuspage_file(e.file));
        REQUIRE(first.error.empty());
        CHECK(first.result.imported.size() == e.incidents);
        CHECK(first.result.updates == e.updates);
        CHECK(first.result.maintenances == e.maintenances);
        const auto again = import_path(store, statuspage_file(e.file));
        REQUIRE(again.error.empty());
        CHECK(again.result.imported.empty());
        CHECK(again.result.skipped.size() == e.incidents);
        CHECK(store.count({}) == static_cast<std::int64_t>(e.incidents));
    }
}

TEST_CASE("components.json is refused with a clear message") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto r = import_path(store, statuspage_file("github-2024-components.json"));
    CHECK(r.error ==
          "doc.json: this document lists components but no incidents (a components.json?): "
          "there is nothing to import; nothing was imported");
}

TEST_CASE("import resolves groups, drops the placeholder and reads tweet times as no edit") {
    SECTION("group_id resolved through the affected component's \"Group - Component\" name") {
        const auto plan = plan_of("cloudflare-2018.json");
        for (const auto& inc : plan.incidents) {
            for (const auto& c : inc.components) {
                CHECK(c.group == "Cloudflare customer dashboard and APIs");
                CHECK(c.name.find(" - ") == std::string::npos);
            }
        }
        CHECK(plan.incidents[0].components.size() == 1);
    }
    SECTION("the placeholder is no component; updated_at equal to twitter_updated_at is no edit") {
        const auto plan = plan_of("circleci-2016.json");
        std::vector<Instant> edits;
        for (const auto& inc : plan.incidents) {
            CHECK(inc.components.empty());
            for (const auto& u : inc.updates) {
                if (u.edited_at) edits.push_back(*u.edited_at);
                CHECK_FALSE(u.author);
            }
        }
        // The one real edit: changed five minutes after its tweet.
        CHECK(edits == std::vector<Instant>{at("2016-05-23T15:16:37.128Z")});
    }
    SECTION("Emma's \"Web Application - Home\" has no group to match and stays one name") {
        const auto plan = plan_of("emma-2019.json");
        std::size_t edited = 0, statuses = 0;
        for (const auto& inc : plan.incidents) {
            for (const auto& u : inc.updates) {
                if (u.edited_at) ++edited;
                statuses += u.changes.size();
                for (const auto& c : u.components)
                    CHECK(c.name != "No components were affected by this update.");
            }
        }
        CHECK(edited > 0);
        CHECK(statuses > 0);
    }
    SECTION("a group_id that names no component is refused") {
        CHECK(import_error(R"({"incidents": [{"id": "a", "name": "x", "components": [
              {"id": "c1", "name": "API", "group": false, "group_id": "nope"}],
            "incident_updates": [{"id": "u", "status": "resolved", "body": "b",
              "created_at": "2019-01-01T00:00:00Z"}]}]})") ==
              "in.json: incidents[0].components[0].group_id: \"nope\" names no component of the "
              "page; "
              "nothing was imported");
    }
    SECTION("a summary's page components name the group") {
        const auto plan = read_import(R"({"page": {"id": "p"}, "components": [
              {"id": "g", "name": "Network", "group": true, "group_id": null},
              {"id": "c1", "name": "DNS", "group": false, "group_id": "g"}],
            "incidents": [{"id": "a", "name": "x", "components": [
              {"id": "c1", "name": "DNS", "group": false, "group_id": "g"}],
            "incident_updates": [{"id": "u", "status": "resolved", "body": "b",
              "created_at": "2019-01-01T00:00:00Z", "affected_components": [
                {"code": "c1", "name": "Network - DNS", "old_status": "major_outage",
                 "new_status": "operational"}]}]}]})",
                                      "in.json");
        REQUIRE(plan.incidents.size() == 1);
        CHECK(plan.incidents[0].components == std::vector<Component>{{"Network", "DNS"}});
        CHECK(plan.incidents[0].updates[0].components ==
              std::vector<Component>{{"Network", "DNS"}});
    }
}

TEST_CASE("a bad document writes nothing, even after valid incidents") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    TempDir dir;
    const auto path = (dir.path() / "bad.json").string();
    std::string doc = R"({"page": {"name": "Acme", "time_zone": "UTC"}, "incidents": [)";
    for (int i = 0; i < 2000; ++i) {
        doc += fmt::format(
            R"({{"id": "i{}", "name": "n", "incident_updates": [{{"id": "u", "status": "resolved",
            "body": "{}", "created_at": "2019-01-01T00:00:00Z"}}]}},)",
            i, std::string(100, 'x'));
    }
    doc += "{\"id\": 5, ";  // truncated after 2000 good incidents (far past the first buffer)
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fwrite(doc.data(), 1, doc.size(), f);
    std::fclose(f);
    const auto r = import_path(store, path);
    CHECK_THAT(r.error, Catch::StartsWith("doc.json: not valid JSON: "));
    CHECK_THAT(r.error, Catch::Contains(fmt::format("at byte {} (line ", doc.size())));
    CHECK(store.count({}) == 0);
    CHECK_FALSE(store.config("name"));
}

TEST_CASE("an import is searchable, and the search triggers come back after it") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    (void)open_at(store, "Before the import", "2019-06-01T10:00:00Z", "earlier words");
    const auto result = import_plan(store, read_import(two_incidents, "in.json"), now);
    REQUIRE(result.imported.size() == 2);
    const auto kinds = [&](const char* words) {
        std::vector<SearchHit::Kind> out;
        for (const auto& hit : store.search(search_words(words), {})) out.push_back(hit.kind);
        return out;
    };
    CHECK(kinds("interuption") == std::vector{SearchHit::Kind::title});
    CHECK(kinds("Payments fail") == std::vector{SearchHit::Kind::update});
    CHECK(kinds("learned") == std::vector{SearchHit::Kind::postmortem});
    CHECK(kinds("earlier") == std::vector{SearchHit::Kind::update});
    (void)open_at(store, "After the import", "2019-07-04T10:00:00Z", "later words");
    CHECK(kinds("later") == std::vector{SearchHit::Kind::update});
    // A failure inside rolls back with the triggers in place.
    CHECK_THROWS(store.transact(
        [&] { store.bulk_insert(WriteStore::Rows::typed, [] { throw UsageError("stop"); }); }));
    (void)open_at(store, "After the failure", "2019-07-04T11:00:00Z", "final words");
    CHECK(kinds("final") == std::vector{SearchHit::Kind::update});
    CHECK(kinds("failure") == std::vector{SearchHit::Kind::title});
}

TEST_CASE("import keeps what Statuspage gives: ids, shortlinks, statuses, windows, milliseconds") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    SECTION("GitHub: component statuses per update, started_at, shortlink and source ids") {
        const auto r = import_path(store, statuspage_file("github-2024-incidents.json"));
        REQUIRE(r.error.empty());
        const auto id = *store.incident_by_source("r3x7x31k7nn1");
        const auto inc = *store.incident(id);
        CHECK(inc.kind == Kind::incident);
        CHECK(inc.shortlink == "https://stspg.io/36jl4xpkpcvz");
        CHECK(inc.started_at == at("2024-09-16T13:29:47.155Z"));
        const auto updates = store.updates(id);
        REQUIRE_FALSE(updates.empty());
        CHECK(updates.front().source_id.has_value());
        CHECK_FALSE(updates.front().author);
        std::size_t changes = 0;
        for (const auto& u : store.updates(*store.incident_by_source("69sb0f8lydp4")))
            changes += u.changes.size();
        CHECK(changes == 12);
        const auto actions = store.page_component({"", "Actions"});
        REQUIRE(actions);
        CHECK(actions->source_id == "br0l2tvcx85d");
        CHECK(actions->status == ComponentStatus::operational);
    }
    SECTION("Quay: the maintenance inside `incidents` keeps its kind, window and statuses") {
        const auto r = import_path(store, statuspage_file("quay-2016.json"));
        REQUIRE(r.error.empty());
        const auto id = *store.incident_by_source("71rmbb4drm25");
        const auto inc = *store.incident(id);
        CHECK(inc.kind == Kind::maintenance);
        CHECK(inc.status == Status::completed);
        CHECK(inc.scheduled_for == at("2016-04-23T19:00:00Z"));
        CHECK(inc.scheduled_until == at("2016-04-23T21:00:00Z"));
        const auto updates = store.updates(id);
        REQUIRE(updates.size() == 2);
        CHECK(updates[0].status == Status::scheduled);
        // The summary's components are the page's, in its order.
        const auto page = store.page_components();
        REQUIRE(page.size() >= 11);
        CHECK(page[0].component.name == "Frontend and API");
        CHECK(page[0].source_id == "29ttvthc3tc7");
    }
    SECTION("a maintenance status on an incident is refused") {
        CHECK(import_error(R"({"incidents": [{"id": "a", "name": "x", "status": "resolved",
            "incident_updates": [{"id": "u1", "status": "resolved", "body": "b",
              "created_at": "2019-01-01T00:00:00Z"}, {"id": "u2", "status": "completed", "body": "b",
              "created_at": "2019-01-01T01:00:00Z"}]}]})") ==
              "in.json: incidents[0].incident_updates[0].status: an incident's status \"resolved\" "
              "(expected scheduled, in_progress, verifying or completed); nothing was imported");
        CHECK_THAT(
            import_error(R"({"incidents": [{"id": "a", "name": "x", "incident_updates": [
              {"id": "u", "status": "resolved", "body": "b", "created_at": "2019-01-01T00:00:00Z",
               "affected_components": [{"code": "c", "name": "API", "old_status": "operational",
                                        "new_status": "broken"}]}]}]})"),
            Catch::StartsWith("in.json: incidents[0].incident_updates[0].affected_components[0]"
                              ".new_status: unknown component status \"broken\" (expected "));
    }
}

TEST_CASE("an import gives FTS5 back its buffer and merge settings, and leaves its index whole") {
    TempJournal journal;
    {
        auto store = journal.write();
        REQUIRE(import_plan(*store, read_import(two_incidents, "in.json"), now).imported.size() ==
                2);
        CHECK_THROWS(store->transact([&] {
            store->bulk_insert(WriteStore::Rows::typed, [] { throw UsageError("stop"); });
        }));
    }
    SQLite::Database db(journal.path().string(), SQLite::OPEN_READWRITE);
    for (const std::string table : {"search_index", "search_cjk"}) {
        // A setting the table does not hold is FTS5's default (an import into an empty
        // journal builds search_index elsewhere and never sets it).
        std::map<std::string, std::int64_t> settings{
            {"automerge", 4}, {"crisismerge", 16}, {"hashsize", 1 << 20}};
        const auto defaults = settings;
        SQLite::Statement q(db, "SELECT k, v FROM " + table +
                                    "_config WHERE k IN ('automerge', 'crisismerge', 'hashsize')");
        while (q.executeStep()) settings[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
        CHECK(settings == defaults);
        CHECK_NOTHROW(db.exec(
            fmt::format("INSERT INTO {0} ({0}, rank) VALUES ('integrity-check', 0)", table)));
    }
}

TEST_CASE("an import leaves the journal's schema as shipped, and so does a failed one") {
    TempJournal journal;
    const auto schema = [&] {
        SQLite::Database db(journal.path().string());
        std::vector<std::string> out;
        SQLite::Statement q(db,
                            "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || "
                            "coalesce(sql, '') FROM sqlite_schema ORDER BY name");
        while (q.executeStep()) out.push_back(q.getColumn(0).getString());
        return out;
    };
    {
        auto store = journal.write();
        store->transact([&] { store->set_config("name", "Empty"); });
    }
    const auto shipped = schema();
    REQUIRE(std::count_if(shipped.begin(), shipped.end(), [](const std::string& row) {
                return row.rfind("index updates_by_incident updates CREATE INDEX", 0) == 0;
            }) == 1);
    {
        auto store = journal.write();
        // bulk_insert drops and recreates the search triggers: a failure after rows went in
        // leaves them (and every index) as they were.
        CHECK_THROWS_AS(store->transact([&] {
            store->bulk_insert(WriteStore::Rows::typed, [&] {
                NewIncident incident;
                incident.title = "Rolled back";
                (void)store->insert_incident(incident, now);
                throw UsageError("stop");
            });
        }),
                        UsageError);
        CHECK(store->count({}) == 0);
    }
    CHECK(schema() == shipped);
    {
        auto store = journal.write();
        REQUIRE(import_plan(*store, read_import(two_incidents, "in.json"), now).imported.size() ==
                2);
    }
    CHECK(schema() == shipped);
    SQLite::Database db(journal.path().string());
    SQLite::Statement check(db, "PRAGMA integrity_check");
    REQUIRE(check.executeStep());
    CHECK(check.getColumn(0).getString() == "ok");
}

TEST_CASE("import indexes exactly the texts the CJK triggers would, at every range edge") {
    // Each update holds one code point at an edge of migration 6's class: inside or just out.
    const std::vector<std::pair<char32_t, char32_t>> ranges{
        {0x1100, 0x11FF}, {0x3040, 0x30FF}, {0x3130, 0x318F}, {0x31F0, 0x31FF}, {0x3400, 0x4DBF},
        {0x4E00, 0x9FFF}, {0xAC00, 0xD7AF}, {0xF900, 0xFAFF}, {0xFF66, 0xFF9F}, {0x20000, 0x2FA1F}};
    std::string updates;
    int id = 0;
    for (const auto& [lo, hi] : ranges) {
        for (const char32_t c : std::initializer_list<char32_t>{lo - 1, lo, hi, hi + 1}) {
            std::string text;
            append_utf8(text, c);
            ++id;
            updates += fmt::format(
                R"({}{{"id":{},"status":"investigating","body":"edge {}",)"
                R"("created_at":"2019-07-01T10:{:02}:00Z","display_at":"2019-07-01T10:{:02}:00Z"}})",
                updates.empty() ? "" : ",", id, text, id, id);
        }
    }
    const auto doc = fmt::format(
        R"({{"incidents":[{{"id":"a","name":"数据库 down","status":"investigating","impact":"minor",)"
        R"("postmortem_body":"カナ text","postmortem_published_at":"2019-07-02T10:00:00Z",)"
        R"("incident_updates":[{}]}},{{"id":"b","name":"Latin only","status":"investigating",)"
        R"("impact":"minor","incident_updates":[{{"id":99,"status":"investigating","body":"ascii",)"
        R"("created_at":"2019-07-01T09:00:00Z","display_at":"2019-07-01T09:00:00Z"}}]}}]}})",
        updates);
    TempJournal journal;
    {
        auto store = journal.write();
        REQUIRE(import_plan(*store, read_import(doc, "in.json"), now).imported.size() == 2);
    }
    SQLite::Database db(journal.path().string());
    const std::string glob = "'*" INCIDENT_CJK_GLOB_CLASS "*'";
    const auto rows = [&](const std::string& sql) {
        std::vector<std::int64_t> out;
        SQLite::Statement q(db, sql);
        while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
        return out;
    };
    const auto by_glob =
        rows("SELECT id * 4 + 1 FROM updates WHERE body GLOB " + glob +
             " UNION ALL SELECT id * 4 FROM incidents WHERE title GLOB " + glob +
             " UNION ALL SELECT incident_id * 4 + 2 FROM postmortems WHERE body GLOB " + glob +
             " ORDER BY 1");
    const auto indexed = rows("SELECT rowid FROM search_cjk ORDER BY 1");
    CHECK(by_glob.size() == 2 + 2 * ranges.size());  // the title, the postmortem, two per range
    CHECK(indexed == by_glob);
}

TEST_CASE("incidents set aside beyond the memory budget come back from the file the same") {
    // Every field set, none to its default, so a field the spool loses shows.
    ImportedIncident full;
    full.source_id = "p1abc";
    full.key = "import:pg:p1abc";
    full.title = "Checkout \xC3\xA5 errors";
    full.kind = Kind::maintenance;
    full.impact = Impact::major;
    ImportedUpdate u;
    u.source_id = "u1";
    u.status = Status::verifying;
    u.body = std::string("body\n\0with a NUL", 17);
    u.posted_at = at("2019-07-03T09:00:00.123Z");
    u.recorded_at = at("2019-07-03T09:00:01Z");
    u.edited_at = at("2019-07-03T10:00:00Z");
    u.author = "bob";
    u.components = {{"Cloud", "API"}, {"", "Other"}};
    u.changes = {
        {{"Cloud", "API"}, "c1", ComponentStatus::operational, ComponentStatus::major_outage}};
    u.keep_source_id = true;
    full.updates = {u, u};
    full.updates[1].source_id = "u2";
    full.updates[1].author.reset();
    full.components = {{"Cloud", "API"}};
    full.source_components = {
        {7, {"Cloud", "API"}, ComponentStatus::degraded_performance, 3, "c1", "g1"}};
    full.postmortem = Postmortem{"We learned.", at("2019-07-04T13:43:00Z")};
    full.started_at = at("2019-07-03T07:59:00Z");
    full.scheduled_for = at("2019-07-03T08:00:00Z");
    full.scheduled_until = at("2019-07-03T12:00:00Z");
    full.shortlink = "https://stspg.io/x";
    full.backfilled = true;
    full.impact_given = true;
    full.numeric_id = true;
    full.not_kept = {{"page url", 1}, {"shortlink", 2}};
    ImportedIncident bare;
    bare.source_id = "1";
    bare.updates.resize(1);

    TempDir dir;
    for (const std::size_t budget : {std::size_t{1} << 20, std::size_t{600}, std::size_t{1}}) {
        INFO("budget " << budget);
        IncidentSpool spool(dir.path().string(), budget);
        std::vector<std::size_t> numbers;
        for (int i = 0; i < 20; ++i) {
            auto inc = i % 3 == 0 ? bare : full;
            inc.source_id += std::to_string(i);
            numbers.push_back(spool.add(inc));
        }
        CHECK(spool.spilled() == (budget < 4096));
        CHECK(std::filesystem::is_empty(dir.path()));  // the file has no name
        for (int i = 19; i >= 0; --i) {                // in another order than written
            auto expected = i % 3 == 0 ? bare : full;
            expected.source_id += std::to_string(i);
            CHECK(spool.get(numbers[static_cast<std::size_t>(i)]) == expected);
        }
    }
    // More than one read window (1 MiB) of records, read back in reverse, in order and
    // shuffled.
    IncidentSpool big(dir.path().string(), 1);
    std::vector<std::size_t> numbers;
    const auto numbered = [&](std::size_t i) {
        auto inc = bare;
        inc.source_id = std::to_string(i);
        inc.updates[0].body = std::string(500 + i % 700, static_cast<char>('a' + i % 26));
        return inc;
    };
    for (std::size_t i = 0; i < 4000; ++i) numbers.push_back(big.add(numbered(i)));
    std::vector<std::size_t> order(numbers.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = order.size() - 1 - i;
    const auto read_all = [&] {
        std::size_t wrong = 0;
        for (const auto i : order) wrong += big.get(numbers[i]) == numbered(i) ? 0u : 1u;
        return wrong;
    };
    CHECK(read_all() == 0);
    std::reverse(order.begin(), order.end());
    CHECK(read_all() == 0);
    std::shuffle(order.begin(), order.end(), std::mt19937(7));
    CHECK(read_all() == 0);
    IncidentSpool nowhere((dir.path() / "missing").string(), 1);
    CHECK_THROWS_WITH(nowhere.add(full),
                      Catch::StartsWith("cannot create a temporary file in " +
                                        (dir.path() / "missing").string() + ": "));
}

TEST_CASE("an import writes each incident's state as refresh_state derives it") {
    // Ties in posted time (the later recorded wins), an edit after everything, a postmortem
    // after everything, and every real document.
    const std::string ties = R"([
      {"id": "t1", "name": "Tie", "incident_updates": [
        {"id": "b", "status": "resolved", "body": "Done.", "created_at": "2019-07-01T10:00:05Z",
         "display_at": "2019-07-01T10:00:00Z"},
        {"id": "a", "status": "investigating", "body": "Looking.", "created_at": "2019-07-01T10:00:01Z",
         "display_at": "2019-07-01T10:00:00Z", "updated_at": "2019-07-02T08:00:00Z"}]},
      {"id": "t2", "name": "Tie reversed", "incident_updates": [
        {"id": "d", "status": "investigating", "body": "Looking.", "created_at": "2019-07-01T10:00:05Z",
         "display_at": "2019-07-01T10:00:00Z"},
        {"id": "c", "status": "resolved", "body": "Done.", "created_at": "2019-07-01T10:00:01Z",
         "display_at": "2019-07-01T10:00:00Z"}]},
      {"id": "t3", "name": "Postmortem last", "postmortem_body": "Learned.",
       "postmortem_published_at": "2019-07-09T00:00:00Z", "incident_updates": [
        {"id": "e", "status": "resolved", "body": "Done.", "created_at": "2019-07-01T10:00:00Z"}]}])";
    TempDir dir;
    std::vector<std::string> files = {(dir / "ties.json").string()};
    {
        std::ofstream out(files[0], std::ios::binary);
        out << ties;
    }
    for (const char* name :
         {"emma-2019.json", "circleci-2016.json", "quay-2016.json", "telerik-2016.json",
          "cloudflare-2018.json", "github-2024-incidents.json",
          "discord-2022-scheduled-maintenances.json"}) {
        files.push_back(statuspage_file(name));
    }
    for (const auto& file : files) {
        INFO(file);
        TempJournal journal;
        auto store_owner = journal.write();
        auto& store = *store_owner;
        REQUIRE(import_path(store, file).error.empty());
        const auto imported = store.incidents({});
        REQUIRE_FALSE(imported.empty());
        store.transact([&] {
            for (const auto& inc : imported) refresh_state(store, inc.id);
        });
        const auto refreshed = store.incidents({});
        REQUIRE(refreshed.size() == imported.size());
        for (std::size_t i = 0; i < imported.size(); ++i) {
            INFO(imported[i].title);
            CHECK(imported[i].status == refreshed[i].status);
            CHECK(imported[i].resolved_at == refreshed[i].resolved_at);
            CHECK(imported[i].updated_at == refreshed[i].updated_at);
            CHECK(imported[i].monitoring_at == refreshed[i].monitoring_at);
        }
        if (file == files[0]) {
            REQUIRE(imported.size() == 3);  // newest first
            CHECK(imported[2].status == Status::resolved);
            CHECK(imported[2].updated_at == at("2019-07-02T08:00:00Z"));
            CHECK(imported[1].status == Status::investigating);
            CHECK_FALSE(imported[1].resolved_at);
            CHECK(imported[0].updated_at == at("2019-07-09T00:00:00Z"));
        }
    }
}
