#include <memory>

#include "cli/io.hpp"
#include "incident/journal.hpp"
#include "incident/render.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct ShowOptions {
    std::string id;
};

int run_show(const ShowOptions& o, const ReadStore& store, const cli::Context& ctx) {
    const auto incident = require_incident(store, cli::parse_id(o.id));
    const auto updates = store.updates(incident.id);
    if (ctx.global().json) {
        ctx.out() << render::incident_json(incident, &updates) << '\n';
        return 0;
    }
    ctx.out() << render::incident_detail(incident, updates, ctx.zone(store), ctx.now(),
                                         ctx.terminal_style());
    return 0;
}

}  // namespace

Runner declare_show(CLI::App& app) {
    auto o = std::make_shared<ShowOptions>();
    app.add_option("id", o->id, "Incident id")->required()->type_name("ID");
    return [o](cli::Context& ctx) {
        const auto store = ctx.open_read();
        return run_show(*o, store, ctx);
    };
}

}  // namespace incident::commands
