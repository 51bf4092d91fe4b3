#include <memory>

#include "post.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct ResolveOptions {
    std::string id;
    PostFields fields;
};

int run_resolve(const ResolveOptions& o, WriteStore& store, const cli::Context& ctx) {
    const auto id = cli::parse_id(o.id);
    const auto request = update_request(o.fields, id, ctx, store, ctx.zone(store));
    const auto recorded = resolve_incident(store, request, ctx.now());
    print_recorded(ctx, store, recorded, PostKind::resolve);
    return 0;
}

}  // namespace

Runner declare_resolve(CLI::App& app) {
    auto o = std::make_shared<ResolveOptions>();
    app.add_option("id", o->id, "Incident id")->required()->type_name("ID");
    declare_post_fields(app, o->fields, PostKind::resolve);
    return [o](cli::Context& ctx) {
        auto store = ctx.open_write();
        return run_resolve(*o, *store, ctx);
    };
}

}  // namespace incident::commands
