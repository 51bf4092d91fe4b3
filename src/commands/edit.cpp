#include <fmt/format.h>

#include <memory>

#include "incident/errors.hpp"
#include "incident/render.hpp"
#include "post.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct EditOptions {
    std::string id;
    std::optional<std::string> title;
    std::optional<std::string> impact;
    std::vector<std::string> remove_components;
    std::optional<std::string> author;
};

int run_edit(const EditOptions& o, WriteStore& store, const cli::Context& ctx) {
    EditRequest request;
    request.id = cli::parse_id(o.id);
    if (o.title) request.title = cli::check_title(*o.title);
    request.impact = cli::parse_impact_option(o.impact);
    request.remove_components = cli::parse_components(o.remove_components);
    request.author = author_of(o.author, ctx, store);
    const auto changes = edit_incident(store, request, ctx.now());
    if (ctx.global().json) {
        const auto incident = require_incident(store, request.id);
        const auto updates = store.updates(request.id);
        ctx.out() << render::incident_json(incident, &updates) << '\n';
        return 0;
    }
    if (ctx.global().quiet) return 0;
    ctx.out() << fmt::format(
        "Edited incident {} ({} change{}); earlier values are kept, see 'incident show {} "
        "--history'\n",
        request.id, changes, changes == 1 ? "" : "s", request.id);
    return 0;
}

}  // namespace

Runner declare_edit(CLI::App& app) {
    auto o = std::make_shared<EditOptions>();
    app.add_option("id", o->id, "Incident id")->required()->type_name("ID");
    app.add_option("--title", o->title, "Corrected title")->type_name("TITLE");
    cli::declare_impact(app, o->impact);
    app.add_option("--remove-component", o->remove_components,
                   "Component the incident does not affect after all, as \"Group/Component\" "
                   "(repeatable)")
        ->type_name("GROUP/NAME")
        ->allow_extra_args(false);
    cli::declare_author(app, o->author);
    return [o](cli::Context& ctx) {
        auto store = ctx.open_write();
        return run_edit(*o, *store, ctx);
    };
}

}  // namespace incident::commands
