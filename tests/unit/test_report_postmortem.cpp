#include <catch2/catch.hpp>

#include "render/postmortem.hpp"
#include "report_fixtures.hpp"

using namespace incident;
using namespace report_test;

TEST_CASE("the postmortem template has the sample's sections and a timeline from the updates") {
    auto inc = sample_incident();
    inc.postmortem.reset();
    const auto text =
        render::postmortem_editor_text(inc, sample_updates(), *Zone::locate("Europe/Stockholm"));
    CHECK(text.starts_with(";; Postmortem of incident 1: Service interuption\n"));
    for (const auto* section : {"## What happened\n", "## Why did it happen\n", "## Steps taken\n",
                                "## Impact\n", "## Timeline\n", "## Action items\n"}) {
        CHECK(text.find(section) != std::string::npos);
    }
    CHECK(text.find("- Jul 01, 2019 - 18:55 CEST: Identified: Our operations provider is target "
                    "of a DDoS attack.\n") != std::string::npos);
}

TEST_CASE("an existing postmortem is edited as it is") {
    const auto text = render::postmortem_editor_text(sample_incident(), sample_updates(),
                                                     *Zone::locate("Europe/Stockholm"));
    CHECK(text.find(";; Replacing the postmortem posted Jul 04, 2019 - 15:43 CEST") !=
          std::string::npos);
    CHECK(render::strip_editor_comments(text) == sample_incident().postmortem->body);
}

TEST_CASE("editor comments are removed, Markdown headings are kept") {
    CHECK(render::strip_editor_comments(";; a\n\n# Heading\ntext ;; kept\n;;b\n\n\n") ==
          "# Heading\ntext ;; kept");
    CHECK(render::strip_editor_comments(";; only\n;; comments\n  \n").empty());
    CHECK(render::strip_editor_comments("").empty());
    CHECK(render::strip_editor_comments("    indented first\n") == "    indented first");
}

TEST_CASE("template sections left untouched and empty list items are dropped") {
    auto inc = sample_incident();
    inc.postmortem.reset();
    auto text = render::strip_editor_comments(
        render::postmortem_editor_text(inc, sample_updates(), *Zone::locate("Europe/Stockholm")));
    const auto at = text.find("## Why did it happen\n");
    REQUIRE(at != std::string::npos);
    text.insert(at, "A DDoS attack.\n\n");
    const auto tidy = render::drop_untouched_template(text);
    CHECK(
        tidy.starts_with("## What happened\n\n\nA DDoS attack.\n\n## Timeline\n\n- Jul 01, 2019"));
    CHECK(tidy.find("## Why did it happen") == std::string::npos);
    CHECK(tidy.find("## Action items") == std::string::npos);
    CHECK(tidy.find("\n- \n") == std::string::npos);
    // A title over its sections stays; list items with text stay; an empty last section goes.
    CHECK(render::drop_untouched_template("# Postmortem\n\n## Impact\n\nAll.\n\n- one\n- \n1.\n\n"
                                          "## Action items\n\n* \n") ==
          "# Postmortem\n\n## Impact\n\nAll.\n\n- one");
    CHECK(render::drop_untouched_template("## What happened\n\n## Impact\n\n- \n").empty());
}
