#pragma once
// The journal's storage: an abstract reader and writer with operation-level calls, and the
// factory that picks a backend from the journal's location (a file path: SQLite, the embedded
// default; a postgresql:// URL: a PostgreSQL server). Only the backends (src/store/sqlite/,
// src/store/postgresql/) know SQL. ReadStore reads; WriteStore adds the writes, each inside
// transact(). Every call here is covered by the conformance suite (tests/unit/conformance/),
// which runs against each backend.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "incident/model.hpp"

namespace incident {

struct StoreOptions {
    // How long a command waits at most for other writers (and, for a file, readers) before it
    // gives up; the CLI sets it from INCIDENT_LOCK_TIMEOUT_MS.
    std::chrono::milliseconds lock_timeout{5000};
    // How long connecting to a server may take; a file ignores it.
    std::chrono::milliseconds connect_timeout{10000};
    // Where backend modules are (the PostgreSQL one); empty: beside the installed program.
    std::filesystem::path module_dir;
};

// The schema version this binary writes and understands (each backend has one migration per
// version, the same data model in both).
inline constexpr int schema_version = 10;

enum class StatusFilter { open, resolved, all };

struct IncidentFilter {
    StatusFilter status = StatusFilter::all;
    std::optional<Instant> since;  // created_at >= since
    std::optional<Instant> until;  // created_at < until
    std::vector<IncidentId> ids;   // empty: every incident
    std::optional<Kind> kind;      // none: both incidents and maintenances
    std::optional<std::size_t> limit;
    bool newest_first = true;
};

// One earlier or current version of an amended update.
struct UpdateVersion {
    UpdateId update_id = 0;
    std::string body;
    Instant posted_at;
    Instant written_at;  // when this version was recorded (the update's or the amendment's)
    std::string written_by;
    bool current = false;
};

// One `edit` correction: the value before and after (after is empty for a removed component,
// which is stored as "Group/Name").
struct IncidentEdit {
    IncidentId incident_id = 0;
    std::string field;  // title | impact | component
    std::string old_value;
    std::optional<std::string> new_value;
    Instant edited_at;
    std::string edited_by;
};

// `stats`: what the store aggregates for a set of incidents.
struct ResolveTime {
    IncidentId id = 0;
    std::string title;
    Impact impact = Impact::none;
    Instant created_at;
    Instant resolved_at;
};

// A byte range [begin, end) of a text.
struct TextRange {
    std::size_t begin = 0;
    std::size_t end = 0;
    friend bool operator==(const TextRange&, const TextRange&) = default;
};

// `search`: the filter's status, since, until and limit apply; ids and order are ignored
// (best match first, one hit per incident: its best matching text).
struct SearchHit {
    Incident incident;  // without components or postmortem
    double score = 0;   // higher is a better match; comparable within one search only
    enum class Kind { title, update, postmortem } kind = Kind::title;
    std::optional<UpdateId> update_id;  // for Kind::update
    std::string snippet;                // an excerpt of the matching text
    std::vector<TextRange> matches;     // where the words are in `snippet`, in order
};

// The words of a search text: split at whitespace, each taken literally (user text is never
// query syntax). Empty when the text has none.
std::vector<std::string> search_words(std::string_view text);

// One status change of a component, for deriving its current status.
struct StatusChange {
    UpdateId update_id = 0;
    IncidentId incident_id = 0;
    Instant posted_at;
    ComponentStatus old_status = ComponentStatus::operational;
    ComponentStatus new_status = ComponentStatus::operational;
};

// What a cache of the journal's reports compares (`site` keeps it in its manifest): no row of
// the tables a report reads is ever deleted, and every write that changes what a report shows
// adds a row to one of them (an update, a postmortem, an amended version, an edit, an incident,
// a page component, an action or its done/reopened event, a milestone change, a role), so the
// largest ids change with every such write. Config is apart.
struct JournalMark {
    std::int64_t incidents = 0;
    std::int64_t updates = 0;
    std::int64_t postmortems = 0;
    std::int64_t update_versions = 0;
    std::int64_t incident_edits = 0;
    std::int64_t page_components = 0;
    std::int64_t actions = 0;
    std::int64_t action_events = 0;
    std::int64_t milestone_changes = 0;
    std::int64_t roles = 0;
    friend bool operator==(const JournalMark&, const JournalMark&) = default;
};

struct KeyUse {
    IncidentId incident_id;
    UpdateId update_id;
    bool opened_incident;  // the key was given to `open`
};

// After the outage (issue 12): what the store keeps of follow-up actions, roles and milestones.
struct ActionFilter {
    std::vector<IncidentId> incidents;  // empty: every incident's
    bool open_only = false;
};

// An action marked done or reopened (`action done`, `action reopen`).
struct ActionEvent {
    ActionId action_id = 0;
    bool done = false;  // false: reopened
    Instant at;
    std::string by;
};

// One setting of a milestone: `old_at` is what it replaced (none: it was unset, or for
// started the opening time stood in).
struct MilestoneChange {
    Milestone milestone = Milestone::detected;
    std::optional<Instant> old_at;
    Instant new_at;
    std::optional<UpdateId> update_id;  // the update whose --mark set it
    Instant changed_at;
    std::string changed_by;
};

// `stats`: an incident's milestones, for the response metrics.
struct ResponseRecord {
    IncidentId id = 0;
    std::string title;
    Impact impact = Impact::none;
    Kind kind = Kind::incident;
    bool backfilled = false;
    Instant created_at;
    std::optional<Instant> started_at;
    std::optional<Instant> detected_at;
    std::optional<Instant> acknowledged_at;
    std::optional<Instant> mitigated_at;
    std::optional<Instant> resolved_at;
    std::vector<Component> components;  // only when asked for
};

// What the journal derives from an incident's updates (src/journal: derive_state) and the
// store keeps on the incident.
struct IncidentState {
    Status status = Status::investigating;
    std::optional<Instant> resolved_at;
    Instant updated_at;
    std::optional<Instant> monitoring_at;
    friend bool operator==(const IncidentState&, const IncidentState&) = default;
};

// `copy`: the journal's tables, row by row, the same in every backend. A value is a column's
// text (integers in decimal) or none for NULL.
using Field = std::optional<std::string>;
using Row = std::vector<Field>;
struct TableColumns {
    std::string_view table;
    std::vector<std::string_view> columns;
    std::vector<bool> integer;  // per column: an integer (else text)
    std::string_view order;     // the key its rows are dumped by (an ORDER BY list)
};
// Every table of the data model, each before the tables that refer to it. A new table or
// column (a migration in both backends) is added here too.
const std::vector<TableColumns>& journal_tables();

class ReadStore {
  public:
    ReadStore() = default;
    ReadStore(const ReadStore&) = delete;
    ReadStore& operator=(const ReadStore&) = delete;
    virtual ~ReadStore() = default;

    // Where the journal is, for messages: a file's path or a server's URL.
    virtual std::string location() const = 0;
    // The file that holds the journal; none for a server.
    virtual std::optional<std::filesystem::path> file() const = 0;

    // A journal that does not exist yet reads as one without settings (config() is unset);
    // every query of its records throws NotFoundError "no journal at LOCATION".
    // Every read sees one snapshot, taken when the store opened: keep a ReadStore only as
    // long as one command.
    virtual std::optional<Incident> incident(IncidentId id) const = 0;
    // Chronological: posted_at, then recorded order.
    virtual std::vector<Update> updates(IncidentId id) const = 0;
    virtual std::vector<Incident> incidents(const IncidentFilter& filter) const = 0;
    // Streams incidents with their updates, one at a time, so exports need not hold them all.
    virtual void for_each_incident(
        const IncidentFilter& filter,
        const std::function<void(const Incident&, const std::vector<Update>&)>& visit) const = 0;
    // Every postmortem text the incident has had, oldest first (the last is the current one).
    virtual std::vector<Postmortem> postmortem_history(IncidentId id) const = 0;

    virtual std::optional<std::string> config(const std::string& key) const = 0;
    // The newest incident updated_at: when the journal's reports last changed; none when empty.
    virtual std::optional<Instant> last_change() const = 0;
    // The largest ids (see JournalMark): one indexed lookup per table. All zero when empty.
    virtual JournalMark mark() const = 0;
    virtual std::vector<std::pair<std::string, std::string>> all_config() const = 0;
    virtual std::optional<KeyUse> key_use(const std::string& key) const = 0;
    // Every component any incident names, each spelling once, in order of first use.
    virtual std::vector<Component> component_names() const = 0;
    // The page's components in page order (every component an incident names is one).
    virtual std::vector<PageComponent> page_components() const = 0;
    virtual std::optional<PageComponent> page_component(const Component& component) const = 0;
    virtual std::optional<PageComponent> page_component_by_source(
        const std::string& source_id) const = 0;
    // Every status change of the component, chronological (posted_at, update id, order).
    virtual std::vector<StatusChange> component_history(ComponentId id) const = 0;
    // The incident or update a Statuspage id was imported as.
    virtual std::optional<IncidentId> incident_by_source(const std::string& source_id) const = 0;
    virtual std::optional<UpdateId> update_by_source(const std::string& source_id) const = 0;

    virtual std::optional<Update> update(UpdateId id) const = 0;
    // Versions of the incident's amended updates: per update (by id) oldest first, the
    // current one last. Updates never amended are not listed.
    virtual std::vector<UpdateVersion> update_versions(IncidentId id) const = 0;
    // The incident's `edit` corrections, oldest first.
    virtual std::vector<IncidentEdit> incident_edits(IncidentId id) const = 0;

    virtual std::int64_t count(const IncidentFilter& filter) const = 0;
    virtual std::vector<std::pair<Impact, std::int64_t>> count_by_impact(
        const IncidentFilter& filter) const = 0;
    // Earliest and latest created_at among the filtered incidents.
    virtual std::optional<std::pair<Instant, Instant>> created_range(
        const IncidentFilter& filter) const = 0;
    // Resolved incidents of the filter, oldest first.
    virtual std::vector<ResolveTime> resolve_times(const IncidentFilter& filter) const = 0;
    // Incidents whose title, one update or current postmortem contains every word (whole
    // words, ignoring case and diacritics; CJK words as substrings), best match first, a title
    // match weighing more than a body match. `snippets` false leaves snippet and matches empty
    // (cheaper when only ids are wanted).
    virtual std::vector<SearchHit> search(const std::vector<std::string>& words,
                                          const IncidentFilter& filter,
                                          bool snippets = true) const = 0;

    // After the outage (issue 12). Incident::postmortem is the postmortem its reports show: its
    // own, or the current postmortem of the incident that covers it (Postmortem::incident_id
    // says whose; Postmortem::regarding lists every incident it regards when it covers any);
    // Incident::actions are those of every incident it regards, by id.
    // The incident whose current postmortem covers `id` (never `id` itself); none if none does.
    virtual std::optional<IncidentId> covered_by(IncidentId id) const = 0;
    // The other incidents the current postmortem of `id` covers, in the order given; empty
    // when it has no postmortem or covers none.
    virtual std::vector<IncidentId> covers(IncidentId id) const = 0;
    // Every postmortem version of another incident that covers (or covered) `id`, oldest first.
    virtual std::vector<Postmortem> covering_postmortems(IncidentId id) const = 0;
    virtual std::optional<Action> action(ActionId id) const = 0;
    // By id.
    virtual std::vector<Action> actions(const ActionFilter& filter) const = 0;
    // Every done/reopened event of the incident's actions, oldest first.
    virtual std::vector<ActionEvent> action_events(IncidentId id) const = 0;
    // The current holder of each role of the incident, by role.
    virtual std::vector<RoleHolder> roles(IncidentId id) const = 0;
    // Every assignment of the incident's roles, oldest first (the newest per role is current).
    virtual std::vector<RoleHolder> role_history(IncidentId id) const = 0;
    // Every milestone setting of the incident, oldest first.
    virtual std::vector<MilestoneChange> milestone_changes(IncidentId id) const = 0;
    // Every incident and maintenance of the filter (status, since, until, kind; ids, order and
    // limit are ignored) by created_at then id, with components when `components` is set.
    virtual std::vector<ResponseRecord> response_records(const IncidentFilter& filter,
                                                         bool components) const = 0;

    // `copy`: whether the journal holds no row at all (settings included).
    virtual bool empty() const = 0;
    // Every row of journal_tables(), table by table in that order, each table by its key.
    virtual void dump(const std::function<void(const TableColumns&, const Row&)>& visit) const = 0;
};

struct NewIncident {
    std::string title;
    Impact impact = Impact::none;
    Kind kind = Kind::incident;  // the status starts as initial_status(kind)
    std::optional<Instant> started_at;
    std::optional<Instant> scheduled_for;
    std::optional<Instant> scheduled_until;
    std::optional<std::string> source_id;
    std::optional<std::string> shortlink;
    bool backfilled = false;
    bool impact_given = false;             // see Incident::impact_given
    std::optional<Instant> detected_at{};  // milestones an import brings along
    std::optional<Instant> acknowledged_at{};
    std::optional<Instant> mitigated_at{};
    // Given: the state the updates recorded right after it give it (derive_state; an import
    // has them all at hand), written with the row instead of initial_status(kind) and a
    // set_state per incident.
    std::optional<IncidentState> state;
};

class WriteStore : public ReadStore {
  public:
    // Runs `body` in one transaction; commits on return, rolls back and rethrows on an
    // exception (a backend failure as StorageError). `body` may run more than once when the
    // backend must retry the whole transaction, so it only reads and writes through the store.
    // Waiting for other writers is bounded by StoreOptions::lock_timeout.
    virtual void transact(const std::function<void()>& body) = 0;

    // Who the backend records this session's writes as: a server's login, which its
    // permissions (docs/TEAM.md) hold every update to. None when the caller says who: a file,
    // or a server login that may write any row anyway (the journal's owner).
    virtual std::optional<std::string> login() const = 0;

    // Inside transact, before reading the incident: other writers of this incident wait
    // until this transaction ends, so what it reads of the incident stays current. Inside
    // transact, key_use() and component_history() hold what they read the same way.
    virtual void lock_incident(IncidentId id) = 0;

    // Inside transact: `body` adds many rows (an import, a copy); a backend may defer keeping
    // its search index until `body` returns, and may skip re-checking `typed` rows (written by
    // the typed calls below, whose values are the model's own spellings). Rows load()s must be
    // `untyped`. An exception leaves the transaction to roll back.
    enum class Rows { typed, untyped };
    virtual void bulk_insert(Rows rows, const std::function<void()>& body) = 0;

    virtual IncidentId insert_incident(const NewIncident& incident, Instant created_at) = 0;
    // Also records update.changes (adding page components they name that the page lacks);
    // update.components are not written here (add_components does).
    virtual UpdateId insert_update(const Update& update) = 0;
    // Adds a page component or, for one of that group and name, sets its status and the
    // source ids given. Returns its id.
    virtual ComponentId put_page_component(const PageComponent& component) = 0;
    // The page component's id, adding it (operational, last) if the page lacks it.
    virtual ComponentId ensure_component(const Component& component) = 0;
    // Only the journal's derivation (src/journal) should set this.
    virtual void set_component_status(ComponentId id, ComponentStatus status) = 0;
    virtual void set_started_at(IncidentId id, std::optional<Instant> started_at) = 0;
    virtual void set_schedule(IncidentId id, Instant scheduled_for, Instant scheduled_until) = 0;
    // `first_named_by` empty: named by the incident but by none of its updates (imports).
    // Each also becomes a page component if the page lacks it. A component the incident
    // already names is left as it is.
    virtual void add_components(IncidentId id, std::optional<UpdateId> first_named_by,
                                const std::vector<Component>& components) = 0;
    virtual void set_impact(IncidentId id, Impact impact) = 0;
    // Keeps what the journal derived from the incident's updates (src/journal refresh_state).
    virtual void set_state(IncidentId id, const IncidentState& state) = 0;
    // A new version of the incident's postmortem; `covers`: the other incidents it covers,
    // in order (each once, none of them `id`).
    virtual void insert_postmortem(IncidentId id, const std::string& body, Instant posted_at,
                                   Instant recorded_at,
                                   const std::vector<IncidentId>& covers = {}) = 0;
    // Keeps the update's current text and time as a version, then replaces them.
    virtual void amend_update(UpdateId id, const std::string& body, Instant posted_at,
                              Instant edited_at, const std::string& edited_by) = 0;
    virtual void set_created_at(IncidentId id, Instant created_at) = 0;
    // `edit`: each keeps the earlier value as an IncidentEdit; refresh_state then moves
    // updated_at to the edit's time.
    virtual void set_title(IncidentId id, const std::string& title) = 0;
    virtual void remove_component(IncidentId id, const Component& component) = 0;
    virtual void insert_incident_edit(const IncidentEdit& edit) = 0;
    virtual void set_config(const std::string& key, const std::string& value) = 0;
    virtual void unset_config(const std::string& key) = 0;

    // After the outage (issue 12); the rules are the journal's (src/journal).
    // Returns the new action's id; its `id`, `done_at` and `done_by` are not read.
    virtual ActionId insert_action(const Action& action) = 0;
    // Marks the action done at `at` by `by` (done) or open again (!done); keeps the event.
    virtual void set_action_done(ActionId id, bool done, Instant at, const std::string& by) = 0;
    // `holder` becomes the current holder of its role in the incident; earlier ones are kept.
    virtual void insert_role(IncidentId id, const RoleHolder& holder) = 0;
    // Sets the milestone's current time (started: started_at) and keeps the change with the
    // time it replaced.
    virtual void set_milestone(IncidentId id, Milestone milestone, Instant at,
                               std::optional<UpdateId> update_id, Instant changed_at,
                               const std::string& changed_by) = 0;

    // `copy`, inside transact (and bulk_insert) on an empty journal: adds one row as dump()
    // gave it, ids included; finish_load() then makes new ids follow the loaded ones.
    virtual void load(const TableColumns& table, const Row& row) = 0;
    virtual void finish_load() = 0;
};

// Whether a journal location names a PostgreSQL server (postgresql:// or postgres://) rather
// than a file.
bool is_server_location(std::string_view location);

// The backend for `location`. A reader migrates an older journal first (through a writer);
// a writer migrates when it opens. A file that does not exist is created by the first
// transact() that commits; a server's database must exist (its schema is created on first use).
std::unique_ptr<ReadStore> open_read_store(const std::string& location,
                                           const StoreOptions& options = {});
std::unique_ptr<WriteStore> open_write_store(const std::string& location,
                                             const StoreOptions& options = {});

}  // namespace incident
