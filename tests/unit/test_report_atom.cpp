#include <catch2/catch.hpp>

#include "report_fixtures.hpp"

using namespace incident;
using namespace report_test;

TEST_CASE("atom feed has one entry per incident with every update") {
    const auto writer = render::atom_writer(sample_context(false));
    auto older = sample_incident();
    older.id = 2;
    older.title = "Older";
    older.updated_at = utc(2019, 6, 1, 10, 0);
    older.postmortem.reset();
    const auto text = render_all(*writer, {sample_incident(), older}, sample_updates());
    CHECK(
        text.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                         "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
                         "  <id>urn:x-incident:Litium%20AB</id>\n"
                         "  <title>Litium AB incidents</title>\n"
                         "  <author><name>Litium AB</name></author>\n"));
    CHECK(text.find("<id>urn:x-incident:Litium%20AB:incident:1:1561998600</id>") !=
          std::string::npos);
    CHECK(text.find("<updated>2019-07-04T13:43:00Z</updated>\n    <content") != std::string::npos);
    // Postmortem and five updates in the first entry, five updates in the second.
    const auto first_end = text.find("</entry>");
    std::size_t posted = 0;
    for (auto at = text.find("Posted "); at < first_end; at = text.find("Posted ", at + 1))
        ++posted;
    CHECK(posted == 6);
    CHECK(text.find("&lt;strong&gt;Postmortem&lt;/strong&gt;") < first_end);
    CHECK(text.find("Posted Jul 01, 2019 - 18:55 CEST&lt;/small&gt;&lt;br&gt;&lt;strong&gt;"
                    "Identified&lt;/strong&gt;") < first_end);
    // The feed was last updated when its newest entry was.
    CHECK(text.ends_with("  </entry>\n  <updated>2019-07-04T13:43:00Z</updated>\n</feed>\n"));
}

TEST_CASE("atom feed escapes user text twice over and never emits XML-invalid characters") {
    auto inc = sample_incident();
    inc.title = "<b>&</b> \x1b[1m \x01";
    auto ctx = sample_context(true);
    ctx.page_name = "A&B <c>";
    const auto writer = render::atom_writer(ctx);
    const auto text = render_all(*writer, {inc}, {});
    CHECK(text.find("<title>&lt;b&gt;&amp;&lt;/b&gt; ^[[1m ^A</title>") != std::string::npos);
    CHECK(text.find("<id>urn:x-incident:A%26B%20%3Cc%3E</id>") != std::string::npos);
    CHECK(text.find("<name>A&amp;B &lt;c&gt;</name>") != std::string::npos);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\x01') == std::string::npos);
    // The affected line is HTML inside XML: & becomes &amp; and then &amp;amp;.
    CHECK(text.find("Litium Cloud (Network &amp;amp; infrastructure).") != std::string::npos);

    // Quotes as the HTML export escapes them (character references are XML too), also inside
    // the HTML content.
    inc.title = "Don't \"panic\"";
    inc.components.front().name = "API's edge";
    const auto quoted = render_all(*writer, {inc}, {});
    CHECK(quoted.find("<title>Don&#39;t &quot;panic&quot;</title>") != std::string::npos);
    CHECK(quoted.find("API&amp;#39;s edge") != std::string::npos);
    CHECK(quoted.find('\'') == std::string::npos);
}

TEST_CASE("an empty atom feed is still a feed, updated when it was generated") {
    auto ctx = sample_context(false);
    ctx.page_name.clear();
    const auto writer = render::atom_writer(ctx);
    CHECK(render_all(*writer, {}, {}) ==
          "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
          "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
          "  <id>urn:x-incident:journal</id>\n"
          "  <title>Incidents</title>\n"
          "  <author><name>incident</name></author>\n"
          "  <generator>incident</generator>\n"
          "  <updated>2019-07-04T14:00:00Z</updated>\n"
          "</feed>\n");
}
