#include <catch2/catch.hpp>

#include "incident/errors.hpp"
#include "incident/history.hpp"
#include "incident/json_writer.hpp"
#include "incident/render.hpp"
#include "temp_journal.hpp"

using namespace incident;
using namespace incident::testing;

namespace {

const Instant now = at("2019-07-04T14:00:00Z");

IncidentId open_with_components(WriteStore& store) {
    OpenRequest r;
    r.title = "Outage in teh network";
    r.message = "We are investigating.";
    r.impact = Impact::minor;
    r.components = {{"Litium Cloud", "Network"}, {"Litium Cloud", "Search"}, {"", "API"}};
    r.at = at("2019-07-01T08:00:00Z");
    r.author = "tester";
    return open_incident(store, r, at("2019-07-01T08:00:00Z")).incident_id;
}

EditRequest edit_of(IncidentId id, const std::string& who = "fixer") {
    EditRequest r;
    r.id = id;
    r.author = who;
    return r;
}

}  // namespace

TEST_CASE("edit corrects title, impact and components and keeps every earlier value", "[edit]") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto id = open_with_components(store);
    auto r = edit_of(id);
    r.title = "Outage in the network";
    r.impact = Impact::major;
    r.remove_components = {{"litium cloud", "SEARCH"}};
    CHECK(edit_incident(store, r, now) == 3);

    const auto inc = require_incident(store, id);
    CHECK(inc.title == "Outage in the network");
    CHECK(inc.impact == Impact::major);
    CHECK(inc.components == std::vector<Component>{{"Litium Cloud", "Network"}, {"", "API"}});
    CHECK(inc.updated_at == now);
    CHECK(store.last_change() == now);
    CHECK(store.updates(id).size() == 1);  // an edit is not an update

    const auto edits = store.incident_edits(id);
    REQUIRE(edits.size() == 3);
    CHECK(edits[0].field == "title");
    CHECK(edits[0].old_value == "Outage in teh network");
    CHECK(edits[0].new_value == "Outage in the network");
    CHECK(edits[0].edited_by == "fixer");
    CHECK(edits[0].edited_at == now);
    CHECK(edits[1].field == "impact");
    CHECK(edits[1].old_value == "minor");
    CHECK(edits[1].new_value == "major");
    CHECK(edits[2].field == "component");
    CHECK(edits[2].old_value == "Litium Cloud/Search");
    CHECK_FALSE(edits[2].new_value);

    auto again = edit_of(id, "second");
    again.title = "Network outage";
    edit_incident(store, again, at("2019-07-05T09:00:00Z"));
    const auto all = store.incident_edits(id);
    REQUIRE(all.size() == 4);
    CHECK(all[3].old_value == "Outage in the network");
    CHECK(all[3].edited_by == "second");
    CHECK(require_incident(store, id).updated_at == at("2019-07-05T09:00:00Z"));
}

TEST_CASE("edit refuses what it cannot do and then writes nothing", "[edit]") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto id = open_with_components(store);
    const auto before = require_incident(store, id);

    CHECK_THROWS_AS(edit_incident(store, edit_of(id), now), UsageError);
    auto same = edit_of(id);
    same.title = before.title;
    same.impact = before.impact;
    CHECK_THROWS_AS(edit_incident(store, same, now), UsageError);

    auto unknown = edit_of(id + 1);
    unknown.impact = Impact::major;
    CHECK_THROWS_AS(edit_incident(store, unknown, now), NotFoundError);

    for (const char* bad : {"", "  ", "two\nlines"}) {
        auto r = edit_of(id);
        r.title = bad;
        CHECK_THROWS_AS(edit_incident(store, r, now), UsageError);
    }

    // The title would change, but a missing component refuses the whole edit.
    auto missing = edit_of(id);
    missing.title = "Another title";
    missing.remove_components = {{"Litium Cloud", "Billing"}};
    CHECK_THROWS_WITH(edit_incident(store, missing, now),
                      "incident 1 has no component \"Litium Cloud/Billing\"; its components: "
                      "Litium Cloud/Network, Litium Cloud/Search, API");

    const auto after = require_incident(store, id);
    CHECK(after.title == before.title);
    CHECK(after.components == before.components);
    CHECK(after.updated_at == before.updated_at);
    CHECK(store.incident_edits(id).empty());
}

TEST_CASE("search follows a title edit", "[edit][search]") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto id = open_with_components(store);
    auto r = edit_of(id);
    r.title = "Datacenter power failure";
    edit_incident(store, r, now);
    const auto hits = [&](const char* text) {
        return store.search(search_words(text), IncidentFilter{}, false).size();
    };
    CHECK(hits("datacenter") == 1);
    CHECK(hits("teh") == 0);
}

TEST_CASE("a removed component can be added again and goes last", "[edit]") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto id = open_with_components(store);
    auto r = edit_of(id);
    r.remove_components = {{"Litium Cloud", "Network"}};
    edit_incident(store, r, now);
    store.transact([&] { store.add_components(id, std::nullopt, {{"Litium Cloud", "Network"}}); });
    CHECK(require_incident(store, id).components ==
          std::vector<Component>{
              {"Litium Cloud", "Search"}, {"", "API"}, {"Litium Cloud", "Network"}});
}

TEST_CASE("show --history lists edits oldest first, controls made visible", "[edit]") {
    const std::vector<IncidentEdit> edits{
        {1, "title", "Old\x1b[2J", std::string("New"), at("2019-07-04T14:00:00Z"), "fixer"},
        {1, "component", "Cloud/Search", std::nullopt, at("2019-07-04T15:00:00Z"), "other"}};
    const auto text = render::edits_text(edits, Zone::utc());
    CHECK(text ==
          "\nIncident edits (2, oldest first)\n"
          "    2019-07-04 14:00 UTC by fixer: title \"Old^[[2J\" -> \"New\"\n"
          "    2019-07-04 15:00 UTC by other: removed component \"Cloud/Search\"\n");
    CHECK(render::edits_text({}, Zone::utc()).empty());
    std::string json;
    json::Writer w(json);
    render::write_history_json(w, {}, {}, edits);
    CHECK(json.find("\"incident_edits\":[{\"field\":\"title\",\"old_value\":\"Old\\u001b[2J\","
                    "\"new_value\":\"New\",\"edited_at\":\"2019-07-04T14:00:00Z\","
                    "\"edited_by\":\"fixer\"}") != std::string::npos);
    CHECK(json.find("\"new_value\":null") != std::string::npos);
}
