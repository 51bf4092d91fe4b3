#include <memory>

#include "cli/complete.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

// Completion runs on every Tab press: it must answer fast even while a writer holds the
// journal, and a broken journal must not print errors into the user's command line.
constexpr std::chrono::milliseconds completion_busy_timeout{100};
constexpr std::size_t completion_incident_limit = 500;

struct CompleteOptions {
    std::vector<std::string> words;
};

std::vector<std::pair<IncidentId, std::string>> incidents_for(
    const cli::Context& ctx, const std::optional<std::string>& db) {
    std::vector<std::pair<IncidentId, std::string>> out;
    try {
        StoreOptions options;
        options.busy_timeout = completion_busy_timeout;
        options.max_begin_attempts = 1;
        const auto store =
            ReadStore::open(db ? std::filesystem::path(*db) : ctx.db_path(), options);
        IncidentFilter filter;
        filter.limit = completion_incident_limit;
        for (auto& inc : store.incidents(filter)) out.emplace_back(inc.id, std::move(inc.title));
    } catch (const std::exception&) {
        out.clear();
    }
    return out;
}

}  // namespace

Runner declare_complete(CLI::App& app) {
    app.group("");
    auto o = std::make_shared<CompleteOptions>();
    app.add_option("words", o->words,
                   "The words after 'incident' up to the cursor, the last being completed");
    const CLI::App* root = app.get_parent();
    return [o, root](cli::Context& ctx) {
        cli::CompletionSources sources;
        sources.incidents = [&ctx](const std::optional<std::string>& db) {
            return incidents_for(ctx, db);
        };
        sources.zones = Zone::names;
        ctx.out() << cli::format_completion(cli::complete(*root, o->words, sources));
        return 0;
    };
}

}  // namespace incident::commands
