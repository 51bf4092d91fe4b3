#include <memory>

#include "incident/errors.hpp"
#include "post.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct ScheduleOptions {
    std::string title;
    std::string from;
    std::string until;
    PostFields fields;
};

int run_schedule(const ScheduleOptions& o, WriteStore& store, const cli::Context& ctx) {
    const auto zone = ctx.zone(store);
    const auto fields = update_request(o.fields, 0, ctx, store, zone);
    // A maintenance's components follow its status (under maintenance while in progress).
    if (!fields.settings.empty()) {
        throw UsageError(
            "schedule: --component takes no status: a maintenance's components are "
            "under_maintenance while it is in progress");
    }
    ScheduleRequest request;
    request.title = cli::check_title(o.title);
    request.message = fields.message;
    request.scheduled_for = ctx.parse_at(o.from, zone, "--from");
    request.scheduled_until = ctx.parse_at(o.until, zone, "--until");
    request.components = fields.components;
    request.at = fields.at;
    request.author = fields.author;
    request.key = fields.key;
    request.zone = zone;
    const auto recorded = schedule_maintenance(store, request, ctx.now());
    print_recorded(ctx, store, recorded, PostKind::schedule);
    return 0;
}

}  // namespace

Runner declare_schedule(CLI::App& app) {
    auto o = std::make_shared<ScheduleOptions>();
    app.add_option("title", o->title, "What the maintenance is, in a line")
        ->required()
        ->type_name("TITLE");
    const std::string syntax =
        ": \"YYYY-MM-DD HH:MM[:SS]\" in the journal's zone, or ISO 8601 with Z/offset";
    app.add_option("--from", o->from, "Start of the maintenance window" + syntax)
        ->required()
        ->type_name("TIME");
    app.add_option("--until", o->until, "End of the maintenance window (after --from)" + syntax)
        ->required()
        ->type_name("TIME");
    declare_post_fields(app, o->fields, PostKind::schedule);
    return [o](cli::Context& ctx) {
        auto store = ctx.open_write();
        return run_schedule(*o, *store, ctx);
    };
}

}  // namespace incident::commands
