#include <fmt/format.h>

#include <memory>

#include "cli/io.hpp"
#include "cli/pager.hpp"
#include "incident/errors.hpp"
#include "incident/journal.hpp"
#include "incident/render.hpp"
#include "incident/text.hpp"
#include "post.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct ActionOptions {
    CLI::App* add = nullptr;
    CLI::App* done = nullptr;
    CLI::App* reopen = nullptr;
    CLI::App* list = nullptr;
    std::string id;  // incident id (add, list) or action id (done, reopen)
    std::string text;
    std::optional<std::string> owner;
    std::optional<std::string> due;
    std::optional<std::string> link;
    std::optional<std::string> author;
    bool open = false;
    bool overdue = false;
};

int run_add(const ActionOptions& o, WriteStore& store, const cli::Context& ctx) {
    const auto zone = ctx.zone(store);
    ActionRequest request;
    request.id = cli::parse_id(o.id);
    request.text = o.text;
    request.owner = o.owner;
    if (o.due) request.due = cli::parse_due(*o.due);
    request.link = o.link;
    request.author = author_of(o.author, ctx, store);
    const auto added = add_action(store, request, ctx.now(), zone);
    if (added.overdue) {
        ctx.err() << fmt::format(
            "incident: warning: --due {} is in the past (today is {} in {}); the action is "
            "overdue already\n",
            format_day(*request.due), format_day(local_day(ctx.now(), zone)), zone.name());
    }
    const auto today = local_day(ctx.now(), zone);
    if (ctx.global().json) {
        ctx.out() << render::action_json(*store.action(added.id), today) << '\n';
    } else if (ctx.global().quiet) {
        ctx.out() << added.id << '\n';
    } else {
        ctx.out() << fmt::format("Added action {} to incident {}\n", added.id, request.id);
    }
    return 0;
}

int run_done(const ActionOptions& o, WriteStore& store, const cli::Context& ctx, bool done) {
    const auto id = cli::parse_action_id(o.id);
    const auto changed =
        set_action_done(store, id, done, author_of(o.author, ctx, store), ctx.now());
    const auto action = *store.action(id);
    if (!changed) {
        ctx.err() << fmt::format("incident: note: action {} is {} already; nothing was written\n",
                                 id, done ? "done" : "open");
    }
    if (ctx.global().json) {
        ctx.out() << render::action_json(action, local_day(ctx.now(), ctx.zone(store))) << '\n';
    } else if (changed && !ctx.global().quiet) {
        ctx.out() << fmt::format("{} action {} of incident {}: {}\n",
                                 done ? "Marked done" : "Reopened", id, action.incident_id,
                                 visible(action.text));
    }
    return 0;
}

// Returns the table for the pager (run once the journal is closed).
std::string run_list(const ActionOptions& o, const ReadStore& store, const cli::Context& ctx) {
    ActionFilter filter;
    if (!o.id.empty()) {
        const auto id = cli::parse_id(o.id);
        (void)require_incident(store, id);
        filter.incidents.push_back(id);
    }
    filter.open_only = o.open || o.overdue;
    const auto today = local_day(ctx.now(), ctx.zone(store));
    std::vector<Action> actions;
    const auto owner = o.owner ? std::optional(fold_case(trim(*o.owner))) : std::nullopt;
    for (auto& a : store.actions(filter)) {
        if (owner && (!a.owner || fold_case(*a.owner) != *owner)) continue;
        if (o.overdue && !is_overdue(a, today)) continue;
        actions.push_back(std::move(a));
    }
    if (ctx.global().json) {
        ctx.out() << render::actions_json(actions, today) << '\n';
        return {};
    }
    if (ctx.global().quiet) {
        for (const auto& a : actions) ctx.out() << a.id << '\n';
        return {};
    }
    const auto style = ctx.terminal_style();
    if (style.table && actions.empty()) {
        const bool filtered = !o.id.empty() || o.open || o.overdue || o.owner;
        ctx.out() << (filtered ? "No actions match\n" : "No actions yet\n");
        return {};
    }
    return render::actions_table(actions, today, style);
}

}  // namespace

Runner declare_action(CLI::App& app) {
    auto o = std::make_shared<ActionOptions>();
    app.require_subcommand(1);
    o->add = app.add_subcommand("add", "Add a follow-up action to an incident (prints its id)");
    o->add->add_option("id", o->id, "Incident id")->required()->type_name("ID");
    o->add->add_option("text", o->text, "What is to be done, in a line")
        ->required()
        ->type_name("TEXT");
    o->add->add_option("--owner", o->owner, "Who does it")->type_name("NAME");
    o->add->add_option("--due", o->due, "Due day, YYYY-MM-DD (one in the past is warned about)")
        ->type_name("DAY");
    o->add->add_option("--link", o->link, "An http(s) address: the ticket or document")
        ->type_name("URL");
    cli::declare_author(*o->add, o->author);
    o->done = app.add_subcommand("done", "Mark a follow-up action done");
    o->done->add_option("action_id", o->id, "Action id")->required()->type_name("ACTION_ID");
    cli::declare_author(*o->done, o->author);
    o->reopen = app.add_subcommand("reopen", "Mark a follow-up action open again");
    o->reopen->add_option("action_id", o->id, "Action id")->required()->type_name("ACTION_ID");
    cli::declare_author(*o->reopen, o->author);
    o->list = app.add_subcommand("list", "List follow-up actions (all incidents without ID)");
    o->list->add_option("id", o->id, "Only this incident's")->type_name("ID");
    o->list->add_flag("--open", o->open, "Only open ones");
    o->list->add_option("--owner", o->owner, "Only NAME's (any case)")->type_name("NAME");
    o->list->add_flag("--overdue", o->overdue, "Only open ones due before today");
    return [o](cli::Context& ctx) {
        if (o->list->parsed()) {
            const auto text = [&] {
                const auto store = ctx.open_read();
                return run_list(*o, *store, ctx);
            }();
            if (!text.empty()) cli::page(ctx, text);
            return 0;
        }
        auto store = ctx.open_write();
        if (o->add->parsed()) return run_add(*o, *store, ctx);
        return run_done(*o, *store, ctx, o->done->parsed());
    };
}

}  // namespace incident::commands
