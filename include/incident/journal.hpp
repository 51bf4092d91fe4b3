#pragma once
// The journal's rules: what may be recorded when, and how an incident's state follows
// from its updates. Every function here is one transaction on the store.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "incident/model.hpp"
#include "incident/store.hpp"
#include "incident/time.hpp"

namespace incident {

// `--component "Group/Component=partial_outage"`: the status the update sets.
struct ComponentSetting {
    Component component;
    ComponentStatus status = ComponentStatus::operational;
};

struct OpenRequest {
    std::string title;
    std::string message;
    Status status = Status::investigating;
    Impact impact = Impact::none;
    std::vector<Component> components;
    std::vector<ComponentSetting> settings;  // also named by the incident
    std::optional<Instant> at;
    std::string author;
    std::optional<std::string> key;
    Zone zone = Zone::utc();            // the journal's: times in error messages are shown in it
    std::optional<Instant> started_at;  // open only: when it began, if before it was opened
    std::vector<Milestone> marks{};     // --mark: milestones reached at the opening's time
};

struct UpdateRequest {
    IncidentId id = 0;
    std::string message;
    std::optional<Status> status;
    std::optional<Impact> impact;
    std::vector<Component> components;
    std::vector<ComponentSetting> settings;  // also named by the incident
    std::optional<Instant> at;
    std::string author;
    std::optional<std::string> key;
    Zone zone = Zone::utc();            // the journal's: times in error messages are shown in it
    std::optional<Instant> started_at;  // open only: when it began, if before it was opened
    std::vector<Milestone> marks{};     // --mark: milestones reached at the update's time
    // An internal note: shown by `show` and internal exports only; it takes no status, impact
    // or component (UsageError) and changes no state, so it may follow a resolution.
    bool internal = false;
};

// `schedule`: a maintenance planned for a window, recorded with status scheduled.
struct ScheduleRequest {
    std::string title;
    std::string message;  // empty: default_schedule_message
    Instant scheduled_for;
    Instant scheduled_until;  // after scheduled_for
    std::vector<Component> components;
    std::optional<Instant> at;
    std::string author;
    std::optional<std::string> key;
    Zone zone = Zone::utc();
};

struct Recorded {
    IncidentId incident_id;
    UpdateId update_id;
    Status status;  // status of the recorded update
    bool replayed;  // the idempotency key had been used: nothing new was written
    bool reopened;  // a resolved incident became open again
};

struct PostmortemRequest {
    IncidentId id = 0;
    std::string body;  // empty when `covers` is given: the current text stays
    std::optional<Instant> at;
    Zone zone = Zone::utc();
    // `--covers`: the other incidents it is also about, replacing the current set (every
    // version keeps its own); nullopt keeps the current set.
    std::optional<std::vector<IncidentId>> covers{};
};

// An incident's state follows from its public updates (internal notes set nothing, not even
// updated_at): the status of the latest one (by posted time, then recorded order), resolved_at
// its time when that status closes the incident, monitoring_at the first update posted as
// monitoring, and updated_at the newest of the latest update, any amendment, postmortem (its
// own or one covering it: shown_postmortems) or edit. None for an incident without updates.
std::optional<IncidentState> derive_state(const std::vector<Update>& updates,
                                          const std::vector<Postmortem>& postmortems,
                                          const std::vector<IncidentEdit>& edits);
// Every postmortem version the incident's reports have shown: its own, then those of other
// incidents that covered it.
std::vector<Postmortem> shown_postmortems(const ReadStore& store, IncidentId id);
// Derives the incident's state from what the store holds and keeps it. Call inside the
// transaction that changed its updates, postmortem or edits.
void refresh_state(WriteStore& store, IncidentId id);

// Component statuses. A component's current status is the new status of its newest change
// (by posted time) of any incident, operational before any: recorded updates, including
// backfilled ones, decide it, and it is never set by hand.
ComponentStatus status_after(const std::vector<StatusChange>& chronological,
                             std::optional<Instant> at = std::nullopt);
// The status an update gives the incident's components it does not set itself: resolving an
// incident returns them to operational; a maintenance in progress puts them under
// maintenance and completing it returns them to operational. None: they keep theirs.
std::optional<ComponentStatus> automatic_component_status(Kind kind, Status status) noexcept;
// A group's status is its worst member's (Statuspage's rule); groups in page order.
struct GroupStatus {
    std::string group;
    ComponentStatus status = ComponentStatus::operational;
    std::size_t members = 0;
};
std::vector<GroupStatus> group_statuses(const std::vector<PageComponent>& components);
// Re-derives and stores the current status of each component the changes name. Call inside
// the transaction that recorded them (import does, after inserting updates itself).
void derive_component_statuses(WriteStore& store, const std::vector<ComponentChange>& changes);

// Throws UsageError, NotFoundError or ConflictError; on any throw nothing was written.
Recorded open_incident(WriteStore& store, const OpenRequest& request, Instant now);
Recorded post_update(WriteStore& store, const UpdateRequest& request, Instant now);
Recorded schedule_maintenance(WriteStore& store, const ScheduleRequest& request, Instant now);
// Closes it: an incident becomes resolved, a maintenance completed. An empty message is the
// default of its kind.
Recorded resolve_incident(WriteStore& store, UpdateRequest request, Instant now);
// A replaced postmortem stays in the history. The current text and covers again without --at
// is `unchanged` and writes nothing, so a retried script does not pile up identical versions.
// Every incident a postmortem covers shows it in its reports (ReadStore::incident).
enum class PostmortemOutcome { published, replaced, unchanged };
PostmortemOutcome publish_postmortem(WriteStore& store, const PostmortemRequest& request,
                                     Instant now);
// What publish_postmortem checks before writing, for callers that ask before opening an
// editor: an incident covered by another's postmortem has no postmortem of its own
// (ConflictError); with `covers`, each must exist (NotFoundError), not be the incident itself
// or cover it in turn (a cycle: UsageError), and not be covered by another postmortem or
// cover others itself (ConflictError): a postmortem covers incidents that have none.
void check_postmortem(const ReadStore& store, IncidentId id,
                      const std::optional<std::vector<IncidentId>>& covers);

// A correction of an update's text and/or posted time; the version it replaces is kept.
struct AmendRequest {
    UpdateId update_id = 0;
    std::optional<std::string> body;  // nullopt: keep the text
    std::optional<Instant> at;        // nullopt: keep the time
    std::string author;               // who amends
    Zone zone = Zone::utc();
};

struct Amended {
    IncidentId incident_id = 0;
    UpdateId update_id = 0;
    bool changed = false;  // false: the update already said that; nothing was written
    Status incident_status = Status::investigating;  // re-derived after the amendment
};

// Amending updates of resolved incidents is allowed (it corrects the record). The time rules
// of `update` hold: not in the future; not before the incident was opened, except for the
// opening update, whose new time moves the incident's opening (never past another update).
Amended amend_update(WriteStore& store, const AmendRequest& request, Instant now);

// `edit`: corrects the incident's title, impact or components; every earlier value is kept
// (ReadStore::incident_edits) with who and when, and updated_at moves to `now`.
struct EditRequest {
    IncidentId id = 0;
    std::optional<std::string> title;
    std::optional<Impact> impact;
    std::vector<Component> remove_components;  // matched case-insensitively
    std::string author;                        // who edits
};

// Returns how many values changed. UsageError when nothing would change, for a bad title or
// for a component the incident does not have; NotFoundError for an unknown id.
int edit_incident(WriteStore& store, const EditRequest& request, Instant now);

// The one rule set for a title, applied by open, schedule and edit whoever calls them: trimmed,
// not empty, valid UTF-8 without NUL, at most 1024 bytes, one line, no C0/C1 control
// characters. Returns the trimmed title; UsageError naming the first problem.
std::string check_title(std::string_view title);

// Loads an incident or throws NotFoundError.
Incident require_incident(const ReadStore& store, IncidentId id);

// Which updates a public report shows: all but internal notes. Every export (md, html, json,
// atom) and the status site filter through this one rule unless asked for an internal report.
bool is_public(const Update& update) noexcept;
std::vector<Update> public_updates(const std::vector<Update>& chronological);
// The same without a copy when there is no internal note: `chronological` itself, else the
// filtered copy, kept in `scratch`.
const std::vector<Update>& public_updates(const std::vector<Update>& chronological,
                                          std::vector<Update>& scratch);

// Milestones (`--mark`, `incident mark`). Their order is checked: started (started_at, else
// the opening) at or before the opening and every other milestone; acknowledged at or after
// detected. A UsageError says which two disagree.
struct MarkRequest {
    IncidentId id = 0;
    Milestone milestone = Milestone::detected;
    std::optional<Instant> at;  // none: now
    std::string author;
    Zone zone = Zone::utc();
};
enum class MarkOutcome { set, replaced, unchanged };
MarkOutcome mark_milestone(WriteStore& store, const MarkRequest& request, Instant now);

// Follow-up actions. Text and owner are one line each; a link is an http(s) address.
struct ActionRequest {
    IncidentId id = 0;
    std::string text;
    std::optional<std::string> owner;
    std::optional<std::chrono::year_month_day> due;
    std::optional<std::string> link;
    std::string author;
};
struct AddedAction {
    ActionId id = 0;
    bool overdue = false;  // due before today: recorded anyway (the caller warns)
};
AddedAction add_action(WriteStore& store, const ActionRequest& request, Instant now,
                       const Zone& zone);
// Marks an action done or open again; `false` when it already was (nothing written).
bool set_action_done(WriteStore& store, ActionId id, bool done, const std::string& author,
                     Instant now);

// Roles: one holder per role per incident; a new holder replaces the old, who stays in the
// history. `role` is one word, compared in lower case.
struct RoleRequest {
    IncidentId id = 0;
    std::string role;
    std::string name;
    std::string author;
};
enum class RoleOutcome { assigned, replaced, unchanged };
RoleOutcome assign_role(WriteStore& store, const RoleRequest& request, Instant now);
// The role word as stored (ASCII lower case); UsageError unless one word without controls.
std::string check_role(std::string_view role);
// A one-line text such as an action, an owner or a name: trimmed, not empty, valid UTF-8,
// at most `max_bytes`, no line breaks or control characters. `what` names it in the message.
std::string check_line(std::string_view what, std::string_view text, std::size_t max_bytes);

// Default messages, Statuspage's own wording.
inline constexpr const char* default_open_message = "We are currently investigating this issue.";
inline constexpr const char* default_resolve_message = "This incident has been resolved.";
inline constexpr const char* default_schedule_message =
    "We will be undergoing scheduled maintenance during this time.";
inline constexpr const char* default_complete_message =
    "The scheduled maintenance has been completed.";

}  // namespace incident
