// libFuzzer target: the whole command line, run() in-process. The input is split at NUL
// bytes: the first piece is standard input, the rest are the arguments. Commands run in a
// private temporary directory against a temporary journal (or a path that cannot be
// created), which is removed at exit; arguments that could reach outside it are skipped.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "incident/cli.hpp"

namespace fs = std::filesystem;

namespace {

fs::path work_dir;

void remove_work_dir() {
    std::error_code ec;
    if (!work_dir.empty()) fs::remove_all(work_dir, ec);
}

// Under $INCIDENT_FUZZ_TMP (scripts/fuzz.sh makes one and removes it, since libFuzzer may
// end the process without running atexit), else /dev/shm, where fsync costs nothing.
void set_up() {
    const char* given = std::getenv("INCIDENT_FUZZ_TMP");
    const std::string base = given != nullptr && *given != '\0' ? given
                             : ::access("/dev/shm", W_OK) == 0  ? "/dev/shm"
                                                                : "/tmp";
    std::string dir = base + "/incident-fuzz-cli.XXXXXX";
    if (::mkdtemp(dir.data()) == nullptr) std::abort();
    work_dir = dir;
    std::atexit(remove_work_dir);
    if (::chdir(work_dir.c_str()) != 0) std::abort();
}

// Anything that names a file outside the work directory, or a device, is not run.
bool reaches_outside(std::string_view arg) {
    return arg.starts_with("--db") || arg.find("..") != std::string_view::npos ||
           arg.starts_with('/') || arg.starts_with('~') || arg.find("=/") != std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    set_up();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> pieces(1);
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == 0) {
            pieces.emplace_back();
        } else {
            pieces.back() += static_cast<char>(data[i]);
        }
    }
    if (pieces.size() < 2 || pieces.size() > 40) return 0;
    incident::Environment env;
    env.args.push_back("incident");
    for (std::size_t i = 1; i < pieces.size(); ++i) {
        if (reaches_outside(pieces[i])) return 0;
        env.args.push_back(pieces[i]);
    }
    // One input in seven: a journal path that cannot be created (under /proc).
    const bool unwritable = size % 7 == 0;
    env.vars = {{"INCIDENT_DB", unwritable ? "/proc/incident-fuzz/journal.db"
                                           : (work_dir / "journal.db").string()},
                {"TZ", "Europe/Stockholm"},
                {"USER", "fuzzer"},
                {"HOME", work_dir.string()},
                {"INCIDENT_LOCK_TIMEOUT_MS", "100"}};
    std::istringstream in(pieces[0]);
    std::ostringstream out;
    std::ostringstream err;
    env.in = &in;
    env.out = &out;
    env.err = &err;
    env.now = [] { return incident::Instant{std::chrono::seconds{1562248800}}; };  // 2019-07-04
    const int rc = incident::run(env);
    if (rc < 0 || rc > 4) std::abort();  // only the documented exit codes
    const auto e = err.str();
    if (rc != 0 && e.find("incident: error: ") == std::string::npos) std::abort();
    // A std::exception that escaped the typed errors is a bug even if it was caught.
    if (e.starts_with("incident: error: unexpected failure")) std::abort();
    // Files written by a command (e.g. export -o) are removed; the journal stays.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(work_dir, ec)) {
        if (entry.path().filename() != "journal.db") fs::remove_all(entry.path(), ec);
    }
    return 0;
}
