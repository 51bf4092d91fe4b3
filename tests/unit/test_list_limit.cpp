#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "incident/cli.hpp"

using namespace incident;

namespace {

struct Result {
    int code;
    std::string out, err;
};

Result run_line(const std::filesystem::path& db, std::vector<std::string> args, bool terminal) {
    std::istringstream in;
    std::ostringstream out, err;
    Environment env;
    env.args = {"incident", "--db", db.string()};
    env.args.insert(env.args.end(), args.begin(), args.end());
    env.vars = {{"TZ", "UTC"}, {"USER", "tester"}};
    env.in = &in;
    env.out = &out;
    env.err = &err;
    env.stdout_is_terminal = terminal;
    env.terminal_columns = 200;
    env.now = [] { return Instant{std::chrono::seconds{1'562'248'800}}; };
    const int code = run(env);
    return {code, out.str(), err.str()};
}

std::size_t lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("list on a terminal shows the newest 50 and says so, and pipes and --limit get all",
          "[list]") {
    const auto dir = std::filesystem::temp_directory_path() / "incident-list-limit-test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto db = dir / "j.db";
    for (int i = 1; i <= 51; ++i) {
        REQUIRE(run_line(db, {"open", "Incident " + std::to_string(i), "m", "-q"}, false).code ==
                0);
    }
    const auto table = run_line(db, {"list"}, true);
    REQUIRE(table.code == 0);
    CHECK(lines(table.out) == 1 + 50 + 1);  // header, rows, note
    CHECK_THAT(table.out, Catch::Contains("Incident 51") && !Catch::Contains("Incident 1\n") &&
                              Catch::EndsWith("(the newest 50 shown; older ones with -n N, or all "
                                              "when piped)\n"));
    CHECK(lines(run_line(db, {"list"}, false).out) == 51);
    CHECK(lines(run_line(db, {"-q", "list"}, true).out) == 51);
    CHECK(lines(run_line(db, {"list", "-n", "60"}, true).out) == 1 + 51);
    CHECK(lines(run_line(db, {"list", "-n", "3"}, true).out) == 1 + 3);
    CHECK_THAT(run_line(db, {"--json", "list"}, true).out, Catch::Contains("Incident 1\""));

    REQUIRE(run_line(db, {"resolve", "51", "done"}, false).code == 0);
    const auto exactly50 = run_line(db, {"list", "--status", "open"}, true);
    CHECK(lines(exactly50.out) == 1 + 50);  // nothing hidden: no note
    std::filesystem::remove_all(dir);
}
