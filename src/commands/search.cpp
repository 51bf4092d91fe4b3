#include "incident/search.hpp"

#include <fmt/format.h>

#include <memory>

#include "cli/io.hpp"
#include "incident/errors.hpp"
#include "incident/text.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct SearchOptions {
    std::vector<std::string> words;
    std::string status = "all";
    cli::TimeRange range;
    std::size_t limit = 20;
};

int run_search(const SearchOptions& o, const ReadStore& store, const cli::Context& ctx) {
    IncidentFilter filter;
    filter.status = cli::parse_status_filter(o.status);
    if (o.limit == 0) throw UsageError("--limit must be at least 1");
    std::string text;
    for (const auto& w : o.words) text += (text.empty() ? "" : " ") + w;
    if (auto problem = check_user_text("the search text", text, max_name_bytes)) {
        throw UsageError(*problem);
    }
    const auto words = search_words(text);
    if (words.empty()) throw UsageError("the search text is empty");
    const auto zone = ctx.zone(store);
    cli::apply_range(o.range, zone, ctx, filter);
    filter.limit = o.limit;
    const auto hits = store.search(words, filter, !ctx.global().quiet || ctx.global().json);
    if (ctx.global().json) {
        ctx.out() << render::search_json(hits) << '\n';
    } else if (ctx.global().quiet) {
        for (const auto& h : hits) ctx.out() << h.incident.id << '\n';
    } else {
        ctx.out() << render::search_text(hits, zone, ctx.terminal_style());
    }
    if (hits.empty() && !ctx.global().json && !ctx.global().quiet) {
        ctx.err() << "incident: no incident matches\n";
    }
    return 0;
}

}  // namespace

Runner declare_search(CLI::App& app) {
    auto o = std::make_shared<SearchOptions>();
    app.add_option("text", o->words, "Words to find (all of them, anywhere; no query syntax)")
        ->required()
        ->type_name("TEXT");
    app.add_option("--status", o->status, "Which incidents: open|resolved|all")
        ->type_name("WHICH")
        ->capture_default_str();
    cli::declare_range(app, o->range);
    app.add_option("-n,--limit", o->limit, "At most N incidents, best match first")
        ->type_name("N")
        ->capture_default_str()
        ->transform(cli::count_validator());
    return [o](cli::Context& ctx) {
        const auto store = ctx.open_read();
        return run_search(*o, *store, ctx);
    };
}

}  // namespace incident::commands
