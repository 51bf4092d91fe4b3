// The status site's rules (uptime, days, the page indicator) and renderers (API shapes, feeds,
// escaping in the site's own pages).
#include <catch2/catch.hpp>
#include <sstream>

#include "incident/report.hpp"
#include "incident/site.hpp"
#include "incident/uptime.hpp"
#include "support.hpp"

using namespace incident;
using namespace std::chrono_literals;
using incident::testing::utc;

namespace {

StatusChange change(Instant at, ComponentStatus from, ComponentStatus to, UpdateId id = 1) {
    return StatusChange{id, 1, at, from, to};
}

Zone stockholm() {
    return *Zone::locate("Europe/Stockholm");
}

}  // namespace

TEST_CASE("day_starts: local midnights, oldest first, then the next day's", "[site]") {
    const auto days = day_starts(stockholm(), utc(2019, 7, 4, 14, 0), 3);
    REQUIRE(days.size() == 4);
    CHECK(days[0] == utc(2019, 7, 1, 22, 0));  // Jul 02 00:00 CEST
    CHECK(days[2] == utc(2019, 7, 3, 22, 0));  // today, Jul 04
    CHECK(days[3] == utc(2019, 7, 4, 22, 0));
}

TEST_CASE("day_starts: a day with a DST change is 23 or 25 hours", "[site]") {
    // Europe/Stockholm went to summer time on 2019-03-31 at 02:00.
    const auto days = day_starts(stockholm(), utc(2019, 4, 1, 12, 0), 2);
    REQUIRE(days.size() == 3);
    CHECK(days[1] - days[0] == 23h);
    // A zone whose midnight is skipped: America/Sao_Paulo, 2018-11-04 00:00 did not exist.
    const auto sp = *Zone::locate("America/Sao_Paulo");
    const auto skipped = day_starts(sp, utc(2018, 11, 4, 12, 0), 1);
    CHECK(skipped[0] == utc(2018, 11, 4, 3, 0));  // 01:00 -02, the first time of the day
}

TEST_CASE("uptime: each day's worst status and the weighted down time", "[site]") {
    const auto z = Zone::utc();
    const auto now = utc(2019, 7, 4, 12, 0);
    const auto days = day_starts(z, now, 4);  // Jul 01 .. Jul 04 (half a day so far)
    const std::vector<StatusChange> history{
        change(utc(2019, 6, 1, 0, 0), ComponentStatus::operational,
               ComponentStatus::degraded_performance),
        change(utc(2019, 7, 1, 6, 0), ComponentStatus::degraded_performance,
               ComponentStatus::operational),
        change(utc(2019, 7, 2, 10, 0), ComponentStatus::operational, ComponentStatus::major_outage),
        change(utc(2019, 7, 2, 12, 0), ComponentStatus::major_outage,
               ComponentStatus::partial_outage),
        change(utc(2019, 7, 2, 22, 0), ComponentStatus::partial_outage,
               ComponentStatus::operational),
        change(utc(2019, 7, 4, 11, 0), ComponentStatus::operational,
               ComponentStatus::under_maintenance),
    };
    const auto u = uptime(history, days, now);
    REQUIRE(u.days.size() == 4);
    CHECK(u.days[0] == ComponentStatus::degraded_performance);  // entered the day degraded
    CHECK(u.days[1] == ComponentStatus::major_outage);
    CHECK(u.days[2] == ComponentStatus::operational);
    CHECK(u.days[3] == ComponentStatus::under_maintenance);
    CHECK(u.window == 84h);
    CHECK(u.major_outage == 2h);
    CHECK(u.partial_outage == 10h);
    CHECK(u.degraded == 6h);
    CHECK(u.maintenance == 1h);
    // 100 × (1 − (2h + 0.3 × 10h) / 84h)
    CHECK(u.percent() == Approx(100.0 * (1.0 - 5.0 / 84.0)));
}

TEST_CASE("uptime: no history is all operational and 100%, and a later change is not seen",
          "[site]") {
    const auto now = utc(2019, 7, 4, 12, 0);
    const auto days = day_starts(Zone::utc(), now, 2);
    const auto none = uptime({}, days, now);
    CHECK(none.days == std::vector<ComponentStatus>(2, ComponentStatus::operational));
    CHECK(none.percent() == 100.0);
    const auto future = uptime({change(utc(2019, 7, 4, 18, 0), ComponentStatus::operational,
                                       ComponentStatus::major_outage)},
                               days, now);
    CHECK(future.days[1] == ComponentStatus::operational);
    CHECK(future.major_outage == 0ms);
}

TEST_CASE("page_indicator: the worst of components and unresolved incidents", "[site]") {
    PageComponent a;
    a.status = ComponentStatus::under_maintenance;
    CHECK(page_indicator({a}, {}) == PageIndicator::maintenance);
    a.status = ComponentStatus::degraded_performance;
    CHECK(page_indicator({a}, {}) == PageIndicator::minor);
    a.status = ComponentStatus::partial_outage;
    CHECK(page_indicator({a}, {}) == PageIndicator::major);
    a.status = ComponentStatus::major_outage;
    CHECK(page_indicator({a}, {}) == PageIndicator::critical);
    Incident open;
    open.impact = Impact::critical;
    CHECK(page_indicator({}, {open}) == PageIndicator::critical);
    open.status = Status::resolved;
    CHECK(page_indicator({}, {open}) == PageIndicator::none);
    CHECK(indicator_description(PageIndicator::none) == "All Systems Operational");
    CHECK(indicator_description(PageIndicator::minor) == "Minor Service Outage");
    CHECK(indicator_description(PageIndicator::major) == "Partial System Outage");
    CHECK(indicator_description(PageIndicator::critical) == "Major Service Outage");
    CHECK(indicator_description(PageIndicator::maintenance) == "Service Under Maintenance");
    CHECK(render::api_status_json(PageIndicator::major) ==
          R"({"indicator":"major","description":"Partial System Outage"})");
}

TEST_CASE("API shape: string ids, component objects, no author", "[site]") {
    Incident inc;
    inc.id = 7;
    inc.title = "Checkout <down>";
    inc.impact = Impact::major;
    inc.created_at = utc(2019, 7, 1, 16, 30);
    inc.updated_at = inc.created_at;
    inc.components = {{"Shop", "Checkout"}};
    Update u;
    u.id = 12;
    u.incident_id = 7;
    u.body = "Looking.";
    u.posted_at = u.recorded_at = inc.created_at;
    u.author = "alice";
    u.changes = {{{"Shop", "Checkout"},
                  std::nullopt,
                  ComponentStatus::operational,
                  ComponentStatus::major_outage}};
    render::SiteComponent sc;
    sc.component.id = 3;
    sc.component.component = {"Shop", "Checkout"};
    render::ApiPage page{"pg1", "Shop", "https://status.example.com/", "UTC", inc.created_at};
    render::ApiShape api;
    api.page_id = "pg1";
    api.incident_url_prefix = "https://status.example.com/incidents/";
    api.components = render::api_components({sc}, page);
    REQUIRE(api.components.size() == 2);  // the group, then its member
    CHECK(api.components[0].id == "group:Shop");
    CHECK(api.components[1].id == "3");
    const std::vector<Update> updates{u};
    const auto json = render::incident_json(inc, &updates, false, &api);
    CHECK_THAT(json, Catch::Contains(R"("id":"7","name":"Checkout \u003cdown\u003e")"));
    CHECK_THAT(json,
               Catch::Contains(R"("shortlink":"https://status.example.com/incidents/7.html")"));
    CHECK_THAT(json, Catch::Contains(R"("page_id":"pg1")"));
    CHECK_THAT(json, Catch::Contains(R"("incident_id":"7")"));
    CHECK_THAT(
        json,
        Catch::Contains(
            R"("affected_components":[{"code":"3","name":"Shop - Checkout","old_status":"operational","new_status":"major_outage"}])"));
    CHECK_THAT(json, Catch::Contains(R"("components":[{"id":"3","name":"Checkout")"));
    CHECK_THAT(json, !Catch::Contains("alice"));
    // The export's own shape is unchanged: numeric ids and the author.
    const auto own = render::incident_json(inc, &updates);
    CHECK_THAT(own, Catch::Contains(R"({"id":7,)"));
    CHECK_THAT(own, Catch::Contains(R"("author":"alice")"));
}

TEST_CASE("site pages escape every piece of user text", "[site]") {
    render::ReportContext context;
    context.zone = Zone::utc();
    context.page_name = "<script>x</script>";
    context.site_root = "";
    context.generated_at = utc(2019, 7, 4, 14, 0);
    Incident inc;
    inc.id = 1;
    inc.title = "<img src=x onerror=alert(1)>";
    inc.created_at = utc(2019, 7, 4, 12, 0);
    inc.updated_at = inc.created_at;
    const auto item = render::site_history_item(inc, {}, context, "h3");
    CHECK_THAT(item, Catch::Contains("&lt;img src=x onerror=alert(1)&gt;"));
    CHECK_THAT(item, !Catch::Contains("<img"));
    render::SiteFront front;
    front.days = day_starts(Zone::utc(), context.generated_at, 3);
    render::SiteComponent sc;
    sc.component.id = 1;
    sc.component.component = {"<b>g</b>", "<i>c</i>"};
    sc.uptime.days.assign(3, ComponentStatus::operational);
    front.components = {sc};
    front.past = {{inc, {}}};
    const auto page = render::site_front_html(front, context);
    CHECK_THAT(page, !Catch::Contains("<script>x"));
    CHECK_THAT(page, !Catch::Contains("<b>g"));
    CHECK_THAT(page, !Catch::Contains("<i>c"));
    CHECK_THAT(page, Catch::Contains("&lt;b&gt;g&lt;/b&gt;"));
    CHECK_THAT(page, Catch::Contains("style-src 'self'"));
    CHECK_THAT(page, !Catch::Contains("<script"));
}

TEST_CASE("RSS: RFC 822 dates, escaped titles, the Atom entry ids as guids", "[site]") {
    render::ReportContext context;
    context.page_name = "Shop & Co";
    context.site_root = "";
    context.site_url = "https://status.example.com/";
    context.last_change = utc(2019, 7, 2, 9, 7);
    Incident inc;
    inc.id = 3;
    inc.title = "A <b> & \"c\"";
    inc.created_at = utc(2019, 7, 1, 16, 30);
    inc.updated_at = inc.created_at;
    std::ostringstream out;
    const auto w = render::rss_writer(context);
    w->begin(out);
    w->incident(out, inc, {});
    w->end(out);
    const auto rss = out.str();
    CHECK_THAT(rss,
               Catch::Contains("<lastBuildDate>Tue, 02 Jul 2019 09:07:00 GMT</lastBuildDate>"));
    CHECK_THAT(rss, Catch::Contains("<pubDate>Mon, 01 Jul 2019 16:30:00 GMT</pubDate>"));
    CHECK_THAT(rss, Catch::Contains("<title>A &lt;b&gt; &amp; &quot;c&quot;</title>"));
    CHECK_THAT(rss, Catch::Contains("<link>https://status.example.com/incidents/3.html</link>"));
    CHECK_THAT(
        rss,
        Catch::Contains(
            "<guid "
            "isPermaLink=\"false\">urn:x-incident:Shop%20%26%20Co:incident:3:1561998600</guid>"));
}
