#include "app.hpp"

namespace incident::cli {

std::unique_ptr<CommandLine> make_command_line() {
    auto cl = std::make_unique<CommandLine>();
    auto& app = cl->app;
    app.get_formatter()->column_width(34);
    app.add_option("--db", cl->global.db,
                   "Journal file or postgresql:// URL (default: $INCIDENT_DB, else "
                   "$XDG_DATA_HOME/incident/journal.db)")
        ->type_name("PATH")
        ->check(CLI::Validator(
            [](std::string& path) -> std::string {
                return path.empty() ? "the journal path is empty" : "";
            },
            ""));
    app.add_flag("--json", cl->global.json, "Print results as JSON");
    app.add_flag("-q,--quiet", cl->global.quiet, "Print only what scripts need (e.g. the new id)");
    app.add_flag("--no-color", cl->global.no_color, "Never colour the output");
    app.set_version_flag("--version", std::string("incident ") + INCIDENT_VERSION);
    app.require_subcommand(1);
    app.fallthrough();
    for (const auto& command : commands::all()) {
        auto* sub = app.add_subcommand(command.name, command.summary);
        cl->runners.emplace_back(sub, command.declare(*sub));
    }
    return cl;
}

std::vector<const CLI::App*> visible_subcommands(const CLI::App& app) {
    return app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
}

std::string command_path(const CLI::App& app) {
    const auto* parent = app.get_parent();
    return parent == nullptr ? "incident" : command_path(*parent) + " " + app.get_name();
}

}  // namespace incident::cli
