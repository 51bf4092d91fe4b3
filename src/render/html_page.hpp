#pragma once
// The HTML report's page frame and incident entries, shared by `export --format html` and the
// status site's pages (render/site.cpp).
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "incident/report.hpp"

namespace incident::render {

// The report's style sheet (inline in exports, the site's site.css).
std::string_view report_style_sheet() noexcept;

// From the doctype to the opening <main class="MAIN_CLASS">: the Content-Security-Policy, the
// title (escaped here) and, for a site page (context.site_root), the shared style sheet and
// links to the site's front page and history.
std::string page_head(const ReportContext& context, std::string_view title,
                      std::string_view main_class);
// Closes the page: the generation time, or for a site page its last change and feeds.
std::string page_foot(const ReportContext& context);

// "Jul 01, 2019": a local day as the Posted lines write it.
std::string day_label(Instant instant, const Zone& zone);

// "Major impact · Investigating 25m → Identified 2h 30m → Resolved · Total duration 2h 55m"
// (not escaped); without `now` an open incident's line is its impact alone, which no clock
// changes.
std::string phases_line(const Incident& incident, const std::vector<Update>& updates,
                        std::optional<Instant> now);

// An incident with its title linking to `href` under a `heading` element, its window, then its
// phases_line, its window, then its postmortem and updates newest first (h4 labels), and what
// it affected.
void incident_entry(std::ostream& out, const Incident& incident, const std::vector<Update>& updates,
                    const ReportContext& context, std::string_view heading, std::string_view href);

}  // namespace incident::render
