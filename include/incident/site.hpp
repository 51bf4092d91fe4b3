#pragma once
// The status site (`incident site`): its pages and its Statuspage API v2 documents, as pure
// functions of journal data, like every renderer. Site pages are HTML report pages
// (ReportContext::site_root set): one shared style sheet, a CSP, no script, every piece of user
// text escaped.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "incident/model.hpp"
#include "incident/render.hpp"
#include "incident/report.hpp"
#include "incident/uptime.hpp"

namespace incident::render {

// An incident with the updates the site shows (journal's public_updates: the site is public,
// so never an internal note).
struct Listed {
    Incident incident;
    std::vector<Update> updates;
};

struct SiteComponent {
    PageComponent component;
    Uptime uptime;
    // Its first and newest recorded status change (the API's created_at and updated_at).
    std::optional<Instant> first_change;
    std::optional<Instant> last_change;
};

// What the front page (index.html) shows.
struct SiteFront {
    PageIndicator indicator = PageIndicator::none;
    std::vector<SiteComponent> components;  // page order
    std::vector<Instant> days;              // day_starts of the bars
    std::vector<Listed> active;             // unresolved incidents, newest first
    std::size_t more_active = 0;            // unresolved incidents not in `active`
    std::vector<Listed> in_progress;        // maintenances in progress or verifying
    std::vector<Listed> upcoming;           // maintenances scheduled, soonest first
    std::vector<Listed> past;               // opened in the last past_days days, newest first
    int past_days = 15;
};

std::string site_front_html(const SiteFront& front, const ReportContext& context);

// The site's style sheet (site.css): the report's and the site's own rules.
std::string site_css();

// One entry of a history list: the title linking to the incident's page (`root` is the path to
// the site's root), its impact and phases (no durations while it is open, so no clock changes
// it), its window, and when it began and ended.
std::string site_history_item(const Incident& incident, const std::vector<Update>& updates,
                              const ReportContext& context, std::string_view heading);

// A history page: months newest first, each with its entries (site_history_item with an h3),
// and links to other pages.
struct HistoryMonth {
    std::string title;  // "July 2019"
    std::string href;   // from the site's root: "history/2019-07.html"
    std::size_t count = 0;
    std::vector<std::string> items;
};
struct HistoryLink {
    std::string text;
    std::string href;  // from the site's root
};
// history.html: the newest months' entries, then every month as a link (`archive`).
std::string site_history_html(const std::vector<HistoryMonth>& recent,
                              const std::vector<HistoryMonth>& archive, bool more,
                              const ReportContext& context);
// A month's page (one of `pages` when a month has many incidents), with links to its other
// pages and the months either side.
std::string site_month_html(const HistoryMonth& month, std::size_t page, std::size_t pages,
                            const std::vector<HistoryLink>& links, const ReportContext& context);

// Statuspage's API v2 documents. `page` is the page object ({id,name,url,time_zone,updated_at}).
struct ApiPage {
    std::string id;
    std::string name;
    std::string url;
    std::string time_zone;
    Instant updated_at;
};
std::string api_page_json(const ApiPage& page);
// {"indicator":..,"description":..}
std::string api_status_json(PageIndicator indicator);
// The page's components as ApiComponent objects in page order, each group (a component with
// "group": true and its members' ids) at its first member's place, before its members. A
// component never changed has the page's updated_at as its times.
std::vector<ApiComponent> api_components(const std::vector<SiteComponent>& site,
                                         const ApiPage& page);
// {"page":P,"NAME":VALUE,...} and a newline; values are JSON texts.
std::string api_document(const ApiPage& page,
                         const std::vector<std::pair<std::string_view, std::string>>& members);

}  // namespace incident::render
