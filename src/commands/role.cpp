#include <fmt/format.h>

#include <memory>

#include "cli/io.hpp"
#include "incident/errors.hpp"
#include "incident/journal.hpp"
#include "incident/render.hpp"
#include "incident/text.hpp"
#include "post.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct RoleOptions {
    std::string id;
    std::string role;
    std::string name;
    std::optional<std::string> author;
};

int run_list(IncidentId id, const ReadStore& store, const cli::Context& ctx) {
    (void)require_incident(store, id);
    const auto roles = store.roles(id);
    if (ctx.global().json) {
        std::string out = "{\"roles\":[";
        for (std::size_t i = 0; i < roles.size(); ++i) {
            out += fmt::format(
                "{}{{\"role\":{},\"name\":{},\"assigned_at\":\"{}\",\"assigned_by\":{}}}",
                i ? "," : "", render::json_string(roles[i].role),
                render::json_string(roles[i].name), format_iso_utc(roles[i].assigned_at),
                render::json_string(roles[i].assigned_by));
        }
        ctx.out() << out << "]}\n";
        return 0;
    }
    if (roles.empty() && !ctx.global().quiet) {
        ctx.out() << fmt::format("Incident {} has no roles assigned\n", id);
    }
    for (const auto& r : roles) ctx.out() << visible(r.role) << '\t' << visible(r.name) << '\n';
    return 0;
}

int run_assign(const RoleOptions& o, IncidentId id, WriteStore& store, const cli::Context& ctx) {
    if (o.name.empty()) {
        throw UsageError(fmt::format("who is the {}? give a NAME: incident role {} {} NAME",
                                     visible(o.role), id, visible(o.role)));
    }
    const RoleRequest request{id, o.role, o.name, author_of(o.author, ctx, store)};
    const auto outcome = assign_role(store, request, ctx.now());
    const auto role = check_role(o.role);
    if (outcome == RoleOutcome::unchanged) {
        ctx.err() << fmt::format(
            "incident: note: {} is already the {} of incident {}; nothing "
            "was written\n",
            visible(trim(o.name)), role, id);
        return 0;
    }
    if (ctx.global().json) return run_list(id, store, ctx);
    if (ctx.global().quiet) return 0;
    ctx.out() << fmt::format("{} is the {} of incident {}{}\n", visible(trim(o.name)), role, id,
                             outcome == RoleOutcome::replaced
                                 ? " (the earlier one is kept: "
                                   "'incident show " +
                                       std::to_string(id) + " --history')"
                                 : "");
    return 0;
}

}  // namespace

Runner declare_role(CLI::App& app) {
    auto o = std::make_shared<RoleOptions>();
    app.add_option("id", o->id, "Incident id")->required()->type_name("ID");
    app.add_option("role", o->role,
                   "commander|communications|scribe or any one word; without it, lists the roles")
        ->type_name("ROLE");
    app.add_option("name", o->name, "Who holds it (replaces the holder; earlier ones are kept)")
        ->type_name("NAME");
    cli::declare_author(app, o->author);
    return [o](cli::Context& ctx) {
        const auto id = cli::parse_id(o->id);
        if (o->role.empty()) {
            const auto store = ctx.open_read();
            return run_list(id, *store, ctx);
        }
        auto store = ctx.open_write();
        return run_assign(*o, id, *store, ctx);
    };
}

}  // namespace incident::commands
