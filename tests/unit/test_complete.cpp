#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/app.hpp"
#include "cli/complete.hpp"
#include "cli/context.hpp"
#include "incident/cli.hpp"

using namespace incident;
using incident::cli::Candidate;

namespace {

struct Fixture {
    std::unique_ptr<cli::CommandLine> command_line = cli::make_command_line();
    std::vector<std::optional<std::string>> db_asked;
    cli::CompletionSources sources;

    Fixture() {
        // Incident 3 is resolved.
        sources.incidents = [this](const std::optional<std::string>& db, StatusFilter which) {
            db_asked.push_back(db);
            std::vector<std::pair<IncidentId, std::string>> out{{12, "Database failover"},
                                                                {11, "API errors\tin EU"}};
            if (which != StatusFilter::open) out.emplace_back(3, "Disk full");
            return out;
        };
        sources.updates = [](const std::optional<std::string>&) {
            return std::vector<std::pair<UpdateId, std::string>>{{31, "#12 Failed over"},
                                                                 {7, "#3 Disk at 91%"}};
        };
        sources.zones = [] {
            return std::vector<std::string>{"Europe/Stockholm", "Europe/Stockholm2", "UTC"};
        };
    }

    cli::Completion run(const std::vector<std::string>& words) {
        return cli::complete(command_line->app, words, sources);
    }

    std::vector<std::string> values(const std::vector<std::string>& words) {
        std::vector<std::string> out;
        for (const auto& c : run(words).candidates) out.push_back(c.value);
        return out;
    }
};

bool has(const std::vector<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

TEST_CASE("the first word completes to every visible command and nothing hidden", "[complete]") {
    Fixture f;
    const auto commands = f.values({""});
    for (const auto* sub : cli::visible_subcommands(f.command_line->app)) {
        CHECK(has(commands, sub->get_name()));
    }
    CHECK(has(commands, "open"));
    CHECK(has(commands, "help"));
    CHECK_FALSE(has(commands, "__complete"));
    CHECK(commands.size() == cli::visible_subcommands(f.command_line->app).size());
}

TEST_CASE("commands carry their summaries and are filtered by the typed prefix", "[complete]") {
    Fixture f;
    const auto completion = f.run({"re"});
    REQUIRE(completion.candidates.size() == 1);
    CHECK(completion.candidates[0] ==
          Candidate{"resolve", "Resolve an incident (complete a maintenance)"});
    CHECK_FALSE(completion.files);
    CHECK(f.values({"zzz"}).empty());
}

TEST_CASE("a dash completes the command's options and the global ones", "[complete]") {
    Fixture f;
    const auto options = f.values({"list", "-"});
    for (const auto* name : {"--status", "--since", "--until", "--limit", "-n", "--db", "--json",
                             "--quiet", "-q", "--no-color", "--help"}) {
        INFO(name);
        CHECK(has(options, name));
    }
    CHECK_FALSE(has(options, "--impact"));
    CHECK(f.values({"list", "--s"}) == std::vector<std::string>{"--status", "--since"});
}

TEST_CASE("options already given are not offered again unless repeatable", "[complete]") {
    Fixture f;
    const auto options =
        f.values({"open", "Title", "--impact", "major", "--component", "A/B", "-q", "--"});
    CHECK_FALSE(has(options, "--impact"));
    CHECK_FALSE(has(options, "--quiet"));
    CHECK(has(options, "--component"));
    CHECK(has(options, "--status"));
}

TEST_CASE("a flag does not take the next word as its value", "[complete]") {
    Fixture f;
    CHECK(has(f.values({"-q", "-"}), "--json"));
    CHECK(has(f.values({"--json", "sh"}), "show"));
    CHECK(f.values({"show", "--json", ""}) == std::vector<std::string>{"12", "11", "3"});
}

TEST_CASE("status words depend on the command", "[complete]") {
    Fixture f;
    CHECK(f.values({"open", "T", "--status", ""}) ==
          std::vector<std::string>{"investigating", "identified", "monitoring"});
    // An update may go to a maintenance too: its statuses follow an incident's.
    CHECK(f.values({"update", "1", "--status", ""}) ==
          std::vector<std::string>{"investigating", "identified", "monitoring", "resolved",
                                   "scheduled", "in_progress", "verifying", "completed"});
    CHECK(f.values({"update", "1", "--status", "in"}) ==
          std::vector<std::string>{"investigating", "in_progress"});
    CHECK(f.values({"list", "--status", ""}) ==
          std::vector<std::string>{"open", "resolved", "all"});
    CHECK(f.values({"update", "1", "--status", "mo"}) == std::vector<std::string>{"monitoring"});
}

TEST_CASE("impact words complete after --impact and after --impact=", "[complete]") {
    Fixture f;
    CHECK(f.values({"open", "T", "--impact", ""}) ==
          std::vector<std::string>{"none", "minor", "major", "critical"});
    CHECK(f.values({"open", "T", "--impact=m"}) ==
          std::vector<std::string>{"--impact=minor", "--impact=major"});
    CHECK(f.values({"list", "--status=r"}) == std::vector<std::string>{"--status=resolved"});
}

TEST_CASE("incident ids complete newest first with their titles", "[complete]") {
    Fixture f;
    const auto completion = f.run({"show", ""});
    REQUIRE(completion.candidates.size() == 3);
    CHECK(completion.candidates[0] == Candidate{"12", "Database failover"});
    CHECK(completion.candidates[1] == Candidate{"11", "API errors^Iin EU"});
    CHECK(f.values({"update", "1"}) == std::vector<std::string>{"12", "11"});
    CHECK(f.values({"resolve", ""}).size() == 2);
    REQUIRE(f.db_asked.size() == 3);
    CHECK_FALSE(f.db_asked[0]);
}

TEST_CASE("ids come from the journal named by --db on the line", "[complete]") {
    Fixture f;
    f.values({"--db", "/tmp/other.db", "show", ""});
    f.values({"--db=/tmp/third.db", "show", ""});
    REQUIRE(f.db_asked.size() == 2);
    CHECK(f.db_asked[0] == "/tmp/other.db");
    CHECK(f.db_asked[1] == "/tmp/third.db");
}

TEST_CASE("the journal is not read unless ids are wanted", "[complete]") {
    Fixture f;
    f.values({""});
    f.values({"show", "-"});
    f.values({"open", ""});
    f.values({"update", "3", ""});
    CHECK(f.db_asked.empty());
}

TEST_CASE("file options ask the shell for file names", "[complete]") {
    Fixture f;
    CHECK(f.run({"update", "1", "-F", ""}).files);
    CHECK(f.run({"open", "T", "--file", "no"}).files);
    CHECK(f.run({"--db", ""}).files);
    CHECK_FALSE(f.run({"update", "1", "--at", ""}).files);
    CHECK(f.run({"update", "1", "--at", ""}).candidates.empty());
}

TEST_CASE("config completes its subcommands, keys and zones", "[complete]") {
    Fixture f;
    CHECK(f.values({"config", ""}) == std::vector<std::string>{"get", "set", "unset"});
    CHECK(f.values({"config", "set", ""}) ==
          std::vector<std::string>{"name", "timezone", "page_id", "page_url"});
    CHECK(f.values({"config", "get", "t"}) == std::vector<std::string>{"timezone"});
    CHECK(f.values({"config", "set", "timezone", "Europe/S"}) ==
          std::vector<std::string>{"Europe/Stockholm", "Europe/Stockholm2"});
    CHECK(f.values({"config", "set", "name", ""}).empty());
}

TEST_CASE("help completes command names, then subcommand names", "[complete]") {
    Fixture f;
    CHECK(has(f.values({"help", ""}), "show"));
    CHECK(f.values({"help", "co"}) == std::vector<std::string>{"config", "components", "copy"});
    CHECK(f.values({"help", "conf"}) == std::vector<std::string>{"config"});
    CHECK(f.values({"help", "config", ""}) == std::vector<std::string>{"get", "set", "unset"});
    CHECK(f.values({"help", "show", ""}).empty());
}

TEST_CASE("after -- only positionals complete", "[complete]") {
    Fixture f;
    CHECK(f.values({"show", "--", "-"}).empty());
    CHECK(f.values({"show", "--", ""}) == std::vector<std::string>{"12", "11", "3"});
}

TEST_CASE("the output protocol is one candidate a line, then the files marker", "[complete]") {
    cli::Completion c;
    c.candidates = {{"12", "Database failover"}, {"open", ""}};
    c.files = true;
    CHECK(cli::format_completion(c) == "12\tDatabase failover\nopen\n:files\n");
    CHECK(cli::format_completion({}) == "");
}

TEST_CASE("long descriptions are cut to one short line", "[complete]") {
    Fixture f;
    f.sources.incidents = [](const std::optional<std::string>&, StatusFilter) {
        return std::vector<std::pair<IncidentId, std::string>>{
            {1, std::string(200, 'x') + "\nsecond line"},
            {2, std::string(79, 'a') + "\u00e9\u00e9"}};
    };
    const auto completion = f.run({"show", ""});
    REQUIRE(completion.candidates.size() == 2);
    CHECK(completion.candidates[0].description == std::string(80, 'x') + "\u2026");
    // Cut on a UTF-8 boundary, never inside a character.
    CHECK(completion.candidates[1].description == std::string(79, 'a') + "\u2026");
}

TEST_CASE("values come from IsMember checks, descriptions, or export's formats", "[complete]") {
    CLI::App root{"test", "incident"};
    std::string a, b, c, d;
    auto* sub = root.add_subcommand("export", "Export");
    sub->add_option("--format", a, "Format")->check(CLI::IsMember({"md", "html", "json", "atom"}));
    sub->add_option("--style", b, "Style: plain|fancy (default: plain)");
    sub->add_option("-o,--output", c, "Write to FILE");
    auto* other = root.add_subcommand("report", "Report");
    other->add_option("--format", d, "Output format");
    const cli::CompletionSources none;
    const auto values = [&](const std::vector<std::string>& words) {
        std::vector<std::string> out;
        for (const auto& candidate : cli::complete(root, words, none).candidates) {
            out.push_back(candidate.value);
        }
        return out;
    };
    CHECK(values({"export", "--format", ""}) ==
          std::vector<std::string>{"md", "html", "json", "atom"});
    CHECK(values({"export", "--format=h"}) == std::vector<std::string>{"--format=html"});
    CHECK(values({"export", "--style", ""}) == std::vector<std::string>{"plain", "fancy"});
    CHECK(cli::complete(root, {"export", "-o", ""}, none).files);
    CHECK(values({"report", "--format", "a"}) == std::vector<std::string>{"atom"});
    CHECK(values({"export", ""}).empty());  // no positionals, nothing to offer
}

namespace {

// A journal in a temporary directory, written through the real program.
struct TempJournal {
    std::filesystem::path dir;
    std::istringstream in;
    std::ostringstream out, err;
    Environment env;

    TempJournal() {
        static int counter = 0;
        dir = std::filesystem::temp_directory_path() /
              ("incident-complete-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::create_directories(dir);
        env.vars = {{"INCIDENT_DB", (dir / "journal.db").string()}, {"TZ", "UTC"}, {"USER", "t"}};
        env.in = &in;
        env.out = &out;
        env.err = &err;
        env.now = [] { return Instant{} + std::chrono::hours(24 * 18001); };
    }
    ~TempJournal() { std::filesystem::remove_all(dir); }

    void run_cli(const std::vector<std::string>& args) {
        env.args = {"incident"};
        env.args.insert(env.args.end(), args.begin(), args.end());
        const int code = run(env);
        INFO(err.str());
        REQUIRE(code == 0);
    }
};

}  // namespace

TEST_CASE("the journal gives ids with titles and updates with their first line", "[complete]") {
    TempJournal j;
    j.run_cli({"open", "API errors", "Elevated 5xx\nsecond line", "--at", "2019-04-14T10:00:00Z"});
    j.run_cli({"open", "Disk full", "--at", "2019-04-14T11:00:00Z"});
    j.run_cli({"update", "1", "Mitigated", "--at", "2019-04-14T12:00:00Z"});
    const cli::GlobalOptions global;
    const cli::Context ctx(j.env, global);
    const auto sources = cli::journal_sources(ctx);
    const auto incidents = sources.incidents(std::nullopt, StatusFilter::all);
    REQUIRE(incidents.size() == 2);
    CHECK(incidents[0] == std::pair<IncidentId, std::string>{2, "Disk full"});
    CHECK(incidents[1] == std::pair<IncidentId, std::string>{1, "API errors"});
    const auto updates = sources.updates(std::nullopt);
    REQUIRE(updates.size() == 3);
    CHECK(updates[0] == std::pair<UpdateId, std::string>{3, "#1 Mitigated"});
    CHECK(updates[1].first == 2);
    CHECK(updates[2] == std::pair<UpdateId, std::string>{1, "#1 Elevated 5xx"});
    const auto zones = sources.zones();
    CHECK(std::find(zones.begin(), zones.end(), "UTC") != zones.end());
}

TEST_CASE("a missing journal gives nothing and is not created", "[complete]") {
    TempJournal j;
    const cli::GlobalOptions global;
    const cli::Context ctx(j.env, global);
    const auto sources = cli::journal_sources(ctx);
    CHECK(sources.incidents(std::nullopt, StatusFilter::all).empty());
    CHECK(sources.updates((j.dir / "other.db").string()).empty());
    CHECK_FALSE(std::filesystem::exists(j.dir / "journal.db"));
    CHECK_FALSE(std::filesystem::exists(j.dir / "other.db"));
    // Not a journal at all: still nothing, and no exception.
    std::ofstream(j.dir / "junk.db") << "not sqlite";
    CHECK(sources.incidents((j.dir / "junk.db").string(), StatusFilter::all).empty());
}

TEST_CASE("a positional typed UPDATE_ID completes update ids", "[complete]") {
    CLI::App root{"test", "incident"};
    std::string id;
    root.add_subcommand("amend", "Amend")->add_option("update_id", id)->type_name("UPDATE_ID");
    cli::CompletionSources sources;
    sources.updates = [](const std::optional<std::string>&) {
        return std::vector<std::pair<UpdateId, std::string>>{{31, "#4 Fixed"}, {7, "#2 Looking"}};
    };
    const auto completion = cli::complete(root, {"amend", "3"}, sources);
    REQUIRE(completion.candidates.size() == 1);
    CHECK(completion.candidates[0] == Candidate{"31", "#4 Fixed"});
}

TEST_CASE("amend completes update ids, update and resolve only open incidents", "[complete]") {
    Fixture f;
    CHECK(f.values({"amend", ""}) == std::vector<std::string>{"31", "7"});
    CHECK(f.values({"resolve", ""}) == std::vector<std::string>{"12", "11"});
    CHECK(f.values({"update", ""}) == std::vector<std::string>{"12", "11"});
    CHECK(f.values({"show", ""}) == std::vector<std::string>{"12", "11", "3"});
}

TEST_CASE("ids already on the line are not offered again", "[complete]") {
    Fixture f;
    CHECK(f.values({"export", "12", "3", ""}) == std::vector<std::string>{"11"});
    CHECK(f.values({"export", "11", "1"}) == std::vector<std::string>{"12"});
}

TEST_CASE("the journal's open incidents are those not resolved", "[complete]") {
    TempJournal j;
    j.run_cli({"open", "API errors", "--at", "2019-04-14T10:00:00Z"});
    j.run_cli({"open", "Disk full", "--at", "2019-04-14T11:00:00Z"});
    j.run_cli({"resolve", "2", "--at", "2019-04-14T12:00:00Z"});
    const cli::GlobalOptions global;
    const cli::Context ctx(j.env, global);
    const auto sources = cli::journal_sources(ctx);
    const auto open = sources.incidents(std::nullopt, StatusFilter::open);
    REQUIRE(open.size() == 1);
    CHECK(open[0].first == 1);
    CHECK(sources.incidents(std::nullopt, StatusFilter::all).size() == 2);
}
