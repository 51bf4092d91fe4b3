#include <catch2/catch.hpp>

#include "incident/model.hpp"
#include "support.hpp"

using namespace incident;
using incident::testing::utc;

namespace {

Update update(UpdateId id, Status status, Instant posted) {
    Update u;
    u.id = id;
    u.incident_id = 1;
    u.status = status;
    u.body = "update " + std::to_string(id);
    u.posted_at = posted;
    u.recorded_at = posted;
    return u;
}

std::vector<UpdateId> ids_of(const std::vector<LabelledUpdate>& shown) {
    std::vector<UpdateId> out;
    for (const auto& s : shown) out.push_back(s.update->id);
    return out;
}

std::vector<std::string> labels_of(const std::vector<LabelledUpdate>& shown) {
    std::vector<std::string> out;
    for (const auto& s : shown) out.emplace_back(s.label);
    return out;
}

}  // namespace

TEST_CASE("statuses and impacts have Statuspage's stored spellings", "[model]") {
    CHECK(to_string(Status::investigating) == "investigating");
    CHECK(to_string(Status::identified) == "identified");
    CHECK(to_string(Status::monitoring) == "monitoring");
    CHECK(to_string(Status::resolved) == "resolved");
    CHECK(to_string(Impact::none) == "none");
    CHECK(to_string(Impact::minor) == "minor");
    CHECK(to_string(Impact::major) == "major");
    CHECK(to_string(Impact::critical) == "critical");
    CHECK(status_title(Status::investigating) == "Investigating");
    CHECK(status_title(Status::identified) == "Identified");
    CHECK(status_title(Status::monitoring) == "Monitoring");
    CHECK(status_title(Status::resolved) == "Resolved");
}

TEST_CASE("every status and impact parses back from its spelling", "[model]") {
    for (const auto s :
         {Status::investigating, Status::identified, Status::monitoring, Status::resolved}) {
        CHECK(parse_status(to_string(s)) == s);
    }
    for (const auto i : {Impact::none, Impact::minor, Impact::major, Impact::critical}) {
        CHECK(parse_impact(to_string(i)) == i);
    }
}

TEST_CASE("status and impact words are exact: no case folding, spaces or prefixes", "[model]") {
    CHECK_FALSE(parse_status("Resolved").has_value());
    CHECK_FALSE(parse_status(" resolved").has_value());
    CHECK_FALSE(parse_status("resolved ").has_value());
    CHECK_FALSE(parse_status("resolve").has_value());
    CHECK_FALSE(parse_status("").has_value());
    CHECK_FALSE(parse_status("closed").has_value());
    CHECK_FALSE(parse_status(std::string_view("resolved\0", 9)).has_value());
    CHECK_FALSE(parse_impact("Major").has_value());
    CHECK_FALSE(parse_impact("huge").has_value());
    CHECK_FALSE(parse_impact("").has_value());
    // The words belong to one enum each.
    CHECK_FALSE(parse_impact("resolved").has_value());
    CHECK_FALSE(parse_status("none").has_value());
}

TEST_CASE("components are Group/Component or a bare name", "[model]") {
    const auto grouped = parse_component("Litium Cloud/Network & infrastructure");
    REQUIRE(grouped.has_value());
    CHECK(grouped->group == "Litium Cloud");
    CHECK(grouped->name == "Network & infrastructure");

    const auto bare = parse_component("Billing");
    REQUIRE(bare.has_value());
    CHECK(bare->group.empty());
    CHECK(bare->name == "Billing");
}

TEST_CASE("component parts are trimmed and must not be empty", "[model]") {
    CHECK(parse_component("  Platform /  API  ") == Component{"Platform", "API"});
    CHECK(parse_component("  Billing\t") == Component{"", "Billing"});
    CHECK_FALSE(parse_component("").has_value());
    CHECK_FALSE(parse_component("   ").has_value());
    CHECK_FALSE(parse_component("/").has_value());
    CHECK_FALSE(parse_component("/API").has_value());
    CHECK_FALSE(parse_component("Platform/").has_value());
    CHECK_FALSE(parse_component(" / API").has_value());
    CHECK_FALSE(parse_component("Platform/  ").has_value());
}

TEST_CASE("only the first slash separates the group from the component", "[model]") {
    CHECK(parse_component("Edge/CDN/Europe") == Component{"Edge", "CDN/Europe"});
    CHECK(to_string(Component{"Edge", "CDN/Europe"}) == "Edge/CDN/Europe");
}

TEST_CASE("components print back as they were written", "[model]") {
    CHECK(to_string(Component{"Litium Cloud", "Network & infrastructure"}) ==
          "Litium Cloud/Network & infrastructure");
    CHECK(to_string(Component{"", "Billing"}) == "Billing");
    for (const auto* text : {"Platform/API", "Billing", "A b/C d"}) {
        CHECK(to_string(*parse_component(text)) == text);
    }
}

TEST_CASE("affected_summary reads like the sample report", "[model]") {
    CHECK(affected_summary({{"Litium Cloud", "Network & infrastructure"}}) ==
          "Litium Cloud (Network & infrastructure)");
    CHECK(affected_summary({}).empty());
}

TEST_CASE("affected_summary gathers components under their group", "[model]") {
    CHECK(affected_summary({{"Platform", "API"}, {"Platform", "Web"}}) == "Platform (API, Web)");
    CHECK(affected_summary({{"Platform", "API"}, {"Platform", "Web"}, {"Platform", "Jobs"}}) ==
          "Platform (API, Web, Jobs)");
}

TEST_CASE("affected_summary joins groups with commas and a final and", "[model]") {
    CHECK(affected_summary({{"Platform", "API"}, {"Edge", "CDN"}}) ==
          "Platform (API) and Edge (CDN)");
    CHECK(affected_summary({{"A", "1"}, {"B", "2"}, {"C", "3"}}) == "A (1), B (2) and C (3)");
    CHECK(affected_summary({{"A", "1"}, {"B", "2"}, {"C", "3"}, {"D", "4"}}) ==
          "A (1), B (2), C (3) and D (4)");
}

TEST_CASE("affected_summary orders groups by first appearance", "[model]") {
    // A later component of an earlier group joins that group rather than starting a new one.
    CHECK(affected_summary({{"Platform", "API"}, {"Edge", "CDN"}, {"Platform", "Web"}}) ==
          "Platform (API, Web) and Edge (CDN)");
    CHECK(affected_summary({{"Edge", "CDN"}, {"Platform", "API"}}) ==
          "Edge (CDN) and Platform (API)");
}

TEST_CASE("affected_summary lists ungrouped components without parentheses", "[model]") {
    CHECK(affected_summary({{"", "Billing"}}) == "Billing");
    CHECK(affected_summary({{"", "Billing"}, {"", "Search"}}) == "Billing, Search");
    CHECK(affected_summary({{"", "Billing"}, {"Platform", "API"}}) == "Billing and Platform (API)");
    CHECK(affected_summary({{"Platform", "API"}, {"", "Billing"}, {"", "Search"}}) ==
          "Platform (API) and Billing, Search");
}

TEST_CASE("update_label names a status change and says Update otherwise", "[model]") {
    const auto t = utc(2019, 7, 1, 16, 30);
    const auto first = update(1, Status::investigating, t);
    const auto same = update(2, Status::investigating, t);
    const auto changed = update(3, Status::identified, t);
    const auto resolved = update(4, Status::resolved, t);
    CHECK(update_label(first, nullptr) == "Investigating");
    CHECK(update_label(same, &first) == "Update");
    CHECK(update_label(changed, &same) == "Identified");
    CHECK(update_label(resolved, &changed) == "Resolved");
    // The first update is labelled even when it is not "investigating".
    CHECK(update_label(update(5, Status::monitoring, t), nullptr) == "Monitoring");
    // A reopened incident's update is labelled with its status again.
    CHECK(update_label(update(6, Status::investigating, t), &resolved) == "Investigating");
}

TEST_CASE("newest_first reverses chronological order and labels each update", "[model]") {
    const std::vector<Update> chronological{
        update(1, Status::investigating, utc(2019, 7, 1, 16, 30)),
        update(2, Status::investigating, utc(2019, 7, 1, 16, 55)),
        update(3, Status::monitoring, utc(2019, 7, 1, 19, 25)),
        update(4, Status::monitoring, utc(2019, 7, 2, 9, 7)),
        update(5, Status::resolved, utc(2019, 7, 2, 10, 0)),
    };
    const auto shown = newest_first(chronological);
    CHECK(ids_of(shown) == std::vector<UpdateId>{5, 4, 3, 2, 1});
    CHECK(labels_of(shown) ==
          std::vector<std::string>{"Resolved", "Update", "Monitoring", "Update", "Investigating"});
    // The entries point into the input, not at copies.
    CHECK(shown.back().update == &chronological.front());
}

TEST_CASE("newest_first keeps updates posted at the same time in recorded order", "[model]") {
    // The sample report: two updates posted at 18:30, the later-recorded one shown on top.
    const auto t = utc(2019, 7, 1, 16, 30);
    const std::vector<Update> chronological{
        update(1, Status::investigating, t),
        update(2, Status::investigating, t),
        update(3, Status::identified, utc(2019, 7, 1, 16, 55)),
    };
    const auto shown = newest_first(chronological);
    CHECK(ids_of(shown) == std::vector<UpdateId>{3, 2, 1});
    CHECK(labels_of(shown) == std::vector<std::string>{"Identified", "Update", "Investigating"});
}

TEST_CASE("newest_first of nothing is nothing, of one is that one", "[model]") {
    CHECK(newest_first({}).empty());
    const std::vector<Update> one{update(7, Status::monitoring, utc(2019, 7, 1, 16, 30))};
    const auto shown = newest_first(one);
    REQUIRE(shown.size() == 1);
    CHECK(shown[0].update->id == 7);
    CHECK(shown[0].label == "Monitoring");
}

TEST_CASE("milestone_at reads each milestone's own field, started from started_at", "[model]") {
    Incident inc;
    inc.created_at = utc(2019, 7, 4, 12, 0);
    for (const auto m :
         {Milestone::started, Milestone::detected, Milestone::acknowledged, Milestone::mitigated}) {
        CHECK_FALSE(milestone_at(inc, m));
    }
    inc.started_at = utc(2019, 7, 4, 11, 0);
    inc.detected_at = utc(2019, 7, 4, 11, 10);
    inc.acknowledged_at = utc(2019, 7, 4, 11, 20);
    inc.mitigated_at = utc(2019, 7, 4, 11, 30);
    CHECK(milestone_at(inc, Milestone::started) == utc(2019, 7, 4, 11, 0));
    CHECK(milestone_at(inc, Milestone::detected) == utc(2019, 7, 4, 11, 10));
    CHECK(milestone_at(inc, Milestone::acknowledged) == utc(2019, 7, 4, 11, 20));
    CHECK(milestone_at(inc, Milestone::mitigated) == utc(2019, 7, 4, 11, 30));
}
