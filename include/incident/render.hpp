#pragma once
// Pure functions from journal data to text. No I/O, no clock, no store: everything they
// need is passed in, so every format is testable byte for byte.
#include <string>
#include <utility>
#include <vector>

#include "incident/model.hpp"
#include "incident/time.hpp"

namespace incident::json {
class Writer;
}

namespace incident::render {

struct TerminalStyle {
    bool color = false;  // ANSI colours
    bool table = false;  // aligned table with a header (a terminal); else tab-separated
    int columns = 0;     // terminal width for truncation; 0: no limit
};

// `list`: one incident per row. `now` gives open incidents their running duration.
std::string incident_table(const std::vector<Incident>& incidents, const Zone& zone, Instant now,
                           const TerminalStyle& style);

// User text for a terminal: control characters made visible, each non-empty line indented
// and, when `columns` is known (non-zero), wrapped at spaces to fit in it.
std::string indented_visible(std::string_view text, std::string_view indent,
                             std::size_t columns = 0);

// `show`: the incident, its postmortem and its updates newest first. User text has its
// control characters made visible.
std::string incident_detail(const Incident& incident, const std::vector<Update>& updates,
                            const Zone& zone, Instant now, const TerminalStyle& style);

// JSON text for a string (quotes included); see json::append_string.
std::string json_string(std::string_view text);

// Statuspage's public API v2 shape (the site's api/v2 tree) where it differs from the export's
// own, which `import` reads back: ids are strings, an incident names its components as full
// component objects and carries page_id, an affected component's code is that component's id
// and its name "Group - Component", and updates carry no author.
struct ApiComponent {
    Component component;
    std::string id;    // its API id
    std::string json;  // its component object
};
struct ApiShape {
    std::string page_id;
    // An incident's shortlink when its source gave none: this prefix, its id and ".html".
    std::string incident_url_prefix;
    std::vector<ApiComponent> components;  // the page's
};

// One incident as a JSON object in Statuspage's v2 field names. With `updates`, the
// object carries incident_updates (an internal note among them says "internal":true); times
// are ISO 8601 UTC. A postmortem regarding several incidents adds postmortem_incident_id and
// postmortem_regarding, follow-up actions `actions`; `internal` adds the milestones
// (detected_at, acknowledged_at, mitigated_at) and the roles. With `api`, in that shape (which
// has none of these additions).
void write_incident_json(json::Writer& w, const Incident& incident,
                         const std::vector<Update>* updates, bool internal = false,
                         const ApiShape* api = nullptr);
void write_update_json(json::Writer& w, const Update& update, const Incident& incident,
                       const ApiShape* api = nullptr);
std::string incident_json(const Incident& incident, const std::vector<Update>* updates,
                          bool internal = false, const ApiShape* api = nullptr);
std::string update_json(const Update& update, const Incident& incident,
                        const ApiShape* api = nullptr);
// `list --json`: an array of incidents without their updates.
std::string incidents_json(const std::vector<Incident>& incidents);
// `config get --json`: the settings as one object.
std::string config_json(const std::vector<std::pair<std::string, std::string>>& settings);

// `action list`: one follow-up action per row (id, incident, state, due day, owner, text);
// tab-separated unless `style.table`. State: open, overdue (due before `today`) or done.
std::string_view action_state(const Action& action, std::chrono::year_month_day today) noexcept;
std::string actions_table(const std::vector<Action>& actions, std::chrono::year_month_day today,
                          const TerminalStyle& style);
std::string action_json(const Action& action, std::chrono::year_month_day today);
// `action list --json`: {"actions":[...]} of action_json's objects.
std::string actions_json(const std::vector<Action>& actions, std::chrono::year_month_day today);

// `components`: each group (its status its worst member's) followed by its members, then
// ungrouped components, in page order, with their current status and id; "No components."
// for none. User text has its control characters made visible.
std::string components_text(const std::vector<PageComponent>& components);
// The same as Statuspage-like JSON: {"components":[{id,name,status,position,group,group_id,
// ...}]}; a group carries `components` (its members' ids), a member `group_id`.
std::string components_json(const std::vector<PageComponent>& components);

}  // namespace incident::render
