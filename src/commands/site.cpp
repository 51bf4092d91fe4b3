// `incident site -o DIR`: the journal as a static status page with Statuspage's API v2 tree.
//
// A rebuild streams every incident once, newest first, and puts each file as soon as it is
// known: incident pages as they come, a month's history page when the month ends, the feeds,
// API documents and front page at the end. The site's manifest keeps the options and the
// journal's mark (ReadStore::mark); when both are unchanged the site is refreshed instead:
// only what the clock changes is rendered again (the front page's bars and the open incidents'
// pages), without reading the journal's other incidents.
#include "incident/site.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <tuple>

#include "cli/io.hpp"
#include "cli/site_tree.hpp"
#include "incident/errors.hpp"
#include "incident/journal.hpp"
#include "incident/json_writer.hpp"
#include "incident/text.hpp"
#include "incident/uptime.hpp"
#include "registry.hpp"
#include "render/body.hpp"

namespace incident::commands {
namespace {

namespace fs = std::filesystem;

// Changes with any change of how pages are made, so a new version rebuilds old sites.
constexpr int site_layout = 1;
constexpr std::size_t feed_entries = 25;   // newest incidents in each feed
constexpr std::size_t api_incidents = 50;  // Statuspage's incidents.json holds the newest 50
constexpr std::size_t front_past = 50;     // at most this many past incidents on the front
constexpr std::size_t front_open = 25;     // and open ones of each kind (the API has all)
constexpr std::size_t history_recent_months = 3;
constexpr std::size_t history_front_items = 50;  // per month on history.html
constexpr std::size_t month_page_items = 500;

struct SiteOptions {
    std::string output;
    int days = 90;
    std::optional<std::string> tz;
    std::optional<std::string> base_url;
};

std::string check_base_url(const std::string& url) {
    if (!(url.starts_with("https://") || url.starts_with("http://")) ||
        !render::body::is_safe_url(url)) {
        throw UsageError(fmt::format(
            "--base-url \"{}\" is not an http(s) address (e.g. https://status.example.com/)",
            visible(url)));
    }
    return url.ends_with('/') ? url : url + "/";
}

std::string render_report(render::ReportWriter& writer, const Incident& incident,
                          const std::vector<Update>& updates) {
    std::ostringstream out;
    writer.begin(out);
    writer.incident(out, incident, updates);
    writer.end(out);
    return std::move(out).str();
}

// A feed being written while the incidents stream by: the newest feed_entries of its kind.
struct Feed {
    std::string path;
    std::unique_ptr<render::ReportWriter> writer;
    std::ostringstream out;
    std::size_t entries = 0;

    Feed(std::string p, std::unique_ptr<render::ReportWriter> w)
        : path(std::move(p)), writer(std::move(w)) {
        writer->begin(out);
    }
    void add(const Incident& incident, const std::vector<Update>& updates) {
        if (entries >= feed_entries) return;
        writer->incident(out, incident, updates);
        ++entries;
    }
    std::string finish() {
        writer->end(out);
        return std::move(out).str();
    }
};

// An array of JSON texts, one per line.
std::string json_list(const std::vector<std::string>& items) {
    std::string out;
    json::Writer w(out);
    w.begin_array();
    for (const auto& item : items) w.line().json_value(item);
    if (!items.empty()) w.line();
    w.end();
    return out;
}

class SiteBuilder {
  public:
    SiteBuilder(const SiteOptions& o, const ReadStore& store, const cli::Context& ctx)
        : o_(o), store_(store), tree_(o.output) {
        const auto zone = cli::report_zone(o.tz, store, ctx);
        base_ = cli::report_context(store, ctx, zone);
        base_.site_url = o.base_url.value_or("");
        now_ = base_.generated_at;
        days_ = day_starts(zone, now_, o.days);
    }

    cli::SiteTree::Outcome build() {
        const auto mark = store_.mark();
        const auto header = fmt::format(
            "incident-site {}\noptions days={} zone={} base-url={}\nconfig name={} page_id={} "
            "page_url={}\nmark {} {} {} {} {} {} {} {} {} {}\n",
            site_layout, o_.days, base_.zone.name(), base_.site_url, visible(base_.page_name),
            visible(base_.page_id), visible(base_.page_url), mark.incidents, mark.updates,
            mark.postmortems, mark.update_versions, mark.incident_edits, mark.page_components,
            mark.actions, mark.action_events, mark.milestone_changes, mark.roles);
        const bool refresh = !tree_.manifest().empty() && tree_.manifest().starts_with(header);
        tree_.start(refresh ? cli::SiteTree::Mode::refresh : cli::SiteTree::Mode::rebuild);
        components();
        if (refresh) {
            IncidentFilter open;
            open.status = StatusFilter::open;
            store_.for_each_incident(open,
                                     [&](const Incident& incident, const std::vector<Update>& all) {
                                         const auto& updates = public_updates(all, scratch_);
                                         incident_page(incident, updates);
                                         collect_open(incident, updates);
                                     });
        } else {
            rebuild();
        }
        front();
        return tree_.commit(header);
    }

    const fs::path& dir() const noexcept { return tree_.dir(); }

  private:
    render::ReportContext at(std::string root) const {
        auto c = base_;
        // A postmortem's "Regarding incidents:" list links each incident's page.
        c.incident_href = [root](const RegardedIncident& r) {
            return root + "incidents/" + std::to_string(r.id) + ".html";
        };
        c.site_root = std::move(root);
        return c;
    }

    void components() {
        for (const auto& pc : store_.page_components()) {
            const auto history = store_.component_history(pc.id);
            render::SiteComponent c{pc, uptime(history, days_, now_), std::nullopt, std::nullopt};
            if (!history.empty()) {
                c.first_change = history.front().posted_at;
                c.last_change = history.back().posted_at;
            }
            site_components_.push_back(std::move(c));
        }
        page_.id = base_.page_id;
        page_.name = base_.page_name;
        page_.url = base_.site_url.empty() ? base_.page_url : base_.site_url;
        page_.time_zone = base_.zone.name();
        page_.updated_at = base_.last_change.value_or(now_);
        api_.page_id = base_.page_id;
        api_.incident_url_prefix = base_.site_url + "incidents/";
        api_.components = render::api_components(site_components_, page_);
    }

    void incident_page(const Incident& incident, const std::vector<Update>& updates) {
        auto context = at("../");
        context.single = true;
        const auto writer = render::html_writer(context);
        tree_.put("incidents/" + std::to_string(incident.id) + ".html",
                  render_report(*writer, incident, updates));
    }

    // An open incident or maintenance: its API object, and its entry on the front page (at
    // most front_open of each kind; the API lists every one).
    void collect_open(const Incident& incident, const std::vector<Update>& updates) {
        if (is_closed(incident.status)) return;
        auto json = render::incident_json(incident, &updates, false, &api_);
        const auto keep = [&](std::vector<render::Listed>& shown, std::vector<Open>& api) {
            if (shown.size() < front_open) shown.push_back({incident, updates});
            api.push_back({incident.scheduled_for.value_or(incident.created_at), incident.id,
                           std::move(json)});
        };
        if (incident.kind == Kind::incident) {
            unresolved_.push_back(incident);
            unresolved_.back().components.clear();
            keep(front_.active, active_json_);
        } else if (incident.status == Status::scheduled) {
            keep(front_.upcoming, upcoming_json_);
        } else {
            keep(front_.in_progress, in_progress_json_);
        }
    }

    void rebuild() {
        tree_.put("site.css", render::site_css());
        auto root = at("");
        auto history_feed = root;
        Feed atom("history.atom", render::atom_writer(history_feed));
        Feed rss("history.rss", render::rss_writer(history_feed));
        std::vector<std::unique_ptr<Feed>> component_feeds;
        for (const auto& c : site_components_) {
            auto context = at("../");
            context.feed_title =
                (base_.page_name.empty() ? std::string() : base_.page_name + ": ") +
                to_string(c.component.component);
            component_feeds.push_back(
                std::make_unique<Feed>("components/" + std::to_string(c.component.id) + ".atom",
                                       render::atom_writer(context)));
        }
        std::vector<std::string> incidents_json, maintenances_json;

        IncidentFilter all;
        store_.for_each_incident(all, [&](const Incident& incident,
                                          const std::vector<Update>& every) {
            const auto& updates = public_updates(every, scratch_);
            incident_page(incident, updates);
            collect_open(incident, updates);
            atom.add(incident, updates);
            rss.add(incident, updates);
            for (std::size_t k = 0; k < site_components_.size(); ++k) {
                const auto& named = incident.components;
                if (std::find(named.begin(), named.end(),
                              site_components_[k].component.component) != named.end()) {
                    component_feeds[k]->add(incident, updates);
                }
            }
            if (incidents_json.size() < api_incidents) {
                incidents_json.push_back(render::incident_json(incident, &updates, false, &api_));
            }
            if (incident.kind == Kind::maintenance && maintenances_json.size() < api_incidents) {
                maintenances_json.push_back(
                    render::incident_json(incident, &updates, false, &api_));
            }
            history_item(incident, updates);
        });
        finish_month(std::nullopt);
        tree_.put("history.html",
                  render::site_history_html(recent_, archive_, !archive_.empty(), root));
        tree_.put(atom.path, atom.finish());
        tree_.put(rss.path, rss.finish());
        for (auto& f : component_feeds) tree_.put(f->path, f->finish());
        api(incidents_json, maintenances_json);
    }

    // The API tree: Statuspage's documents, each {"page":...} and its lists.
    void api(const std::vector<std::string>& incidents,
             const std::vector<std::string>& maintenances) {
        // Maintenances soonest first; unresolved incidents newest first, as streamed.
        const auto list = [](std::vector<Open> open, bool by_window) {
            if (by_window) std::sort(open.begin(), open.end());
            std::vector<std::string> items;
            for (auto& o : open) items.push_back(std::move(o.json));
            return json_list(items);
        };
        std::vector<std::string> components;
        for (const auto& c : api_.components) components.push_back(c.json);
        auto both = upcoming_json_;
        both.insert(both.end(), in_progress_json_.begin(), in_progress_json_.end());
        const auto status = render::api_status_json(indicator());
        const auto unresolved = list(active_json_, false);
        const std::string dir = "api/v2/";
        tree_.put(dir + "summary.json",
                  render::api_document(page_, {{"components", json_list(components)},
                                               {"incidents", unresolved},
                                               {"scheduled_maintenances", list(both, true)},
                                               {"status", status}}));
        tree_.put(dir + "status.json", render::api_document(page_, {{"status", status}}));
        tree_.put(dir + "components.json",
                  render::api_document(page_, {{"components", json_list(components)}}));
        tree_.put(dir + "incidents.json",
                  render::api_document(page_, {{"incidents", json_list(incidents)}}));
        tree_.put(dir + "incidents/unresolved.json",
                  render::api_document(page_, {{"incidents", unresolved}}));
        tree_.put(
            dir + "scheduled-maintenances.json",
            render::api_document(page_, {{"scheduled_maintenances", json_list(maintenances)}}));
        tree_.put(
            dir + "scheduled-maintenances/upcoming.json",
            render::api_document(page_, {{"scheduled_maintenances", list(upcoming_json_, true)}}));
        tree_.put(dir + "scheduled-maintenances/active.json",
                  render::api_document(
                      page_, {{"scheduled_maintenances", list(in_progress_json_, true)}}));
    }

    static bool by_window(const render::Listed& a, const render::Listed& b) {
        const auto key = [](const render::Listed& l) {
            return std::make_pair(l.incident.scheduled_for.value_or(l.incident.created_at),
                                  l.incident.id);
        };
        return key(a) < key(b);
    }

    PageIndicator indicator() const {
        std::vector<PageComponent> pcs;
        for (const auto& c : site_components_) pcs.push_back(c.component);
        return page_indicator(pcs, unresolved_);
    }

    // History: month pages as the stream leaves each month.
    void history_item(const Incident& incident, const std::vector<Update>& updates) {
        const date::local_seconds local{
            base_.zone.to_local(incident.created_at).time.time_since_epoch()};
        const date::year_month_day ymd{std::chrono::floor<date::days>(local)};
        const auto key = fmt::format("{:04}-{:02}", static_cast<int>(ymd.year()),
                                     static_cast<unsigned>(ymd.month()));
        if (key != month_key_) {
            finish_month(key);
            month_key_ = key;
            month_ = {};
            month_.title = date::format("%B %Y", local);
            month_.href = "history/" + key + ".html";
        }
        ++month_.count;
        month_.items.push_back(render::site_history_item(incident, updates, at("../"), "h3"));
        // history.html, at the root, shows the newest months' first items.
        if (recent_.size() < history_recent_months && month_.items.size() <= history_front_items) {
            recent_items_.push_back(render::site_history_item(incident, updates, at(""), "h3"));
        }
    }

    // Writes the month just left; `older` is the next one's key (none at the end).
    void finish_month(const std::optional<std::string>& older) {
        if (month_key_.empty()) return;
        const auto pages = (month_.items.size() + month_page_items - 1) / month_page_items;
        const auto page_href = [&](std::size_t p) {
            return "history/" + month_key_ + (p == 1 ? "" : "-" + std::to_string(p)) + ".html";
        };
        const auto context = at("../");
        for (std::size_t p = 1; p <= pages; ++p) {
            std::vector<render::HistoryLink> links;
            if (!newer_.empty()) links.push_back({"Newer: " + newer_title_, newer_});
            for (std::size_t q = 1; q <= pages && pages > 1; ++q) {
                if (q != p) links.push_back({fmt::format("Page {}", q), page_href(q)});
            }
            if (older)
                links.push_back({"Older: " + month_name(*older), "history/" + *older + ".html"});
            links.push_back({"All months", "history.html"});
            render::HistoryMonth page = month_;
            const auto first = (p - 1) * month_page_items;
            page.items.assign(
                month_.items.begin() + static_cast<std::ptrdiff_t>(first),
                month_.items.begin() + static_cast<std::ptrdiff_t>(std::min(
                                           first + month_page_items, month_.items.size())));
            tree_.put(page_href(p), render::site_month_html(page, p, pages, links, context));
        }
        if (recent_.size() < history_recent_months) {
            recent_.push_back({month_.title, month_.href, month_.count, std::move(recent_items_)});
            recent_items_.clear();
        }
        archive_.push_back({month_.title, month_.href, month_.count, {}});
        newer_ = month_.href;
        newer_title_ = month_.title;
        month_ = {};
    }

    static std::string month_name(const std::string& key) {
        const int y = std::stoi(key.substr(0, 4));
        const unsigned m = static_cast<unsigned>(std::stoi(key.substr(5, 2)));
        return date::format("%B %Y",
                            date::year_month_day{date::year{y}, date::month{m}, date::day{1}});
    }

    void front() {
        auto root = at("");
        render::SiteFront f;
        f.indicator = indicator();
        f.components = site_components_;
        f.days = days_;
        f.active = std::move(front_.active);
        f.more_active = active_json_.size() - f.active.size();
        f.in_progress = std::move(front_.in_progress);
        f.upcoming = std::move(front_.upcoming);
        std::sort(f.upcoming.begin(), f.upcoming.end(), by_window);
        std::sort(f.in_progress.begin(), f.in_progress.end(), by_window);
        const auto first_day =
            days_.size() >= 2
                ? days_[days_.size() - 1 - std::min<std::size_t>(days_.size() - 1, 15)]
                : now_;
        IncidentFilter past;
        past.since = first_day;
        past.limit = front_past;
        store_.for_each_incident(past,
                                 [&](const Incident& incident, const std::vector<Update>& all) {
                                     f.past.push_back({incident, public_updates(all)});
                                 });
        tree_.put("index.html", render::site_front_html(f, root));
    }

    const SiteOptions& o_;
    const ReadStore& store_;
    cli::SiteTree tree_;
    render::ReportContext base_;
    std::vector<Update> scratch_;  // public_updates()'s copy when an incident has internal notes
    Instant now_;
    std::vector<Instant> days_;
    std::vector<render::SiteComponent> site_components_;
    render::ApiPage page_;
    render::ApiShape api_;
    render::SiteFront front_;  // the open incidents and maintenances, as they are collected
    struct Open {
        Instant when;  // a maintenance's start
        IncidentId id;
        std::string json;
        bool operator<(const Open& o) const { return std::tie(when, id) < std::tie(o.when, o.id); }
    };
    std::vector<Open> active_json_, upcoming_json_, in_progress_json_;
    std::vector<Incident> unresolved_;  // for the indicator: their impacts
    std::string month_key_;
    render::HistoryMonth month_;
    std::string newer_, newer_title_;
    std::vector<render::HistoryMonth> recent_, archive_;
    std::vector<std::string> recent_items_;  // the month's items as history.html shows them
};

int run_site(const SiteOptions& o, const ReadStore& store, const cli::Context& ctx) {
    if (o.days < 1 || o.days > 3660) throw UsageError("--days must be between 1 and 3660");
    auto options = o;
    if (o.base_url) options.base_url = check_base_url(*o.base_url);
    std::error_code ec;
    const auto file = store.file();  // none for a server: nothing of it can be inside DIR
    const auto journal = file ? fs::weakly_canonical(*file, ec) : fs::path();
    const auto dir = fs::weakly_canonical(o.output, ec);
    const auto rel = journal.lexically_relative(dir);
    if (file && !rel.empty() && *rel.begin() != "..") {
        throw UsageError(fmt::format("-o {} holds the journal itself; choose another directory",
                                     visible(o.output)));
    }
    (void)store.mark();  // a missing journal is refused before DIR is touched
    SiteBuilder builder(options, store, ctx);
    const auto outcome = builder.build();
    if (ctx.global().json) {
        std::string out;
        json::Writer(out)
            .begin_object()
            .member("dir", builder.dir().string())
            .member("written", outcome.written)
            .member("unchanged", outcome.unchanged)
            .member("removed", outcome.removed)
            .member("replaced", outcome.swapped)
            .end();
        ctx.out() << out << '\n';
    } else if (!ctx.global().quiet) {
        ctx.out() << fmt::format("Site {}: {} file{} written, {} unchanged, {} removed\n",
                                 visible(builder.dir().string()), outcome.written,
                                 outcome.written == 1 ? "" : "s", outcome.unchanged,
                                 outcome.removed);
    }
    return 0;
}

}  // namespace

Runner declare_site(CLI::App& app) {
    auto o = std::make_shared<SiteOptions>();
    app.add_option("-o,--output", o->output,
                   "Write the site into DIR (replaced whole; only changed files are rewritten)")
        ->type_name("DIR")
        ->required();
    app.add_option("--days", o->days, "Days of uptime bars (default 90)")->type_name("N");
    cli::declare_tz(app, o->tz);
    app.add_option("--base-url", o->base_url,
                   "The site's public URL, for absolute links in feeds and the API")
        ->type_name("URL");
    return [o](cli::Context& ctx) {
        const auto store = ctx.open_read();
        return run_site(*o, *store, ctx);
    };
}

}  // namespace incident::commands
