#include "store.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "incident/errors.hpp"
#include "incident/text.hpp"
#include "incident/time.hpp"
#include "libpq.hpp"
#include "schema.hpp"
#include "store/columns.hpp"
#include "store/search_text.hpp"

namespace incident::postgresql {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

std::int64_t millis_of(Instant t) {
    return t.time_since_epoch().count();
}
Instant instant_of(std::int64_t ms) {
    return Instant{milliseconds{ms}};
}
std::optional<std::int64_t> millis_of(const std::optional<Instant>& t) {
    if (!t) return std::nullopt;
    return millis_of(*t);
}
std::optional<Instant> optional_instant(const Result& r, int row, int column) {
    if (r.null(row, column)) return std::nullopt;
    return instant_of(r.integer(row, column));
}

template <class T, class Parse>
T parse_stored(std::string_view text, Parse parse, const char* what) {
    if (const auto v = parse(text)) return *v;
    throw StorageError(fmt::format("the journal holds an unknown {} \"{}\"", what, visible(text)));
}
Status status_of(std::string_view s) {
    return parse_stored<Status>(s, parse_status, "status");
}
Impact impact_of(std::string_view s) {
    return parse_stored<Impact>(s, parse_impact, "impact");
}
Kind kind_of(std::string_view s) {
    return parse_stored<Kind>(s, parse_kind, "kind");
}
ComponentStatus component_status_of(std::string_view s) {
    return parse_stored<ComponentStatus>(s, parse_component_status, "component status");
}

// The columns incident_row() reads, of the incidents row named `alias`.
std::string incident_fields(const std::string& alias) {
    std::string out;
    for (const char* c : {"id", "title", "impact", "status", "created_at", "resolved_at",
                          "updated_at", "monitoring_at", "kind", "started_at", "scheduled_for",
                          "scheduled_until", "source_id", "shortlink", "backfilled", "impact_given",
                          "detected_at", "acknowledged_at", "mitigated_at"}) {
        out += (out.empty() ? "" : ", ") + alias + "." + c;
    }
    return out;
}
constexpr int incident_field_count = 19;

Incident incident_row(const Result& r, int row) {
    Incident inc;
    inc.id = r.integer(row, 0);
    inc.title = r.text(row, 1);
    inc.impact = impact_of(r.view(row, 2));
    inc.status = status_of(r.view(row, 3));
    inc.created_at = instant_of(r.integer(row, 4));
    inc.resolved_at = optional_instant(r, row, 5);
    inc.updated_at = instant_of(r.integer(row, 6));
    inc.monitoring_at = optional_instant(r, row, 7);
    inc.kind = kind_of(r.view(row, 8));
    inc.started_at = optional_instant(r, row, 9);
    inc.scheduled_for = optional_instant(r, row, 10);
    inc.scheduled_until = optional_instant(r, row, 11);
    inc.source_id = r.optional_text(row, 12);
    inc.shortlink = r.optional_text(row, 13);
    inc.backfilled = r.integer(row, 14) != 0;
    inc.impact_given = r.integer(row, 15) != 0;
    inc.detected_at = optional_instant(r, row, 16);
    inc.acknowledged_at = optional_instant(r, row, 17);
    inc.mitigated_at = optional_instant(r, row, 18);
    return inc;
}

constexpr const char* update_fields =
    "u.id, u.incident_id, u.status, u.body, u.posted_at, u.recorded_at, u.author, "
    "u.idempotency_key, u.edited_at, u.source_id, u.internal";

Update update_row(const Result& r, int row) {
    Update u;
    u.id = r.integer(row, 0);
    u.incident_id = r.integer(row, 1);
    u.status = status_of(r.view(row, 2));
    u.body = r.text(row, 3);
    u.posted_at = instant_of(r.integer(row, 4));
    u.recorded_at = instant_of(r.integer(row, 5));
    u.author = r.optional_text(row, 6);
    u.idempotency_key = r.optional_text(row, 7);
    u.edited_at = optional_instant(r, row, 8);
    u.source_id = r.optional_text(row, 9);
    u.internal = r.integer(row, 10) != 0;
    return u;
}

Milestone milestone_of(std::string_view s) {
    return parse_stored<Milestone>(s, parse_milestone, "milestone");
}

constexpr const char* action_fields =
    "id, incident_id, text, owner, due, link, created_at, created_by, done_at, done_by";

Action action_row(const Result& r, int row) {
    Action a;
    a.id = r.integer(row, 0);
    a.incident_id = r.integer(row, 1);
    a.text = r.text(row, 2);
    a.owner = r.optional_text(row, 3);
    if (!r.null(row, 4)) {
        const auto parsed = parse_day(r.view(row, 4));
        const auto* day = std::get_if<std::chrono::year_month_day>(&parsed);
        if (day == nullptr) {
            throw StorageError(
                fmt::format("the journal holds an unknown day \"{}\"", visible(r.view(row, 4))));
        }
        a.due = *day;
    }
    a.link = r.optional_text(row, 5);
    a.created_at = instant_of(r.integer(row, 6));
    a.created_by = r.text(row, 7);
    a.done_at = optional_instant(r, row, 8);
    a.done_by = r.optional_text(row, 9);
    return a;
}

std::vector<RoleHolder> role_rows(const Result& r) {
    std::vector<RoleHolder> out;
    for (int i = 0; i < r.rows(); ++i) {
        out.push_back({r.text(i, 0), r.text(i, 1), instant_of(r.integer(i, 2)), r.text(i, 3)});
    }
    return out;
}

constexpr const char* page_component_fields =
    "id, grp, name, status, position, source_id, group_source_id";

PageComponent page_component_row(const Result& r, int row) {
    PageComponent c;
    c.id = r.integer(row, 0);
    c.component = {r.text(row, 1), r.text(row, 2)};
    c.status = component_status_of(r.view(row, 3));
    c.position = r.integer(row, 4);
    c.source_id = r.optional_text(row, 5);
    c.group_source_id = r.optional_text(row, 6);
    return c;
}

// " WHERE ..." for the filter's status, kind, times and ids (columns of `alias`), parameters
// appended to `params`.
std::string filter_where(const IncidentFilter& f, Params& params, const std::string& alias,
                         bool with_ids = true) {
    std::vector<std::string> where;
    const auto next = [&] { return "$" + std::to_string(params.size() + 1); };
    const auto a = alias + ".";
    if (f.status == StatusFilter::open)
        where.push_back(a + "status NOT IN ('resolved', 'completed')");
    if (f.status == StatusFilter::resolved)
        where.push_back(a + "status IN ('resolved', 'completed')");
    if (f.kind) {
        where.push_back(a +
                        (*f.kind == Kind::incident ? "kind = 'incident'" : "kind = 'maintenance'"));
    }
    if (f.since) {
        where.push_back(a + "created_at >= " + next());
        params.add(millis_of(*f.since));
    }
    if (f.until) {
        where.push_back(a + "created_at < " + next());
        params.add(millis_of(*f.until));
    }
    if (with_ids && !f.ids.empty()) {
        where.push_back(a + "id = ANY(" + next() + "::bigint[])");
        params.add(fmt::format("{{{}}}", fmt::join(f.ids, ",")));
    }
    std::string out;
    for (std::size_t i = 0; i < where.size(); ++i) out += (i == 0 ? " WHERE " : " AND ") + where[i];
    return out;
}

std::string id_array(const std::vector<IncidentId>& ids) {
    return fmt::format("{{{}}}", fmt::join(ids, ","));
}

struct NamedComponent {
    IncidentId incident_id;
    Component component;
    std::optional<UpdateId> named_by;
};

// Advisory locks of keys (two int4 keys: this namespace and the key's hash).
constexpr int key_lock_space = 1229865797;

class PgStore final : public WriteStore {
  public:
    PgStore(std::unique_ptr<Connection> db, const StoreOptions& options, bool read_only)
        : db_(std::move(db)), options_(options), read_only_(read_only) {}

    std::string location() const override { return db_->url(); }
    std::optional<std::filesystem::path> file() const override { return std::nullopt; }

    // Opens the reader's snapshot, or the writer's session; migrates when needed.
    void start();

    std::optional<Incident> incident(IncidentId id) const override;
    std::vector<Update> updates(IncidentId id) const override;
    std::vector<Incident> incidents(const IncidentFilter& filter) const override;
    void for_each_incident(const IncidentFilter& filter,
                           const std::function<void(const Incident&, const std::vector<Update>&)>&
                               visit) const override;
    std::vector<Postmortem> postmortem_history(IncidentId id) const override;
    std::optional<std::string> config(const std::string& key) const override;
    std::optional<Instant> last_change() const override;
    JournalMark mark() const override;
    std::vector<std::pair<std::string, std::string>> all_config() const override;
    std::optional<KeyUse> key_use(const std::string& key) const override;
    std::vector<Component> component_names() const override;
    std::vector<PageComponent> page_components() const override;
    std::optional<PageComponent> page_component(const Component& component) const override;
    std::optional<PageComponent> page_component_by_source(
        const std::string& source_id) const override;
    std::vector<StatusChange> component_history(ComponentId id) const override;
    std::optional<IncidentId> incident_by_source(const std::string& source_id) const override;
    std::optional<UpdateId> update_by_source(const std::string& source_id) const override;
    std::optional<Update> update(UpdateId id) const override;
    std::vector<UpdateVersion> update_versions(IncidentId id) const override;
    std::vector<IncidentEdit> incident_edits(IncidentId id) const override;
    std::int64_t count(const IncidentFilter& filter) const override;
    std::vector<std::pair<Impact, std::int64_t>> count_by_impact(
        const IncidentFilter& filter) const override;
    std::optional<std::pair<Instant, Instant>> created_range(
        const IncidentFilter& filter) const override;
    std::vector<ResolveTime> resolve_times(const IncidentFilter& filter) const override;
    std::vector<SearchHit> search(const std::vector<std::string>& words,
                                  const IncidentFilter& filter, bool snippets) const override;
    std::optional<IncidentId> covered_by(IncidentId id) const override;
    std::vector<IncidentId> covers(IncidentId id) const override;
    std::vector<Postmortem> covering_postmortems(IncidentId id) const override;
    std::optional<Action> action(ActionId id) const override;
    std::vector<Action> actions(const ActionFilter& filter) const override;
    std::vector<ActionEvent> action_events(IncidentId id) const override;
    std::vector<RoleHolder> roles(IncidentId id) const override;
    std::vector<RoleHolder> role_history(IncidentId id) const override;
    std::vector<MilestoneChange> milestone_changes(IncidentId id) const override;
    std::vector<ResponseRecord> response_records(const IncidentFilter& filter,
                                                 bool components) const override;
    bool empty() const override;
    void dump(const std::function<void(const TableColumns&, const Row&)>& visit) const override;

    void transact(const std::function<void()>& body) override;
    // The tables' owner (and a superuser) may write any row anyway: it says who, as with a
    // file. Every other login is recorded as itself, which row-level security enforces.
    std::optional<std::string> login() const override {
        if (owner_) return std::nullopt;
        return db_->user();
    }
    void lock_incident(IncidentId id) override;
    // Rows are checked either way: the constraints cost little next to the round trips.
    void bulk_insert(Rows, const std::function<void()>& body) override { body(); }
    IncidentId insert_incident(const NewIncident& incident, Instant created_at) override;
    UpdateId insert_update(const Update& update) override;
    ComponentId put_page_component(const PageComponent& component) override;
    ComponentId ensure_component(const Component& component) override;
    void set_component_status(ComponentId id, ComponentStatus status) override;
    void set_started_at(IncidentId id, std::optional<Instant> started_at) override;
    void set_schedule(IncidentId id, Instant scheduled_for, Instant scheduled_until) override;
    void add_components(IncidentId id, std::optional<UpdateId> first_named_by,
                        const std::vector<Component>& components) override;
    void set_impact(IncidentId id, Impact impact) override;
    void set_state(IncidentId id, const IncidentState& state) override;
    void insert_postmortem(IncidentId id, const std::string& body, Instant posted_at,
                           Instant recorded_at, const std::vector<IncidentId>& covers) override;
    void amend_update(UpdateId id, const std::string& body, Instant posted_at, Instant edited_at,
                      const std::string& edited_by) override;
    void set_created_at(IncidentId id, Instant created_at) override;
    void set_title(IncidentId id, const std::string& title) override;
    void remove_component(IncidentId id, const Component& component) override;
    void insert_incident_edit(const IncidentEdit& edit) override;
    void set_config(const std::string& key, const std::string& value) override;
    void unset_config(const std::string& key) override;
    ActionId insert_action(const Action& action) override;
    void set_action_done(ActionId id, bool done, Instant at, const std::string& by) override;
    void insert_role(IncidentId id, const RoleHolder& holder) override;
    void set_milestone(IncidentId id, Milestone milestone, Instant at,
                       std::optional<UpdateId> update_id, Instant changed_at,
                       const std::string& changed_by) override;
    void load(const TableColumns& table, const Row& row) override;
    void finish_load() override;

  private:
    // Runs a read of the journal's records: a journal that is not there says so, and a
    // failure of the server becomes a StorageError.
    template <class F>
    auto read(F&& f) const -> decltype(f());
    // Runs a write (inside transact): failures stay PgErrors for transact to judge.
    Result run(const std::string& sql, const Params& params) const {
        return db_->exec(sql, params);
    }
    [[noreturn]] void fail(const PgError& e) const;
    std::vector<NamedComponent> load_components(const std::vector<IncidentId>& ids) const;
    // `components`: those of `incidents` when the caller has them already.
    void load_details(std::vector<Incident>& incidents,
                      const std::vector<NamedComponent>* components = nullptr) const;
    void stream_incidents(
        const IncidentFilter& filter,
        const std::function<void(const Incident&, const std::vector<Update>&)>& visit) const;
    // Whether the table `sql` asks about may hold rows: asked once in a reader's snapshot,
    // always true in a writer's session.
    bool may_hold(std::optional<bool>& known, const char* sql) const;
    // What each postmortem version regards (see Postmortem::regarding); none for those
    // that cover no other incident.
    std::unordered_map<std::int64_t, std::vector<RegardedIncident>> load_regarding(
        const std::vector<std::int64_t>& versions) const;
    std::vector<Update> load_updates(const std::vector<IncidentId>& ids,
                                     const std::vector<NamedComponent>& components) const;
    std::optional<ComponentId> find_page_component(const Component& c) const;
    void fill_search() const;
    void flush_load();
    void commit();
    // Ends a failed transaction: rolls back what the server holds, forgets pending rows.
    void abandon();

    std::unique_ptr<Connection> db_;
    StoreOptions options_;
    bool read_only_;
    bool missing_ = false;
    bool in_transaction_ = false;
    mutable std::int64_t cursors_ = 0;
    bool committed_ = false;  // a transaction of this store has committed
    bool owner_ = false;      // the login owns the journal's tables (or is a superuser)
    std::minstd_rand jitter_{static_cast<unsigned>(::getpid())};
    // `copy`'s rows not yet inserted, of one table, sent as multi-row INSERTs.
    const TableColumns* pending_table_ = nullptr;
    std::vector<Row> pending_rows_;
    mutable std::optional<bool> any_covers_;
    mutable std::optional<bool> any_actions_;
};

[[noreturn]] void PgStore::fail(const PgError& e) const {
    // After a commit of this command, a failure only concerns what it does next.
    const char* outcome =
        committed_ ? "what this command wrote before was recorded" : "nothing was changed";
    if (e.sqlstate() == "55P03") {
        throw StorageError(fmt::format(
            "the journal at {} is locked by another writer; gave up waiting after {} ms; {}. Try "
            "again",
            visible(db_->url()), options_.lock_timeout.count(), outcome));
    }
    if (e.connection_lost()) {
        throw StorageError(fmt::format("lost the connection to the journal's server {} ({}); {}",
                                       visible(db_->url()), e.what(), outcome));
    }
    throw StorageError(fmt::format("journal {}: {}; {}", visible(db_->url()), e.what(), outcome));
}

template <class F>
auto PgStore::read(F&& f) const -> decltype(f()) {
    if (missing_) {
        throw NotFoundError(
            fmt::format("no journal at {}; `incident open` creates one", visible(db_->url())));
    }
    if (in_transaction_) return f();  // transact judges failures
    try {
        return f();
    } catch (const PgError& e) {
        fail(e);
    }
}

void PgStore::start() {
    try {
        if (!read_only_) {
            db_->exec(fmt::format("SET lock_timeout = {}", options_.lock_timeout.count()).c_str());
            const auto version = schema_version_of(*db_);
            if (!version || *version < schema_version) {
                migrate(*db_);
                fill_search();
            } else if (*version > schema_version) {
                migrate(*db_);  // refuses, untouched
            }
            owner_ = db_->exec(
                            "SELECT pg_has_role(session_user, relowner, 'USAGE') FROM pg_class "
                            "WHERE oid = 'updates'::regclass",
                            Params())
                         .view(0, 0) == "t";
            return;
        }
        db_->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        const auto version = schema_version_of(*db_);
        if (!version) {
            missing_ = true;
            return;
        }
        if (*version == schema_version) return;
        db_->exec("ROLLBACK");
        migrate(*db_);  // refuses a newer journal, untouched
        fill_search();
        db_->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    } catch (const PgError& e) {
        fail(e);
    }
}

void PgStore::fill_search() const {
    struct Source {
        const char* table;
        const char* text;
    };
    db_->exec("BEGIN");
    for (const auto& [table, text] :
         {Source{"incidents", "title"}, Source{"updates", "body"}, Source{"postmortems", "body"}}) {
        const auto r = db_->exec(
            fmt::format("SELECT id, {} FROM {} WHERE search_words IS NULL", text, table), Params());
        for (int i = 0; i < r.rows(); ++i) {
            const auto value = r.view(i, 1);
            db_->exec(fmt::format("UPDATE {} SET search_words = $2, cjk = $3 WHERE id = $1", table),
                      Params()
                          .add(r.integer(i, 0))
                          .add(store::folded_words(value))
                          .add(store::has_cjk(value) ? "true" : "false"));
        }
    }
    db_->exec("COMMIT");
}

// Reads.

std::vector<NamedComponent> PgStore::load_components(const std::vector<IncidentId>& ids) const {
    const auto r = db_->exec(
        "SELECT incident_id, grp, name, update_id FROM components "
        "WHERE incident_id = ANY($1::bigint[]) ORDER BY incident_id, position",
        Params().add(id_array(ids)));
    std::vector<NamedComponent> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) {
        out.push_back({r.integer(i, 0), {r.text(i, 1), r.text(i, 2)}, r.optional_integer(i, 3)});
    }
    return out;
}

void PgStore::load_details(std::vector<Incident>& incidents,
                           const std::vector<NamedComponent>* components) const {
    if (incidents.empty()) return;
    std::vector<IncidentId> ids;
    std::unordered_map<IncidentId, Incident*> by_id;
    for (auto& inc : incidents) {
        ids.push_back(inc.id);
        by_id[inc.id] = &inc;
    }
    const auto loaded = components ? std::vector<NamedComponent>{} : load_components(ids);
    for (const auto& c : components ? *components : loaded) {
        by_id[c.incident_id]->components.push_back(c.component);
    }
    // The postmortem each shows: its own, or the newest version of the incident whose newest
    // version covers it (the latest such incident's).
    const bool covers = may_hold(any_covers_, "SELECT EXISTS (SELECT 1 FROM postmortem_covers)");
    const bool actions = may_hold(any_actions_, "SELECT EXISTS (SELECT 1 FROM actions)");
    std::unordered_map<IncidentId, IncidentId> owner_of;
    if (covers) {
        const auto r = db_->exec(
            "SELECT DISTINCT ON (c.incident_id) c.incident_id, p.incident_id "
            "FROM postmortem_covers c JOIN postmortems p ON p.id = c.postmortem_id "
            "WHERE c.incident_id = ANY($1::bigint[]) AND p.id = "
            "(SELECT max(q.id) FROM postmortems q WHERE q.incident_id = p.incident_id) "
            "ORDER BY c.incident_id, p.id DESC",
            Params().add(id_array(ids)));
        for (int i = 0; i < r.rows(); ++i) owner_of[r.integer(i, 0)] = r.integer(i, 1);
    }
    const auto owner = [&](IncidentId id) {
        const auto it = owner_of.find(id);
        return it == owner_of.end() ? id : it->second;
    };
    std::vector<IncidentId> owners = ids;
    for (const auto& [id, o] : owner_of) owners.push_back(o);
    const auto r = db_->exec(
        "SELECT DISTINCT ON (incident_id) incident_id, body, posted_at, id FROM postmortems "
        "WHERE incident_id = ANY($1::bigint[]) ORDER BY incident_id, id DESC",
        Params().add(id_array(owners)));
    std::unordered_map<IncidentId, std::pair<Postmortem, std::int64_t>> newest;
    std::vector<std::int64_t> versions;
    for (int i = 0; i < r.rows(); ++i) {
        const auto o = r.integer(i, 0);
        newest[o] = {Postmortem{r.text(i, 1), instant_of(r.integer(i, 2)), o}, r.integer(i, 3)};
        versions.push_back(r.integer(i, 3));
    }
    const auto regarding = covers
                               ? load_regarding(versions)
                               : std::unordered_map<std::int64_t, std::vector<RegardedIncident>>{};
    for (auto& inc : incidents) {
        const auto it = newest.find(owner(inc.id));
        if (it == newest.end()) continue;
        inc.postmortem = it->second.first;
        if (const auto reg = regarding.find(it->second.second); reg != regarding.end()) {
            inc.postmortem->regarding = reg->second;
        }
    }
    if (!actions) return;
    // Its own actions, or those of every incident its postmortem regards.
    std::vector<IncidentId> holders;
    for (const auto& inc : incidents) {
        if (!inc.postmortem || inc.postmortem->regarding.empty()) {
            holders.push_back(inc.id);
        } else {
            for (const auto& reg : inc.postmortem->regarding) holders.push_back(reg.id);
        }
    }
    const auto a = db_->exec(fmt::format("SELECT {} FROM actions WHERE incident_id = "
                                         "ANY($1::bigint[]) ORDER BY id",
                                         action_fields),
                             Params().add(id_array(holders)));
    std::unordered_map<IncidentId, std::vector<Action>> by_holder;
    for (int i = 0; i < a.rows(); ++i) {
        auto action = action_row(a, i);
        by_holder[action.incident_id].push_back(std::move(action));
    }
    const auto append = [&](Incident& inc, IncidentId holder) {
        const auto it = by_holder.find(holder);
        if (it != by_holder.end()) {
            inc.actions.insert(inc.actions.end(), it->second.begin(), it->second.end());
        }
    };
    for (auto& inc : incidents) {
        if (!inc.postmortem || inc.postmortem->regarding.empty()) {
            append(inc, inc.id);
            continue;
        }
        for (const auto& reg : inc.postmortem->regarding) append(inc, reg.id);
        std::sort(inc.actions.begin(), inc.actions.end(),
                  [](const Action& x, const Action& y) { return x.id < y.id; });
    }
}

bool PgStore::may_hold(std::optional<bool>& known, const char* sql) const {
    if (!read_only_) return true;
    if (!known) known = db_->exec(sql, Params()).view(0, 0) == "t";
    return *known;
}

std::unordered_map<std::int64_t, std::vector<RegardedIncident>> PgStore::load_regarding(
    const std::vector<std::int64_t>& versions) const {
    std::unordered_map<std::int64_t, std::vector<RegardedIncident>> out;
    if (versions.empty()) return out;
    // Each version's own incident and those it covers, by started time then id; a version
    // that covers none regards nothing.
    const auto r = db_->exec(
        "SELECT v, id, title, started, created_at FROM ("
        "SELECT c.postmortem_id AS v, i.id, i.title, coalesce(i.started_at, i.created_at) AS "
        "started, i.created_at FROM postmortem_covers c JOIN incidents i ON i.id = c.incident_id "
        "WHERE c.postmortem_id = ANY($1::bigint[]) "
        "UNION SELECT p.id, i.id, i.title, coalesce(i.started_at, i.created_at), i.created_at "
        "FROM postmortems p JOIN incidents i ON i.id = p.incident_id "
        "WHERE p.id = ANY($1::bigint[]) AND EXISTS "
        "(SELECT 1 FROM postmortem_covers c WHERE c.postmortem_id = p.id)) r "
        "ORDER BY v, started, id",
        Params().add(id_array(versions)));
    for (int i = 0; i < r.rows(); ++i) {
        out[r.integer(i, 0)].push_back({r.integer(i, 1), r.text(i, 2), instant_of(r.integer(i, 3)),
                                        instant_of(r.integer(i, 4))});
    }
    for (auto it = out.begin(); it != out.end();) {
        it = it->second.size() < 2 ? out.erase(it) : std::next(it);
    }
    return out;
}

std::vector<Update> PgStore::load_updates(const std::vector<IncidentId>& ids,
                                          const std::vector<NamedComponent>& components) const {
    std::vector<Update> out;
    const auto r =
        db_->exec(fmt::format("SELECT {} FROM updates u WHERE u.incident_id = "
                              "ANY($1::bigint[]) ORDER BY u.incident_id, u.posted_at, u.id",
                              update_fields),
                  Params().add(id_array(ids)));
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) out.push_back(update_row(r, i));
    if (out.empty()) return out;
    std::unordered_map<UpdateId, Update*> by_id;
    for (auto& u : out) by_id[u.id] = &u;
    const auto changes = db_->exec(
        "SELECT c.update_id, p.grp, p.name, c.code, c.old_status, c.new_status "
        "FROM component_changes c JOIN page_components p ON p.id = c.component_id "
        "JOIN updates u ON u.id = c.update_id WHERE u.incident_id = ANY($1::bigint[]) "
        "ORDER BY c.update_id, c.position",
        Params().add(id_array(ids)));
    for (int i = 0; i < changes.rows(); ++i) {
        if (const auto it = by_id.find(changes.integer(i, 0)); it != by_id.end()) {
            it->second->changes.push_back({{changes.text(i, 1), changes.text(i, 2)},
                                           changes.optional_text(i, 3),
                                           component_status_of(changes.view(i, 4)),
                                           component_status_of(changes.view(i, 5))});
        }
    }
    for (const auto& c : components) {
        if (!c.named_by) continue;
        if (const auto it = by_id.find(*c.named_by); it != by_id.end()) {
            it->second->components.push_back(c.component);
        }
    }
    return out;
}

std::optional<Incident> PgStore::incident(IncidentId id) const {
    return read([&]() -> std::optional<Incident> {
        const auto r = db_->exec(
            fmt::format("SELECT {} FROM incidents i WHERE i.id = $1", incident_fields("i")),
            Params().add(id));
        if (r.rows() == 0) return std::nullopt;
        std::vector<Incident> one{incident_row(r, 0)};
        load_details(one);
        return std::move(one.front());
    });
}

std::vector<Update> PgStore::updates(IncidentId id) const {
    return read([&] { return load_updates({id}, load_components({id})); });
}

std::vector<Incident> PgStore::incidents(const IncidentFilter& filter) const {
    return read([&] {
        Params params;
        auto sql = fmt::format("SELECT {} FROM incidents i", incident_fields("i")) +
                   filter_where(filter, params, "i") +
                   (filter.newest_first ? " ORDER BY i.created_at DESC, i.id DESC"
                                        : " ORDER BY i.created_at, i.id");
        if (filter.limit) {
            sql += " LIMIT $" + std::to_string(params.size() + 1);
            params.add(static_cast<std::int64_t>(*filter.limit));
        }
        const auto r = db_->exec(sql, params);
        std::vector<Incident> out;
        out.reserve(static_cast<std::size_t>(r.rows()));
        for (int i = 0; i < r.rows(); ++i) out.push_back(incident_row(r, i));
        // Details in batches: one query per batch, not per incident.
        constexpr std::size_t batch = 1000;
        for (std::size_t start = 0; start < out.size(); start += batch) {
            std::vector<Incident> part(
                std::make_move_iterator(out.begin() + static_cast<std::ptrdiff_t>(start)),
                std::make_move_iterator(out.begin() + static_cast<std::ptrdiff_t>(
                                                          std::min(out.size(), start + batch))));
            load_details(part);
            std::move(part.begin(), part.end(), out.begin() + static_cast<std::ptrdiff_t>(start));
        }
        return out;
    });
}

namespace {

// The rows of a query, in order: either from a server-side cursor fetched in large batches
// on a connection that runs other statements in between, or streamed (single-row mode) on a
// connection that serves this query alone, so that the server reads ahead while the caller
// works.
class QueryRows {
  public:
    // `cursor`: the name of a declared cursor on `db`; empty: stream `sql` on `db`.
    QueryRows(const Connection& db, const std::string& cursor, const std::string& sql,
              const Params& params)
        : db_(db),
          fetch_(cursor.empty() ? ""
                                : fmt::format("FETCH FORWARD {} FROM {}", batch_rows, cursor)) {
        if (cursor.empty()) db_.post_rows(sql, params);
    }
    // The current row's result and index, or none after the last row.
    const Result* peek(int& row) {
        if ((!batch_ || next_ >= batch_->rows()) && !done_) {
            batch_.reset();
            next_ = 0;
            if (fetch_.empty()) {
                if (auto r = db_.next_row()) batch_.emplace(std::move(*r));
                done_ = !batch_;
            } else {
                batch_.emplace(db_.exec(fetch_, Params()));
                done_ = batch_->rows() < batch_rows;
            }
        }
        if (!batch_ || next_ >= batch_->rows()) return nullptr;
        row = next_;
        return &*batch_;
    }
    void advance() { ++next_; }

  private:
    static constexpr int batch_rows = 10000;
    const Connection& db_;
    std::string fetch_;
    std::optional<Result> batch_;
    int next_ = 0;
    bool done_ = false;
};

}  // namespace

void PgStore::for_each_incident(
    const IncidentFilter& filter,
    const std::function<void(const Incident&, const std::vector<Update>&)>& visit) const {
    read([&] {
        // Cursors need a transaction block: a reader's snapshot or a writer's transaction;
        // a writer's session outside one reads in a snapshot of its own.
        const bool own = !read_only_ && !in_transaction_;
        if (own) db_->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        try {
            stream_incidents(filter, visit);
        } catch (...) {
            if (own) {
                try {
                    db_->exec("ROLLBACK");
                } catch (const PgError&) {  // the first failure is the one to report
                }
            }
            throw;
        }
        if (own) db_->exec("COMMIT");
    });
}

void PgStore::stream_incidents(
    const IncidentFilter& filter,
    const std::function<void(const Incident&, const std::vector<Update>&)>& visit) const {
    // Pages of incidents in the filter's order (keyset on created_at, id), each with its
    // details in a few queries; the updates and the component changes of the whole filter
    // come from one query each in the same order, merged as the pages go. Memory stays
    // bounded by one page and one batch of each query.
    constexpr std::int64_t page_size = 1000;
    const std::string dir = filter.newest_first ? " DESC" : "";
    // Named apart per call: a visit that threw may have left a reader's cursors open.
    const auto updates_cursor = fmt::format("export_updates_{}", ++cursors_);
    const auto changes_cursor = fmt::format("export_changes_{}", cursors_);
    Params chosen_params;
    auto chosen = fmt::format(
        "SELECT i.id, i.created_at FROM incidents i{} "
        "ORDER BY i.created_at{}, i.id{}",
        filter_where(filter, chosen_params, "i"), dir, dir);
    if (filter.limit) {
        chosen += " LIMIT $" + std::to_string(chosen_params.size() + 1);
        chosen_params.add(static_cast<std::int64_t>(*filter.limit));
    }
    const auto updates_sql = fmt::format(
        "SELECT {} FROM ({}) i JOIN updates u ON u.incident_id = i.id "
        "ORDER BY i.created_at{}, i.id{}, u.posted_at, u.id",
        update_fields, chosen, dir, dir);
    db_->exec(fmt::format("DECLARE {} NO SCROLL CURSOR FOR SELECT u.incident_id, "
                          "c.update_id, p.grp, p.name, c.code, c.old_status, c.new_status "
                          "FROM ({}) i JOIN updates u ON u.incident_id = i.id "
                          "JOIN component_changes c ON c.update_id = u.id "
                          "JOIN page_components p ON p.id = c.component_id "
                          "ORDER BY i.created_at{}, i.id{}, u.posted_at, u.id, c.position",
                          changes_cursor, chosen, dir, dir),
              chosen_params);
    QueryRows change_rows(*db_, changes_cursor, "", Params());
    // The updates, the bulk of what is read, stream from a second connection in the same
    // snapshot when a reader has more than a page to read: its server process reads ahead
    // while this one renders (measured in docs/PERFORMANCE.md). A writer's transaction may
    // hold rows of its own, and one page is not worth a connection: those read a cursor here.
    std::unique_ptr<Connection> reader;
    std::optional<QueryRows> update_rows;
    const auto open_updates = [&](bool apart) {
        if (apart) {
            const auto snapshot = db_->exec("SELECT pg_export_snapshot()", Params()).text(0, 0);
            reader = std::make_unique<Connection>(
                ConnectOptions{db_->url(), options_.connect_timeout, options_.module_dir});
            reader->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            // A snapshot's name is hex digits and dashes; SET takes no parameters.
            if (snapshot.find_first_not_of("0123456789ABCDEFabcdef-") != std::string::npos) {
                throw StorageError("the server exported a snapshot with an unexpected name");
            }
            reader->exec(("SET TRANSACTION SNAPSHOT '" + snapshot + "'").c_str());
        }
        if (apart) {
            update_rows.emplace(*reader, "", updates_sql, chosen_params);
            return;
        }
        db_->exec(fmt::format("DECLARE {} NO SCROLL CURSOR FOR {}", updates_cursor, updates_sql),
                  chosen_params);
        update_rows.emplace(*db_, updates_cursor, "", Params());
    };
    std::optional<std::pair<std::int64_t, std::int64_t>> after;
    std::int64_t left = filter.limit ? static_cast<std::int64_t>(*filter.limit) : -1;
    for (;;) {
        Params params;
        auto where = filter_where(filter, params, "i");
        if (after) {
            where += where.empty() ? " WHERE " : " AND ";
            where +=
                fmt::format("(i.created_at, i.id) {} (${}, ${})", filter.newest_first ? "<" : ">",
                            params.size() + 1, params.size() + 2);
            params.add(after->first).add(after->second);
        }
        const auto want = left < 0 ? page_size : std::min(left, page_size);
        const auto sql =
            fmt::format("SELECT {} FROM incidents i{} ORDER BY i.created_at{}, i.id{} LIMIT {}",
                        incident_fields("i"), where, dir, dir, want);
        const auto r = db_->exec(sql, params);
        std::vector<Incident> page;
        page.reserve(static_cast<std::size_t>(r.rows()));
        for (int i = 0; i < r.rows(); ++i) page.push_back(incident_row(r, i));
        if (page.empty()) break;
        if (!update_rows)
            open_updates(read_only_ && static_cast<std::int64_t>(page.size()) == page_size);
        std::unordered_map<IncidentId, std::vector<Update>> by_incident;
        for (const auto& inc : page) by_incident[inc.id];
        std::vector<IncidentId> ids;
        for (const auto& inc : page) ids.push_back(inc.id);
        const auto components = load_components(ids);
        load_details(page, &components);
        // The cursors' next rows belong to this page's incidents until one does not.
        std::unordered_map<UpdateId, Update*> by_id;
        int row = 0;
        while (const auto* u = update_rows->peek(row)) {
            const auto it = by_incident.find(u->integer(row, 1));
            if (it == by_incident.end()) break;
            it->second.push_back(update_row(*u, row));
            update_rows->advance();
        }
        for (auto& [id, updates] : by_incident) {
            for (auto& u : updates) by_id[u.id] = &u;
        }
        while (const auto* c = change_rows.peek(row)) {
            if (!by_incident.contains(c->integer(row, 0))) break;
            if (const auto it = by_id.find(c->integer(row, 1)); it != by_id.end()) {
                it->second->changes.push_back({{c->text(row, 2), c->text(row, 3)},
                                               c->optional_text(row, 4),
                                               component_status_of(c->view(row, 5)),
                                               component_status_of(c->view(row, 6))});
            }
            change_rows.advance();
        }
        for (const auto& c : components) {
            if (!c.named_by) continue;
            if (const auto it = by_id.find(*c.named_by); it != by_id.end()) {
                it->second->components.push_back(c.component);
            }
        }
        for (const auto& inc : page) visit(inc, by_incident.at(inc.id));
        after = std::pair{millis_of(page.back().created_at), page.back().id};
        if (left >= 0) {
            left -= static_cast<std::int64_t>(page.size());
            if (left <= 0) break;
        }
        if (static_cast<std::int64_t>(page.size()) < want) break;
    }
    if (update_rows && !reader) db_->exec("CLOSE " + updates_cursor, Params());
    db_->exec("CLOSE " + changes_cursor, Params());
}

std::vector<Postmortem> PgStore::postmortem_history(IncidentId id) const {
    return read([&] {
        const auto r = db_->exec(
            "SELECT body, posted_at, id FROM postmortems WHERE incident_id = $1 ORDER BY id",
            Params().add(id));
        std::vector<Postmortem> out;
        std::vector<std::int64_t> versions;
        for (int i = 0; i < r.rows(); ++i) {
            out.push_back({r.text(i, 0), instant_of(r.integer(i, 1)), id});
            versions.push_back(r.integer(i, 2));
        }
        const auto regarding = load_regarding(versions);
        for (std::size_t i = 0; i < out.size(); ++i) {
            if (const auto it = regarding.find(versions[i]); it != regarding.end()) {
                out[i].regarding = it->second;
            }
        }
        return out;
    });
}

std::optional<std::string> PgStore::config(const std::string& key) const {
    if (missing_) return std::nullopt;
    return read([&]() -> std::optional<std::string> {
        const auto r = db_->exec("SELECT value FROM config WHERE key = $1", Params().add(key));
        if (r.rows() == 0) return std::nullopt;
        return r.text(0, 0);
    });
}

std::optional<Instant> PgStore::last_change() const {
    return read([&]() -> std::optional<Instant> {
        const auto r = db_->exec("SELECT max(updated_at) FROM incidents", Params());
        return optional_instant(r, 0, 0);
    });
}

JournalMark PgStore::mark() const {
    return read([&] {
        const auto r = db_->exec(
            "SELECT (SELECT max(id) FROM incidents), (SELECT max(id) FROM updates), "
            "(SELECT max(id) FROM postmortems), (SELECT max(id) FROM update_versions), "
            "(SELECT max(id) FROM incident_edits), (SELECT max(id) FROM page_components), "
            "(SELECT max(id) FROM actions), (SELECT max(id) FROM action_events), "
            "(SELECT max(id) FROM milestone_changes), (SELECT max(id) FROM roles)",
            Params());
        const auto at = [&](int i) { return r.optional_integer(0, i).value_or(0); };
        return JournalMark{at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8), at(9)};
    });
}

std::vector<std::pair<std::string, std::string>> PgStore::all_config() const {
    return read([&] {
        const auto r =
            db_->exec("SELECT key, value FROM config ORDER BY key COLLATE \"C\"", Params());
        std::vector<std::pair<std::string, std::string>> out;
        for (int i = 0; i < r.rows(); ++i) out.emplace_back(r.text(i, 0), r.text(i, 1));
        return out;
    });
}

std::optional<KeyUse> PgStore::key_use(const std::string& key) const {
    return read([&]() -> std::optional<KeyUse> {
        // Inside a write, the key is held until the commit: a second request with it waits,
        // then finds the first one's update (and replays it).
        if (in_transaction_) {
            db_->exec("SELECT pg_advisory_xact_lock($1, hashtext($2))",
                      Params().add(static_cast<std::int64_t>(key_lock_space)).add(key));
        }
        const auto r = db_->exec(
            "SELECT u.id, u.incident_id, "
            "(SELECT min(f.id) FROM updates f WHERE f.incident_id = u.incident_id) "
            "FROM updates u WHERE u.idempotency_key = $1",
            Params().add(key));
        if (r.rows() == 0) return std::nullopt;
        const auto update_id = r.integer(0, 0);
        return KeyUse{r.integer(0, 1), update_id, r.integer(0, 2) == update_id};
    });
}

std::vector<Component> PgStore::component_names() const {
    return read([&] {
        const auto r = db_->exec(
            "SELECT grp, name FROM components GROUP BY grp, name "
            "ORDER BY min(incident_id), min(position)",
            Params());
        std::vector<Component> out;
        for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.text(i, 1)});
        return out;
    });
}

std::vector<PageComponent> PgStore::page_components() const {
    return read([&] {
        const auto r = db_->exec(fmt::format("SELECT {} FROM page_components ORDER BY position, id",
                                             page_component_fields),
                                 Params());
        std::vector<PageComponent> out;
        for (int i = 0; i < r.rows(); ++i) out.push_back(page_component_row(r, i));
        return out;
    });
}

std::optional<PageComponent> PgStore::page_component(const Component& component) const {
    return read([&]() -> std::optional<PageComponent> {
        const auto r =
            db_->exec(fmt::format("SELECT {} FROM page_components WHERE grp = $1 AND name = $2",
                                  page_component_fields),
                      Params().add(component.group).add(component.name));
        if (r.rows() == 0) return std::nullopt;
        return page_component_row(r, 0);
    });
}

std::optional<PageComponent> PgStore::page_component_by_source(const std::string& source_id) const {
    return read([&]() -> std::optional<PageComponent> {
        const auto r = db_->exec(fmt::format("SELECT {} FROM page_components WHERE source_id = $1",
                                             page_component_fields),
                                 Params().add(source_id));
        if (r.rows() == 0) return std::nullopt;
        return page_component_row(r, 0);
    });
}

std::vector<StatusChange> PgStore::component_history(ComponentId id) const {
    return read([&] {
        // Inside a write, the component is held until the commit, so its status is derived
        // from every change, including those of writers of other incidents.
        if (in_transaction_) {
            db_->exec("SELECT 1 FROM page_components WHERE id = $1 FOR UPDATE", Params().add(id));
        }
        const auto r = db_->exec(
            "SELECT u.id, u.incident_id, u.posted_at, c.old_status, c.new_status "
            "FROM component_changes c JOIN updates u ON u.id = c.update_id "
            "WHERE c.component_id = $1 ORDER BY u.posted_at, u.id, c.position",
            Params().add(id));
        std::vector<StatusChange> out;
        for (int i = 0; i < r.rows(); ++i) {
            out.push_back({r.integer(i, 0), r.integer(i, 1), instant_of(r.integer(i, 2)),
                           component_status_of(r.view(i, 3)), component_status_of(r.view(i, 4))});
        }
        return out;
    });
}

std::optional<IncidentId> PgStore::incident_by_source(const std::string& source_id) const {
    return read([&]() -> std::optional<IncidentId> {
        const auto r =
            db_->exec("SELECT id FROM incidents WHERE source_id = $1", Params().add(source_id));
        if (r.rows() == 0) return std::nullopt;
        return r.integer(0, 0);
    });
}

std::optional<UpdateId> PgStore::update_by_source(const std::string& source_id) const {
    return read([&]() -> std::optional<UpdateId> {
        const auto r =
            db_->exec("SELECT id FROM updates WHERE source_id = $1", Params().add(source_id));
        if (r.rows() == 0) return std::nullopt;
        return r.integer(0, 0);
    });
}

std::optional<Update> PgStore::update(UpdateId id) const {
    return read([&]() -> std::optional<Update> {
        const auto r =
            db_->exec(fmt::format("SELECT {} FROM updates u WHERE u.id = $1", update_fields),
                      Params().add(id));
        if (r.rows() == 0) return std::nullopt;
        auto u = update_row(r, 0);
        const auto changes = db_->exec(
            "SELECT p.grp, p.name, c.code, c.old_status, c.new_status "
            "FROM component_changes c JOIN page_components p ON p.id = c.component_id "
            "WHERE c.update_id = $1 ORDER BY c.position",
            Params().add(id));
        for (int i = 0; i < changes.rows(); ++i) {
            u.changes.push_back({{changes.text(i, 0), changes.text(i, 1)},
                                 changes.optional_text(i, 2),
                                 component_status_of(changes.view(i, 3)),
                                 component_status_of(changes.view(i, 4))});
        }
        return u;
    });
}

std::vector<UpdateVersion> PgStore::update_versions(IncidentId id) const {
    return read([&] {
        const auto r = db_->exec(R"sql(
SELECT v.update_id, v.body, v.posted_at, v.written_at, v.written_by, 0 AS current, v.id
FROM update_versions v JOIN updates u ON u.id = v.update_id WHERE u.incident_id = $1
UNION ALL
SELECT id, body, posted_at, edited_at, coalesce(edited_by, author), 1, NULL
FROM updates WHERE incident_id = $1 AND edited_at IS NOT NULL
ORDER BY 1, 6, 7)sql",
                                 Params().add(id));
        std::vector<UpdateVersion> out;
        for (int i = 0; i < r.rows(); ++i) {
            out.push_back({r.integer(i, 0), r.text(i, 1), instant_of(r.integer(i, 2)),
                           instant_of(r.integer(i, 3)), r.text(i, 4), r.integer(i, 5) == 1});
        }
        return out;
    });
}

std::vector<IncidentEdit> PgStore::incident_edits(IncidentId id) const {
    return read([&] {
        const auto r = db_->exec(
            "SELECT field, old_value, new_value, edited_at, edited_by FROM incident_edits "
            "WHERE incident_id = $1 ORDER BY id",
            Params().add(id));
        std::vector<IncidentEdit> out;
        for (int i = 0; i < r.rows(); ++i) {
            out.push_back({id, r.text(i, 0), r.text(i, 1), r.optional_text(i, 2),
                           instant_of(r.integer(i, 3)), r.text(i, 4)});
        }
        return out;
    });
}

std::int64_t PgStore::count(const IncidentFilter& filter) const {
    return read([&] {
        Params params;
        const auto r = db_->exec(
            "SELECT count(*) FROM incidents i" + filter_where(filter, params, "i"), params);
        return r.integer(0, 0);
    });
}

std::vector<std::pair<Impact, std::int64_t>> PgStore::count_by_impact(
    const IncidentFilter& filter) const {
    return read([&] {
        Params params;
        const auto r = db_->exec("SELECT i.impact, count(*) FROM incidents i" +
                                     filter_where(filter, params, "i") + " GROUP BY i.impact",
                                 params);
        std::vector<std::pair<Impact, std::int64_t>> out;
        for (int i = 0; i < r.rows(); ++i)
            out.emplace_back(impact_of(r.view(i, 0)), r.integer(i, 1));
        return out;
    });
}

std::optional<std::pair<Instant, Instant>> PgStore::created_range(
    const IncidentFilter& filter) const {
    return read([&]() -> std::optional<std::pair<Instant, Instant>> {
        Params params;
        const auto r = db_->exec("SELECT min(i.created_at), max(i.created_at) FROM incidents i" +
                                     filter_where(filter, params, "i"),
                                 params);
        if (r.null(0, 0)) return std::nullopt;
        return std::pair{instant_of(r.integer(0, 0)), instant_of(r.integer(0, 1))};
    });
}

std::vector<ResolveTime> PgStore::resolve_times(const IncidentFilter& filter) const {
    return read([&] {
        auto f = filter;
        f.status = StatusFilter::resolved;
        Params params;
        const auto r = db_->exec(
            "SELECT i.id, i.title, i.impact, i.created_at, i.resolved_at FROM incidents i" +
                filter_where(f, params, "i") + " ORDER BY i.created_at, i.id",
            params);
        std::vector<ResolveTime> out;
        for (int i = 0; i < r.rows(); ++i) {
            out.push_back({r.integer(i, 0), r.text(i, 1), impact_of(r.view(i, 2)),
                           instant_of(r.integer(i, 3)), instant_of(r.integer(i, 4))});
        }
        return out;
    });
}

std::vector<SearchHit> PgStore::search(const std::vector<std::string>& words,
                                       const IncidentFilter& filter, bool snippets) const {
    return read([&] {
        // Words with CJK match as substrings of the texts holding CJK (`cjk`), the others
        // as whole words through the tsvector index, each word a phrase of its folded tokens.
        // A word of no tokens (only punctuation) matches nothing, as in FTS5.
        std::vector<std::string> latin, cjk;
        for (const auto& w : words) (store::has_cjk(w) ? cjk : latin).push_back(w);
        Params params;
        const auto next = [&] { return "$" + std::to_string(params.size() + 1); };
        std::string query;  // a tsquery of every Latin word
        for (const auto& w : latin) {
            const auto folded = store::folded_words(w);
            if (folded.empty()) return std::vector<SearchHit>{};
            query += (query.empty() ? "" : " && ") + ("phraseto_tsquery('simple', " + next() + ")");
            params.add(folded);
        }
        const auto condition = [&](const char* text) {
            std::string c;
            if (!query.empty()) c += "search @@ q.query";
            if (!cjk.empty()) c += std::string(c.empty() ? "" : " AND ") + "cjk";
            for (std::size_t k = 0; k < cjk.size(); ++k) {
                c += fmt::format(" AND strpos({}, $cjk{}) > 0", text, k);
            }
            return c;
        };
        // Scores: ts_rank with titles weighted A (1.0) and bodies D (0.1): a title counts ten
        // times as much; CJK matches 1 in a title, 0.1 in a body.
        const auto score = [&](bool title) {
            std::string s = query.empty() ? "0" : "ts_rank(search, q.query, 1)";
            if (!cjk.empty()) s += title ? " + 1.0" : " + 0.1";
            return s;
        };
        std::string hits = fmt::format(
            "SELECT id AS incident_id, 0 AS kind, NULL::bigint AS update_id, {} AS score, "
            "id * 4 AS rowid FROM incidents, q WHERE {} "
            "UNION ALL SELECT incident_id, 1, id, {}, id * 4 + 1 FROM updates, q WHERE {} "
            "UNION ALL SELECT p.incident_id, 2, NULL, {}, p.incident_id * 4 + 2 FROM postmortems "
            "p, q "
            "WHERE {} AND p.id = (SELECT max(l.id) FROM postmortems l "
            "WHERE l.incident_id = p.incident_id)",
            score(true), condition("title"), score(false), condition("body"), score(false),
            condition("p.body"));
        for (std::size_t k = 0; k < cjk.size(); ++k) {
            const auto name = fmt::format("$cjk{}", k);
            for (auto pos = hits.find(name); pos != std::string::npos; pos = hits.find(name, pos)) {
                const auto number = "$" + std::to_string(params.size() + 1);
                hits.replace(pos, name.size(), number);
                pos += number.size();
            }
            params.add(cjk[k]);
        }
        auto f = filter;
        f.ids.clear();
        const auto where = filter_where(f, params, "i");
        std::string sql = fmt::format(
            "WITH q AS (SELECT {} AS query), hits AS ({}), "
            "best AS (SELECT DISTINCT ON (incident_id) * FROM hits "
            "ORDER BY incident_id, score DESC, rowid) "
            "SELECT {}, b.score, b.kind, b.update_id FROM best b JOIN incidents i ON i.id = "
            "b.incident_id{} ORDER BY b.score DESC, i.created_at DESC, i.id DESC",
            query.empty() ? "NULL::tsquery" : query, hits, incident_fields("i"), where);
        if (f.limit) sql += fmt::format(" LIMIT {}", *f.limit);
        const auto r = db_->exec(sql, params);
        std::vector<SearchHit> out;
        for (int i = 0; i < r.rows(); ++i) {
            SearchHit h;
            h.incident = incident_row(r, i);
            h.score = r.real(i, incident_field_count);
            const auto kind = r.integer(i, incident_field_count + 1);
            h.kind = kind == 1   ? SearchHit::Kind::update
                     : kind == 2 ? SearchHit::Kind::postmortem
                                 : SearchHit::Kind::title;
            h.update_id = r.optional_integer(i, incident_field_count + 2);
            out.push_back(std::move(h));
        }
        if (!snippets) return out;
        for (auto& h : out) {
            std::string text;
            if (h.kind == SearchHit::Kind::title) {
                text = h.incident.title;
            } else if (h.kind == SearchHit::Kind::update) {
                text =
                    db_->exec("SELECT body FROM updates WHERE id = $1", Params().add(*h.update_id))
                        .text(0, 0);
            } else {
                text = db_->exec(
                              "SELECT body FROM postmortems WHERE incident_id = $1 "
                              "ORDER BY id DESC LIMIT 1",
                              Params().add(h.incident.id))
                           .text(0, 0);
            }
            if (!cjk.empty()) {
                store::cjk_snippet(text, cjk, h);
            } else {
                store::word_snippet(text, latin, h);
            }
        }
        return out;
    });
}

bool PgStore::empty() const {
    if (missing_) return true;
    return read([&] {
        std::string sql = "SELECT ";
        for (const auto& t : journal_tables()) {
            sql +=
                fmt::format("{}EXISTS (SELECT 1 FROM {})", sql.size() > 7 ? " OR " : "", t.table);
        }
        return db_->exec(sql, Params()).view(0, 0) == "f";
    });
}

void PgStore::dump(const std::function<void(const TableColumns&, const Row&)>& visit) const {
    read([&] {
        for (const auto& t : journal_tables()) {
            Row row(t.columns.size());
            db_->stream(fmt::format("SELECT {} FROM {} ORDER BY {}", fmt::join(t.columns, ", "),
                                    t.table, t.order),
                        Params(), [&](const Result& r) {
                            for (std::size_t i = 0; i < row.size(); ++i) {
                                row[i] = r.optional_text(0, static_cast<int>(i));
                            }
                            visit(t, row);
                        });
        }
    });
}

// Writes.

void PgStore::abandon() {
    in_transaction_ = false;
    pending_rows_.clear();
    pending_table_ = nullptr;
    if (!db_->ok()) return;  // the connection is gone; the server rolls back
    try {
        db_->exec("ROLLBACK");
    } catch (const PgError&) {
        // Lost meanwhile: the server rolls back.
    }
}

void PgStore::transact(const std::function<void()>& body) {
    // Only a serialization failure or a deadlock is retried (the whole transaction, after a
    // pause that grows and is jittered, within the lock timeout); everything else fails once.
    const auto deadline = Clock::now() + options_.lock_timeout;
    for (int attempt = 1;; ++attempt) {
        try {
            db_->exec("BEGIN");
        } catch (const PgError& e) {
            fail(e);
        }
        in_transaction_ = true;
        try {
            body();
            flush_load();
            commit();
            return;
        } catch (const PgError& e) {
            abandon();
            const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
            if (!e.retryable() || left <= milliseconds::zero() || attempt >= 20) fail(e);
            const auto cap = std::min<std::int64_t>(100, 2LL << std::min(attempt, 6));
            const auto pause =
                milliseconds(1 + static_cast<std::int64_t>(jitter_() % static_cast<unsigned>(cap)));
            std::this_thread::sleep_for(std::min(pause, left));
        } catch (...) {
            abandon();
            throw;
        }
    }
}

void PgStore::commit() {
    try {
        db_->exec("COMMIT");
    } catch (const PgError& e) {
        if (e.connection_lost()) {
            in_transaction_ = false;
            throw StorageError(fmt::format(
                "lost the connection to the journal's server {} while committing ({}): the "
                "write may or may not have been recorded; rerun with the same --key (a command "
                "given --key records once however often it runs; without one, check with "
                "`incident show` first)",
                visible(db_->url()), e.what()));
        }
        throw;
    }
    in_transaction_ = false;
    committed_ = true;
}

void PgStore::lock_incident(IncidentId id) {
    run("SELECT 1 FROM incidents WHERE id = $1 FOR UPDATE", Params().add(id));
}

IncidentId PgStore::insert_incident(const NewIncident& n, Instant created_at) {
    const auto& state = n.state;
    const auto r = run(
        "INSERT INTO incidents (title, impact, status, created_at, updated_at, kind, started_at, "
        "scheduled_for, scheduled_until, source_id, shortlink, backfilled, impact_given, "
        "search_words, cjk, detected_at, acknowledged_at, mitigated_at, resolved_at, "
        "monitoring_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
        "$15, $16, $17, $18, $19, $20) RETURNING id",
        Params()
            .add(n.title)
            .add(to_string(n.impact))
            .add(to_string(state ? state->status : initial_status(n.kind)))
            .add(millis_of(created_at))
            .add(millis_of(state ? state->updated_at : created_at))
            .add(to_string(n.kind))
            .add(millis_of(n.started_at))
            .add(millis_of(n.scheduled_for))
            .add(millis_of(n.scheduled_until))
            .add(n.source_id)
            .add(n.shortlink)
            .add(std::int64_t{n.backfilled ? 1 : 0})
            .add(std::int64_t{n.kind == Kind::maintenance && n.impact_given ? 1 : 0})
            .add(store::folded_words(n.title))
            .add(store::has_cjk(n.title) ? "true" : "false")
            .add(millis_of(n.detected_at))
            .add(millis_of(n.acknowledged_at))
            .add(millis_of(n.mitigated_at))
            .add(millis_of(state ? state->resolved_at : std::nullopt))
            .add(millis_of(state ? state->monitoring_at : std::nullopt)));
    return r.integer(0, 0);
}

std::optional<ComponentId> PgStore::find_page_component(const Component& c) const {
    const auto r = db_->exec("SELECT id FROM page_components WHERE grp = $1 AND name = $2",
                             Params().add(c.group).add(c.name));
    if (r.rows() == 0) return std::nullopt;
    return r.integer(0, 0);
}

ComponentId PgStore::ensure_component(const Component& c) {
    if (const auto id = find_page_component(c)) return *id;
    // Another writer may add the same one meanwhile: its row wins, and is the one returned.
    const auto r =
        run("INSERT INTO page_components (grp, name, position) "
            "VALUES ($1, $2, (SELECT count(*) FROM page_components)) "
            "ON CONFLICT (grp, name) DO NOTHING RETURNING id",
            Params().add(c.group).add(c.name));
    if (r.rows() > 0) return r.integer(0, 0);
    return *find_page_component(c);
}

UpdateId PgStore::insert_update(const Update& u) {
    const auto r =
        run("INSERT INTO updates (incident_id, status, body, posted_at, recorded_at, author, "
            "idempotency_key, edited_at, source_id, search_words, cjk, internal) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            Params()
                .add(u.incident_id)
                .add(to_string(u.status))
                .add(u.body)
                .add(millis_of(u.posted_at))
                .add(millis_of(u.recorded_at))
                .add(u.author)
                .add(u.idempotency_key)
                .add(millis_of(u.edited_at))
                .add(u.source_id)
                .add(store::folded_words(u.body))
                .add(store::has_cjk(u.body) ? "true" : "false")
                .add(std::int64_t{u.internal ? 1 : 0}));
    const UpdateId id = r.integer(0, 0);
    std::int64_t position = 0;
    for (const auto& c : u.changes) {
        const auto component = ensure_component(c.component);
        run("INSERT INTO component_changes (update_id, position, component_id, code, old_status, "
            "new_status) VALUES ($1, $2, $3, $4, $5, $6)",
            Params()
                .add(id)
                .add(position++)
                .add(component)
                .add(c.code)
                .add(to_string(c.old_status))
                .add(to_string(c.new_status)));
    }
    return id;
}

ComponentId PgStore::put_page_component(const PageComponent& c) {
    if (const auto existing = find_page_component(c.component)) {
        run("UPDATE page_components SET status = $2, source_id = coalesce($3, source_id), "
            "group_source_id = coalesce($4, group_source_id) WHERE id = $1",
            Params()
                .add(*existing)
                .add(to_string(c.status))
                .add(c.source_id)
                .add(c.group_source_id));
        return *existing;
    }
    const auto r =
        run("INSERT INTO page_components (grp, name, status, position, source_id, group_source_id) "
            "VALUES ($1, $2, $3, (SELECT count(*) FROM page_components), $4, $5) RETURNING id",
            Params()
                .add(c.component.group)
                .add(c.component.name)
                .add(to_string(c.status))
                .add(c.source_id)
                .add(c.group_source_id));
    return r.integer(0, 0);
}

void PgStore::set_component_status(ComponentId id, ComponentStatus status) {
    run("UPDATE page_components SET status = $2 WHERE id = $1",
        Params().add(id).add(to_string(status)));
}

void PgStore::set_started_at(IncidentId id, std::optional<Instant> started_at) {
    run("UPDATE incidents SET started_at = $2 WHERE id = $1",
        Params().add(id).add(millis_of(started_at)));
}

void PgStore::set_schedule(IncidentId id, Instant scheduled_for, Instant scheduled_until) {
    run("UPDATE incidents SET scheduled_for = $2, scheduled_until = $3 WHERE id = $1",
        Params().add(id).add(millis_of(scheduled_for)).add(millis_of(scheduled_until)));
}

void PgStore::add_components(IncidentId id, std::optional<UpdateId> first_named_by,
                             const std::vector<Component>& components) {
    for (const auto& c : components) (void)ensure_component(c);
    for (const auto& c : components) {
        run("INSERT INTO components (incident_id, position, grp, name, update_id) "
            "VALUES ($1, (SELECT count(*) FROM components WHERE incident_id = $1), $2, $3, $4) "
            "ON CONFLICT DO NOTHING",
            Params().add(id).add(c.group).add(c.name).add(first_named_by));
    }
}

void PgStore::set_impact(IncidentId id, Impact impact) {
    run("UPDATE incidents SET impact = $2 WHERE id = $1", Params().add(id).add(to_string(impact)));
}

void PgStore::set_state(IncidentId id, const IncidentState& s) {
    run("UPDATE incidents SET status = $2, resolved_at = $3, updated_at = $4, monitoring_at = $5 "
        "WHERE id = $1",
        Params()
            .add(id)
            .add(to_string(s.status))
            .add(millis_of(s.resolved_at))
            .add(millis_of(s.updated_at))
            .add(millis_of(s.monitoring_at)));
}

void PgStore::insert_postmortem(IncidentId id, const std::string& body, Instant posted_at,
                                Instant recorded_at, const std::vector<IncidentId>& covers) {
    const auto r = run(
        "INSERT INTO postmortems (incident_id, body, posted_at, recorded_at, search_words, cjk) "
        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        Params()
            .add(id)
            .add(body)
            .add(millis_of(posted_at))
            .add(millis_of(recorded_at))
            .add(store::folded_words(body))
            .add(store::has_cjk(body) ? "true" : "false"));
    if (covers.empty()) return;
    run("INSERT INTO postmortem_covers (postmortem_id, position, incident_id) "
        "SELECT $1, c.ordinality - 1, c.id FROM unnest($2::bigint[]) WITH ORDINALITY AS c (id)",
        Params().add(r.integer(0, 0)).add(id_array(covers)));
}

void PgStore::amend_update(UpdateId id, const std::string& body, Instant posted_at,
                           Instant edited_at, const std::string& edited_by) {
    run("INSERT INTO update_versions (update_id, body, posted_at, written_at, written_by) "
        "SELECT id, body, posted_at, coalesce(edited_at, recorded_at), coalesce(edited_by, author) "
        "FROM updates WHERE id = $1",
        Params().add(id));
    run("UPDATE updates SET body = $2, posted_at = $3, edited_at = $4, edited_by = $5, "
        "search_words = $6, cjk = $7 WHERE id = $1",
        Params()
            .add(id)
            .add(body)
            .add(millis_of(posted_at))
            .add(millis_of(edited_at))
            .add(edited_by)
            .add(store::folded_words(body))
            .add(store::has_cjk(body) ? "true" : "false"));
}

void PgStore::set_created_at(IncidentId id, Instant created_at) {
    run("UPDATE incidents SET created_at = $2 WHERE id = $1",
        Params().add(id).add(millis_of(created_at)));
}

void PgStore::set_title(IncidentId id, const std::string& title) {
    run("UPDATE incidents SET title = $2, search_words = $3, cjk = $4 WHERE id = $1",
        Params()
            .add(id)
            .add(title)
            .add(store::folded_words(title))
            .add(store::has_cjk(title) ? "true" : "false"));
}

void PgStore::remove_component(IncidentId id, const Component& component) {
    const auto r =
        run("DELETE FROM components WHERE incident_id = $1 AND grp = $2 AND name = $3 "
            "RETURNING position",
            Params().add(id).add(component.group).add(component.name));
    if (r.rows() == 0) return;
    // Positions stay dense: the next component added goes last.
    run("UPDATE components SET position = position - 1 WHERE incident_id = $1 AND position > $2",
        Params().add(id).add(r.integer(0, 0)));
}

void PgStore::insert_incident_edit(const IncidentEdit& e) {
    run("INSERT INTO incident_edits (incident_id, field, old_value, new_value, edited_at, "
        "edited_by) VALUES ($1, $2, $3, $4, $5, $6)",
        Params()
            .add(e.incident_id)
            .add(e.field)
            .add(e.old_value)
            .add(e.new_value)
            .add(millis_of(e.edited_at))
            .add(e.edited_by));
}

void PgStore::set_config(const std::string& key, const std::string& value) {
    run("INSERT INTO config (key, value) VALUES ($1, $2) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        Params().add(key).add(value));
}

void PgStore::unset_config(const std::string& key) {
    run("DELETE FROM config WHERE key = $1", Params().add(key));
}

// After the outage (issue 12): covers, actions, roles and milestones.

std::optional<IncidentId> PgStore::covered_by(IncidentId id) const {
    return read([&]() -> std::optional<IncidentId> {
        const auto r = db_->exec(
            "SELECT p.incident_id FROM postmortem_covers c JOIN postmortems p "
            "ON p.id = c.postmortem_id WHERE c.incident_id = $1 AND p.id = "
            "(SELECT max(q.id) FROM postmortems q WHERE q.incident_id = p.incident_id) "
            "ORDER BY p.id DESC LIMIT 1",
            Params().add(id));
        if (r.rows() == 0) return std::nullopt;
        return r.integer(0, 0);
    });
}

std::vector<IncidentId> PgStore::covers(IncidentId id) const {
    return read([&] {
        const auto r = db_->exec(
            "SELECT incident_id FROM postmortem_covers WHERE postmortem_id = "
            "(SELECT max(id) FROM postmortems WHERE incident_id = $1) ORDER BY position",
            Params().add(id));
        std::vector<IncidentId> out;
        for (int i = 0; i < r.rows(); ++i) out.push_back(r.integer(i, 0));
        return out;
    });
}

std::vector<Postmortem> PgStore::covering_postmortems(IncidentId id) const {
    return read([&] {
        const auto r = db_->exec(
            "SELECT p.incident_id, p.body, p.posted_at FROM postmortems p "
            "JOIN postmortem_covers c ON c.postmortem_id = p.id WHERE c.incident_id = $1 "
            "ORDER BY p.id",
            Params().add(id));
        std::vector<Postmortem> out;
        for (int i = 0; i < r.rows(); ++i) {
            out.push_back({r.text(i, 1), instant_of(r.integer(i, 2)), r.integer(i, 0)});
        }
        return out;
    });
}

std::optional<Action> PgStore::action(ActionId id) const {
    return read([&]() -> std::optional<Action> {
        const auto r = db_->exec(fmt::format("SELECT {} FROM actions WHERE id = $1", action_fields),
                                 Params().add(id));
        if (r.rows() == 0) return std::nullopt;
        return action_row(r, 0);
    });
}

std::vector<Action> PgStore::actions(const ActionFilter& filter) const {
    return read([&] {
        Params params;
        std::vector<std::string> where;
        if (filter.open_only) where.emplace_back("done_at IS NULL");
        if (!filter.incidents.empty()) {
            where.emplace_back("incident_id = ANY($1::bigint[])");
            params.add(id_array(filter.incidents));
        }
        std::string sql = fmt::format("SELECT {} FROM actions", action_fields);
        for (std::size_t i = 0; i < where.size(); ++i) {
            sql += (i == 0 ? " WHERE " : " AND ") + where[i];
        }
        const auto r = db_->exec(sql + " ORDER BY id", params);
        std::vector<Action> out;
        for (int i = 0; i < r.rows(); ++i) out.push_back(action_row(r, i));
        return out;
    });
}

std::vector<ActionEvent> PgStore::action_events(IncidentId id) const {
    return read([&] {
        const auto r = db_->exec(
            "SELECT e.action_id, e.event, e.at, e.by FROM action_events e "
            "JOIN actions a ON a.id = e.action_id WHERE a.incident_id = $1 ORDER BY e.id",
            Params().add(id));
        std::vector<ActionEvent> out;
        for (int i = 0; i < r.rows(); ++i) {
            out.push_back({r.integer(i, 0), r.view(i, 1) == "done", instant_of(r.integer(i, 2)),
                           r.text(i, 3)});
        }
        return out;
    });
}

std::vector<RoleHolder> PgStore::roles(IncidentId id) const {
    return read([&] {
        return role_rows(db_->exec(
            "SELECT DISTINCT ON (role COLLATE \"C\") role, name, assigned_at, assigned_by "
            "FROM roles WHERE incident_id = $1 ORDER BY role COLLATE \"C\", id DESC",
            Params().add(id)));
    });
}

std::vector<RoleHolder> PgStore::role_history(IncidentId id) const {
    return read([&] {
        return role_rows(db_->exec(
            "SELECT role, name, assigned_at, assigned_by FROM roles WHERE incident_id = $1 "
            "ORDER BY id",
            Params().add(id)));
    });
}

std::vector<MilestoneChange> PgStore::milestone_changes(IncidentId id) const {
    return read([&] {
        const auto r = db_->exec(
            "SELECT milestone, old_at, new_at, update_id, changed_at, changed_by "
            "FROM milestone_changes WHERE incident_id = $1 ORDER BY id",
            Params().add(id));
        std::vector<MilestoneChange> out;
        for (int i = 0; i < r.rows(); ++i) {
            MilestoneChange c;
            c.milestone = milestone_of(r.view(i, 0));
            c.old_at = optional_instant(r, i, 1);
            c.new_at = instant_of(r.integer(i, 2));
            c.update_id = r.optional_integer(i, 3);
            c.changed_at = instant_of(r.integer(i, 4));
            c.changed_by = r.text(i, 5);
            out.push_back(std::move(c));
        }
        return out;
    });
}

std::vector<ResponseRecord> PgStore::response_records(const IncidentFilter& filter,
                                                      bool components) const {
    return read([&] {
        auto f = filter;
        f.ids.clear();
        Params params;
        const auto where = filter_where(f, params, "i");
        const auto r = db_->exec(
            "SELECT i.id, i.title, i.impact, i.kind, i.backfilled, i.created_at, i.started_at, "
            "i.detected_at, i.acknowledged_at, i.mitigated_at, i.resolved_at FROM incidents i" +
                where + " ORDER BY i.created_at, i.id",
            params);
        std::vector<ResponseRecord> out;
        for (int i = 0; i < r.rows(); ++i) {
            ResponseRecord rec;
            rec.id = r.integer(i, 0);
            rec.title = r.text(i, 1);
            rec.impact = impact_of(r.view(i, 2));
            rec.kind = kind_of(r.view(i, 3));
            rec.backfilled = r.integer(i, 4) != 0;
            rec.created_at = instant_of(r.integer(i, 5));
            rec.started_at = optional_instant(r, i, 6);
            rec.detected_at = optional_instant(r, i, 7);
            rec.acknowledged_at = optional_instant(r, i, 8);
            rec.mitigated_at = optional_instant(r, i, 9);
            rec.resolved_at = optional_instant(r, i, 10);
            out.push_back(std::move(rec));
        }
        if (!components || out.empty()) return out;
        std::unordered_map<IncidentId, std::size_t> index;
        for (std::size_t i = 0; i < out.size(); ++i) index.emplace(out[i].id, i);
        const auto c = db_->exec(
            "SELECT c.incident_id, c.grp, c.name FROM components c WHERE c.incident_id IN "
            "(SELECT i.id FROM incidents i" +
                where + ") ORDER BY c.incident_id, c.position",
            params);
        for (int i = 0; i < c.rows(); ++i) {
            const auto it = index.find(c.integer(i, 0));
            if (it == index.end()) continue;
            out[it->second].components.push_back({c.text(i, 1), c.text(i, 2)});
        }
        return out;
    });
}

ActionId PgStore::insert_action(const Action& a) {
    const auto r =
        run("INSERT INTO actions (incident_id, text, owner, due, link, created_at, created_by) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            Params()
                .add(a.incident_id)
                .add(a.text)
                .add(a.owner)
                .add(a.due ? std::optional<std::string>(format_day(*a.due)) : std::nullopt)
                .add(a.link)
                .add(millis_of(a.created_at))
                .add(a.created_by));
    return r.integer(0, 0);
}

void PgStore::set_action_done(ActionId id, bool done, Instant at, const std::string& by) {
    run("UPDATE actions SET done_at = $2, done_by = $3 WHERE id = $1",
        Params()
            .add(id)
            .add(done ? std::optional<std::int64_t>(millis_of(at)) : std::nullopt)
            .add(done ? std::optional<std::string>(by) : std::nullopt));
    run("INSERT INTO action_events (action_id, event, at, by) VALUES ($1, $2, $3, $4)",
        Params().add(id).add(done ? "done" : "reopened").add(millis_of(at)).add(by));
}

void PgStore::insert_role(IncidentId id, const RoleHolder& holder) {
    run("INSERT INTO roles (incident_id, role, name, assigned_at, assigned_by) "
        "VALUES ($1, $2, $3, $4, $5)",
        Params()
            .add(id)
            .add(holder.role)
            .add(holder.name)
            .add(millis_of(holder.assigned_at))
            .add(holder.assigned_by));
}

void PgStore::set_milestone(IncidentId id, Milestone milestone, Instant at,
                            std::optional<UpdateId> update_id, Instant changed_at,
                            const std::string& changed_by) {
    const std::string column = store::milestone_column(milestone);
    run("INSERT INTO milestone_changes (incident_id, milestone, old_at, new_at, update_id, "
        "changed_at, changed_by) SELECT id, $2, " +
            column + ", $3, $4, $5, $6 FROM incidents WHERE id = $1",
        Params()
            .add(id)
            .add(to_string(milestone))
            .add(millis_of(at))
            .add(update_id)
            .add(millis_of(changed_at))
            .add(changed_by));
    run("UPDATE incidents SET " + column + " = $2 WHERE id = $1",
        Params().add(id).add(millis_of(at)));
}

void PgStore::load(const TableColumns& table, const Row& row) {
    if (pending_table_ != &table) flush_load();
    pending_table_ = &table;
    pending_rows_.push_back(row);
    if (pending_rows_.size() * table.columns.size() >= 20000) flush_load();
}

// The loaded rows of one table in one INSERT; titles and bodies indexed as they go in.
void PgStore::flush_load() {
    if (pending_table_ == nullptr || pending_rows_.empty()) return;
    const auto& t = *pending_table_;
    const char* text_column = t.table == "incidents"                             ? "title"
                              : t.table == "updates" || t.table == "postmortems" ? "body"
                                                                                 : nullptr;
    std::size_t text_index = 0;
    if (text_column != nullptr) {
        text_index = static_cast<std::size_t>(
            std::find(t.columns.begin(), t.columns.end(), text_column) - t.columns.begin());
    }
    std::string columns = fmt::format("{}", fmt::join(t.columns, ", "));
    if (text_column != nullptr) columns += ", search_words, cjk";
    const std::size_t width = t.columns.size() + (text_column != nullptr ? 2 : 0);
    std::string values;
    Params params;
    for (const auto& row : pending_rows_) {
        values += values.empty() ? "(" : ", (";
        for (std::size_t i = 0; i < width; ++i) {
            values += fmt::format("{}${}", i == 0 ? "" : ", ", params.size() + 1 + i);
        }
        values += ")";
        for (const auto& v : row) params.add(v);
        if (text_column != nullptr) {
            const auto& text = row[text_index].value_or("");
            params.add(store::folded_words(text)).add(store::has_cjk(text) ? "true" : "false");
        }
    }
    pending_rows_.clear();
    pending_table_ = nullptr;
    run(fmt::format("INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE VALUES {}", t.table, columns,
                    values),
        params);
}

void PgStore::finish_load() {
    flush_load();
    for (const char* table :
         {"incidents", "updates", "postmortems", "update_versions", "incident_edits",
          "page_components", "milestone_changes", "actions", "action_events", "roles"}) {
        run(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', 'id'), "
                        "coalesce(max(id), 0) + 1, false) FROM {0}",
                        table),
            Params());
    }
}

}  // namespace

std::unique_ptr<ReadStore> open_read(const std::string& url, const StoreOptions& options) {
    auto store = std::make_unique<PgStore>(std::make_unique<Connection>(ConnectOptions{
                                               url, options.connect_timeout, options.module_dir}),
                                           options, true);
    store->start();
    return store;
}

std::unique_ptr<WriteStore> open_write(const std::string& url, const StoreOptions& options) {
    auto store = std::make_unique<PgStore>(std::make_unique<Connection>(ConnectOptions{
                                               url, options.connect_timeout, options.module_dir}),
                                           options, false);
    store->start();
    return store;
}

}  // namespace incident::postgresql
