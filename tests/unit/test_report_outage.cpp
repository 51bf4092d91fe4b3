// The report writers after the outage: a postmortem regarding several incidents, follow-up
// actions, internal notes and what only an internal report shows.
#include <catch2/catch.hpp>

#include "incident/journal.hpp"
#include "render/body.hpp"
#include "report_fixtures.hpp"

using namespace incident;
using namespace report_test;

namespace {

// The sample incident as incident 3, its postmortem covering two DDoS incidents before it.
Incident covering_incident() {
    auto inc = sample_incident();
    inc.id = 3;
    inc.postmortem->body =
        "# Post-incident report\n\nThis week we had several incidents.\n\n"
        "## What happened\n\nA DDoS.";
    inc.postmortem->incident_id = 3;
    inc.postmortem->regarding = {
        {1, "DDOS attack on our operations provider", utc(2019, 6, 24, 8, 0),
         utc(2019, 6, 24, 8, 0)},
        {2, "DDOS attack on our operations provider", utc(2019, 6, 30, 12, 0),
         utc(2019, 6, 30, 12, 0)},
        {3, "Service interuption", utc(2019, 7, 1, 16, 30), utc(2019, 7, 1, 16, 30)}};
    return inc;
}

Action action(ActionId id, std::string text) {
    Action a;
    a.id = id;
    a.incident_id = 3;
    a.text = std::move(text);
    a.created_at = utc(2019, 7, 4, 9, 0);
    a.created_by = "tester";
    return a;
}

std::string report(render::ReportFormat format, const Incident& inc,
                   const std::vector<Update>& updates, render::ReportContext context) {
    const auto writer = render::make_report_writer(format, context);
    return render_all(*writer, {inc}, updates);
}

}  // namespace

TEST_CASE("a covering postmortem lists the incidents it regards after its title heading") {
    const auto inc = covering_incident();
    const auto md =
        report(render::ReportFormat::markdown, inc, sample_updates(), sample_context(true));
    CHECK_THAT(md, Catch::Contains("## Postmortem\n"
                                   "\n"
                                   "### Post-incident report\n"
                                   "\n"
                                   "Regarding incidents:\n"
                                   "\n"
                                   "- DDOS attack on our operations provider June 24th\n"
                                   "- DDOS attack on our operations provider June 30th\n"
                                   "- Service interuption July 1st\n"
                                   "\n"
                                   "This week we had several incidents.\n"
                                   "\n"
                                   "#### What happened\n"));
    // Without a title heading the list opens the postmortem; another year is named.
    auto plain = inc;
    plain.postmortem->body = "1. Filtering was manual.";
    plain.postmortem->regarding[0].started = utc(2018, 12, 31, 12, 0);
    plain.postmortem->regarding[0].title = "- a *title*";
    const auto md2 = report(render::ReportFormat::markdown, plain, {}, sample_context(true));
    CHECK_THAT(md2, Catch::Contains("## Postmortem\n\nRegarding incidents:\n\n"
                                    "- \\- a \\*title\\* December 31st, 2018\n"));
    CHECK_THAT(md2, Catch::Contains("1. Filtering was manual.\n"));

    auto context = sample_context(false);
    context.incident_href = [](const RegardedIncident& r) {
        return r.id == 2 ? std::string() : "#incident-" + std::to_string(r.id);
    };
    const auto html = report(render::ReportFormat::html, inc, {}, context);
    CHECK_THAT(html, Catch::Contains("<p>Regarding incidents:</p>\n<ul class=\"regarding\">\n"
                                     "<li><a href=\"#incident-1\"><bdi>DDOS attack on our "
                                     "operations provider June 24th</bdi></a></li>\n"
                                     "<li><bdi>DDOS attack on our operations provider June "
                                     "30th</bdi></li>\n"));
    CHECK(html.find("Post-incident report") < html.find("Regarding incidents:"));
    const auto atom = report(render::ReportFormat::atom, inc, {}, sample_context(false));
    CHECK_THAT(atom, Catch::Contains("&lt;li&gt;Service interuption July 1st&lt;/li&gt;"));
    const auto json = report(render::ReportFormat::json, inc, {}, sample_context(false));
    CHECK_THAT(json, Catch::Contains("\"postmortem_body\":\"# Post-incident report"));
    CHECK_THAT(json,
               Catch::Contains("\"postmortem_incident_id\":3,\"postmortem_regarding\":[{\"id\":1,"
                               "\"name\":\"DDOS attack on our operations provider\","
                               "\"started_at\":\"2019-06-24T08:00:00Z\"}"));
}

TEST_CASE("every report lists the follow-up actions with owner, due day and state") {
    auto inc = covering_incident();
    auto open = action(4, "Review routines with the provider");
    open.owner = "Anna";
    open.due = std::chrono::year_month_day{std::chrono::year{2019}, std::chrono::July,
                                           std::chrono::day{31}};
    open.link = "https://tracker.example.com/NET-12";
    auto done = action(5, "Filter <always>");
    done.done_at = utc(2019, 7, 8, 10, 0);
    inc.actions = {open, done};
    const auto md = report(render::ReportFormat::markdown, inc, {}, sample_context(true));
    CHECK_THAT(
        md, Catch::Contains("## Follow-up actions\n\n"
                            "- Review routines with the provider (owner: Anna; due Jul 31, 2019; "
                            "open) <https://tracker.example.com/NET-12>\n"
                            "- Filter \\<always> (done Jul 08, 2019)\n"));
    const auto html = report(render::ReportFormat::html, inc, {}, sample_context(true));
    CHECK_THAT(html,
               Catch::Contains("<li class=\"action-done\"><bdi>Filter &lt;always&gt; (done Jul "
                               "08, 2019)</bdi></li>"));
    CHECK_THAT(html, Catch::Contains("<a href=\"https://tracker.example.com/NET-12\""));
    const auto json = report(render::ReportFormat::json, inc, {}, sample_context(true));
    CHECK_THAT(json, Catch::Contains("\"actions\":[{\"id\":4,\"incident_id\":3,\"text\":\"Review "
                                     "routines with the provider\",\"owner\":\"Anna\",\"due\":"
                                     "\"2019-07-31\""));
    CHECK_THAT(json, Catch::Contains("\"state\":\"done\""));
    const auto atom = report(render::ReportFormat::atom, inc, {}, sample_context(true));
    CHECK_THAT(atom, Catch::Contains("Follow-up actions"));
}

TEST_CASE("public reports hold no internal note, internal ones mark them and add the rest") {
    auto inc = sample_incident();
    inc.detected_at = utc(2019, 7, 1, 16, 25);
    inc.roles = {{"commander", "Anna", utc(2019, 7, 1, 16, 40), "tester"}};
    auto updates = sample_updates();
    auto note = update(6, Status::monitoring, "db01: replication lag 4s", utc(2019, 7, 1, 20, 0));
    note.internal = true;
    updates.insert(updates.begin() + 4, note);
    for (const auto format : {render::ReportFormat::markdown, render::ReportFormat::html,
                              render::ReportFormat::json, render::ReportFormat::atom}) {
        INFO(static_cast<int>(format));
        const auto shown = report(format, inc, public_updates(updates), sample_context(true));
        CHECK(shown.find("replication lag") == std::string::npos);
        CHECK(shown.find("Anna") == std::string::npos);
        CHECK(shown.find("detected") == std::string::npos);
        auto context = sample_context(true);
        context.internal = true;
        const auto internal = report(format, inc, updates, context);
        CHECK(internal.find("replication lag") != std::string::npos);
        CHECK(internal.find("Anna") != std::string::npos);
    }
    auto context = sample_context(true);
    context.internal = true;
    const auto md = report(render::ReportFormat::markdown, inc, updates, context);
    CHECK_THAT(md, Catch::Contains("## Internal note\n\ndb01: replication lag 4s\n"));
    CHECK_THAT(md, Catch::Contains("Milestones: detected Jul 01, 2019 - 18:25 CEST\n"));
    CHECK_THAT(md, Catch::Contains("Roles: commander Anna\n"));
    // The update after the note is labelled against the last public one.
    CHECK_THAT(md, Catch::Contains("## Resolved\n"));
    const auto json = report(render::ReportFormat::json, inc, updates, context);
    CHECK_THAT(json, Catch::Contains("\"internal\":true"));
    CHECK_THAT(json, Catch::Contains("\"detected_at\":\"2019-07-01T16:25:00Z\""));
    const auto html = report(render::ReportFormat::html, inc, updates, context);
    CHECK_THAT(html, Catch::Contains("<section class=\"update internal\" id=\"update-6\">"));
}

TEST_CASE("a body's title heading is found where md4c finds one") {
    CHECK(render::body::title_heading_end("# Title\n\nText") == 8U);
    CHECK(render::body::title_heading_end("\n\n## Title\nText") == 11U);
    CHECK(render::body::title_heading_end("Title\n=====\n\nText") == 12U);
    CHECK(render::body::title_heading_end("Text\n\n# Later") == 0U);
    CHECK(render::body::title_heading_end("#hashtag\n") == 0U);
    CHECK(render::body::title_heading_end("- item\n---\n") == 0U);
    CHECK(render::body::title_heading_end("    # code\n") == 0U);
    CHECK(render::body::title_heading_end("") == 0U);
}
