#include "incident/stats.hpp"

#include <fmt/format.h>

#include <memory>

#include "cli/io.hpp"
#include "incident/errors.hpp"
#include "incident/text.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct StatsOptions {
    cli::TimeRange range;
    std::optional<std::string> by;
};

int run_stats(const StatsOptions& o, const ReadStore& store, const cli::Context& ctx) {
    const auto zone = ctx.zone(store);
    IncidentFilter filter;
    cli::apply_range(o.range, zone, ctx, filter);
    std::optional<GroupBy> by;
    if (o.by) {
        by = parse_group_by(*o.by);
        if (!by) {
            const std::vector<std::string> words{"impact", "component", "month"};
            throw UsageError(fmt::format("--by must be impact, component or month, not \"{}\"{}",
                                         visible(*o.by), did_you_mean(*o.by, words)));
        }
    }
    const auto stats = compute_stats(store, filter, zone, by, ctx.now());
    if (ctx.global().json) {
        ctx.out() << render::stats_json(stats, zone) << '\n';
    } else {
        ctx.out() << render::stats_text(stats, zone, ctx.terminal_style());
    }
    return 0;
}

}  // namespace

Runner declare_stats(CLI::App& app) {
    auto o = std::make_shared<StatsOptions>();
    cli::declare_range(app, o->range);
    app.add_option("--by", o->by, "Also the response times by impact|component|month")
        ->type_name("GROUP");
    return [o](cli::Context& ctx) {
        const auto store = ctx.open_read();
        return run_stats(*o, *store, ctx);
    };
}

}  // namespace incident::commands
