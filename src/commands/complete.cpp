#include "cli/complete.hpp"

#include <memory>

#include "registry.hpp"

namespace incident::commands {
namespace {

struct CompleteOptions {
    std::vector<std::string> words;
};

}  // namespace

Runner declare_complete(CLI::App& app) {
    app.group("");
    auto o = std::make_shared<CompleteOptions>();
    app.add_option("words", o->words,
                   "The words after 'incident' up to the cursor, the last being completed");
    const CLI::App* root = app.get_parent();
    return [o, root](cli::Context& ctx) {
        const auto sources = cli::journal_sources(ctx);
        ctx.out() << cli::format_completion(cli::complete(*root, o->words, sources));
        return 0;
    };
}

}  // namespace incident::commands
