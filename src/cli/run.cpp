#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
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

std::vector<std::string> command_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const auto* sub : cli::visible_subcommands(app)) names.push_back(sub->get_name());
    return names;
}

// Every spelling of the options `app` takes, its parents' (global options fall through) too.
std::vector<std::string> option_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const auto* a = &app; a != nullptr; a = a->get_parent()) {
        for (const auto* option : a->get_options()) {
            for (const auto& s : option->get_snames()) names.push_back("-" + s);
            for (const auto& l : option->get_lnames()) names.push_back("--" + l);
        }
    }
    return names;
}

std::string quoted(const std::string& text) {
    return fmt::format("\"{}\"", visible(text));
}

// The text after `prefix` in CLI11's message, when it starts so.
std::optional<std::string> after(const std::string& message, std::string_view prefix) {
    if (message.rfind(prefix, 0) != 0) return std::nullopt;
    return message.substr(prefix.size());
}

// Words CLI11 found no place for. Unknown options are named (with a suggestion); loose words
// after a TITLE or MESSAGE are almost always an unquoted sentence, so show it quoted.
std::string extras_message(const CLI::App& app, const CLI::App& command) {
    const auto extras = app.remaining(true);
    for (const auto& word : extras) {
        if (word.size() > 1 && word.front() == '-') {
            const auto name = word.substr(0, word.find('='));
            return fmt::format("unknown option {}{}", quoted(name),
                               did_you_mean(name, option_names(command)));
        }
    }
    std::vector<std::string> typed{cli::command_path(command)};
    std::vector<std::string> sentence;
    for (const auto* option : command.get_options(
             [](const CLI::Option* o) { return o->get_positional() && !o->get_group().empty(); })) {
        const bool text = option->get_name(true) == "title" || option->get_name(true) == "message";
        for (const auto& value : option->results()) {
            (text || !sentence.empty() ? sentence : typed).push_back(value);
        }
    }
    if (sentence.empty()) {
        return fmt::format("unexpected {} {}", extras.size() > 1 ? "arguments" : "argument",
                           quoted(fmt::format("{}", fmt::join(extras, " "))));
    }
    sentence.insert(sentence.end(), extras.begin(), extras.end());
    return fmt::format("unexpected {} {}: text of several words needs quotes, e.g. {} {}",
                       extras.size() > 1 ? "words" : "word",
                       quoted(fmt::format("{}", fmt::join(extras, " "))), fmt::join(typed, " "),
                       quoted(fmt::format("{}", fmt::join(sentence, " "))));
}

// CLI11's own sentences ("Could not convert: --limit = many") in the voice of our messages.
std::string parse_error_message(const CLI::ParseError& e, const CLI::App& app,
                                const CLI::App& command) {
    const std::string what = e.what();
    if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) return extras_message(app, command);
    if (const auto rest = after(what, "Could not convert: ")) {
        const auto eq = rest->find(" = ");
        if (eq != std::string::npos) {
            return fmt::format("{} takes a whole number, not {}", rest->substr(0, eq),
                               quoted(rest->substr(eq + 3)));
        }
    }
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr) {
        const auto colon = what.find(": ");
        const auto missing = what.rfind(" missing");
        if (colon != std::string::npos && missing != std::string::npos && missing > colon) {
            const auto type = what.substr(what.rfind(' ', missing - 1) + 1,
                                          missing - what.rfind(' ', missing - 1) - 1);
            return fmt::format("{} needs a value ({})", what.substr(0, colon), type);
        }
    }
    if (dynamic_cast<const CLI::ExcludesError*>(&e) != nullptr) {
        const auto at = what.find(" excludes ");
        if (at != std::string::npos) {
            const auto a = what.substr(0, at), b = what.substr(at + 10);
            if (a == "message" && b == "--file") {
                return "give the message as an argument or with -F/--file, not both";
            }
            return fmt::format("{} and {} cannot be used together", a, b);
        }
    }
    return what;
}

// How an option is written on the command line: TYPE for a positional, --name TYPE otherwise.
std::string spelled(const CLI::Option& option) {
    auto type = option.get_type_name();
    if (type.empty()) {
        type = option.get_name(true);
        std::transform(type.begin(), type.end(), type.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    }
    return option.get_positional() ? type : option.get_name() + " " + type;
}

// CLI11's "id is required": name what is missing and show how the command is typed.
std::optional<std::string> required_message(const CLI::RequiredError& e, const CLI::App& command) {
    const std::string what = e.what();
    constexpr std::string_view suffix = " is required";
    if (what.size() <= suffix.size() ||
        what.compare(what.size() - suffix.size(), suffix.size(), suffix) != 0) {
        return std::nullopt;
    }
    const auto* missing = command.get_option_no_throw(what.substr(0, what.size() - suffix.size()));
    if (missing == nullptr) return std::nullopt;
    std::string usage = cli::command_path(command) + " [OPTIONS]";
    for (const auto* positional :
         command.get_options([](const CLI::Option* o) { return o->get_positional(); })) {
        const auto word =
            spelled(*positional) + (positional->get_items_expected_max() > 1 ? "..." : "");
        usage += positional->get_required() ? " " + word : " [" + word + "]";
    }
    return fmt::format("missing {}; usage: {}", spelled(*missing), usage);
}

}  // namespace

int run(const Environment& env) {
    const auto command_line = cli::make_command_line();
    auto& app = command_line->app;
    const auto& global = command_line->global;
    const auto& runners = command_line->runners;

    if (const auto word = unknown_command(env.args)) {
        report(env, fmt::format("unknown command {}{} (see 'incident --help')", quoted(*word),
                                did_you_mean(*word, command_names(app))));
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
            const auto names = command_names(*parent);
            const auto extras = app.remaining(true);
            if (!extras.empty() && extras.front().size() > 1 && extras.front().front() == '-') {
                const auto name = extras.front().substr(0, extras.front().find('='));
                report(env, fmt::format("unknown option {}{} (see '{} --help')", quoted(name),
                                        did_you_mean(name, option_names(*parent)),
                                        cli::command_path(*parent)));
            } else if (!extras.empty()) {
                report(env, fmt::format("unknown command {}{} (see '{} --help')",
                                        quoted(extras.front()), did_you_mean(extras.front(), names),
                                        cli::command_path(*parent)));
            } else {
                report(env, fmt::format("a command is required: {} (see '{} --help')",
                                        fmt::join(names, ", "), cli::command_path(*parent)));
            }
        } else {
            report(env, fmt::format("{} (see '{} --help')",
                                    required_message(e, *parent).value_or(e.what()),
                                    cli::command_path(*parent)));
        }
        return static_cast<int>(ExitCode::usage);
    } catch (const CLI::ParseError& e) {
        const auto* command = deepest_parsed(app);
        report(env, fmt::format("{} (see '{} --help')", parse_error_message(e, app, *command),
                                cli::command_path(*command)));
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
    env.out_is_process_stdout = true;
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
