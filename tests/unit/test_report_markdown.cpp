#include <catch2/catch.hpp>

#include "render/markdown.hpp"
#include "report_fixtures.hpp"

using namespace incident;
using namespace report_test;
namespace md = incident::render::markdown;

TEST_CASE("markdown report of one incident has the sample's shape") {
    const auto writer = render::markdown_writer(sample_context(true));
    const auto text = render_all(*writer, {sample_incident()}, sample_updates());
    CHECK(text ==
          "# Service interuption\n"
          "\n"
          "Incident Report for Litium AB\n"
          "\n"
          "## Postmortem\n"
          "\n"
          "Post-incident report\n"
          "\n"
          "### What happened\n"
          "\n"
          "A DDoS.\n"
          "\n"
          "Posted Jul 04, 2019 - 15:43 CEST\n"
          "\n"
          "## Resolved\n"
          "\n"
          "Resolved.\n"
          "\n"
          "Posted Jul 02, 2019 - 11:07 CEST\n"
          "\n"
          "## Monitoring\n"
          "\n"
          "Full recovery.\n"
          "\n"
          "Posted Jul 01, 2019 - 21:25 CEST\n"
          "\n"
          "## Identified\n"
          "\n"
          "Our operations provider is target of a DDoS attack.\n"
          "\n"
          "Posted Jul 01, 2019 - 18:55 CEST\n"
          "\n"
          "## Update\n"
          "\n"
          "We are continuing to investigate this issue.\n"
          "\n"
          "Posted Jul 01, 2019 - 18:30 CEST\n"
          "\n"
          "## Investigating\n"
          "\n"
          "We are currently investigating this issue.\n"
          "\n"
          "Posted Jul 01, 2019 - 18:30 CEST\n"
          "\n"
          "This incident affected: Litium Cloud (Network & infrastructure).\n");
}

TEST_CASE("markdown history puts titles one level down and says when it is empty") {
    auto ctx = sample_context(false);
    const auto writer = render::markdown_writer(ctx);
    const auto text = render_all(*writer, {sample_incident()}, sample_updates());
    CHECK(text.starts_with(
        "# Incident history for Litium AB\n\n## Service interuption\n\n### Postmortem\n"));
    CHECK(text.find("\n#### What happened\n") != std::string::npos);
    CHECK(text.find("Incident Report for") == std::string::npos);

    ctx.page_name.clear();
    const auto empty = render::markdown_writer(ctx);
    CHECK(render_all(*empty, {}, {}) == "# Incident history\n\nNo incidents.\n");
}

TEST_CASE("markdown marks edited updates and shows times in the context's zone") {
    auto updates = sample_updates();
    updates[4].edited_at = utc(2019, 7, 3, 10, 0);
    auto ctx = sample_context(true);
    ctx.zone = Zone::utc();
    const auto writer = render::markdown_writer(ctx);
    const auto text = render_all(*writer, {sample_incident()}, updates);
    CHECK(text.find("Posted Jul 02, 2019 - 09:07 UTC (edited)\n") != std::string::npos);
    CHECK(text.find("Posted Jul 01, 2019 - 19:25 UTC\n") != std::string::npos);
}

TEST_CASE("markdown inline text escapes everything that could be markup") {
    CHECK(md::inline_text("Litium AB") == "Litium AB");
    CHECK(md::inline_text("Network & infrastructure") == "Network & infrastructure");
    CHECK(md::inline_text("<script>x</script>") == "\\<script>x\\</script>");
    CHECK(md::inline_text("[a](javascript:x)") == "\\[a\\](javascript:x)");
    CHECK(md::inline_text("C# *bold* _u_ `c`") == "C\\# \\*bold\\* \\_u\\_ \\`c\\`");
    CHECK(md::inline_text("&amp; &#60; AT&T") == "\\&amp; \\&\\#60; AT&T");
    CHECK(md::inline_text("a\\b") == "a\\\\b");
    // Titles and bodies escape '&' by one rule (utf8.hpp's starts_entity).
    CHECK(md::inline_text("&#12345678; &x#y;") == "\\&\\#12345678; \\&x\\#y;");
    CHECK(md::body("&#12345678; &#abc; &" + std::string(45, 'a') + "; AT&T", 3) ==
          "\\&#12345678; \\&#abc; \\&" + std::string(45, 'a') + "; AT&T\n");
    CHECK(md::inline_text("two\nlines\x1b[0m") == "two^Jlines^\\[\\[0m");
}

TEST_CASE("markdown bodies keep prose, lists and emphasis") {
    CHECK(md::body("We are investigating.", 3) == "We are investigating.\n");
    CHECK(md::body("Steps:\n\n- one\n- *two*\n\n1. three", 3) ==
          "Steps:\n\n- one\n- *two*\n\n1. three\n");
    CHECK(md::body("line\r\nnext\r\n", 3) == "line\nnext\n");
    CHECK(md::body("_em_ __strong__ ~~struck~~ snake_case", 3) ==
          "*em* **strong** ~~struck~~ snake\\_case\n");
    CHECK(md::body("hard  \nbreak", 3) == "hard\\\nbreak\n");
}

TEST_CASE("markdown bodies keep nesting, quotes, task lists and tables") {
    CHECK(md::body("1. one\n   - two\n     - three\n2. four", 3) ==
          "1. one\n   - two\n     - three\n2. four\n");
    CHECK(md::body("- [x] done\n- [ ] open\n  ```sh\n  echo hi\n  ```", 3) ==
          "- [x] done\n- [ ] open\n  ```sh\n  echo hi\n  ```\n");
    CHECK(md::body("> quoted\n> **still**\n>\n> - item", 3) ==
          "> quoted\n> **still**\n>\n> - item\n");
    CHECK(md::body("| a | b |\n|:-:|--:|\n| 1 | x \\| y |", 3) ==
          "| a | b |\n| :-: | --: |\n| 1 | x \\| y |\n");
    // Two lists in a row keep apart: the second gets the other marker.
    CHECK(md::body("- a\n- b\n* c", 3) == "- a\n- b\n\n* c\n");
    CHECK(md::body("- a\n\n\n- b", 3) == "- a\n\n- b\n");
    CHECK(md::body("3. x\n\n4. y", 3) == "3. x\n\n4. y\n");
}

TEST_CASE("markdown bodies cannot carry raw HTML, images or unsafe links") {
    CHECK(md::body("<script>alert(1)</script>", 3) == "\\<script\\>alert(1)\\</script\\>\n");
    CHECK(md::body("<img src=x onerror=alert(1)>", 3) == "\\<img src=x onerror=alert(1)\\>\n");
    CHECK(md::body("<!-- c -->", 3) == "\\<!-- c --\\>\n");
    CHECK(md::body("a <b>x</b> c", 3) == "a \\<b\\>x\\</b\\> c\n");
    CHECK(md::body("<javascript:alert(1)>", 3) == "\\<javascript:alert(1)\\>\n");
    CHECK(md::body("[x](javascript:alert(1))", 3) == "\\[x\\](javascript:alert(1))\n");
    CHECK(md::body("[x](data:text/html,hi)", 3) == "\\[x\\](data:text/html,hi)\n");
    CHECK(md::body("![i](javascript:x)", 3) == "!\\[i\\](javascript:x)\n");
    // An image becomes a link to it: the report loads nothing.
    CHECK(md::body("![i](https://e.com/i.png)", 3) == "[i](https://e.com/i.png)\n");
    // A reference definition shows nothing, and its use is judged like any link.
    CHECK(md::body("[ref]: javascript:x\n\nUse [ref].", 3) == "Use \\[ref\\](javascript:x).\n");
    CHECK(md::body("&lt;b&gt; &#60; AT&T", 3) == "\\&lt;b\\&gt; \\&#60; AT&T\n");
}

TEST_CASE("markdown bodies keep http(s) and mailto links and autolinks") {
    CHECK(md::body("see [status](https://status.example.com/a?b=1#c)", 3) ==
          "see [status](https://status.example.com/a?b=1#c)\n");
    CHECK(md::body("mail [us](mailto:ops@example.com)", 3) ==
          "mail [us](mailto:ops@example.com)\n");
    CHECK(md::body("<https://example.com>", 3) == "<https://example.com>\n");
    CHECK(md::body("[*a* <b>](https://e.com)", 3) == "[*a* \\<b\\>](https://e.com)\n");
    CHECK(md::body("[x](https://e.com/a \"t\")", 3) == "[x](https://e.com/a \"t\")\n");
    CHECK(md::body("[wiki](https://en.wikipedia.org/wiki/Foo_(bar))", 3) ==
          "[wiki](https://en.wikipedia.org/wiki/Foo_\\(bar\\))\n");
}

TEST_CASE("markdown bodies keep code spans, whatever their content") {
    CHECK(md::body("restart `api-7` now", 3) == "restart `api-7` now\n");
    CHECK(md::body("``a ` b``", 3) == "``a ` b``\n");
    // Code span content is literal in CommonMark: nothing in it is markup.
    CHECK(md::body("`<b>`", 3) == "`<b>`\n");
    CHECK(md::body("`a | b`", 3) == "`a | b`\n");
    CHECK(md::body("``` `` ```", 3) == "``` `` ```\n");
    CHECK(md::body("unclosed ` tick", 3) == "unclosed \\` tick\n");
}

TEST_CASE("markdown bodies cannot take over the report's structure") {
    // Headings move below the labels, keeping their relative levels, wherever they are.
    CHECK(md::body("# Top\n## Sub", 3) == "### Top\n\n#### Sub\n");
    CHECK(md::body("## What happened\n\ntext", 3) == "### What happened\n\ntext\n");
    CHECK(md::body("#### deep", 3) == "#### deep\n");
    CHECK(md::body("###### a\n# b", 3) == "###### a\n\n### b\n");
    CHECK(md::body("# C# notes #", 3) == "### C# notes\n");
    CHECK(md::body("# ends in \\#", 3) == "### ends in \\#\n");
    CHECK(md::body("#hashtag", 3) == "#hashtag\n");
    CHECK(md::body("Title\n=====", 3) == "### Title\n");
    CHECK(md::body("- # Fake title", 3) == "- ### Fake title\n");
    CHECK(md::body("> ## quoted", 3) == "> ### quoted\n");
    // Text that would start a block at the start of a line is escaped there.
    CHECK(md::body("a\\\n\\# b\n\\- c\n1\\. d\n\\===\n-5 dB", 3) ==
          "a\\\n\\# b\n\\- c\n1\\. d\n\\===\n-5 dB\n");
    CHECK(md::body("a\n\n***\n\nb", 3) == "a\n\n***\n\nb\n");
}

TEST_CASE("markdown bodies keep code blocks verbatim, and always closed") {
    // Code block content is literal in CommonMark, so nothing in it needs escaping.
    CHECK(md::body("```sh\n<script>x</script> [a](javascript:x)\n# not a heading\n```\nafter <b>",
                   3) ==
          "```sh\n<script>x</script> [a](javascript:x)\n# not a heading\n```\n\nafter \\<b\\>\n");
    // An unclosed fence is closed at the end of the body, not by the report's next line.
    CHECK(md::body("```\n<b>", 3) == "```\n<b>\n```\n");
    CHECK(md::body("- ```\n  <b>", 3) == "- ```\n  <b>\n  ```\n");
    // The fence outgrows any backtick run inside; indented code becomes fenced.
    CHECK(md::body("~~~\n```\n~~~", 3) == "````\n```\n````\n");
    CHECK(md::body("    <b>", 3) == "```\n<b>\n```\n");
    // Info strings keep only a language word's characters.
    CHECK(md::body("~~~ <script> x\ny\n~~~", 3) == "```script\ny\n```\n");
    CHECK(md::body("``` c++ more\ny\n```", 3) == "```c++\ny\n```\n");
    // A heading inside fenced code does not move the body's headings.
    CHECK(md::body("```\n# one\n```\n## two", 3) == "```\n# one\n```\n\n### two\n");
}

TEST_CASE("a maintenance's report says so and shows its window in the journal's zone") {
    Incident inc;
    inc.id = 1;
    inc.title = "DB *upgrade* <now>";
    inc.kind = Kind::maintenance;
    inc.status = Status::completed;
    inc.created_at = utc(2019, 7, 4, 10, 0);
    inc.scheduled_for = utc(2019, 7, 5, 0, 0);
    inc.scheduled_until = utc(2019, 7, 5, 2, 0);
    inc.resolved_at = utc(2019, 7, 5, 1, 30);
    inc.components = {{"Platform", "Database"}};
    const std::vector<Update> updates{
        update(1, Status::scheduled, "Planned.", utc(2019, 7, 4, 10, 0)),
        update(2, Status::completed, "Done.", utc(2019, 7, 5, 1, 30))};
    const auto writer = render::markdown_writer(sample_context(true));
    CHECK(render_all(*writer, {inc}, updates) ==
          "# DB \\*upgrade\\* \\<now>\n"
          "\n"
          "Scheduled Maintenance Report for Litium AB\n"
          "\n"
          "Scheduled for Jul 05, 2019 - 02:00 \u2013 04:00 CEST\n"
          "\n"
          "## Completed\n"
          "\n"
          "Done.\n"
          "\n"
          "Posted Jul 05, 2019 - 03:30 CEST\n"
          "\n"
          "## Scheduled\n"
          "\n"
          "Planned.\n"
          "\n"
          "Posted Jul 04, 2019 - 12:00 CEST\n"
          "\n"
          "This scheduled maintenance affected: Platform (Database).\n");
    // An incident has no window line.
    CHECK(render::scheduled_window(sample_incident(), sample_context(true).zone).empty());
}
