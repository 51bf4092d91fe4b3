#include <fmt/format.h>

#include <memory>

#include "cli/app.hpp"
#include "incident/errors.hpp"
#include "incident/text.hpp"
#include "registry.hpp"

namespace incident::commands {

Runner declare_help(CLI::App& app) {
    auto names = std::make_shared<std::vector<std::string>>();
    app.add_option("command", *names, "The command (and subcommand) to describe")
        ->type_name("COMMAND");
    const CLI::App* root = app.get_parent();
    return [names, root](cli::Context& ctx) {
        const CLI::App* target = root;
        for (const auto& name : *names) {
            const auto subs = target->get_subcommands([&](const CLI::App* sub) {
                return sub->get_name() == name && !sub->get_group().empty();
            });
            if (subs.empty()) {
                throw UsageError(fmt::format("no command \"{}\" (see '{} --help')", visible(name),
                                             cli::command_path(*target)));
            }
            target = subs.front();
        }
        // The same text `incident COMMAND --help` prints.
        ctx.out() << target->get_formatter()->make_help(target, cli::command_path(*target),
                                                        CLI::AppFormatMode::Normal);
        return 0;
    };
}

}  // namespace incident::commands
