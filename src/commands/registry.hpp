#pragma once
// The table of subcommands. Each entry's declare() adds the subcommand's options to its
// CLI11 app and returns the function that runs it once the command line is parsed.
#include <CLI/CLI.hpp>
#include <functional>
#include <span>

#include "cli/context.hpp"

namespace incident::commands {

using Runner = std::function<int(cli::Context&)>;

struct Command {
    const char* name;
    const char* summary;
    Runner (*declare)(CLI::App& app);
};

std::span<const Command> all();

// One declaration per file in src/commands/.
Runner declare_open(CLI::App& app);
Runner declare_schedule(CLI::App& app);
Runner declare_update(CLI::App& app);
Runner declare_resolve(CLI::App& app);
Runner declare_list(CLI::App& app);
Runner declare_show(CLI::App& app);
Runner declare_config(CLI::App& app);
Runner declare_export(CLI::App& app);
Runner declare_postmortem(CLI::App& app);
Runner declare_site(CLI::App& app);
Runner declare_stats(CLI::App& app);
Runner declare_search(CLI::App& app);
Runner declare_amend(CLI::App& app);
Runner declare_edit(CLI::App& app);
Runner declare_components(CLI::App& app);
Runner declare_import(CLI::App& app);
Runner declare_copy(CLI::App& app);
Runner declare_action(CLI::App& app);
Runner declare_role(CLI::App& app);
Runner declare_mark(CLI::App& app);
Runner declare_help(CLI::App& app);
Runner declare_complete(CLI::App& app);

}  // namespace incident::commands
