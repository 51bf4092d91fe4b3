#include <memory>

#include "incident/errors.hpp"
#include "post.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct UpdateOptions {
    std::string id;
    PostFields fields;
};

int run_update(const UpdateOptions& o, WriteStore& store, const cli::Context& ctx) {
    const auto id = cli::parse_id(o.id);
    const auto request = update_request(o.fields, id, ctx, store, ctx.zone(store));
    if (request.message.empty() && !request.marks.empty() && !request.impact &&
        request.components.empty() && request.settings.empty()) {
        throw UsageError(
            "--mark goes with an update's message; to record a milestone alone: incident mark "
            "ID MILESTONE [--at TIME]");
    }
    if (request.message.empty() && !request.impact && request.components.empty() &&
        request.settings.empty()) {
        throw UsageError(
            "an update needs a message (as an argument, or with -F FILE|-), unless it only "
            "changes --impact or --component");
    }
    const auto recorded = post_update(store, request, ctx.now());
    print_recorded(ctx, store, recorded, PostKind::update);
    return 0;
}

}  // namespace

Runner declare_update(CLI::App& app) {
    auto o = std::make_shared<UpdateOptions>();
    app.add_option("id", o->id, "Incident id")->required()->type_name("ID");
    declare_post_fields(app, o->fields, PostKind::update);
    return [o](cli::Context& ctx) {
        auto store = ctx.open_write();
        return run_update(*o, *store, ctx);
    };
}

}  // namespace incident::commands
