#include <catch2/catch.hpp>
#include <sstream>

#include "cli/app.hpp"
#include "incident/cli.hpp"

using namespace incident;

namespace {

struct Result {
    int code;
    std::string out;
    std::string err;
};

Result run_cli(std::vector<std::string> args) {
    std::istringstream in;
    std::ostringstream out, err;
    Environment env;
    args.insert(args.begin(), "incident");
    env.args = args;
    env.vars = {{"INCIDENT_DB", "/nonexistent/journal.db"}};
    env.in = &in;
    env.out = &out;
    env.err = &err;
    env.now = [] { return Instant{}; };
    const int code = run(env);
    return {code, out.str(), err.str()};
}

// Every command path: {"open"}, {"config"}, {"config", "get"}, ...
void collect(const CLI::App& app, std::vector<std::string> path,
             std::vector<std::vector<std::string>>& out) {
    for (const auto* sub : cli::visible_subcommands(app)) {
        auto next = path;
        next.push_back(sub->get_name());
        out.push_back(next);
        collect(*sub, next, out);
    }
}

}  // namespace

TEST_CASE("help COMMAND prints exactly what COMMAND --help prints", "[help]") {
    const auto command_line = cli::make_command_line();
    std::vector<std::vector<std::string>> paths;
    collect(command_line->app, {}, paths);
    REQUIRE(paths.size() >= 9);
    for (const auto& path : paths) {
        auto help_args = path;
        help_args.insert(help_args.begin(), "help");
        auto flag_args = path;
        flag_args.push_back("--help");
        const auto by_command = run_cli(help_args);
        const auto by_flag = run_cli(flag_args);
        std::string shown = "incident";
        for (const auto& word : path) shown += " " + word;
        INFO(shown);
        CHECK(by_command.code == 0);
        CHECK(by_flag.code == 0);
        CHECK(by_command.err.empty());
        CHECK(by_command.out == by_flag.out);
        CHECK(by_command.out.find("Usage: " + shown) != std::string::npos);
    }
}

TEST_CASE("help alone prints the top-level help", "[help]") {
    const auto by_command = run_cli({"help"});
    const auto by_flag = run_cli({"--help"});
    CHECK(by_command.code == 0);
    CHECK(by_command.out == by_flag.out);
    CHECK(by_command.out.find("Usage: incident") != std::string::npos);
    CHECK(by_command.out.find("__complete") == std::string::npos);
}

TEST_CASE("help for an unknown command is a usage error", "[help]") {
    const auto r = run_cli({"help", "nope"});
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "incident: error: no command \"nope\" (see 'incident --help')\n");
    const auto sub = run_cli({"help", "config", "frob"});
    CHECK(sub.code == 2);
    CHECK(sub.err == "incident: error: no command \"frob\" (see 'incident config --help')\n");
    CHECK(run_cli({"help", "__complete"}).code == 2);
}
