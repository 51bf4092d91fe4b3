#include <SQLiteCpp/Database.h>

#include <catch2/catch.hpp>

#include "incident/cli.hpp"
#include "incident/store.hpp"
#include "support.hpp"
#include "temp_journal.hpp"

using namespace incident;
using incident::testing::Cli;
using incident::testing::CliResult;
using incident::testing::count_of;
using incident::testing::TempDir;

namespace {

// The one error line a failed command prints, and nothing on stdout.
void check_error(const CliResult& r, int code, const std::string& message) {
    INFO("stdout: " << r.out << "stderr: " << r.err);
    CHECK(r.code == code);
    CHECK(r.out.empty());
    CHECK(r.err == "incident: error: " + message + "\n");
}

void check_ok(const CliResult& r) {
    INFO("stdout: " << r.out << "stderr: " << r.err);
    CHECK(r.code == 0);
    CHECK(r.err.empty());
}

}  // namespace

TEST_CASE("open, update and resolve succeed with exit code 0", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    auto r = cli.run({"open", "Database failover", "--impact", "critical"});
    check_ok(r);
    CHECK(r.out == "Opened incident 1: Database failover\n");
    r = cli.run({"update", "1", "Failing over", "--status", "identified"});
    check_ok(r);
    CHECK(r.out == "Updated incident 1: update 2 (identified)\n");
    cli.now += std::chrono::minutes(90);
    r = cli.run({"resolve", "1"});
    check_ok(r);
    CHECK(r.out == "Resolved incident 1 after 1h 30m\n");
    r = cli.run({"list"});
    check_ok(r);
    CHECK(r.out == "1\tresolved\tcritical\t2019-07-04T16:00:00+02:00\t5400\tDatabase failover\n");
}

TEST_CASE("the injected clock and zone decide the recorded times", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    check_ok(cli.run({"open", "Clocked"}));
    auto r = cli.run({"show", "1"});
    check_ok(r);
    CHECK_THAT(r.out, Catch::Contains("Opened:    2019-07-04 16:00 CEST\n"));
    CHECK_THAT(r.out, Catch::Contains("Posted Jul 04, 2019 - 16:00 CEST by tester (update 1)"));
    cli.vars["TZ"] = "UTC";
    r = cli.run({"show", "1"});
    CHECK_THAT(r.out, Catch::Contains("Opened:    2019-07-04 14:00 UTC\n"));
    // The journal's configured zone wins over TZ.
    check_ok(cli.run({"-q", "config", "set", "timezone", "America/New_York"}));
    r = cli.run({"show", "1"});
    CHECK_THAT(r.out, Catch::Contains("Opened:    2019-07-04 10:00 EDT\n"));
}

TEST_CASE("open -q prints only the id", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    auto r = cli.run({"-q", "open", "First"});
    check_ok(r);
    CHECK(r.out == "1\n");
    r = cli.run({"open", "Second", "--quiet"});
    check_ok(r);
    CHECK(r.out == "2\n");
    r = cli.run({"-q", "update", "2", "quiet update"});
    check_ok(r);
    CHECK(r.out == "3\n");  // the new update's id, for amend
}

TEST_CASE("open --json prints the incident with its first update", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    const auto r = cli.run({"--json", "open", "Third", "--status", "identified", "--at",
                            "2019-07-04 15:00", "--component", "Billing"});
    check_ok(r);
    CHECK(r.out ==
          "{\"id\":1,\"name\":\"Third\",\"status\":\"identified\",\"impact\":\"none\","
          "\"created_at\":\"2019-07-04T13:00:00Z\",\"updated_at\":\"2019-07-04T13:00:00Z\","
          "\"monitoring_at\":null,\"resolved_at\":null,\"started_at\":\"2019-07-04T13:00:00Z\","
          "\"shortlink\":null,\"components\":[{\"code\":\"Billing\",\"name\":\"Billing\","
          "\"group\":null}],\"postmortem_body\":null,\"postmortem_published_at\":null,"
          "\"incident_updates\":[{\"id\":1,\"status\":\"identified\",\"body\":\"We are currently "
          "investigating this issue.\",\"incident_id\":1,\"created_at\":\"2019-07-04T14:00:00Z\","
          "\"updated_at\":\"2019-07-04T14:00:00Z\",\"display_at\":\"2019-07-04T13:00:00Z\","
          "\"affected_components\":[{\"code\":\"Billing\",\"name\":\"Billing\",\"group\":null}],"
          "\"author\":\"tester\"}]}\n");
}

TEST_CASE("an unknown command is a usage error naming it", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    check_error(cli.run({"frobnicate"}), 2,
                "unknown command \"frobnicate\" (see 'incident --help')");
    check_error(cli.run({"--db", "x.db", "-q", "frobnicate", "1"}), 2,
                "unknown command \"frobnicate\" (see 'incident --help')");
    // The full list grows with the commands; the errors golden transcript pins it.
    const auto none = cli.run({});
    CHECK(none.code == 2);
    CHECK(none.out.empty());
    CHECK_THAT(none.err, Catch::StartsWith("incident: error: a command is required: open, update, "
                                           "resolve, schedule, list, show, config") &&
                             Catch::EndsWith(" (see 'incident --help')\n"));
    CHECK(count_of(none.err, "\n") == 1U);
    CHECK_FALSE(std::filesystem::exists(cli.db));
}

TEST_CASE("unknown options, missing and extra arguments are usage errors", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    check_error(cli.run({"open", "x", "--no-such-flag"}), 2,
                "unknown option \"--no-such-flag\" (see 'incident open --help')");
    check_error(
        cli.run({"update"}), 2,
        "missing ID; usage: incident update [OPTIONS] ID [MESSAGE] (see 'incident update --help')");
    check_error(cli.run({"open", "x", "message", "-F", "notes.md"}), 2,
                "give the message as an argument or with -F/--file, not both (see 'incident "
                "open --help')");
    check_error(cli.run({"list", "--limit", "many"}), 2,
                "--limit takes a whole number, not \"many\" (see 'incident list --help')");
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"open"},
             {"open", "x", "--status"},
             {"open", "x", "-F"},
             {"show", "1", "2"},
             {"config"},
             {"config", "set", "name"},
             {"--db"},
         }) {
        const auto r = cli.run(args);
        INFO("args: " << args.size() << " starting " << args.front());
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK_THAT(r.err, Catch::StartsWith("incident: error: "));
        CHECK(count_of(r.err, "\n") == 1U);
    }
    CHECK_FALSE(std::filesystem::exists(cli.db));
}

TEST_CASE("a bad status or impact word lists the valid words", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    // open offers only the statuses it accepts; update all four.
    check_error(cli.run({"open", "x", "--status", "broken"}), 2,
                "unknown status \"broken\"; use one of: investigating, identified, monitoring");
    check_ok(cli.run({"open", "y"}));
    check_error(cli.run({"update", "1", "x", "--status", "broken"}), 2,
                "unknown status \"broken\"; use one of: investigating, identified, monitoring, "
                "resolved, scheduled, in_progress, verifying, completed");
    check_error(cli.run({"update", "1", "x", "--status", "investigatng"}), 2,
                "unknown status \"investigatng\"; use one of: investigating, identified, "
                "monitoring, resolved, scheduled, in_progress, verifying, completed; did you mean "
                "\"investigating\"?");
    check_error(cli.run({"update", "1", "x", "--impact", "majr"}), 2,
                "unknown impact \"majr\"; use one of: none, minor, major, critical; did you mean "
                "\"major\"?");
    check_error(cli.run({"open", "x", "--impact", "huge"}), 2,
                "unknown impact \"huge\"; use one of: none, minor, major, critical");
    check_error(cli.run({"list", "--status", "closed"}), 2,
                "--status must be open, resolved or all, not \"closed\"");
    // The word is shown safely even when it carries an escape sequence.
    check_error(cli.run({"open", "x", "--status", "\x1b[2Jbad"}), 2,
                "unknown status \"^[[2Jbad\"; use one of: investigating, identified, monitoring");
}

TEST_CASE("ids, titles and times are checked before anything is written", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    check_error(cli.run({"show", "abc"}), 2,
                "incident id must be a positive whole number, not \"abc\"");
    check_error(cli.run({"update", "0", "x"}), 2,
                "incident id must be a positive whole number, not \"0\"");
    check_error(cli.run({"open", "   "}), 2, "the title is empty");
    check_error(cli.run({"open", "two\nlines"}), 2, "the title must be one line");
    check_error(cli.run({"open", "x", "--at", "2019-02-30 10:00"}), 2,
                "--at: invalid date in \"2019-02-30 10:00\": no such day");
    check_error(cli.run({"open", "x", "--at", "2019-07-04 16:05"}), 2,
                "--at 2019-07-04 16:05 CEST (2019-07-04T14:05:00Z) is in the future; it is now "
                "2019-07-04 16:00 CEST (2019-07-04T14:00:00Z)");
    check_error(cli.run({"open", "x", "--author", "  "}), 2, "--author is empty");
    check_error(cli.run({"open", "x", "--key", ""}), 2, "--key is empty");
    CHECK_FALSE(std::filesystem::exists(cli.db));  // nothing written, not even a new journal
}

TEST_CASE("unknown ids exit with 3, conflicts with 4", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    check_error(cli.run({"show", "1"}), 3,
                "no journal at " + (dir / "journal.db").string() + "; `incident open` creates one");
    check_ok(cli.run({"open", "Database failover"}));
    check_error(cli.run({"show", "2"}), 3, "no incident with id 2");
    check_error(cli.run({"update", "99", "hello"}), 3, "no incident with id 99");
    check_error(cli.run({"resolve", "99"}), 3, "no incident with id 99");
    check_error(cli.run({"config", "get", "name"}), 3, "config key \"name\" is not set");
    check_ok(cli.run({"resolve", "1"}));
    check_error(cli.run({"update", "1", "Still broken?"}), 4,
                "incident 1 is resolved; to reopen it, pass --status "
                "investigating|identified|monitoring");
    check_error(cli.run({"resolve", "1"}), 4, "incident 1 is already resolved");
    const auto r = cli.run({"update", "1", "It is back.", "--status", "investigating"});
    check_ok(r);
    CHECK(r.out == "Reopened incident 1: update 3 (investigating)\n");
}

TEST_CASE("storage failures exit with 1", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    testing::write_file(cli.db, std::string(600, 'x'));
    auto r = cli.run({"list"});
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::StartsWith("incident: error: ") &&
                          Catch::Contains("is not an incident journal"));
    CHECK(count_of(r.err, "incident: error:") == 1U);
    r = cli.run({"open", "x"});
    CHECK(r.code == 1);
    CHECK(count_of(r.err, "incident: error:") == 1U);
}

TEST_CASE("a locked journal fails with exit 1 after the lock timeout", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    check_ok(cli.run({"open", "x"}));
    SQLite::Database holder(cli.db.string(), SQLite::OPEN_READWRITE, 5000);
    holder.exec("BEGIN IMMEDIATE");
    cli.vars["INCIDENT_LOCK_TIMEOUT_MS"] = "10";
    const auto r = cli.run({"update", "1", "blocked"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("is locked by another process"));
    // Readers still read.
    check_ok(cli.run({"-q", "list"}));
    holder.exec("ROLLBACK");
    check_ok(cli.run({"update", "1", "free again"}));
}

TEST_CASE("stdin is never read unless -F - asks for it", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"open", "No message"},
             {"open", "With message", "text"},
             {"update", "1", "text"},
             {"update", "1"},
             {"resolve", "1"},
             {"list"},
             {"show", "1"},
             {"config", "get"},
             {"frobnicate"},
             {"open"},
         }) {
        const auto r = cli.run(args);
        INFO("command: " << args.front() << " (" << args.size() << " words), exit " << r.code);
        CHECK_FALSE(r.read_stdin);
    }
}

TEST_CASE("the message comes from stdin with -F -", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    check_ok(cli.run({"open", "Piped"}));
    auto r = cli.run_with_stdin({"update", "1", "-F", "-"}, "From a script\n\n");
    check_ok(r);
    CHECK(testing::open_read(cli.db)->updates(1).back().body == "From a script");
    check_error(cli.run_with_stdin({"update", "1", "-F", "-"}, ""), 2, "standard input is empty");
    check_error(cli.run_with_stdin({"update", "1", "-F", "-"}, "bad \xFF"), 2,
                "standard input is not valid UTF-8 (byte 0xFF at offset 4)");
    CHECK(testing::open_read(cli.db)->updates(1).size() == 2U);
}

TEST_CASE("the message comes from a file with -F FILE", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    testing::write_file(dir / "notes.md", "Line one\n\n  indented\n\n\n");
    check_ok(cli.run({"open", "From a file", "-F", (dir / "notes.md").string()}));
    CHECK(testing::open_read(cli.db)->updates(1).front().body == "Line one\n\n  indented");
    const auto missing = (dir / "missing.md").string();
    check_error(cli.run({"update", "1", "-F", missing}), 1,
                "cannot open file \"" + missing + "\": No such file or directory");
    check_error(cli.run({"update", "1", "-F", dir.path().string()}), 1,
                "cannot read file \"" + dir.path().string() + "\": Is a directory");
}

TEST_CASE("the --db option wins over INCIDENT_DB", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    const auto flag_db = dir / "flag.db";
    check_ok(cli.run({"--db", flag_db.string(), "open", "Via flag"}));
    CHECK(std::filesystem::exists(flag_db));
    CHECK_FALSE(std::filesystem::exists(cli.db));
    // The global option may also follow the command.
    check_ok(cli.run({"open", "Also via flag", "--db", flag_db.string()}));
    CHECK(testing::open_read(flag_db)->incidents({}).size() == 2U);
    CHECK_FALSE(std::filesystem::exists(cli.db));
    // Without --db, INCIDENT_DB is used.
    check_ok(cli.run({"open", "Via environment"}));
    CHECK(testing::open_read(cli.db)->incidents({}).size() == 1U);
    CHECK(testing::open_read(flag_db)->incidents({}).size() == 2U);
}

TEST_CASE("without --db or INCIDENT_DB the journal lives under XDG_DATA_HOME, else HOME", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    cli.vars.erase("INCIDENT_DB");
    cli.vars["XDG_DATA_HOME"] = (dir / "xdg").string();
    check_ok(cli.run({"open", "In XDG"}));
    CHECK(std::filesystem::exists(dir.path() / "xdg" / "incident" / "journal.db"));
    // An empty INCIDENT_DB is a mistake, never the default journal.
    cli.vars["INCIDENT_DB"] = "";
    check_error(cli.run({"list"}), 2, "INCIDENT_DB is empty; unset it or name a journal file");
    cli.vars.erase("INCIDENT_DB");
    cli.vars["XDG_DATA_HOME"] = "relative/path";  // not absolute: ignored, as the spec says
    check_ok(cli.run({"open", "In HOME"}));
    CHECK(std::filesystem::exists(dir.path() / ".local" / "share" / "incident" / "journal.db"));
    cli.vars.erase("XDG_DATA_HOME");
    cli.vars.erase("HOME");
    check_error(cli.run({"list"}), 2,
                "cannot find the journal: set --db, INCIDENT_DB, XDG_DATA_HOME or HOME");
}

TEST_CASE("list is a table on a terminal and plain when piped", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    check_ok(cli.run({"open", "API errors", "--impact", "minor"}));
    const auto piped = cli.run({"list"});
    CHECK(piped.out == "1\tinvestigating\tminor\t2019-07-04T16:00:00+02:00\t0\tAPI errors\n");
    cli.stdout_is_terminal = true;
    cli.terminal_columns = 120;
    cli.vars["TERM"] = "xterm-256color";
    const auto table = cli.run({"list"});
    check_ok(table);
    CHECK_THAT(table.out, Catch::StartsWith("\x1b[1mID  STATUS"));
    CHECK_THAT(table.out, Catch::Contains("\x1b[31minvestigating"));
    const auto no_color = cli.run({"--no-color", "list"});
    CHECK(no_color.out.find('\x1b') == std::string::npos);
    CHECK_THAT(no_color.out, Catch::StartsWith("ID  STATUS"));
    cli.vars["NO_COLOR"] = "1";
    CHECK(cli.run({"list"}).out == no_color.out);
    cli.vars.erase("NO_COLOR");
    cli.vars["TERM"] = "dumb";
    CHECK(cli.run({"list"}).out == no_color.out);
}

TEST_CASE("errors are printed once, with control characters made visible", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    const auto r = cli.run({"show", "\x1b]0;pwned\a"});
    check_error(r, 2, "incident id must be a positive whole number, not \"^[]0;pwned^G\"");
    CHECK(r.err.find('\x1b') == std::string::npos);
}

TEST_CASE("help and version print to stdout and exit 0", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    auto r = cli.run({"--help"});
    check_ok(r);
    CHECK_THAT(r.out, Catch::Contains("open") && Catch::Contains("resolve"));
    r = cli.run({"open", "--help"});
    check_ok(r);
    CHECK_THAT(r.out, Catch::Contains("--status") && Catch::Contains("--key"));
    r = cli.run({"--version"});
    check_ok(r);
    CHECK(r.out == std::string("incident ") + INCIDENT_VERSION + "\n");
    CHECK_FALSE(std::filesystem::exists(cli.db));
}

TEST_CASE("the same --key twice records once and says so", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    check_ok(cli.run({"-q", "open", "Cron job failed", "--key", "job-1"}));
    const auto again = cli.run({"-q", "open", "Cron job failed", "--key", "job-1"});
    CHECK(again.code == 0);
    CHECK(again.out == "1\n");
    CHECK(again.err ==
          "incident: note: this idempotency key was already used by update 1 of incident 1; "
          "nothing new was recorded\n");
    CHECK(testing::open_read(cli.db)->incidents({}).size() == 1U);
    check_error(cli.run({"update", "1", "x", "--key", "job-1"}), 4,
                "idempotency key \"job-1\" was already used for update 1 of incident 1; use a new "
                "key");
}

TEST_CASE("config set, get and unset round-trip", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    auto r = cli.run({"config", "set", "name", "Litium AB"});
    check_ok(r);
    CHECK(r.out == "name = Litium AB\n");
    r = cli.run({"config", "get", "name"});
    CHECK(r.out == "Litium AB\n");
    r = cli.run({"--json", "config", "get"});
    CHECK(r.out == "{\"name\":\"Litium AB\"}\n");
    check_error(cli.run({"config", "set", "timezone", "Mars/Olympus"}), 2,
                "\"Mars/Olympus\" is not a known IANA time zone (e.g. Europe/Stockholm, UTC)");
    check_error(cli.run({"config", "get", "colour"}), 2,
                "unknown config key \"colour\"; known keys: name, timezone, page_id, page_url");
    check_ok(cli.run({"config", "unset", "name"}));
    check_error(cli.run({"config", "get", "name"}), 3, "config key \"name\" is not set");
}

TEST_CASE("a bad --since or --until is reported under its own name", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    auto r = cli.run({"list", "--since", "2019-07-4"});
    CHECK(r.code == 2);
    CHECK_THAT(r.err,
               Catch::StartsWith("incident: error: --since: cannot read time \"2019-07-4\""));
    r = cli.run({"list", "--until", "2019-02-30 10:00"});
    CHECK(r.code == 2);
    CHECK(r.err == "incident: error: --until: invalid date in \"2019-02-30 10:00\": no such day\n");
}

TEST_CASE("list --limit takes a count of 0 or more", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    for (int i = 0; i < 3; ++i) check_ok(cli.run({"open", "Incident " + std::to_string(i + 1)}));
    auto r = cli.run({"-q", "list", "--limit", "2"});
    check_ok(r);
    CHECK(r.out == "3\n2\n");
    r = cli.run({"-q", "list", "-n", "0"});
    check_ok(r);
    CHECK(r.out.empty());
    // A negative count must not wrap around to "no limit".
    r = cli.run({"-q", "list", "--limit", "-1"});
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::StartsWith("incident: error: --limit: ") && Catch::Contains("-1"));
    // Leading zeros are decimal, not octal (where 08 would be no number at all).
    r = cli.run({"-q", "list", "--limit", "08"});
    check_ok(r);
    CHECK(r.out == "3\n2\n1\n");
    r = cli.run({"-q", "list", "--limit", "02"});
    CHECK(r.out == "3\n2\n");
}

TEST_CASE("INCIDENT_LOCK_TIMEOUT_MS must be a whole number of milliseconds", "[cli]") {
    TempDir dir;
    Cli cli(dir);
    for (const auto* bad : {"soon", "12abc", "-5", "1.5", "99999999999999999999"}) {
        cli.vars["INCIDENT_LOCK_TIMEOUT_MS"] = bad;
        INFO("INCIDENT_LOCK_TIMEOUT_MS=" << bad);
        check_error(cli.run({"list"}), 2,
                    std::string("INCIDENT_LOCK_TIMEOUT_MS must be a number, not \"") + bad + "\"");
    }
    cli.vars["INCIDENT_LOCK_TIMEOUT_MS"] = "250";
    check_ok(cli.run({"open", "x"}));
    cli.vars["INCIDENT_LOCK_TIMEOUT_MS"] = "0";
    check_ok(cli.run({"list"}));
}

TEST_CASE("an empty argument list is a usage error, not a crash", "[cli]") {
    std::ostringstream out;
    std::ostringstream err;
    testing::TripwireBuffer tripwire;
    std::istream in(&tripwire);
    Environment env;
    env.in = &in;
    env.out = &out;
    env.err = &err;
    env.now = [] { return testing::fixed_now(); };
    CHECK(run(env) == 2);
    CHECK(out.str().empty());
    CHECK_THAT(err.str(), Catch::StartsWith("incident: error: a command is required"));
    CHECK_FALSE(tripwire.touched());
}
