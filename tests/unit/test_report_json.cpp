#include <catch2/catch.hpp>

#include "report_fixtures.hpp"

using namespace incident;
using namespace report_test;

TEST_CASE("report formats are parsed by their names") {
    CHECK(render::parse_report_format("md") == render::ReportFormat::markdown);
    CHECK(render::parse_report_format("markdown") == render::ReportFormat::markdown);
    CHECK(render::parse_report_format("html") == render::ReportFormat::html);
    CHECK(render::parse_report_format("json") == render::ReportFormat::json);
    CHECK(render::parse_report_format("atom") == render::ReportFormat::atom);
    CHECK_FALSE(render::parse_report_format("MD"));
    CHECK_FALSE(render::parse_report_format(""));
    CHECK_FALSE(render::parse_report_format("pdf"));
}

TEST_CASE("json report has Statuspage's page, incidents and components") {
    const auto writer = render::json_writer(sample_context(true));
    const auto text = render_all(*writer, {sample_incident()}, sample_updates());
    CHECK(text.starts_with(
        "{\"page\":{\"name\":\"Litium AB\",\"time_zone\":\"Europe/Stockholm\","
        "\"updated_at\":\"2019-07-04T14:00:00Z\"},\n\"incidents\":[\n{\"id\":1,"
        "\"name\":\"Service interuption\",\"status\":\"postmortem\",\"impact\":\"major\""));
    // Resolved with a published postmortem: Statuspage's status is "postmortem".
    CHECK(
        text.find("\"postmortem_body\":\"Post-incident report\\n\\n## What happened\\n\\nA DDoS.\","
                  "\"postmortem_published_at\":\"2019-07-04T13:43:00Z\"") != std::string::npos);
    CHECK(text.find("\"monitoring_at\":\"2019-07-01T19:25:00Z\"") != std::string::npos);
    // Newest update first, as Statuspage lists them.
    CHECK(text.find("\"incident_updates\":[{\"id\":5,") != std::string::npos);
    CHECK(text.ends_with(
        "],\n\"components\":[\n"
        "{\"id\":\"Litium Cloud/\",\"name\":\"Litium Cloud\",\"group\":true,\"group_id\":null,"
        "\"components\":[\"Litium Cloud/Network \\u0026 infrastructure\"]},\n"
        "{\"id\":\"Litium Cloud/Network \\u0026 infrastructure\",\"name\":\"Network \\u0026 "
        "infrastructure\",\"group\":false,\"group_id\":\"Litium Cloud/\"}\n]}\n"));
}

TEST_CASE("json report lists each component once and is valid when empty") {
    auto ctx = sample_context(false);
    ctx.page_name.clear();
    const auto writer = render::json_writer(ctx);
    auto other = sample_incident();
    other.id = 2;
    other.components.push_back({"", "Admin"});
    const auto text = render_all(*writer, {sample_incident(), other}, sample_updates());
    CHECK(text.find("\"name\":null") != std::string::npos);
    CHECK(text.find("},\n{\"id\":2,") != std::string::npos);
    CHECK(
        text.ends_with("\"group_id\":\"Litium Cloud/\"},\n{\"id\":\"Admin\",\"name\":\"Admin\","
                       "\"group\":false,\"group_id\":null}\n]}\n"));
    const auto empty = render::json_writer(ctx);
    CHECK(render_all(*empty, {}, {}) ==
          "{\"page\":{\"name\":null,\"time_zone\":\"Europe/Stockholm\",\"updated_at\":"
          "\"2019-07-04T14:00:00Z\"},\n\"incidents\":[],\n\"components\":[]}\n");
}

TEST_CASE("json report strings cannot break out of the document or an HTML page") {
    auto inc = sample_incident();
    inc.title = "\"},{\"x\":1</script><!--\x1b\u2028";
    const auto writer = render::json_writer(sample_context(true));
    const auto text = render_all(*writer, {inc}, {});
    CHECK(
        text.find("\"name\":\"\\\"},{\\\"x\\\":1\\u003c/script\\u003e\\u003c!--\\u001b\\u2028\"") !=
        std::string::npos);
    CHECK(text.find('<') == std::string::npos);
}
