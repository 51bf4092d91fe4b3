#pragma once
// Option declarations and input helpers shared by several subcommands.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"
#include "incident/journal.hpp"
#include "incident/model.hpp"
#include "incident/report.hpp"
#include "incident/store.hpp"

namespace incident::cli {

// MESSAGE as a positional argument, or -F FILE|- (stdin only when asked for with "-").
struct MessageSource {
    std::optional<std::string> text;
    std::optional<std::string> file;
};
void declare_message(CLI::App& app, MessageSource& source, const std::string& what);
// The message given, trimmed at the end and checked; nullopt when none was given.
std::optional<std::string> read_message(const MessageSource& source, const Context& ctx);

void declare_status(CLI::App& app, std::optional<std::string>& status, const std::string& allowed);
void declare_impact(CLI::App& app, std::optional<std::string>& impact);
// --component; with `statuses`, GROUP/NAME=STATUS sets a status too.
void declare_components(CLI::App& app, std::vector<std::string>& components, bool statuses = true);
void declare_at(CLI::App& app, std::optional<std::string>& at, const std::string& what);
void declare_author(CLI::App& app, std::optional<std::string>& author);
void declare_key(CLI::App& app, std::optional<std::string>& key);

// --since/--until of the readers (list, search, stats, export): a time or a bare date.
struct TimeRange {
    std::optional<std::string> since;
    std::optional<std::string> until;
};
void declare_range(CLI::App& app, TimeRange& range);
// Reads the range in `zone` into the filter; a date means the start of that day, and a
// --since after --until is a UsageError.
void apply_range(const TimeRange& range, const Zone& zone, const Context& ctx,
                 IncidentFilter& filter);

// --tz of the report writers (export, site): an IANA zone, else the journal's zone.
void declare_tz(CLI::App& app, std::optional<std::string>& tz);
Zone report_zone(const std::optional<std::string>& tz, const ReadStore& store, const Context& ctx);
// What every report shows from the journal's config and the clock: zone, name, page id and
// url, generation time and last change.
render::ReportContext report_context(const ReadStore& store, const Context& ctx, const Zone& zone);

// Transform for a count option such as --limit N: decimal digits, leading zeros allowed. Alone
// CLI11 reads unsigned numbers with strtoull(base 0): "-1" wraps to "no limit", "010" is octal.
CLI::Validator count_validator();

IncidentId parse_id(const std::string& text);
// `opening`: the status of a new incident, which cannot be resolved (the journal says why).
std::optional<Status> parse_status_option(const std::optional<std::string>& text, bool opening);
// `--status open|resolved|all` of the readers (list, search).
StatusFilter parse_status_filter(const std::string& text);
std::optional<Impact> parse_impact_option(const std::optional<std::string>& text);
std::vector<Component> parse_components(const std::vector<std::string>& texts);
// `--component` of open/update/resolve: "Group/Component" names it, "Group/Component=STATUS"
// also sets its status. The text after the last '=' is a status when it is one word of
// letters and underscores (so names such as "a=f(x)" stay whole); an unknown one is a
// UsageError listing the valid words.
struct ComponentOptions {
    std::vector<Component> components;
    std::vector<ComponentSetting> settings;
};
ComponentOptions parse_component_options(const std::vector<std::string>& texts);
// The journal's title rules (incident::check_title), applied before anything is opened.
std::string check_title(const std::string& title);
std::optional<std::string> check_key(const std::optional<std::string>& key);

// --mark of open/update/resolve: detected|acknowledged|mitigated, each once (started is
// open --started-at, or `incident mark ID started`).
void declare_marks(CLI::App& app, std::vector<std::string>& marks);
std::vector<Milestone> parse_marks(const std::vector<std::string>& texts);
// A milestone word of `incident mark` (started too).
Milestone parse_milestone_word(const std::string& text);
// An action id (`action done ACTION_ID`): a positive whole number.
ActionId parse_action_id(const std::string& text);
// --due DAY: YYYY-MM-DD.
std::chrono::year_month_day parse_due(const std::string& text);

}  // namespace incident::cli
