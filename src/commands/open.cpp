#include <memory>
#include <optional>
#include <string>

#include "incident/errors.hpp"
#include "post.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct OpenOptions {
    std::string title;
    PostFields fields;
    std::optional<std::string> started_at;
};

int run_open(const OpenOptions& o, WriteStore& store, const cli::Context& ctx) {
    const auto zone = ctx.zone(store);
    const auto fields = update_request(o.fields, 0, ctx, store, zone);
    OpenRequest request;
    request.title = cli::check_title(o.title);
    request.message = fields.message.empty() ? default_open_message : fields.message;
    request.status = fields.status.value_or(Status::investigating);
    request.impact = fields.impact.value_or(Impact::none);
    request.components = fields.components;
    request.settings = fields.settings;
    request.at = fields.at;
    request.author = fields.author;
    request.key = fields.key;
    request.zone = zone;
    request.marks = fields.marks;
    if (o.started_at) request.started_at = ctx.parse_at(*o.started_at, zone, "--started-at");
    const auto recorded = open_incident(store, request, ctx.now());
    print_recorded(ctx, store, recorded, PostKind::open);
    return 0;
}

}  // namespace

Runner declare_open(CLI::App& app) {
    auto o = std::make_shared<OpenOptions>();
    app.add_option("title", o->title, "What is wrong, in a line")->required()->type_name("TITLE");
    declare_post_fields(app, o->fields, PostKind::open);
    app.add_option("--started-at", o->started_at,
                   "When the impact began, if before the incident is opened (a TIME as for --at)")
        ->type_name("TIME");
    return [o](cli::Context& ctx) {
        auto store = ctx.open_write();
        return run_open(*o, *store, ctx);
    };
}

}  // namespace incident::commands
