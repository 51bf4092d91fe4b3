#pragma once
// The whole command-line program as a function, so tests can drive it in-process.
#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "incident/model.hpp"

namespace incident {

struct Environment {
    std::vector<std::string> args;            // argv, args[0] being the program name
    std::map<std::string, std::string> vars;  // the process environment
    std::istream* in = nullptr;
    std::ostream* out = nullptr;
    std::ostream* err = nullptr;
    bool stdin_is_terminal = false;
    bool stdout_is_terminal = false;
    int terminal_columns = 0;            // 0: unknown
    bool out_is_process_stdout = false;  // a pager may take over file descriptor 1
    std::function<Instant()> now;        // the clock
};

// Runs one command line; returns the process exit code. Never calls exit().
int run(const Environment& env);

// Builds an Environment from the real process (used by main()). INCIDENT_NOW, when set to
// an ISO 8601 instant, fixes the clock: tests and reproducible examples rely on it.
Environment process_environment(int argc, char** argv, char** envp);

}  // namespace incident
