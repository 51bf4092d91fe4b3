#include <fmt/format.h>

#include <charconv>
#include <memory>

#include "cli/io.hpp"
#include "incident/errors.hpp"
#include "incident/journal.hpp"
#include "incident/render.hpp"
#include "incident/text.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct AmendOptions {
    std::string id;
    cli::MessageSource message;
    std::optional<std::string> at;
};

UpdateId parse_update_id(const std::string& text) {
    UpdateId id = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, id);
    if (text.empty() || ec != std::errc() || ptr != end || id <= 0) {
        throw UsageError(
            fmt::format("update id must be a positive whole number, not \"{}\"", visible(text)));
    }
    return id;
}

int run_amend(const AmendOptions& o, WriteStore& store, const cli::Context& ctx) {
    AmendRequest request;
    request.update_id = parse_update_id(o.id);
    request.zone = ctx.zone(store);
    if (o.at) request.at = ctx.parse_at(*o.at, request.zone);
    request.body = cli::read_message(o.message, ctx);
    request.author = store.login().value_or(ctx.login_name());
    const auto amended = amend_update(store, request, ctx.now());
    if (ctx.global().json) {
        const auto incident = require_incident(store, amended.incident_id);
        if (const auto u = store.update(amended.update_id)) {
            ctx.out() << render::update_json(*u, incident) << '\n';
        }
        return 0;
    }
    if (ctx.global().quiet) return 0;
    if (!amended.changed) {
        ctx.out() << fmt::format("Update {} already says that; nothing was changed\n",
                                 amended.update_id);
    } else {
        ctx.out() << fmt::format(
            "Amended update {} of incident {} (now {}); the earlier version "
            "is kept, see 'incident show {} --history'\n",
            amended.update_id, amended.incident_id, to_string(amended.incident_status),
            amended.incident_id);
    }
    return 0;
}

}  // namespace

Runner declare_amend(CLI::App& app) {
    auto o = std::make_shared<AmendOptions>();
    app.add_option("id", o->id, "Update id (as 'show' prints it)")
        ->required()
        ->type_name("UPDATE_ID");
    cli::declare_message(app, o->message, "corrected message");
    app.add_option("--at", o->at,
                   "Corrected posted time: \"YYYY-MM-DD HH:MM[:SS]\" in the journal's zone, or "
                   "ISO 8601 with Z/offset (default: unchanged)")
        ->type_name("TIME");
    return [o](cli::Context& ctx) {
        auto store = ctx.open_write();
        return run_amend(*o, *store, ctx);
    };
}

}  // namespace incident::commands
