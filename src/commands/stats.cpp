#include <memory>

#include "cli/io.hpp"
#include "incident/stats.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct StatsOptions {
    std::optional<std::string> since;
    std::optional<std::string> until;
};

int run_stats(const StatsOptions& o, const ReadStore& store, const cli::Context& ctx) {
    const auto zone = ctx.zone(store);
    IncidentFilter filter;
    if (o.since) filter.since = ctx.parse_at(*o.since, zone, "--since");
    if (o.until) filter.until = ctx.parse_at(*o.until, zone, "--until");
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
    app.add_option("--since", o->since, "Only incidents opened at or after TIME")->type_name("TIME");
    app.add_option("--until", o->until, "Only incidents opened before TIME")->type_name("TIME");
    return [o](cli::Context& ctx) {
        const auto store = ctx.open_read();
        return run_stats(*o, store, ctx);
    };
}

}  // namespace incident::commands
