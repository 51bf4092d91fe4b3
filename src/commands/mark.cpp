#include <fmt/format.h>

#include <memory>

#include "cli/io.hpp"
#include "incident/journal.hpp"
#include "incident/render.hpp"
#include "post.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct MarkOptions {
    std::string id;
    std::string milestone;
    std::optional<std::string> at;
    std::optional<std::string> author;
};

int run_mark(const MarkOptions& o, WriteStore& store, const cli::Context& ctx) {
    const auto zone = ctx.zone(store);
    MarkRequest request;
    request.id = cli::parse_id(o.id);
    request.milestone = cli::parse_milestone_word(o.milestone);
    if (o.at) request.at = ctx.parse_at(*o.at, zone);
    request.author = author_of(o.author, ctx, store);
    request.zone = zone;
    const auto before = require_incident(store, request.id);
    const auto outcome = mark_milestone(store, request, ctx.now());
    const auto after = require_incident(store, request.id);
    const auto word = to_string(request.milestone);
    const auto value = [&](const Incident& inc) { return milestone_at(inc, request.milestone); };
    if (outcome == MarkOutcome::unchanged) {
        ctx.err() << fmt::format(
            "incident: note: incident {} was {} at {} already; nothing was "
            "written\n",
            request.id, word, format_local(*value(after), zone));
    }
    if (ctx.global().json) {
        const auto updates = store.updates(request.id);
        ctx.out() << render::incident_json(after, &updates, true) << '\n';
    } else if (!ctx.global().quiet && outcome != MarkOutcome::unchanged) {
        ctx.out() << fmt::format(
            "Incident {}: {} {}{}\n", request.id, word, format_local(*value(after), zone),
            outcome == MarkOutcome::replaced ? " (was " + format_local(*value(before), zone) + ")"
                                             : "");
    }
    return 0;
}

}  // namespace

Runner declare_mark(CLI::App& app) {
    auto o = std::make_shared<MarkOptions>();
    app.add_option("id", o->id, "Incident id")->required()->type_name("ID");
    app.add_option("milestone", o->milestone,
                   "started|detected|acknowledged|mitigated (started: when the impact began)")
        ->required()
        ->type_name("MILESTONE");
    cli::declare_at(app, o->at, "Milestone");
    cli::declare_author(app, o->author);
    return [o](cli::Context& ctx) {
        auto store = ctx.open_write();
        return run_mark(*o, *store, ctx);
    };
}

}  // namespace incident::commands
