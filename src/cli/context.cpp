#include "context.hpp"

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <charconv>

#include "incident/errors.hpp"
#include "incident/text.hpp"

namespace incident::cli {

Instant Context::now() const {
    return env_.now();
}

std::optional<std::string> Context::var(const std::string& name) const {
    const auto it = env_.vars.find(name);
    if (it == env_.vars.end()) return std::nullopt;
    return it->second;
}

std::string Context::db_location() const {
    if (!global_.db.empty()) return global_.db;
    if (const auto db = var("INCIDENT_DB")) {
        if (db->empty()) throw UsageError("INCIDENT_DB is empty; unset it or name a journal file");
        return *db;
    }
    if (const auto xdg = var("XDG_DATA_HOME"); xdg && !xdg->empty() && xdg->front() == '/') {
        return (std::filesystem::path(*xdg) / "incident" / "journal.db").string();
    }
    if (const auto home = var("HOME"); home && !home->empty()) {
        return (std::filesystem::path(*home) / ".local" / "share" / "incident" / "journal.db")
            .string();
    }
    throw UsageError("cannot find the journal: set --db, INCIDENT_DB, XDG_DATA_HOME or HOME");
}

StoreOptions Context::store_options() const {
    StoreOptions options;
    if (const auto ms = var("INCIDENT_LOCK_TIMEOUT_MS"); ms && !ms->empty()) {
        // All of it must be digits: std::stoi would take "12abc" as 12 and "-5" as negative.
        int value = 0;
        const auto* end = ms->data() + ms->size();
        const auto [ptr, ec] = std::from_chars(ms->data(), end, value);
        if (ec != std::errc() || ptr != end || value < 0) {
            throw UsageError(
                fmt::format("INCIDENT_LOCK_TIMEOUT_MS must be a number, not \"{}\"", visible(*ms)));
        }
        options.lock_timeout = std::chrono::milliseconds(value);
    }
    // The build tree's modules (tests); an installed program finds its own.
    if (const auto dir = var("INCIDENT_MODULE_DIR"); dir && !dir->empty())
        options.module_dir = *dir;
    return options;
}

std::unique_ptr<ReadStore> Context::open_read() const {
    return open_read_store(db_location(), store_options());
}
std::unique_ptr<WriteStore> Context::open_write() const {
    return open_write_store(db_location(), store_options());
}

Zone Context::zone(const ReadStore& store) const {
    if (const auto configured = store.config("timezone")) {
        if (auto z = Zone::locate(*configured)) return *z;
        throw UsageError(
            fmt::format("the journal's timezone \"{}\" is not a known IANA zone; fix it with "
                        "'incident config set timezone ZONE'",
                        *configured));
    }
    if (const auto tz = var("TZ"); tz && !tz->empty()) {
        if (auto z = Zone::locate(*tz)) return *z;
        err() << fmt::format("incident: warning: TZ=\"{}\" is not a known IANA zone; ignoring it\n",
                             *tz);
    }
    if (auto z = Zone::system()) return *z;
    return Zone::utc();
}

std::string Context::login_name() const {
    for (const char* name : {"INCIDENT_AUTHOR", "USER", "LOGNAME"}) {
        if (const auto v = var(name); v && !v->empty()) return *v;
    }
    if (const auto* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_name != nullptr) {
        return pw->pw_name;
    }
    return "unknown";
}

render::TerminalStyle Context::terminal_style() const {
    render::TerminalStyle style;
    style.table = env_.stdout_is_terminal;
    const auto no_color = var("NO_COLOR");
    const auto term = var("TERM");
    style.color = env_.stdout_is_terminal && !global_.no_color &&
                  (!no_color || no_color->empty()) && (!term || *term != "dumb");
    style.columns = env_.terminal_columns;
    return style;
}

Instant Context::parse_at(const std::string& text, const Zone& zone,
                          const std::string& option) const {
    auto parsed = parse_time(text, zone);
    if (auto* error = std::get_if<std::string>(&parsed)) throw UsageError(option + ": " + *error);
    return std::get<Instant>(parsed);
}

}  // namespace incident::cli
