#include <catch2/catch.hpp>
#include <sstream>

#include "incident/render.hpp"
#include "incident/text.hpp"
#include "support.hpp"

using namespace incident;
using namespace std::chrono_literals;
using incident::testing::count_of;
using incident::testing::fixed_now;
using incident::testing::utc;

namespace {

Zone stockholm() {
    return *Zone::locate("Europe/Stockholm");
}

Incident incident_with(IncidentId id, std::string title, Status status, Impact impact,
                       Instant created) {
    Incident inc;
    inc.id = id;
    inc.title = std::move(title);
    inc.status = status;
    inc.impact = impact;
    inc.created_at = created;
    inc.updated_at = created;
    if (status == Status::resolved) inc.resolved_at = created + 2h + 15min;
    return inc;
}

std::vector<Incident> two_incidents() {
    return {incident_with(12, "API errors", Status::investigating, Impact::major,
                          utc(2019, 7, 4, 13, 0)),
            incident_with(3, "Service interruption", Status::resolved, Impact::critical,
                          utc(2019, 7, 1, 16, 30))};
}

Update update_with(UpdateId id, Status status, std::string body, Instant posted) {
    Update u;
    u.id = id;
    u.incident_id = 3;
    u.status = status;
    u.body = std::move(body);
    u.posted_at = posted;
    u.recorded_at = posted + 1min;
    u.author = "tester";
    return u;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

render::TerminalStyle terminal(int columns = 0, bool color = false) {
    render::TerminalStyle style;
    style.table = true;
    style.color = color;
    style.columns = columns;
    return style;
}

}  // namespace

TEST_CASE("a piped list is tab-separated with no header", "[render]") {
    const auto text = render::incident_table(two_incidents(), stockholm(), fixed_now(), {});
    CHECK(text ==
          "12\tinvestigating\tmajor\t2019-07-04T15:00:00+02:00\t3600\tAPI errors\n"
          "3\tresolved\tcritical\t2019-07-01T18:30:00+02:00\t8100\tService interruption\n");
    CHECK(render::incident_table({}, stockholm(), fixed_now(), {}).empty());
}

TEST_CASE("a piped list never has colour, even when colour is asked for", "[render]") {
    render::TerminalStyle style;
    style.color = true;
    const auto text = render::incident_table(two_incidents(), stockholm(), fixed_now(), style);
    CHECK(text.find('\x1b') == std::string::npos);
}

TEST_CASE("a list on a terminal is an aligned table with a header", "[render]") {
    const auto text = render::incident_table(two_incidents(), stockholm(), fixed_now(), terminal());
    const auto lines = lines_of(text);
    REQUIRE(lines.size() == 3U);
    CHECK(lines[0] == "ID  STATUS         IMPACT    OPENED                 DURATION  TITLE");
    CHECK(lines[1] == "12  investigating  major     2019-07-04 15:00 CEST  1h        API errors");
    CHECK(lines[2] ==
          " 3  resolved       critical  2019-07-01 18:30 CEST  2h 15m    Service interruption");
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\t') == std::string::npos);
}

TEST_CASE("an empty list on a terminal still has its header", "[render]") {
    CHECK(render::incident_table({}, stockholm(), fixed_now(), terminal()) ==
          "ID  STATUS  IMPACT  OPENED  DURATION  TITLE\n");
}

TEST_CASE("colours appear only when asked for", "[render]") {
    const auto plain =
        render::incident_table(two_incidents(), stockholm(), fixed_now(), terminal());
    const auto coloured =
        render::incident_table(two_incidents(), stockholm(), fixed_now(), terminal(0, true));
    CHECK(coloured.find("\x1b[31minvestigating") != std::string::npos);
    CHECK(coloured.find("\x1b[32mresolved") != std::string::npos);
    CHECK(coloured.find("\x1b[1;31mcritical") != std::string::npos);
    CHECK(coloured.find("\x1b[0m") != std::string::npos);
    // Without the escape sequences the coloured table is the plain one.
    std::string stripped;
    for (std::size_t i = 0; i < coloured.size(); ++i) {
        if (coloured[i] == '\x1b') {
            i = coloured.find('m', i);
            continue;
        }
        stripped += coloured[i];
    }
    CHECK(stripped == plain);
}

TEST_CASE("long titles are cut to the terminal's width with an ellipsis", "[render]") {
    std::vector<Incident> incidents{
        incident_with(1, "Elevated error rates on the checkout API for customers in Europe",
                      Status::investigating, Impact::minor, utc(2019, 7, 4, 13, 0))};
    const auto text = render::incident_table(incidents, stockholm(), fixed_now(), terminal(80));
    const auto lines = lines_of(text);
    REQUIRE(lines.size() == 2U);
    CHECK(display_width(lines[1]) == 80U);
    CHECK(lines[1].substr(lines[1].size() - 3) == "\u2026");
    CHECK(lines[1].find("Elevated error") != std::string::npos);
    // A title that fits is left whole.
    const auto wide = render::incident_table(incidents, stockholm(), fixed_now(), terminal(200));
    CHECK(wide.find("customers in Europe\n") != std::string::npos);
    CHECK(wide.find("\u2026") == std::string::npos);
}

TEST_CASE("truncation counts code points, not bytes", "[render]") {
    std::vector<Incident> incidents{
        incident_with(1, "Malmö Göteborg Västerås Örebro Jönköping Umeå", Status::identified,
                      Impact::none, utc(2019, 7, 4, 13, 0))};
    const auto lines =
        lines_of(render::incident_table(incidents, stockholm(), fixed_now(), terminal(72)));
    REQUIRE(lines.size() == 2U);
    CHECK(display_width(lines[1]) == 72U);
    CHECK_FALSE(invalid_utf8_offset(lines[1]).has_value());
}

TEST_CASE("control characters in a title are made visible in both list forms", "[render]") {
    std::vector<Incident> incidents{
        incident_with(1, "title \x1b]0;pwned\a with \x1b[2J escapes\x7F", Status::investigating,
                      Impact::none, utc(2019, 7, 4, 13, 0))};
    for (const auto& style : {render::TerminalStyle{}, terminal(), terminal(40)}) {
        const auto text = render::incident_table(incidents, stockholm(), fixed_now(), style);
        CHECK(text.find('\x1b') == std::string::npos);
        CHECK(text.find('\a') == std::string::npos);
        CHECK(text.find('\x7F') == std::string::npos);
        CHECK(text.find("title ^[]0;pwned^G") != std::string::npos);
    }
    const auto piped = render::incident_table(incidents, stockholm(), fixed_now(), {});
    CHECK_THAT(piped, Catch::EndsWith("\ttitle ^[]0;pwned^G with ^[[2J escapes^?\n"));
}

TEST_CASE("show prints the header and the timeline newest first", "[render]") {
    auto inc = two_incidents()[1];
    inc.components = {{"Litium Cloud", "Network & infrastructure"}};
    const std::vector<Update> updates{
        update_with(1, Status::investigating, "We are currently investigating this issue.",
                    utc(2019, 7, 1, 16, 30)),
        update_with(2, Status::investigating, "We are continuing to investigate this issue.",
                    utc(2019, 7, 1, 16, 30)),
        update_with(3, Status::resolved, "Resolved.\n\n  Details:\n- one", utc(2019, 7, 1, 18, 45)),
    };
    const auto text = render::incident_detail(inc, updates, stockholm(), fixed_now(), {});
    CHECK(text ==
          "#3 Service interruption\n"
          "Status:    Resolved\n"
          "Impact:    critical\n"
          "Opened:    2019-07-01 18:30 CEST\n"
          "Resolved:  2019-07-01 20:45 CEST (after 2h 15m)\n"
          "Affected:  Litium Cloud (Network & infrastructure)\n"
          "\n"
          "Resolved  Posted Jul 01, 2019 - 20:45 CEST by tester (update 3)\n"
          "    Resolved.\n"
          "\n"
          "      Details:\n"
          "    - one\n"
          "\n"
          "Update  Posted Jul 01, 2019 - 18:30 CEST by tester (update 2)\n"
          "    We are continuing to investigate this issue.\n"
          "\n"
          "Investigating  Posted Jul 01, 2019 - 18:30 CEST by tester (update 1)\n"
          "    We are currently investigating this issue.\n");
}

TEST_CASE("show gives an open incident its running time and a postmortem first", "[render]") {
    auto inc = two_incidents()[0];
    inc.postmortem = Postmortem{"What happened", utc(2019, 7, 4, 13, 50)};
    const std::vector<Update> updates{
        update_with(7, Status::investigating, "Looking", utc(2019, 7, 4, 13, 0))};
    const auto text = render::incident_detail(inc, updates, Zone::utc(), fixed_now(), {});
    CHECK(text ==
          "#12 API errors\n"
          "Status:    Investigating\n"
          "Impact:    major\n"
          "Opened:    2019-07-04 13:00 UTC\n"
          "Open for:  1h\n"
          "\n"
          "Postmortem  Posted Jul 04, 2019 - 13:50 UTC\n"
          "    What happened\n"
          "\n"
          "Investigating  Posted Jul 04, 2019 - 13:00 UTC by tester (update 7)\n"
          "    Looking\n");
}

TEST_CASE("show makes control characters visible in every piece of user text", "[render]") {
    auto inc = incident_with(1, "title \x1b[2J", Status::investigating, Impact::none,
                             utc(2019, 7, 4, 13, 0));
    inc.components = {{"Group\x1b[1m", "Name\a"}};
    inc.postmortem = Postmortem{"pm \x1b[31m", utc(2019, 7, 4, 13, 30)};
    auto u = update_with(1, Status::investigating,
                         "line one \x1b[A\n\ttabbed \xC2\x9B"
                         "2J",
                         utc(2019, 7, 4, 13, 0));
    u.author = "mallory\x1b[8m";
    const auto text = render::incident_detail(inc, {u}, stockholm(), fixed_now(), {});
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\a') == std::string::npos);
    CHECK(text.find("\xC2\x9B") == std::string::npos);
    CHECK(text.find("#1 title ^[[2J\n") != std::string::npos);
    CHECK(text.find("Affected:  Group^[[1m (Name^G)\n") != std::string::npos);
    CHECK(text.find("    pm ^[[31m\n") != std::string::npos);
    CHECK(text.find("by mallory^[[8m (update 1)\n") != std::string::npos);
    // Newlines and tabs in a body survive; the rest is shown.
    CHECK(text.find("    line one ^[[A\n    \ttabbed <U+009B>2J\n") != std::string::npos);
}

TEST_CASE("show colours labels only when asked for", "[render]") {
    const auto inc = two_incidents()[0];
    const std::vector<Update> updates{
        update_with(7, Status::investigating, "Looking", utc(2019, 7, 4, 13, 0))};
    const auto plain = render::incident_detail(inc, updates, stockholm(), fixed_now(), terminal());
    CHECK(plain.find('\x1b') == std::string::npos);
    const auto coloured =
        render::incident_detail(inc, updates, stockholm(), fixed_now(), terminal(0, true));
    CHECK(coloured.find("\x1b[1m#12 API errors\x1b[0m\n") != std::string::npos);
    CHECK(coloured.find("Status:    \x1b[31mInvestigating\x1b[0m\n") != std::string::npos);
}

TEST_CASE("json_string escapes quotes, backslashes and control characters", "[render]") {
    CHECK(render::json_string("") == "\"\"");
    CHECK(render::json_string("plain") == "\"plain\"");
    CHECK(render::json_string("say \"hi\"") == "\"say \\\"hi\\\"\"");
    CHECK(render::json_string("C:\\path") == "\"C:\\\\path\"");
    CHECK(render::json_string("a\nb\rc\td\be\ff") == "\"a\\nb\\rc\\td\\be\\ff\"");
    CHECK(render::json_string("\x01\x1b\x1f\x7F") == "\"\\u0001\\u001b\\u001f\\u007f\"");
    CHECK(render::json_string(std::string("nul\0!", 5)) == "\"nul\\u0000!\"");
}

TEST_CASE("json_string output is safe inside an HTML script element", "[render]") {
    CHECK(render::json_string("</script><script>alert(1)</script>") ==
          "\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\"");
    CHECK(render::json_string("a & b <!--") == "\"a \\u0026 b \\u003c!--\"");
    // U+2028 and U+2029 end lines in JavaScript.
    CHECK(render::json_string("x\u2028y\u2029z") == "\"x\\u2028y\\u2029z\"");
    // Other text, non-ASCII included, passes unchanged.
    CHECK(render::json_string("Malmö \u2026 \U0001F525 /") == "\"Malmö \u2026 \U0001F525 /\"");
    // Invalid UTF-8 becomes U+FFFD, one per byte as in HTML, so the output is valid JSON.
    CHECK(render::json_string("\xE2\x80") == "\"\\ufffd\\ufffd\"");
    CHECK(render::json_string("a\xFF"
                              "b\xC0\xAF") == "\"a\\ufffdb\\ufffd\\ufffd\"");
}

TEST_CASE("incident_json uses Statuspage's field names and order", "[render]") {
    auto inc = two_incidents()[1];
    inc.components = {{"Litium Cloud", "Network & infrastructure"}, {"", "Billing"}};
    inc.updated_at = utc(2019, 7, 1, 18, 45);
    CHECK(render::incident_json(inc, nullptr) ==
          "{\"id\":3,\"name\":\"Service interruption\",\"status\":\"resolved\","
          "\"impact\":\"critical\",\"created_at\":\"2019-07-01T16:30:00Z\","
          "\"updated_at\":\"2019-07-01T18:45:00Z\",\"monitoring_at\":null,"
          "\"resolved_at\":\"2019-07-01T18:45:00Z\",\"started_at\":\"2019-07-01T16:30:00Z\","
          "\"shortlink\":null,\"components\":["
          "{\"code\":\"Litium Cloud/Network \\u0026 infrastructure\","
          "\"name\":\"Network \\u0026 infrastructure\",\"group\":\"Litium Cloud\"},"
          "{\"code\":\"Billing\",\"name\":\"Billing\",\"group\":null}],"
          "\"postmortem_body\":null,\"postmortem_published_at\":null}");
}

TEST_CASE("incident_json with updates lists them newest first and finds monitoring_at",
          "[render]") {
    auto inc = two_incidents()[1];
    inc.postmortem = Postmortem{"Root cause: \"DDoS\"", utc(2019, 7, 4, 13, 43)};
    const std::vector<Update> updates{
        update_with(1, Status::investigating, "a", utc(2019, 7, 1, 16, 30)),
        update_with(2, Status::monitoring, "b", utc(2019, 7, 1, 17, 0)),
        update_with(3, Status::monitoring, "c", utc(2019, 7, 1, 18, 0)),
    };
    const auto json = render::incident_json(inc, &updates);
    CHECK(json.find("\"monitoring_at\":\"2019-07-01T17:00:00Z\"") != std::string::npos);
    CHECK(json.find("\"postmortem_body\":\"Root cause: \\\"DDoS\\\"\","
                    "\"postmortem_published_at\":\"2019-07-04T13:43:00Z\"") != std::string::npos);
    const auto at3 = json.find("\"incident_updates\":[{\"id\":3,");
    const auto at2 = json.find("{\"id\":2,");
    const auto at1 = json.find("{\"id\":1,");
    CHECK(at3 != std::string::npos);
    CHECK(at3 < at2);
    CHECK(at2 < at1);
    CHECK_THAT(json, Catch::EndsWith("]}"));
    CHECK(count_of(json, "\"incident_id\":3") == 3U);
}

TEST_CASE("update_json uses Statuspage's field names and escapes the body", "[render]") {
    const auto inc = two_incidents()[1];
    auto u = update_with(5, Status::identified, "line \"one\"\n</script>", utc(2019, 7, 1, 17, 0));
    u.components = {{"Edge", "CDN"}};
    u.author = "bob";
    CHECK(
        render::update_json(u, inc) ==
        "{\"id\":5,\"status\":\"identified\",\"body\":\"line \\\"one\\\"\\n\\u003c/script\\u003e\","
        "\"incident_id\":3,\"created_at\":\"2019-07-01T17:01:00Z\","
        "\"updated_at\":\"2019-07-01T17:01:00Z\",\"display_at\":\"2019-07-01T17:00:00Z\","
        "\"affected_components\":[{\"code\":\"Edge/CDN\",\"name\":\"CDN\",\"group\":\"Edge\"}],"
        "\"author\":\"bob\"}");
}
