#pragma once
// The whole command-line definition, built in one place so that run(), `help`, `__complete`
// and the tests all walk the same CLI11 tree.
#include <CLI/CLI.hpp>
#include <memory>
#include <utility>
#include <vector>

#include "commands/registry.hpp"
#include "context.hpp"

namespace incident::cli {

struct CommandLine {
    CLI::App app{
        "A command-line incident journal: record incidents as they happen, export "
        "status-page reports afterwards.",
        "incident"};
    GlobalOptions global;
    std::vector<std::pair<CLI::App*, commands::Runner>> runners;
};

// Every global option and every registered command. CLI::App cannot move, hence the pointer.
std::unique_ptr<CommandLine> make_command_line();

// Subcommands shown to users (hidden ones such as __complete have an empty group).
std::vector<const CLI::App*> visible_subcommands(const CLI::App& app);

// "incident config set" for the `set` subcommand of `config`.
std::string command_path(const CLI::App& app);

}  // namespace incident::cli
