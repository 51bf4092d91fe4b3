#include <memory>

#include "cli/io.hpp"
#include "incident/stats.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct StatsOptions {
    cli::TimeRange range;
};

int run_stats(const StatsOptions& o, const ReadStore& store, const cli::Context& ctx) {
    const auto zone = ctx.zone(store);
    IncidentFilter filter;
    cli::apply_range(o.range, zone, ctx, filter);
    const auto stats = compute_stats(store, filter, zone);
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
    return [o](cli::Context& ctx) {
        const auto store = ctx.open_read();
        return run_stats(*o, *store, ctx);
    };
}

}  // namespace incident::commands
