#include <fmt/format.h>

#include <memory>

#include "cli/io.hpp"
#include "cli/pager.hpp"
#include "incident/errors.hpp"
#include "incident/render.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

// A terminal shows the newest incidents only: a table of 100k rows helps nobody and costs
// a third of a second. Pipes, --json, -q and an explicit --limit always get everything asked.
constexpr std::size_t terminal_rows = 50;

struct ListOptions {
    std::string status = "all";
    cli::TimeRange range;
    std::optional<std::size_t> limit;
};

// Returns the table for the pager, run once the journal is closed (see show.cpp).
std::string run_list(const ListOptions& o, const ReadStore& store, const cli::Context& ctx) {
    IncidentFilter filter;
    filter.status = cli::parse_status_filter(o.status);
    const auto zone = ctx.zone(store);
    cli::apply_range(o.range, zone, ctx, filter);
    filter.limit = o.limit;
    const bool table = ctx.terminal_style().table && !ctx.global().json && !ctx.global().quiet;
    const bool trimmed = table && !o.limit;
    if (trimmed) filter.limit = terminal_rows + 1;  // one more tells whether older ones exist
    auto incidents = store.incidents(filter);
    const bool more = trimmed && incidents.size() > terminal_rows;
    if (more) incidents.resize(terminal_rows);
    if (ctx.global().json) {
        ctx.out() << render::incidents_json(incidents) << '\n';
    } else if (ctx.global().quiet) {
        for (const auto& inc : incidents) ctx.out() << inc.id << '\n';
    } else if (table && incidents.empty()) {
        // A header over nothing looks broken; say what the empty table means.
        const bool filtered =
            filter.status != StatusFilter::all || o.range.since || o.range.until || o.limit == 0U;
        ctx.out() << (filtered ? "No incidents match\n" : "No incidents yet\n");
    } else {
        auto text = render::incident_table(incidents, zone, ctx.now(), ctx.terminal_style());
        if (more) {
            text += fmt::format("(the newest {} shown; older ones with -n N, or all when piped)\n",
                                terminal_rows);
        }
        return text;
    }
    return {};
}

}  // namespace

Runner declare_list(CLI::App& app) {
    auto o = std::make_shared<ListOptions>();
    app.add_option("--status", o->status, "Which incidents: open|resolved|all")
        ->type_name("WHICH")
        ->capture_default_str();
    cli::declare_range(app, o->range);
    app.add_option("-n,--limit", o->limit, "At most N incidents, newest first")
        ->type_name("N")
        ->transform(cli::count_validator());
    return [o](cli::Context& ctx) {
        const auto text = [&] {
            const auto store = ctx.open_read();
            return run_list(*o, *store, ctx);
        }();
        if (!text.empty()) cli::page(ctx, text);
        return 0;
    };
}

}  // namespace incident::commands
