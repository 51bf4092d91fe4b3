#include <memory>

#include "cli/io.hpp"
#include "cli/pager.hpp"
#include "incident/history.hpp"
#include "incident/journal.hpp"
#include "incident/json_writer.hpp"
#include "incident/render.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct ShowOptions {
    std::string id;
    bool history = false;
};

// Returns the text for the pager, which runs once the journal is closed (a reader paging
// would otherwise hold writers off for as long as someone reads).
std::string run_show(const ShowOptions& o, const ReadStore& store, const cli::Context& ctx) {
    auto incident = require_incident(store, cli::parse_id(o.id));
    incident.roles = store.roles(incident.id);
    const auto updates = store.updates(incident.id);
    if (ctx.global().json) {
        if (o.history) {
            std::string out;
            json::Writer w(out);
            w.begin_object().key("incident");
            render::write_incident_json(w, incident, &updates, true);
            w.key("history");
            render::write_history_json(
                w, store.update_versions(incident.id), store.postmortem_history(incident.id),
                store.incident_edits(incident.id), store.milestone_changes(incident.id),
                store.role_history(incident.id), store.action_events(incident.id));
            w.end();
            ctx.out() << out << '\n';
        } else {
            ctx.out() << render::incident_json(incident, &updates, true) << '\n';
        }
        return {};
    }
    const auto zone = ctx.zone(store);
    auto text = render::incident_detail(incident, updates, zone, ctx.now(), ctx.terminal_style());
    if (o.history) {
        text +=
            render::history_text(store.update_versions(incident.id),
                                 store.postmortem_history(incident.id), zone, ctx.terminal_style());
        text += render::edits_text(store.incident_edits(incident.id), zone);
        text += render::response_history_text(store.milestone_changes(incident.id),
                                              store.role_history(incident.id),
                                              store.action_events(incident.id), zone);
    }
    return text;
}

}  // namespace

Runner declare_show(CLI::App& app) {
    auto o = std::make_shared<ShowOptions>();
    app.add_option("id", o->id, "Incident id")->required()->type_name("ID");
    app.add_flag(
        "--history", o->history,
        "Also every earlier version of amended updates and of the postmortem, and every edit");
    return [o](cli::Context& ctx) {
        const auto text = [&] {
            const auto store = ctx.open_read();
            return run_show(*o, *store, ctx);
        }();
        if (!text.empty()) cli::page(ctx, text);
        return 0;
    };
}

}  // namespace incident::commands
