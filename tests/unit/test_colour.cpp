#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "incident/cli.hpp"
#include "incident/time.hpp"

using namespace incident;
using namespace std::chrono_literals;

// Colour only on a terminal, and never with NO_COLOR, --no-color or TERM=dumb: each rule
// is checked through the whole program, on `list` and on `show`.
namespace {

constexpr auto esc = "\033[";
const Instant now = Instant{} + 18000 * 24h + 14h;  // 2019-04-14 14:00 UTC

class Journal {
  public:
    Journal() {
        static int counter = 0;
        dir_ = std::filesystem::temp_directory_path() /
               ("incident-colour-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::create_directories(dir_);
        REQUIRE(run_cli({"open", "API errors", "--impact", "major", "--at", "2019-04-14T11:45:00Z"},
                        {}, false)
                    .code == 0);
        REQUIRE(run_cli({"open", "Disk full", "--at", "2019-04-13T10:00:00Z"}, {}, false).code ==
                0);
        REQUIRE(run_cli({"resolve", "2", "--at", "2019-04-14T02:37:00Z"}, {}, false).code == 0);
    }
    ~Journal() { std::filesystem::remove_all(dir_); }

    struct Result {
        int code;
        std::string out;
    };

    Result run_cli(const std::vector<std::string>& args, std::map<std::string, std::string> vars,
                   bool terminal) const {
        std::istringstream in;
        std::ostringstream out, err;
        Environment env;
        env.args = {"incident"};
        env.args.insert(env.args.end(), args.begin(), args.end());
        vars["INCIDENT_DB"] = (dir_ / "journal.db").string();
        vars["TZ"] = "UTC";
        vars["USER"] = "tester";
        env.vars = vars;
        env.in = &in;
        env.out = &out;
        env.err = &err;
        env.stdout_is_terminal = terminal;
        env.terminal_columns = terminal ? 120 : 0;
        env.now = [] { return now; };
        const int code = run(env);
        INFO(err.str());
        CHECK(code == 0);
        return {code, out.str()};
    }

  private:
    std::filesystem::path dir_;
};

bool coloured(const std::string& text) {
    return text.find(esc) != std::string::npos;
}

}  // namespace

TEST_CASE("a terminal gets status and impact in colour in list and show", "[colour]") {
    const Journal journal;
    const auto list = journal.run_cli({"list"}, {{"TERM", "xterm-256color"}}, true).out;
    CHECK(list.find("\033[31minvestigating") != std::string::npos);
    CHECK(list.find("\033[32mresolved") != std::string::npos);
    CHECK(list.find("\033[31mmajor") != std::string::npos);
    CHECK(list.find("\033[2mnone") != std::string::npos);
    const auto show = journal.run_cli({"show", "1"}, {{"TERM", "xterm-256color"}}, true).out;
    CHECK(show.find("Status:    \033[31mInvestigating\033[0m") != std::string::npos);
    CHECK(show.find("Impact:    \033[31mmajor\033[0m") != std::string::npos);
    // Without TERM at all (e.g. from cron with a terminal attached) colour still applies.
    CHECK(coloured(journal.run_cli({"show", "2"}, {}, true).out));
}

TEST_CASE("no colour when standard output is not a terminal", "[colour]") {
    const Journal journal;
    CHECK_FALSE(coloured(journal.run_cli({"list"}, {{"TERM", "xterm"}}, false).out));
    CHECK_FALSE(coloured(journal.run_cli({"show", "1"}, {{"TERM", "xterm"}}, false).out));
}

TEST_CASE("NO_COLOR set to anything but empty turns colour off", "[colour]") {
    const Journal journal;
    for (const auto* value : {"1", "0", "yes"}) {
        INFO(value);
        CHECK_FALSE(coloured(journal.run_cli({"list"}, {{"NO_COLOR", value}}, true).out));
        CHECK_FALSE(coloured(journal.run_cli({"show", "1"}, {{"NO_COLOR", value}}, true).out));
    }
    // https://no-color.org: an empty NO_COLOR is as if it were unset.
    CHECK(coloured(journal.run_cli({"list"}, {{"NO_COLOR", ""}}, true).out));
}

TEST_CASE("the --no-color option turns colour off, before or after the command", "[colour]") {
    const Journal journal;
    CHECK_FALSE(coloured(journal.run_cli({"--no-color", "list"}, {}, true).out));
    CHECK_FALSE(coloured(journal.run_cli({"show", "1", "--no-color"}, {}, true).out));
}

TEST_CASE("TERM=dumb turns colour off but keeps the table", "[colour]") {
    const Journal journal;
    const auto list = journal.run_cli({"list"}, {{"TERM", "dumb"}}, true).out;
    CHECK_FALSE(coloured(list));
    CHECK(list.rfind("ID  STATUS", 0) == 0);
    CHECK_FALSE(coloured(journal.run_cli({"show", "1"}, {{"TERM", "dumb"}}, true).out));
}

TEST_CASE("durations are shown for people on a terminal and in seconds for scripts", "[colour]") {
    const Journal journal;
    const auto table = journal.run_cli({"list"}, {{"NO_COLOR", "1"}}, true).out;
    CHECK(table.find("2h 15m") != std::string::npos);   // open since 11:45, now 14:00
    CHECK(table.find("16h 37m") != std::string::npos);  // resolved after 16h 37m
    const auto piped = journal.run_cli({"list"}, {}, false).out;
    CHECK(piped.find("\t8100\t") != std::string::npos);
    CHECK(piped.find("\t59820\t") != std::string::npos);
    CHECK(journal.run_cli({"show", "1"}, {}, false).out.find("Open for:  2h 15m\n") !=
          std::string::npos);
    CHECK(journal.run_cli({"show", "2"}, {}, false).out.find("(after 16h 37m)") !=
          std::string::npos);
}

TEST_CASE("durations read as days, hours, minutes or seconds", "[colour]") {
    CHECK(format_duration(0s) == "0s");
    CHECK(format_duration(59s) == "59s");
    CHECK(format_duration(60s) == "1m");
    CHECK(format_duration(61s) == "1m 1s");
    CHECK(format_duration(2h + 15min) == "2h 15m");
    CHECK(format_duration(3h) == "3h");
    CHECK(format_duration(24h * 2 + 3h + 5min) == "2d 3h");
    CHECK(format_duration(-5s) == "0s");
}
