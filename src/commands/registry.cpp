#include "registry.hpp"

#include <array>

namespace incident::commands {

namespace {
constexpr std::array table{
    Command{"open", "Open a new incident", declare_open},
    Command{"update", "Post an update to an incident or maintenance", declare_update},
    Command{"resolve", "Resolve an incident (complete a maintenance)", declare_resolve},
    Command{"schedule", "Schedule a maintenance for a window of time", declare_schedule},
    Command{"list", "List incidents", declare_list},
    Command{"show", "Show an incident's whole timeline", declare_show},
    Command{"config", "Get or set journal settings (name, timezone)", declare_config},
    Command{"postmortem", "Write or replace an incident's postmortem", declare_postmortem},
    Command{"action", "Follow-up actions: add, done, reopen, list", declare_action},
    Command{"role", "Who is commander, communications, scribe, ... of an incident", declare_role},
    Command{"mark", "Record when the impact started, was detected, acknowledged, mitigated",
            declare_mark},
    Command{"export", "Export reports as Markdown, HTML, JSON or Atom", declare_export},
    Command{"site", "Write a static status page with Statuspage's API tree", declare_site},
    Command{"stats", "Counts by impact and month, and time to resolve", declare_stats},
    Command{"search", "Full-text search of titles, updates and postmortems", declare_search},
    Command{"amend", "Correct an update's text or time, keeping earlier versions", declare_amend},
    Command{"edit", "Correct an incident's title, impact or components", declare_edit},
    Command{"components", "List the components and groups with their current status",
            declare_components},
    Command{"import", "Import a Statuspage-shaped JSON export", declare_import},
    Command{"copy", "Copy the whole journal into an empty one (a file or a server)", declare_copy},
    Command{"help", "Show help for a command (the same as COMMAND --help)", declare_help},
    Command{"__complete", "Print shell completion candidates", declare_complete},
};
}  // namespace

std::span<const Command> all() {
    return table;
}

}  // namespace incident::commands
