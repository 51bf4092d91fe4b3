#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <optional>

#include "app.hpp"
#include "commands/registry.hpp"
#include "context.hpp"
#include "incident/cli.hpp"
#include "incident/errors.hpp"
#include "incident/text.hpp"

namespace incident {
namespace {

void report(const Environment& env, const std::string& message) {
    *env.err << "incident: error: " << visible(message, true) << '\n';
}

// CLI11 reports an unknown command word as a missing subcommand; name it instead.
std::optional<std::string> unknown_command(const std::vector<std::string>& args) {
    for (std::size_t i = 1; i < args.size(); ++i) {
        const auto& a = args[i];
        if (a == "--db") {
            ++i;
            continue;
        }
        if (a == "--") return std::nullopt;
        if (!a.empty() && a.front() == '-') continue;
        for (const auto& command : commands::all()) {
            if (a == command.name) return std::nullopt;
        }
        return a;
    }
    return std::nullopt;
}

const CLI::App* deepest_parsed(const CLI::App& app) {
    for (const auto* sub : app.get_subcommands()) return deepest_parsed(*sub);
    return &app;
}

}  // namespace

int run(const Environment& env) {
    const auto command_line = cli::make_command_line();
    auto& app = command_line->app;
    const auto& global = command_line->global;
    const auto& runners = command_line->runners;

    if (const auto word = unknown_command(env.args)) {
        report(env, fmt::format("unknown command \"{}\" (see 'incident --help')", *word));
        return static_cast<int>(ExitCode::usage);
    }
    try {
        std::vector<std::string> args(env.args.size() > 1 ? env.args.begin() + 1 : env.args.end(),
                                      env.args.end());
        std::reverse(args.begin(), args.end());
        app.parse(args);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e, *env.out, *env.err);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e, *env.out, *env.err);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e, *env.out, *env.err);
    } catch (const CLI::RequiredError& e) {
        const auto* parent = deepest_parsed(app);
        if (parent->get_require_subcommand_min() > 0 && parent->get_subcommands().empty()) {
            std::string names;
            for (const auto* sub : cli::visible_subcommands(*parent)) {
                names += (names.empty() ? "" : ", ") + sub->get_name();
            }
            report(env, fmt::format("a command is required: {} (see '{} --help')", names,
                                    cli::command_path(*parent)));
        } else {
            report(env, fmt::format("{} (see '{} --help')", e.what(), cli::command_path(*parent)));
        }
        return static_cast<int>(ExitCode::usage);
    } catch (const CLI::ParseError& e) {
        report(env, fmt::format("{} (see '{} --help')", e.what(),
                                cli::command_path(*deepest_parsed(app))));
        return static_cast<int>(ExitCode::usage);
    }

    cli::Context ctx(env, global);
    try {
        for (const auto& [sub, runner] : runners) {
            if (sub->parsed()) return runner(ctx);
        }
        report(env, "no command given (see 'incident --help')");
        return static_cast<int>(ExitCode::usage);
    } catch (const Error& e) {
        report(env, e.what());
        return static_cast<int>(e.exit_code());
    } catch (const std::bad_alloc&) {
        report(env, "out of memory; nothing was recorded");
        return static_cast<int>(ExitCode::failure);
    } catch (const std::exception& e) {
        report(env, fmt::format("unexpected failure: {}", e.what()));
        return static_cast<int>(ExitCode::failure);
    }
}

Environment process_environment(int argc, char** argv, char** envp) {
    Environment env;
    env.args.assign(argv, argv + argc);
    for (char** e = envp; e != nullptr && *e != nullptr; ++e) {
        const std::string_view entry(*e);
        const auto eq = entry.find('=');
        if (eq != std::string_view::npos) {
            env.vars.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
        }
    }
    env.in = &std::cin;
    env.out = &std::cout;
    env.err = &std::cerr;
    env.stdin_is_terminal = ::isatty(STDIN_FILENO) == 1;
    env.stdout_is_terminal = ::isatty(STDOUT_FILENO) == 1;
    if (env.stdout_is_terminal) {
        winsize ws{};
        if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) env.terminal_columns = ws.ws_col;
    }
    const auto fixed = env.vars.find("INCIDENT_NOW");
    if (fixed != env.vars.end() && !fixed->second.empty()) {
        const auto parsed = parse_time(fixed->second, Zone::utc());
        if (const auto* t = std::get_if<Instant>(&parsed)) {
            const Instant now = *t;
            env.now = [now] { return now; };
        } else {
            const std::string error = "INCIDENT_NOW: " + std::get<std::string>(parsed);
            env.now = [error]() -> Instant { throw UsageError(error); };
        }
    } else {
        env.now = [] {
            return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        };
    }
    return env;
}

}  // namespace incident
