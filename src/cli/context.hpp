#pragma once
// What a running command may use besides its store: global options, the environment,
// the output streams, the clock and the zone.
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "incident/cli.hpp"
#include "incident/render.hpp"
#include "incident/store.hpp"
#include "incident/time.hpp"

namespace incident::cli {

struct GlobalOptions {
    std::string db;
    bool json = false;
    bool quiet = false;
    bool no_color = false;
};

class Context {
  public:
    Context(const Environment& env, const GlobalOptions& global) : env_(env), global_(global) {}

    std::ostream& out() const { return *env_.out; }
    std::ostream& err() const { return *env_.err; }
    std::istream& in() const { return *env_.in; }
    const Environment& env() const { return env_; }
    const GlobalOptions& global() const { return global_; }
    Instant now() const;
    std::optional<std::string> var(const std::string& name) const;

    // --db, else INCIDENT_DB, else $XDG_DATA_HOME/incident/journal.db (~/.local/share/...):
    // a file path or a server URL.
    std::string db_location() const;
    StoreOptions store_options() const;
    std::unique_ptr<ReadStore> open_read() const;
    std::unique_ptr<WriteStore> open_write() const;

    // The journal's zone: config "timezone", else TZ, else the system's, else UTC.
    Zone zone(const ReadStore& store) const;
    // --author default: the login name.
    std::string login_name() const;
    render::TerminalStyle terminal_style() const;
    // Parses a time option (--at, --since, ...) in the journal's zone; a UsageError names
    // `option` on bad input.
    Instant parse_at(const std::string& text, const Zone& zone,
                     const std::string& option = "--at") const;

  private:
    const Environment& env_;
    const GlobalOptions& global_;
};

}  // namespace incident::cli
