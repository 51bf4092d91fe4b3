#pragma once
// The journal file. This interface and src/store/ are the only code that knows SQL.
// ReadStore opens the file read-only; WriteStore adds the writes, each inside transact().
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
    std::chrono::milliseconds busy_timeout{5000};
    int max_begin_attempts = 5;  // BEGIN IMMEDIATE retries on top of the busy timeout
    // When set, bounds transact()'s whole wait for the write lock, retries included (the CLI
    // sets it to INCIDENT_LOCK_TIMEOUT_MS, so that is how long a user waits at most).
    std::optional<std::chrono::milliseconds> write_lock_deadline;
};

// The schema version this binary writes and understands.
inline constexpr int schema_version = 7;

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

// `stats`: what SQL aggregates for a set of incidents.
struct ResolveTime {
    IncidentId id = 0;
    std::string title;
    Impact impact = Impact::none;
    Instant created_at;
    Instant resolved_at;
};

// `search`: `match` is an FTS5 query (build it with fts_query()); the filter's status,
// since, until and limit apply; ids and order are ignored (best match first).
struct SearchHit {
    Incident incident;  // without components or postmortem
    double score = 0;   // bm25: lower is a better match
    enum class Kind { title, update, postmortem } kind = Kind::title;
    std::optional<UpdateId> update_id;  // for Kind::update
    std::string snippet;  // matched terms between search_mark_begin and search_mark_end
};
inline constexpr char search_mark_begin = '\x01';
inline constexpr char search_mark_end = '\x02';

// Every whitespace-separated word of `text` as a quoted FTS5 string, all required: user text is
// never FTS5 syntax. Empty when `text` has no words.
std::string fts_query(std::string_view text);

// One status change of a component, for deriving its current status.
struct StatusChange {
    UpdateId update_id = 0;
    IncidentId incident_id = 0;
    Instant posted_at;
    ComponentStatus old_status = ComponentStatus::operational;
    ComponentStatus new_status = ComponentStatus::operational;
};

struct KeyUse {
    IncidentId incident_id;
    UpdateId update_id;
    bool opened_incident;  // the key was given to `open`
};

class ReadStore {
public:
    // A journal that does not exist is created by nothing here: its settings (config()) read
    // as unset, and every query of its records throws NotFoundError "no journal at PATH".
    // Every read sees one snapshot: a read transaction lasts until the store is destroyed
    // (writers wait for it to end), so keep a ReadStore only as long as one command.
    static ReadStore open(const std::filesystem::path& path, const StoreOptions& options = {});
    ReadStore(ReadStore&&) noexcept;
    ReadStore& operator=(ReadStore&&) noexcept;
    ~ReadStore();

    const std::filesystem::path& path() const noexcept;

    std::optional<Incident> incident(IncidentId id) const;
    // Chronological: posted_at, then recorded order.
    std::vector<Update> updates(IncidentId id) const;
    std::vector<Incident> incidents(const IncidentFilter& filter) const;
    // Streams incidents with their updates, one at a time, so exports need not hold them all.
    void for_each_incident(
        const IncidentFilter& filter,
        const std::function<void(const Incident&, const std::vector<Update>&)>& visit) const;
    // Every postmortem text the incident has had, oldest first (the last is the current one).
    std::vector<Postmortem> postmortem_history(IncidentId id) const;

    std::optional<std::string> config(const std::string& key) const;
    // The newest incident updated_at: when the journal's reports last changed; none when empty.
    std::optional<Instant> last_change() const;
    std::vector<std::pair<std::string, std::string>> all_config() const;
    std::optional<KeyUse> key_use(const std::string& key) const;
    // Every component any incident names, each spelling once, in order of first use.
    std::vector<Component> component_names() const;
    // The page's components in page order (every component an incident names is one).
    std::vector<PageComponent> page_components() const;
    std::optional<PageComponent> page_component(const Component& component) const;
    std::optional<PageComponent> page_component_by_source(const std::string& source_id) const;
    // Every status change of the component, chronological (posted_at, update id, order).
    std::vector<StatusChange> component_history(ComponentId id) const;
    // The incident or update a Statuspage id was imported as.
    std::optional<IncidentId> incident_by_source(const std::string& source_id) const;
    std::optional<UpdateId> update_by_source(const std::string& source_id) const;

    std::optional<Update> update(UpdateId id) const;
    // Versions of the incident's amended updates: per update (by id) oldest first, the
    // current one last. Updates never amended are not listed.
    std::vector<UpdateVersion> update_versions(IncidentId id) const;
    // The incident's `edit` corrections, oldest first.
    std::vector<IncidentEdit> incident_edits(IncidentId id) const;

    std::int64_t count(const IncidentFilter& filter) const;
    std::vector<std::pair<Impact, std::int64_t>> count_by_impact(const IncidentFilter& filter) const;
    // Earliest and latest created_at among the filtered incidents.
    std::optional<std::pair<Instant, Instant>> created_range(const IncidentFilter& filter) const;
    // Resolved incidents of the filter, oldest first.
    std::vector<ResolveTime> resolve_times(const IncidentFilter& filter) const;
    // `snippets` false leaves SearchHit::snippet empty (cheaper when only ids are wanted).
    std::vector<SearchHit> search(const std::string& match, const IncidentFilter& filter,
                                  bool snippets = true) const;

    struct Impl;

protected:
    explicit ReadStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// What an incident's updates and postmortem make of it (WriteStore::refresh_state).
struct IncidentState {
    Status status = Status::investigating;
    std::optional<Instant> resolved_at;
    Instant updated_at;
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
    bool impact_given = false;  // see Incident::impact_given
    // Given: the state the updates recorded with it give it (an import, which has them all at
    // hand), instead of initial_status(kind) and a refresh_state per incident.
    std::optional<IncidentState> state;
};

class WriteStore : public ReadStore {
public:
    // Migrates the schema forward. A journal that does not exist yet (mode 0600, directories
    // 0700) appears only when the first transact() commits: a failed first write leaves no
    // file or directory behind.
    static WriteStore open(const std::filesystem::path& path, const StoreOptions& options = {});

    // Runs `body` in one BEGIN IMMEDIATE transaction, retried (bounded) while the journal
    // is locked; commits on return, rolls back and rethrows on an exception. The first
    // transact() of a new journal runs `body` a second time, against the other journal, when
    // another writer created the file in the meantime.
    void transact(const std::function<void()>& body);

    // Inside transact: runs `body` with the search index's insert triggers lifted, then indexes
    // every incident, update and postmortem it added, in one statement each. FTS5 writes a
    // segment per statement, so row by row an import of 200k updates took 8x as long.
    // An exception leaves the transaction to roll back (the triggers come back with it).
    void bulk_indexed(const std::function<void()>& body);

    IncidentId insert_incident(const NewIncident& incident, Instant created_at);
    // Also records update.changes (adding page components they name that the page lacks);
    // update.components are not written here (add_components does).
    UpdateId insert_update(const Update& update);
    // Adds a page component or, for one of that group and name, sets its status and the
    // source ids given. Returns its id.
    ComponentId put_page_component(const PageComponent& component);
    // The page component's id, adding it (operational, last) if the page lacks it.
    ComponentId ensure_component(const Component& component);
    // Only the journal's derivation (src/journal) should set this.
    void set_component_status(ComponentId id, ComponentStatus status);
    void set_started_at(IncidentId id, std::optional<Instant> started_at);
    void set_schedule(IncidentId id, Instant scheduled_for, Instant scheduled_until);
    // `first_named_by` empty: named by the incident but by none of its updates (imports).
    // Each also becomes a page component if the page lacks it.
    void add_components(IncidentId id, std::optional<UpdateId> first_named_by,
                        const std::vector<Component>& components);
    void set_impact(IncidentId id, Impact impact);
    // Recomputes status, resolved_at and updated_at from the incident's updates.
    void refresh_state(IncidentId id);
    void insert_postmortem(IncidentId id, const std::string& body, Instant posted_at,
                           Instant recorded_at);
    // Keeps the update's current text and time as a version, then replaces them.
    void amend_update(UpdateId id, const std::string& body, Instant posted_at, Instant edited_at,
                      const std::string& edited_by);
    void set_created_at(IncidentId id, Instant created_at);
    // `edit`: each keeps the earlier value as an IncidentEdit; refresh_state then moves
    // updated_at to the edit's time.
    void set_title(IncidentId id, const std::string& title);
    void remove_component(IncidentId id, const Component& component);
    void insert_incident_edit(const IncidentEdit& edit);
    void set_config(const std::string& key, const std::string& value);
    void unset_config(const std::string& key);

private:
    using ReadStore::ReadStore;
    void commit(const std::function<void()>& body);
};

}  // namespace incident
