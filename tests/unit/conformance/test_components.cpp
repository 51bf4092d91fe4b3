// Conformance: the page's components, the components incidents name and the status changes
// updates record.
#include <catch2/catch.hpp>

#include "backend.hpp"
#include "seed.hpp"

using namespace incident;
using namespace incident::conformance;
using incident::testing::utc;

namespace {

const Component api{"Cloud", "API"};
const Component dns{"Network", "DNS"};
const Component billing{"", "Billing"};

std::vector<Component> names(const std::vector<PageComponent>& page) {
    std::vector<Component> out;
    for (const auto& pc : page) out.push_back(pc.component);
    return out;
}

}  // namespace

TEST_CASE("conformance: an incident's components keep their order and who named them",
          "[conformance]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto t = utc(2019, 7, 1, 12, 0);
    IncidentId id = 0;
    UpdateId first = 0, second = 0;
    store.transact([&] {
        id = store.insert_incident(new_incident("Outage"), t);
        first = store.insert_update(new_update(id, Status::investigating, "a", t));
        store.add_components(id, first, {api, dns});
        second = store.insert_update(new_update(id, Status::identified, "b", t + 1min));
        store.add_components(id, second, {billing, api});  // api is already named: kept as is
        store.add_components(id, std::nullopt, {{"Other", "Thing"}});
    });
    const auto inc = store.incident(id);
    CHECK(inc->components == std::vector<Component>{api, dns, billing, {"Other", "Thing"}});
    const auto updates = store.updates(id);
    CHECK(updates[0].components == std::vector<Component>{api, dns});
    CHECK(updates[1].components == std::vector<Component>{billing});
    // Each became a page component, in order of first use.
    CHECK(names(store.page_components()) ==
          std::vector<Component>{api, dns, billing, {"Other", "Thing"}});
    CHECK(store.component_names() == std::vector<Component>{api, dns, billing, {"Other", "Thing"}});
    // Removing one keeps the others' positions dense: the next goes last.
    store.transact([&] {
        store.remove_component(id, dns);
        store.remove_component(id, {"No", "Such"});
        store.add_components(id, std::nullopt, {{"Late", "One"}});
    });
    CHECK(store.incident(id)->components ==
          std::vector<Component>{api, billing, {"Other", "Thing"}, {"Late", "One"}});
    // The page keeps a component no incident names any more.
    CHECK(store.page_component(dns));
}

TEST_CASE("conformance: page components and their status changes", "[conformance]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto t = utc(2019, 7, 1, 12, 0);
    PageComponent imported;
    imported.component = dns;
    imported.status = ComponentStatus::degraded_performance;
    imported.source_id = "cmp-1";
    imported.group_source_id = "grp-1";
    ComponentId dns_id = 0, api_id = 0;
    store.transact([&] {
        api_id = store.ensure_component(api);
        dns_id = store.put_page_component(imported);
        CHECK(store.ensure_component(api) == api_id);
    });
    auto page = store.page_components();
    REQUIRE(page.size() == 2U);
    CHECK(page[0].id == api_id);
    CHECK(page[0].component == api);
    CHECK(page[0].status == ComponentStatus::operational);
    CHECK(page[0].position == 0);
    CHECK_FALSE(page[0].source_id);
    CHECK(page[1].id == dns_id);
    CHECK(page[1].status == ComponentStatus::degraded_performance);
    CHECK(page[1].position == 1);
    CHECK(page[1].source_id == "cmp-1");
    CHECK(page[1].group_source_id == "grp-1");
    CHECK(store.page_component_by_source("cmp-1")->id == dns_id);
    CHECK_FALSE(store.page_component_by_source("cmp-2"));
    CHECK(store.page_component(api)->id == api_id);
    CHECK_FALSE(store.page_component({"No", "Such"}));
    // Putting one that exists sets its status and the source ids given, keeping the others.
    PageComponent again;
    again.component = dns;
    again.status = ComponentStatus::major_outage;
    store.transact([&] { CHECK(store.put_page_component(again) == dns_id); });
    CHECK(store.page_component(dns)->status == ComponentStatus::major_outage);
    CHECK(store.page_component(dns)->source_id == "cmp-1");
    store.transact([&] { store.set_component_status(dns_id, ComponentStatus::operational); });
    CHECK(store.page_component(dns)->status == ComponentStatus::operational);

    // Changes recorded by updates, in order; a component they name that the page lacks is added.
    IncidentId id = 0, other = 0;
    UpdateId u1 = 0, u2 = 0, u3 = 0;
    store.transact([&] {
        id = store.insert_incident(new_incident("Outage"), t);
        auto u = new_update(id, Status::investigating, "a", t);
        u.changes = {
            {api, std::nullopt, ComponentStatus::operational, ComponentStatus::major_outage},
            {billing, std::string("code-9"), ComponentStatus::operational,
             ComponentStatus::partial_outage}};
        u1 = store.insert_update(u);
        other = store.insert_incident(new_incident("Other"), t);
        auto earlier = new_update(other, Status::investigating, "b", t - 1h);
        earlier.changes = {{api, std::nullopt, ComponentStatus::operational,
                            ComponentStatus::degraded_performance}};
        u2 = store.insert_update(earlier);
        auto later = new_update(id, Status::resolved, "c", t + 1h);
        later.changes = {
            {api, std::nullopt, ComponentStatus::major_outage, ComponentStatus::operational}};
        u3 = store.insert_update(later);
    });
    CHECK(store.page_component(billing)->position == 2);
    const auto updates = store.updates(id);
    REQUIRE(updates.size() == 2U);
    REQUIRE(updates[0].changes.size() == 2U);
    CHECK(updates[0].changes[0].component == api);
    CHECK(updates[0].changes[0].new_status == ComponentStatus::major_outage);
    CHECK(updates[0].changes[1].component == billing);
    CHECK(updates[0].changes[1].code == "code-9");
    CHECK(updates[0].changes[1].old_status == ComponentStatus::operational);
    CHECK(store.update(u1)->changes == updates[0].changes);
    const auto history = store.component_history(api_id);
    REQUIRE(history.size() == 3U);
    CHECK(history[0].update_id == u2);  // posted first
    CHECK(history[0].incident_id == other);
    CHECK(history[0].posted_at == t - 1h);
    CHECK(history[0].new_status == ComponentStatus::degraded_performance);
    CHECK(history[1].update_id == u1);
    CHECK(history[2].update_id == u3);
    CHECK(history[2].old_status == ComponentStatus::major_outage);
    CHECK(store.component_history(dns_id).empty());
}
