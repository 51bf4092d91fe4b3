#include "post.hpp"

#include <fmt/format.h>

#include "incident/errors.hpp"
#include "incident/render.hpp"
#include "incident/text.hpp"

namespace incident::commands {

void declare_post_fields(CLI::App& app, PostFields& f, PostKind kind) {
    const std::string what = kind == PostKind::open || kind == PostKind::schedule
                                 ? "first update's message"
                             : kind == PostKind::update ? "update's message"
                                                        : "resolution message";
    f.kind = kind;
    cli::declare_message(app, f.message, "The " + what);
    if (kind == PostKind::open) {
        cli::declare_status(app, f.status,
                            "investigating|identified|monitoring (default: investigating)");
    } else if (kind == PostKind::update) {
        cli::declare_status(app, f.status,
                            "investigating|identified|monitoring|resolved|scheduled|in_progress|"
                            "verifying|completed (an incident takes the first four, a maintenance "
                            "the last four; default: unchanged; reopens a closed one)");
    }
    if (kind == PostKind::open || kind == PostKind::update) cli::declare_impact(app, f.impact);
    cli::declare_components(app, f.components, kind != PostKind::schedule);
    if (kind == PostKind::update) {
        app.add_flag("--internal", f.internal,
                     "Record an internal note: shown by show and export --internal only; it "
                     "changes no status, impact or component");
    }
    if (kind != PostKind::schedule) cli::declare_marks(app, f.marks);
    cli::declare_at(app, f.at, "Posted");
    cli::declare_author(app, f.author);
    cli::declare_key(app, f.key);
}

std::string author_of(const std::optional<std::string>& option, const cli::Context& ctx,
                      const WriteStore& store) {
    if (const auto login = store.login()) {
        if (option && trim(*option) != *login) {
            throw UsageError(fmt::format(
                "--author \"{}\": on a journal on a server every change is recorded as the "
                "database login that makes it (here \"{}\"); log in as that person, or leave "
                "--author out",
                visible(*option), visible(*login)));
        }
        return *login;
    }
    auto author = option ? std::string(trim(*option)) : ctx.login_name();
    if (author.empty()) throw UsageError("--author is empty");
    if (auto problem = check_user_text("--author", author, max_name_bytes)) {
        throw UsageError(*problem);
    }
    return author;
}

UpdateRequest update_request(const PostFields& f, IncidentId id, const cli::Context& ctx,
                             const WriteStore& store, const Zone& zone) {
    UpdateRequest r;
    r.id = id;
    r.zone = zone;
    r.status = cli::parse_status_option(f.status, f.kind == PostKind::open);
    r.impact = cli::parse_impact_option(f.impact);
    auto components = cli::parse_component_options(f.components);
    r.components = std::move(components.components);
    r.settings = std::move(components.settings);
    if (f.at) r.at = ctx.parse_at(*f.at, zone);
    r.author = author_of(f.author, ctx, store);
    r.key = cli::check_key(f.key);
    r.marks = cli::parse_marks(f.marks);
    r.internal = f.internal;
    if (auto message = cli::read_message(f.message, ctx)) r.message = std::move(*message);
    return r;
}

void print_recorded(const cli::Context& ctx, const ReadStore& store, const Recorded& rec,
                    PostKind kind) {
    if (rec.replayed) {
        ctx.err() << fmt::format(
            "incident: note: this idempotency key was already used by update {} of incident "
            "{}; nothing new was recorded\n",
            rec.update_id, rec.incident_id);
    }
    const auto incident = require_incident(store, rec.incident_id);
    if (ctx.global().json) {
        if (kind == PostKind::open || kind == PostKind::schedule) {
            const auto updates = store.updates(rec.incident_id);
            ctx.out() << render::incident_json(incident, &updates) << '\n';
        } else {
            for (const auto& u : store.updates(rec.incident_id)) {
                if (u.id == rec.update_id) ctx.out() << render::update_json(u, incident) << '\n';
            }
        }
        return;
    }
    if (ctx.global().quiet) {
        // What a script needs next: the new incident's id, or the update's (for amend).
        if (kind == PostKind::open || kind == PostKind::schedule) {
            ctx.out() << rec.incident_id << '\n';
        }
        if (kind == PostKind::update) ctx.out() << rec.update_id << '\n';
        return;
    }
    switch (kind) {
        case PostKind::open:
            ctx.out() << fmt::format("Opened incident {}: {}\n", rec.incident_id,
                                     visible(incident.title));
            break;
        case PostKind::schedule:
            ctx.out() << fmt::format(
                "Scheduled maintenance {}: {} ({})\n", rec.incident_id, visible(incident.title),
                format_window(incident.scheduled_for.value_or(incident.created_at),
                              incident.scheduled_until.value_or(incident.created_at),
                              ctx.zone(store)));
            break;
        case PostKind::update:
            if (const auto u = store.update(rec.update_id); u && u->internal) {
                ctx.out() << fmt::format(
                    "Added internal note {} to {} {} (not in public reports)\n", rec.update_id,
                    to_string(incident.kind), rec.incident_id);
                break;
            }
            ctx.out() << fmt::format(
                "{} {} {}: update {} ({})\n", rec.reopened ? "Reopened" : "Updated",
                to_string(incident.kind), rec.incident_id, rec.update_id, to_string(rec.status));
            break;
        case PostKind::resolve:
            if (incident.kind == Kind::maintenance) {
                ctx.out() << fmt::format("Completed maintenance {}\n", rec.incident_id);
                break;
            }
            ctx.out() << fmt::format(
                "Resolved incident {} after {}\n", rec.incident_id,
                format_duration(incident.resolved_at.value_or(incident.created_at) -
                                incident.created_at));
            break;
    }
}

}  // namespace incident::commands
