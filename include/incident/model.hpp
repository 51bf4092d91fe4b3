#pragma once
// The journal's data model. Times are UTC instants; zones apply only when rendering.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace incident {

// Milliseconds: Statuspage's times carry them, and an import must give them back unchanged.
using Instant = std::chrono::sys_time<std::chrono::milliseconds>;
using IncidentId = std::int64_t;
using UpdateId = std::int64_t;
using ComponentId = std::int64_t;
using ActionId = std::int64_t;

// Stored spellings are Statuspage's own words and never change.
// One Status for both kinds, as Statuspage has one `status` field: the first four are an
// incident's, the last four a maintenance's (is_allowed says which kind takes which).
enum class Status {
    investigating,
    identified,
    monitoring,
    resolved,
    scheduled,
    in_progress,
    verifying,
    completed
};
enum class Impact { none, minor, major, critical };
enum class Kind { incident, maintenance };
// In order of severity (a group shows its worst member's): under_maintenance is planned
// and so ranks below every outage.
enum class ComponentStatus {
    operational,
    under_maintenance,
    degraded_performance,
    partial_outage,
    major_outage
};

std::string_view to_string(Status s) noexcept;
std::string_view to_string(Impact i) noexcept;
std::string_view to_string(Kind k) noexcept;
std::string_view to_string(ComponentStatus s) noexcept;
std::optional<Status> parse_status(std::string_view text) noexcept;
std::optional<Impact> parse_impact(std::string_view text) noexcept;
std::optional<Kind> parse_kind(std::string_view text) noexcept;
std::optional<ComponentStatus> parse_component_status(std::string_view text) noexcept;
// "Investigating", "Resolved", "In progress", ... as shown on a report.
std::string_view status_title(Status s) noexcept;
// "major outage": how a report says it.
std::string_view component_status_title(ComponentStatus s) noexcept;
// The stored spellings joined with ", " (for usage errors that list the valid words).
std::string component_status_words();
std::string status_words(Kind kind);

// Whether an incident of `kind` may take status `s`.
bool is_allowed(Kind kind, Status s) noexcept;
// resolved or completed: the incident or maintenance is over.
bool is_closed(Status s) noexcept;
// The status a new incident or maintenance takes when none is given.
Status initial_status(Kind kind) noexcept;
// The status that closes one of `kind`.
Status closing_status(Kind kind) noexcept;

struct Component {
    std::string group;  // may be empty for an ungrouped component
    std::string name;
    friend bool operator==(const Component&, const Component&) = default;
};

// Parses "Group/Component" (or a bare "Component"); nullopt when a part is empty.
std::optional<Component> parse_component(std::string_view text);
std::string to_string(const Component& c);
// "Litium Cloud (Network & infrastructure)", groups joined with " and ".
std::string affected_summary(const std::vector<Component>& components);

// A component of the page, first-class: every component an incident names is one.
struct PageComponent {
    ComponentId id = 0;
    Component component;
    ComponentStatus status = ComponentStatus::operational;  // current, derived from changes
    std::int64_t position = 0;
    std::optional<std::string> source_id;        // Statuspage's component id (its `code`)
    std::optional<std::string> group_source_id;  // Statuspage's id of the component's group
    friend bool operator==(const PageComponent&, const PageComponent&) = default;
};

// The worst status among a group's members (operational for none).
ComponentStatus worst_status(const std::vector<ComponentStatus>& members) noexcept;

// One component's status change recorded by an update (Statuspage's affected_components).
struct ComponentChange {
    Component component;
    std::optional<std::string> code;  // the source's component id, when it gave one
    ComponentStatus old_status = ComponentStatus::operational;
    ComponentStatus new_status = ComponentStatus::operational;
    friend bool operator==(const ComponentChange&, const ComponentChange&) = default;
};

// One incident a postmortem is about, as its "Regarding incidents:" list shows it.
struct RegardedIncident {
    IncidentId id = 0;
    std::string title;
    Instant started;     // started_at, else created_at: what the list's date says
    Instant created_at;  // where a history report places it
    friend bool operator==(const RegardedIncident&, const RegardedIncident&) = default;
};

struct Postmortem {
    std::string body;
    Instant posted_at;
    // Whose postmortem it is: the incident's own, or that of the incident whose postmortem
    // covers it (`postmortem --covers`); 0 where the loader does not say.
    IncidentId incident_id = 0;
    // Empty when it is about its own incident alone; else every incident it regards, its own
    // and those it covers, by started time then id.
    std::vector<RegardedIncident> regarding{};
    friend bool operator==(const Postmortem&, const Postmortem&) = default;
};

// The response's milestones. `started` is Incident::started_at (when the impact began), the
// others when the team detected, acknowledged and mitigated it.
enum class Milestone { started, detected, acknowledged, mitigated };
std::string_view to_string(Milestone m) noexcept;
std::optional<Milestone> parse_milestone(std::string_view text) noexcept;

// A follow-up action of an incident (`incident action add`).
struct Action {
    ActionId id = 0;
    IncidentId incident_id = 0;
    std::string text;
    std::optional<std::string> owner;
    std::optional<std::chrono::year_month_day> due;  // a calendar day in the journal's zone
    std::optional<std::string> link;                 // an http(s) address
    Instant created_at;
    std::string created_by;
    std::optional<Instant> done_at;  // none: open
    std::optional<std::string> done_by;
    friend bool operator==(const Action&, const Action&) = default;
};

// Open, with a due day before `today` (the journal zone's current day).
bool is_overdue(const Action& action, std::chrono::year_month_day today) noexcept;

// Who holds a role (commander, communications, scribe or any word) in an incident.
struct RoleHolder {
    std::string role;
    std::string name;
    Instant assigned_at;
    std::string assigned_by;
    friend bool operator==(const RoleHolder&, const RoleHolder&) = default;
};

struct Incident {
    IncidentId id = 0;
    std::string title;
    Kind kind = Kind::incident;
    Impact impact = Impact::none;
    Status status = Status::investigating;
    Instant created_at;
    std::optional<Instant> started_at;     // when it began, if before it was opened
    std::optional<Instant> scheduled_for;  // a maintenance's window
    std::optional<Instant> scheduled_until;
    std::optional<Instant> resolved_at;
    Instant updated_at;  // the newest update's or postmortem's posted time, or amendment
    std::optional<Instant> monitoring_at;  // the first update posted as monitoring
    std::vector<Component> components;
    std::optional<Postmortem> postmortem;
    std::optional<std::string> source_id;  // Statuspage's incident id
    std::optional<std::string> shortlink;  // Statuspage's shortlink, e.g. https://stspg.io/...
    bool backfilled = false;               // Statuspage's flag: recorded after the fact
    // A maintenance whose source gave it an impact (`impact`); otherwise its impact is
    // "maintenance" in exports. Always false for an incident.
    bool impact_given = false;
    // Milestones the team recorded (`--mark`, `incident mark`); started is started_at.
    std::optional<Instant> detected_at{};
    std::optional<Instant> acknowledged_at{};
    std::optional<Instant> mitigated_at{};
    // The follow-ups its reports list: its own, or those of every incident its postmortem
    // regards. Loaded with the incident's details; oldest first.
    std::vector<Action> actions{};
    // Current role holders by role; loaded only where asked for (show, internal exports).
    std::vector<RoleHolder> roles{};
};

// Whether the postmortem an incident shows is its own, not that of an incident covering it.
bool has_own_postmortem(const Incident& incident) noexcept;

// When the incident reached milestone `m`, if recorded (started: its started_at).
std::optional<Instant> milestone_at(const Incident& incident, Milestone m) noexcept;

struct Update {
    UpdateId id = 0;
    IncidentId incident_id = 0;
    Status status = Status::investigating;
    std::string body;
    Instant posted_at;
    Instant recorded_at;
    std::optional<std::string> author;  // none for imported updates
    std::optional<std::string> idempotency_key;
    std::vector<Component> components;     // components first named by this update
    std::optional<Instant> edited_at;      // set once `amend` has changed it; reports mark it
    std::vector<ComponentChange> changes;  // component statuses this update set, in order
    std::optional<std::string> source_id;  // Statuspage's incident_update id
    // An internal note (`update --internal`): no public report shows it and it changes no
    // state; its status is the one in effect when it was posted.
    bool internal = false;
};

// Label of an update on a report: its status title, or "Update" where the status did
// not change from the previous update (in posted order); "Internal note" for one. The first
// update always has a label. `previous` is the previous update that is not an internal note.
std::string_view update_label(const Update& update, const Update* previous) noexcept;

// Updates in the order a report shows them: newest posted first, equal times keep the
// reverse of recorded order. Input is in chronological (posted_at, id) order. Internal notes
// are labelled as such and do not count as the previous update of the others.
struct LabelledUpdate {
    const Update* update;
    std::string_view label;
};
std::vector<LabelledUpdate> newest_first(const std::vector<Update>& chronological);

}  // namespace incident
