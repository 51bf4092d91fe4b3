#pragma once
// Helpers shared by the unit tests: fixed instants, a temporary directory per test, and an
// in-process command line with injected streams and clock.
#include <date/date.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "incident/cli.hpp"
#include "incident/model.hpp"

namespace incident::testing {

// A UTC instant from its calendar fields.
inline Instant utc(int y, unsigned m, unsigned d, int hh, int mm, int ss = 0) {
    const auto day = date::sys_days{date::year{y} / date::month{m} / date::day{d}};
    return Instant{day.time_since_epoch() + std::chrono::hours{hh} + std::chrono::minutes{mm} +
                   std::chrono::seconds{ss}};
}

// The clock the end-to-end tests use too: 2019-07-04 16:00 CEST.
inline Instant fixed_now() {
    return utc(2019, 7, 4, 14, 0);
}

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it at scope exit.
class TempDir {
  public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern =
            std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/incident-unit-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const noexcept { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream data;
    data << in.rdbuf();
    return data.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& data) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << data;
}

// Permission bits (e.g. 0600) of a file or directory.
inline unsigned mode_of(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return 0;
    return static_cast<unsigned>(st.st_mode) & 07777U;
}

// Standard input that must not be read: it records any attempt (and gives end of file).
class TripwireBuffer : public std::streambuf {
  public:
    bool touched() const noexcept { return touched_; }

  protected:
    int_type underflow() override {
        touched_ = true;
        return traits_type::eof();
    }
    std::streamsize xsgetn(char_type*, std::streamsize) override {
        touched_ = true;
        return 0;
    }
    std::streamsize showmanyc() override {
        touched_ = true;
        return -1;
    }

  private:
    bool touched_ = false;
};

struct CliResult {
    int code = -1;
    std::string out;
    std::string err;
    bool read_stdin = false;  // the guarded standard input was read (or an attempt was made)
};

// Runs `incident` in-process against a journal in a temporary directory, with the same
// fixed zone, clock and user as the end-to-end tests. Adjust the fields before run().
class Cli {
  public:
    explicit Cli(const TempDir& dir) : db(dir / "journal.db") {
        vars["INCIDENT_DB"] = db.string();
        vars["TZ"] = "Europe/Stockholm";
        vars["USER"] = "tester";
        vars["HOME"] = dir.path().string();
    }

    std::filesystem::path db;
    std::map<std::string, std::string> vars;
    Instant now = fixed_now();
    bool stdout_is_terminal = false;
    int terminal_columns = 0;

    // Arguments after the program name; standard input fails the test if read.
    CliResult run(std::vector<std::string> args) const { return execute(std::move(args), nullptr); }
    // Arguments after the program name, with `input` as standard input.
    CliResult run_with_stdin(std::vector<std::string> args, const std::string& input) const {
        return execute(std::move(args), &input);
    }

  private:
    CliResult execute(std::vector<std::string> args, const std::string* input) const {
        args.insert(args.begin(), "incident");
        std::ostringstream out;
        std::ostringstream err;
        TripwireBuffer tripwire;
        std::istream guarded(&tripwire);
        std::istringstream given(input != nullptr ? *input : std::string());
        Environment env;
        env.args = std::move(args);
        env.vars = vars;
        env.in = input != nullptr ? static_cast<std::istream*>(&given) : &guarded;
        env.out = &out;
        env.err = &err;
        env.stdout_is_terminal = stdout_is_terminal;
        env.terminal_columns = terminal_columns;
        const Instant fixed = now;
        env.now = [fixed] { return fixed; };
        CliResult result;
        result.code = incident::run(env);
        result.out = out.str();
        result.err = err.str();
        result.read_stdin = tripwire.touched();
        return result;
    }
};

// Counts the non-overlapping occurrences of `needle` in `text`.
inline std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos;
         pos = text.find(needle, pos + needle.size())) {
        ++n;
    }
    return n;
}

}  // namespace incident::testing
