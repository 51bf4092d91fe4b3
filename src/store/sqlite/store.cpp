#include "store.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <random>
#include <span>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "incident/errors.hpp"
#include "incident/time.hpp"
#include "index_builder.hpp"
#include "schema.hpp"
#include "store/columns.hpp"
#include "store/search_text.hpp"

namespace incident::sqlite {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Waiting for another process's lock. SQLite's own busy handler backs off to one try every
// 100 ms, so under many writers a long waiter keeps losing the lock to fresh ones and
// times out (16 writers starved some past 5 s). This one tries every 1-3 ms until the
// deadline: the wait's own timeout, or a deadline set for a whole transact().
struct BusyWait {
    milliseconds timeout{5000};
    std::optional<Clock::time_point> deadline;
    Clock::time_point episode_end;
    std::minstd_rand jitter{static_cast<unsigned>(::getpid())};

    milliseconds left() const {
        return std::chrono::duration_cast<milliseconds>(deadline.value_or(episode_end) -
                                                        Clock::now());
    }
};

int busy_wait(void* arg, int count) {
    auto& wait = *static_cast<BusyWait*>(arg);
    if (count == 0) wait.episode_end = Clock::now() + wait.timeout;
    const auto left = wait.left();
    if (left <= milliseconds::zero()) return 0;
    std::this_thread::sleep_for(std::min<std::chrono::microseconds>(
        left, std::chrono::microseconds(1000 + wait.jitter() % 2000)));
    return 1;
}

// The hidden file of a new journal and the directories made for it, removed at scope exit
// (a moved-from one owns nothing).
struct Unpublished {
    std::optional<std::filesystem::path> file;
    std::vector<std::filesystem::path> created_directories;  // outermost first

    Unpublished() = default;
    Unpublished(std::filesystem::path f, std::vector<std::filesystem::path> dirs)
        : file(std::move(f)), created_directories(std::move(dirs)) {}
    Unpublished(Unpublished&& other) noexcept
        : file(std::exchange(other.file, std::nullopt)),
          created_directories(std::exchange(other.created_directories, {})) {}
    Unpublished& operator=(Unpublished&&) = delete;
    ~Unpublished() {
        if (!file) return;
        ::unlink(file->c_str());
        ::unlink((file->string() + "-journal").c_str());
        // rmdir refuses a directory another writer has put a journal into meanwhile.
        for (auto it = created_directories.rbegin(); it != created_directories.rend(); ++it) {
            ::rmdir(it->c_str());
        }
    }
};

}  // namespace

struct Connection {
    std::filesystem::path path;
    SQLite::Database db;
    Options options;
    // Statements prepared once per connection, keyed by their (static) SQL text: reading
    // 100k incidents would otherwise prepare the same few queries 100k times.
    std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements{};
    BusyWait busy{};
    // A new journal is written to this hidden file beside `path` until its first write
    // commits, then linked to `path`; a failed or absent first write leaves nothing behind.
    Unpublished unpublished{};
    // Read as empty for settings, but a query of the journal's records says it is missing.
    bool missing = false;
    // `copy`'s inserts, one per table.
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> loads{};
    // A reader's one read transaction: nothing changes while it lasts, so whether the journal
    // holds any covering postmortem or action at all is asked once (see load_details).
    bool snapshot = false;
    std::optional<bool> any_covers{};
    std::optional<bool> any_actions{};
    // Inside a bulk insert into an empty journal: search_index is built on another thread
    // from the texts as they are inserted (index_builder.hpp), unless a text changes after.
    struct ParallelIndex {
        std::string create_sql;
        std::unique_ptr<IndexBuilder> builder{};         // started by the first text
        std::unordered_set<std::int64_t> postmortems{};  // incidents given one so far
        bool abandoned = false;
    };
    std::optional<ParallelIndex> parallel_index{};
    // Inside a bulk insert: the largest incident and update ids before it. Its rows' texts
    // are indexed when it ends, so the triggers that re-index a changed text cannot run on
    // them: changing them is refused.
    std::optional<std::pair<std::int64_t, std::int64_t>> bulk_after{};
    // FTS5 caches an index's shape per connection and does not see it change when the copy
    // rewrites its tables: the copy's connection is replaced once it commits.
    bool reopen_after_commit = false;

    void require_journal() const {
        if (missing) {
            throw NotFoundError(
                fmt::format("no journal at {}; `incident open` creates one", path.string()));
        }
    }

    // Every query of the journal's records goes through here: a missing journal says so.
    template <class F>
    auto read(F&& f) const -> decltype(f());

    // Call once the Connection has its final address.
    void install_busy_wait() {
        busy.timeout = options.busy_timeout;
        sqlite3_busy_handler(db.getHandle(), busy_wait, &busy);
    }
};

// Both the reader and the writer: a reader is one opened read-only (query_only, one read
// transaction for its life), handed out as a ReadStore.
class SqliteStore final : public WriteStore {
  public:
    explicit SqliteStore(std::unique_ptr<Connection> connection) : impl_(std::move(connection)) {}

    std::string location() const override { return impl_->path.string(); }
    std::optional<std::filesystem::path> file() const override { return impl_->path; }

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
    std::optional<std::string> login() const override { return std::nullopt; }
    void lock_incident(IncidentId) override {}  // BEGIN IMMEDIATE excludes every other writer
    void bulk_insert(Rows rows, const std::function<void()>& body) override;
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
    void finish_load() override {}  // an INTEGER PRIMARY KEY continues after the largest id

    // The connection, for the migration that runs before the store is handed out.
    std::unique_ptr<Connection> release() { return std::move(impl_); }

  private:
    void commit(const std::function<void()>& body);
    std::unique_ptr<Connection> impl_;
};

std::unique_ptr<Connection> writer_connection(const std::filesystem::path& path,
                                              const Options& options);

namespace {

namespace fs = std::filesystem;

std::string describe(const fs::path& path) {
    return path.string();
}

// Turns an SQLite failure into a StorageError that says what happened in the user's terms.
[[noreturn]] void fail(const SQLite::Exception& e, const fs::path& path) {
    const int code = e.getErrorCode() & 0xFF;
    const auto p = describe(path);
    switch (code) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            throw StorageError(fmt::format(
                "the journal {} is locked by another process; gave up waiting. Nothing was "
                "changed; try again",
                p));
        case SQLITE_FULL:
            throw StorageError(fmt::format(
                "disk full while writing the journal {}; nothing was recorded. Free some space "
                "and try again",
                p));
        case SQLITE_READONLY:
            throw StorageError(fmt::format("the journal {} is read-only; nothing was recorded", p));
        case SQLITE_NOTADB:
            throw StorageError(fmt::format(
                "{} is not an incident journal (not an SQLite database); nothing was changed", p));
        case SQLITE_CORRUPT:
            throw StorageError(fmt::format(
                "the journal {} is corrupted ({}); nothing was changed. Restore it from a "
                "backup",
                p, e.what()));
        case SQLITE_CANTOPEN:
            throw StorageError(fmt::format("cannot open the journal {} ({})", p, e.what()));
        case SQLITE_PERM:
        case SQLITE_AUTH:
            throw StorageError(fmt::format("permission denied on the journal {}", p));
        case SQLITE_IOERR:
            throw StorageError(
                fmt::format("I/O error on the journal {} ({}); nothing was recorded", p, e.what()));
        default:
            throw StorageError(fmt::format("journal {}: {}", p, e.what()));
    }
}

template <class F>
auto guarded(const fs::path& path, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const SQLite::Exception& e) {
        fail(e, path);
    }
}

}  // namespace

template <class F>
auto Connection::read(F&& f) const -> decltype(f()) {
    require_journal();
    return guarded(path, std::forward<F>(f));
}

namespace {

bool is_busy(const SQLite::Exception& e) {
    const int code = e.getErrorCode() & 0xFF;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

// Creates missing directories with mode 0700 (existing ones are left as they are); the ones
// it made are appended to `created`, outermost first.
void create_private_directories(const fs::path& dir, std::vector<fs::path>& created) {
    if (dir.empty() || fs::exists(dir)) return;
    create_private_directories(dir.parent_path(), created);
    if (::mkdir(dir.c_str(), 0700) == 0) {
        created.push_back(dir);
    } else if (errno != EEXIST) {
        throw StorageError(
            fmt::format("cannot create directory {}: {}", dir.string(), std::strerror(errno)));
    }
}

// The hidden file a new journal is written to before it is linked to `path` (mode 0600).
// Retried when a failed writer removes a directory it had just created for its own journal.
fs::path create_unpublished_file(const fs::path& path, std::vector<fs::path>& created) {
    const auto dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    for (int attempt = 1;; ++attempt) {
        create_private_directories(path.has_parent_path() ? dir : fs::path(), created);
        std::string name = (dir / ("." + path.filename().string() + ".new-XXXXXX")).string();
        const int fd = ::mkostemp(name.data(), O_CLOEXEC);
        if (fd >= 0) {
            ::close(fd);
            return name;
        }
        if (errno != ENOENT || attempt == 3) {
            throw StorageError(fmt::format("cannot create the journal {}: {}", path.string(),
                                           std::strerror(errno)));
        }
    }
}

void create_private_file(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ::close(fd);
    } else if (errno != EEXIST) {
        throw StorageError(
            fmt::format("cannot create the journal {}: {}", path.string(), std::strerror(errno)));
    }
}

void configure(SQLite::Database& db, bool writable) {
    // Rollback journal, not WAL: SQLite 3.40's WAL-reset bug corrupts under concurrent writers.
    if (writable) {
        db.exec("PRAGMA journal_mode = DELETE");
        db.exec("PRAGMA synchronous = FULL");
    }
    db.exec("PRAGMA foreign_keys = ON");
}

// Times are stored as integer milliseconds since the epoch.
Instant instant_of(const SQLite::Column& c) {
    return Instant{milliseconds{c.getInt64()}};
}
std::optional<Instant> optional_instant_of(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return instant_of(c);
}
std::optional<std::string> optional_text_of(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getString();
}
std::int64_t millis_of(Instant t) {
    return t.time_since_epoch().count();
}

void bind_optional(SQLite::Statement& q, int index, const std::optional<std::string>& v) {
    if (v) {
        q.bind(index, *v);
    } else {
        q.bind(index);
    }
}
void bind_optional(SQLite::Statement& q, int index, const std::optional<Instant>& v) {
    if (v) {
        q.bind(index, millis_of(*v));
    } else {
        q.bind(index);
    }
}

Status status_of(const SQLite::Column& c) {
    if (const auto s = parse_status(c.getString())) return *s;
    throw StorageError(fmt::format("the journal holds an unknown status \"{}\"", c.getString()));
}
Impact impact_of(const SQLite::Column& c) {
    if (const auto i = parse_impact(c.getString())) return *i;
    throw StorageError(fmt::format("the journal holds an unknown impact \"{}\"", c.getString()));
}
Kind kind_of(const SQLite::Column& c) {
    if (const auto k = parse_kind(c.getString())) return *k;
    throw StorageError(fmt::format("the journal holds an unknown kind \"{}\"", c.getString()));
}
ComponentStatus component_status_of(const SQLite::Column& c) {
    if (const auto s = parse_component_status(c.getString())) return *s;
    throw StorageError(
        fmt::format("the journal holds an unknown component status \"{}\"", c.getString()));
}

// The columns incident_row() reads, of the incidents row named `alias`.
std::string incident_fields(const std::string& alias) {
    const auto a = alias + ".";
    return a + "id, " + a + "title, " + a + "impact, " + a + "status, " + a + "created_at, " + a +
           "resolved_at, " + a + "updated_at, " + a + "monitoring_at, " + a + "kind, " + a +
           "started_at, " + a + "scheduled_for, " + a + "scheduled_until, " + a + "source_id, " +
           a + "shortlink, " + a + "backfilled, " + a + "impact_given, " + a + "detected_at, " + a +
           "acknowledged_at, " + a + "mitigated_at";
}
constexpr int incident_field_count = 19;

const std::string incident_columns = "SELECT " + incident_fields("incidents") + " FROM incidents";

Incident incident_row(SQLite::Statement& q) {
    Incident inc;
    inc.id = q.getColumn(0).getInt64();
    inc.title = q.getColumn(1).getString();
    inc.impact = impact_of(q.getColumn(2));
    inc.status = status_of(q.getColumn(3));
    inc.created_at = instant_of(q.getColumn(4));
    inc.resolved_at = optional_instant_of(q.getColumn(5));
    inc.updated_at = instant_of(q.getColumn(6));
    inc.monitoring_at = optional_instant_of(q.getColumn(7));
    inc.kind = kind_of(q.getColumn(8));
    inc.started_at = optional_instant_of(q.getColumn(9));
    inc.scheduled_for = optional_instant_of(q.getColumn(10));
    inc.scheduled_until = optional_instant_of(q.getColumn(11));
    inc.source_id = optional_text_of(q.getColumn(12));
    inc.shortlink = optional_text_of(q.getColumn(13));
    inc.backfilled = q.getColumn(14).getInt() != 0;
    inc.impact_given = q.getColumn(15).getInt() != 0;
    inc.detected_at = optional_instant_of(q.getColumn(16));
    inc.acknowledged_at = optional_instant_of(q.getColumn(17));
    inc.mitigated_at = optional_instant_of(q.getColumn(18));
    return inc;
}

// A cached statement for one use: reset when the use ends, so no read stays open.
class Cached {
  public:
    Cached(Connection& impl, const char* sql) : q_(prepare(impl, sql)) {}
    Cached(const Cached&) = delete;
    Cached& operator=(const Cached&) = delete;
    ~Cached() { (void)q_.tryReset(); }
    SQLite::Statement& operator*() noexcept { return q_; }
    SQLite::Statement* operator->() noexcept { return &q_; }

  private:
    static SQLite::Statement& prepare(Connection& impl, const char* sql) {
        auto& slot = impl.statements[sql];
        if (!slot) {
            slot = std::make_unique<SQLite::Statement>(impl.db, sql);
        } else {
            slot->reset();
            slot->clearBindings();
        }
        return *slot;
    }
    SQLite::Statement& q_;
};

constexpr const char* components_sql =
    "SELECT grp, name, update_id FROM components WHERE incident_id = ? ORDER BY position";
constexpr const char* postmortem_sql =
    "SELECT id, body, posted_at FROM postmortems WHERE incident_id = ? ORDER BY id DESC LIMIT 1";
// The incident whose newest postmortem version covers ?1.
constexpr const char* covered_by_sql =
    "SELECT p.incident_id FROM postmortem_covers c JOIN postmortems p ON p.id = c.postmortem_id "
    "WHERE c.incident_id = ?1 AND p.id = "
    "(SELECT max(q.id) FROM postmortems q WHERE q.incident_id = p.incident_id) "
    "ORDER BY p.id DESC LIMIT 1";
// The incidents postmortem version ?2 of incident ?1 regards: ?1 and those it covers.
constexpr const char* regarding_sql =
    "SELECT i.id, i.title, coalesce(i.started_at, i.created_at) AS started, i.created_at "
    "FROM incidents i WHERE i.id = ?1 OR i.id IN "
    "(SELECT c.incident_id FROM postmortem_covers c WHERE c.postmortem_id = ?2) "
    "ORDER BY started, i.id";
constexpr const char* covers_sql =
    "SELECT incident_id FROM postmortem_covers WHERE postmortem_id = ? ORDER BY position";
constexpr const char* action_columns =
    "SELECT id, incident_id, text, owner, due, link, created_at, created_by, done_at, done_by "
    "FROM actions";
constexpr const char* incident_actions_sql =
    "SELECT id, incident_id, text, owner, due, link, created_at, created_by, done_at, done_by "
    "FROM actions WHERE incident_id = ? ORDER BY id";
constexpr const char* update_columns =
    "SELECT id, incident_id, status, body, posted_at, recorded_at, author, idempotency_key, "
    "edited_at, source_id, internal FROM updates";
constexpr const char* updates_sql =
    "SELECT id, incident_id, status, body, posted_at, recorded_at, author, idempotency_key, "
    "edited_at, source_id, internal FROM updates WHERE incident_id = ? ORDER BY posted_at, id";
constexpr const char* changes_sql =
    "SELECT c.update_id, p.grp, p.name, c.code, c.old_status, c.new_status "
    "FROM component_changes c JOIN page_components p ON p.id = c.component_id "
    "JOIN updates u ON u.id = c.update_id WHERE u.incident_id = ? "
    "ORDER BY c.update_id, c.position";
constexpr const char* update_changes_sql =
    "SELECT c.update_id, p.grp, p.name, c.code, c.old_status, c.new_status "
    "FROM component_changes c JOIN page_components p ON p.id = c.component_id "
    "WHERE c.update_id = ? ORDER BY c.position";
constexpr const char* insert_change_sql =
    "INSERT INTO component_changes (update_id, position, component_id, code, old_status, "
    "new_status) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* page_component_columns =
    "SELECT id, grp, name, status, position, source_id, group_source_id FROM page_components";
constexpr const char* find_page_component_sql =
    "SELECT id FROM page_components WHERE grp = ? AND name = ?";
constexpr const char* insert_page_component_sql =
    "INSERT INTO page_components (grp, name, position) "
    "VALUES (?, ?, (SELECT count(*) FROM page_components))";
// Writes an import repeats for every incident: prepared once (the search triggers make
// preparing an INSERT on updates expensive).
constexpr const char* key_use_sql =
    "SELECT u.id, u.incident_id, "
    "(SELECT min(f.id) FROM updates f WHERE f.incident_id = u.incident_id) "
    "FROM updates u WHERE u.idempotency_key = ?";
constexpr const char* insert_incident_sql =
    "INSERT INTO incidents (title, impact, status, created_at, updated_at, kind, started_at, "
    "scheduled_for, scheduled_until, source_id, shortlink, backfilled, impact_given, "
    "detected_at, acknowledged_at, mitigated_at, resolved_at, monitoring_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* insert_update_sql =
    "INSERT INTO updates (incident_id, status, body, posted_at, recorded_at, author, "
    "idempotency_key, edited_at, source_id, internal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* insert_component_sql =
    "INSERT OR IGNORE INTO components (incident_id, position, grp, name, update_id) "
    "VALUES (?, (SELECT count(*) FROM components WHERE incident_id = ?), ?, ?, ?)";
constexpr const char* set_state_sql =
    "UPDATE incidents SET status = ?, resolved_at = ?, updated_at = ?, monitoring_at = ? "
    "WHERE id = ?";

struct NamedComponent {
    Component component;
    std::optional<UpdateId> named_by;
};

std::vector<NamedComponent> load_components(Connection& impl, IncidentId id) {
    Cached q(impl, components_sql);
    q->bind(1, id);
    std::vector<NamedComponent> out;
    while (q->executeStep()) {
        NamedComponent c{{q->getColumn(0).getString(), q->getColumn(1).getString()}, std::nullopt};
        if (!q->getColumn(2).isNull()) c.named_by = q->getColumn(2).getInt64();
        out.push_back(std::move(c));
    }
    return out;
}

std::optional<std::chrono::year_month_day> optional_day_of(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    const auto parsed = parse_day(c.getString());
    if (const auto* day = std::get_if<std::chrono::year_month_day>(&parsed)) return *day;
    throw StorageError(fmt::format("the journal holds an unknown day \"{}\"", c.getString()));
}

Action action_row(SQLite::Statement& q) {
    Action a;
    a.id = q.getColumn(0).getInt64();
    a.incident_id = q.getColumn(1).getInt64();
    a.text = q.getColumn(2).getString();
    a.owner = optional_text_of(q.getColumn(3));
    a.due = optional_day_of(q.getColumn(4));
    a.link = optional_text_of(q.getColumn(5));
    a.created_at = instant_of(q.getColumn(6));
    a.created_by = q.getColumn(7).getString();
    a.done_at = optional_instant_of(q.getColumn(8));
    a.done_by = optional_text_of(q.getColumn(9));
    return a;
}

std::optional<IncidentId> covering_incident(Connection& impl, IncidentId id) {
    Cached q(impl, covered_by_sql);
    q->bind(1, id);
    if (!q->executeStep()) return std::nullopt;
    return q->getColumn(0).getInt64();
}

// The incidents postmortem version `version` of `owner` regards: empty when it covers none.
std::vector<RegardedIncident> load_regarding(Connection& impl, IncidentId owner,
                                             std::int64_t version) {
    Cached q(impl, regarding_sql);
    q->bind(1, owner);
    q->bind(2, version);
    std::vector<RegardedIncident> out;
    while (q->executeStep()) {
        out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getString(),
                       instant_of(q->getColumn(2)), instant_of(q->getColumn(3))});
    }
    if (out.size() < 2) out.clear();
    return out;
}

void append_actions(Connection& impl, IncidentId id, std::vector<Action>& out) {
    Cached q(impl, incident_actions_sql);
    q->bind(1, id);
    while (q->executeStep()) out.push_back(action_row(*q));
}

// Whether the table `sql` asks about may hold rows: asked once per snapshot (an export of
// 100k incidents then skips two lookups per incident in a journal without any), always true
// outside one.
bool may_hold(Connection& impl, std::optional<bool>& known, const char* sql) {
    if (!impl.snapshot) return true;
    if (!known) {
        Cached q(impl, sql);
        known = q->executeStep() && q->getColumn(0).getInt() != 0;
    }
    return *known;
}

// Fills the parts of an incident kept in other tables: the postmortem its reports show (its
// own, or the covering incident's) with what it regards, and the actions of those incidents.
void load_details(Connection& impl, Incident& inc, const std::vector<NamedComponent>& components) {
    for (const auto& c : components) inc.components.push_back(c.component);
    const bool covers =
        may_hold(impl, impl.any_covers, "SELECT EXISTS (SELECT 1 FROM postmortem_covers)");
    const bool actions = may_hold(impl, impl.any_actions, "SELECT EXISTS (SELECT 1 FROM actions)");
    const auto owner = covers ? covering_incident(impl, inc.id).value_or(inc.id) : inc.id;
    std::int64_t version = 0;
    {
        Cached pm(impl, postmortem_sql);
        pm->bind(1, owner);
        if (pm->executeStep()) {
            version = pm->getColumn(0).getInt64();
            inc.postmortem =
                Postmortem{pm->getColumn(1).getString(), instant_of(pm->getColumn(2)), owner};
        }
    }
    if (inc.postmortem && covers) inc.postmortem->regarding = load_regarding(impl, owner, version);
    if (!actions) return;
    if (!inc.postmortem || inc.postmortem->regarding.empty()) {
        append_actions(impl, inc.id, inc.actions);
        return;
    }
    for (const auto& r : inc.postmortem->regarding) append_actions(impl, r.id, inc.actions);
    std::sort(inc.actions.begin(), inc.actions.end(),
              [](const Action& a, const Action& b) { return a.id < b.id; });
}

Update update_row(SQLite::Statement& q) {
    Update u;
    u.id = q.getColumn(0).getInt64();
    u.incident_id = q.getColumn(1).getInt64();
    u.status = status_of(q.getColumn(2));
    u.body = q.getColumn(3).getString();
    u.posted_at = instant_of(q.getColumn(4));
    u.recorded_at = instant_of(q.getColumn(5));
    u.author = optional_text_of(q.getColumn(6));
    u.idempotency_key = optional_text_of(q.getColumn(7));
    u.edited_at = optional_instant_of(q.getColumn(8));
    u.source_id = optional_text_of(q.getColumn(9));
    u.internal = q.getColumn(10).getInt() != 0;
    return u;
}

// One row of changes_sql / update_changes_sql, after its update id.
ComponentChange change_row(SQLite::Statement& q) {
    return {{q.getColumn(1).getString(), q.getColumn(2).getString()},
            optional_text_of(q.getColumn(3)),
            component_status_of(q.getColumn(4)),
            component_status_of(q.getColumn(5))};
}

PageComponent page_component_row(SQLite::Statement& q) {
    PageComponent c;
    c.id = q.getColumn(0).getInt64();
    c.component = {q.getColumn(1).getString(), q.getColumn(2).getString()};
    c.status = component_status_of(q.getColumn(3));
    c.position = q.getColumn(4).getInt64();
    c.source_id = optional_text_of(q.getColumn(5));
    c.group_source_id = optional_text_of(q.getColumn(6));
    return c;
}

std::optional<ComponentId> find_page_component(Connection& impl, const Component& c) {
    Cached q(impl, find_page_component_sql);
    q->bind(1, c.group);
    q->bind(2, c.name);
    if (!q->executeStep()) return std::nullopt;
    return q->getColumn(0).getInt64();
}

// The page component's id, adding it (operational, last) when the page has none of that name.
ComponentId ensure_page_component(Connection& impl, const Component& c) {
    if (const auto id = find_page_component(impl, c)) return *id;
    Cached q(impl, insert_page_component_sql);
    q->bind(1, c.group);
    q->bind(2, c.name);
    q->exec();
    return impl.db.getLastInsertRowid();
}

void load_details(Connection& impl, Incident& inc) {
    load_details(impl, inc, load_components(impl, inc.id));
}

std::vector<Update> load_updates(Connection& impl, IncidentId id,
                                 const std::vector<NamedComponent>& components) {
    std::vector<Update> out;
    {
        Cached q(impl, updates_sql);
        q->bind(1, id);
        while (q->executeStep()) out.push_back(update_row(*q));
    }
    if (out.empty()) return out;
    Cached changes(impl, changes_sql);
    changes->bind(1, id);
    while (changes->executeStep()) {
        const auto update_id = changes->getColumn(0).getInt64();
        for (auto& u : out) {
            if (u.id == update_id) u.changes.push_back(change_row(*changes));
        }
    }
    for (const auto& c : components) {
        if (!c.named_by) continue;
        for (auto& u : out) {
            if (u.id == *c.named_by) u.components.push_back(c.component);
        }
    }
    return out;
}

std::vector<Update> load_updates(Connection& impl, IncidentId id) {
    return load_updates(impl, id, load_components(impl, id));
}

struct FilterSql {
    std::string sql;
    std::vector<std::int64_t> params;
};

// " WHERE ..." for the filter's status, times and ids (columns of `incidents`, optionally
// qualified by `table`), its parameters appended to `params`.
std::string filter_where(const IncidentFilter& f, std::vector<std::int64_t>& params,
                         const std::string& table = "") {
    FilterSql out{"", {}};
    std::vector<std::string> where;
    // The same expression as the incidents_open index's, so that it serves `open`.
    if (f.status == StatusFilter::open) {
        where.emplace_back("status NOT IN ('resolved', 'completed')");
    }
    if (f.status == StatusFilter::resolved) {
        where.emplace_back("status IN ('resolved', 'completed')");
    }
    if (f.kind) {
        where.emplace_back(*f.kind == Kind::incident ? "kind = 'incident'"
                                                     : "kind = 'maintenance'");
    }
    if (f.since) {
        where.emplace_back("created_at >= ?");
        out.params.push_back(millis_of(*f.since));
    }
    if (f.until) {
        where.emplace_back("created_at < ?");
        out.params.push_back(millis_of(*f.until));
    }
    if (!f.ids.empty()) {
        std::string in = "id IN (";
        for (std::size_t i = 0; i < f.ids.size(); ++i) {
            in += i == 0 ? "?" : ", ?";
            out.params.push_back(f.ids[i]);
        }
        where.push_back(in + ")");
    }
    for (std::size_t i = 0; i < where.size(); ++i) {
        out.sql += (i == 0 ? " WHERE " : " AND ") + table + where[i];
    }
    params.insert(params.end(), out.params.begin(), out.params.end());
    return out.sql;
}

FilterSql filter_sql(const IncidentFilter& f) {
    FilterSql out{incident_columns, {}};
    out.sql += filter_where(f, out.params);
    out.sql += f.newest_first ? " ORDER BY created_at DESC, id DESC" : " ORDER BY created_at, id";
    if (f.limit) {
        out.sql += " LIMIT ?";
        out.params.push_back(static_cast<std::int64_t>(*f.limit));
    }
    return out;
}

std::unique_ptr<Connection> open_memory_journal(const fs::path& path, const Options& options) {
    auto impl = std::make_unique<Connection>(
        Connection{path, SQLite::Database(":memory:", SQLite::OPEN_READWRITE), options, {}});
    migrate(impl->db, 0);
    return impl;
}

// SQLite counts its memory under a global mutex at every allocation (5% of an import's
// instructions with the mutex calls); nothing here reads the counts. The setting must come
// before SQLite initializes: a connection opened earlier (a test's) leaves it as it was.
void configure_library() {
    [[maybe_unused]] static const int once = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

}  // namespace

Options options_for(const StoreOptions& options) {
    Options out;
    out.busy_timeout = options.lock_timeout;
    out.write_lock_deadline = options.lock_timeout;
    return out;
}

std::unique_ptr<ReadStore> open_read(const fs::path& path, const Options& options) {
    configure_library();
    std::error_code ec;
    if (fs::status(path, ec).type() == fs::file_type::not_found) {
        auto impl = guarded(path, [&] { return open_memory_journal(path, options); });
        impl->missing = true;
        return std::make_unique<SqliteStore>(std::move(impl));
    }
    bool needs_migration = false;
    auto impl = guarded(path, [&] {
        // A writable file is opened read-write but query_only: a hot rollback journal left by
        // a crashed writer can only be rolled back by a connection that may write the file.
        const bool writable = ::access(path.c_str(), W_OK) == 0;
        auto result = std::make_unique<Connection>(Connection{
            path,
            SQLite::Database(
                path.string(),
                (writable ? SQLite::OPEN_READWRITE : SQLite::OPEN_READONLY) | SQLite::OPEN_NOMUTEX,
                static_cast<int>(options.busy_timeout.count())),
            options,
            {},
            {}});
        result->install_busy_wait();
        configure(result->db, false);
        result->db.exec("PRAGMA query_only = ON");
        // One read transaction for the reader's whole life: one lock and one consistent
        // snapshot, instead of a lock, a hot-journal check and a header read per query.
        result->db.exec("BEGIN");
        result->snapshot = true;
        const auto info = read_schema_info(result->db);
        needs_migration = check_schema(info, path);
        if (needs_migration && info.user_version == 0 && info.table_count == 0) {
            // An empty file (e.g. created but never written): read it as an empty journal.
            needs_migration = false;
            result = open_memory_journal(path, options);
        }
        return result;
    });
    if (needs_migration) {
        impl.reset();
        (void)open_write(path, options);  // migrates, then is closed again
        return open_read(path, options);
    }
    return std::make_unique<SqliteStore>(std::move(impl));
}

std::optional<Incident> SqliteStore::incident(IncidentId id) const {
    return impl_->read([&]() -> std::optional<Incident> {
        SQLite::Statement q(impl_->db, std::string(incident_columns) + " WHERE id = ?");
        q.bind(1, id);
        if (!q.executeStep()) return std::nullopt;
        auto inc = incident_row(q);
        load_details(*impl_, inc);
        return inc;
    });
}

std::vector<Update> SqliteStore::updates(IncidentId id) const {
    return impl_->read([&] { return load_updates(*impl_, id); });
}

std::vector<Incident> SqliteStore::incidents(const IncidentFilter& filter) const {
    return impl_->read([&] {
        const auto f = filter_sql(filter);
        SQLite::Statement q(impl_->db, f.sql);
        for (std::size_t i = 0; i < f.params.size(); ++i) {
            q.bind(static_cast<int>(i + 1), f.params[i]);
        }
        std::vector<Incident> out;
        while (q.executeStep()) out.push_back(incident_row(q));
        for (auto& inc : out) load_details(*impl_, inc);
        return out;
    });
}

void SqliteStore::for_each_incident(
    const IncidentFilter& filter,
    const std::function<void(const Incident&, const std::vector<Update>&)>& visit) const {
    impl_->read([&] {
        const auto f = filter_sql(filter);
        SQLite::Statement q(impl_->db, f.sql);
        for (std::size_t i = 0; i < f.params.size(); ++i) {
            q.bind(static_cast<int>(i + 1), f.params[i]);
        }
        while (q.executeStep()) {
            auto inc = incident_row(q);
            const auto components = load_components(*impl_, inc.id);
            load_details(*impl_, inc, components);
            visit(inc, load_updates(*impl_, inc.id, components));
        }
    });
}

std::vector<Postmortem> SqliteStore::postmortem_history(IncidentId id) const {
    return impl_->read([&] {
        SQLite::Statement q(impl_->db,
                            "SELECT id, body, posted_at FROM postmortems WHERE incident_id = ? "
                            "ORDER BY id");
        q.bind(1, id);
        std::vector<std::pair<std::int64_t, Postmortem>> versions;
        while (q.executeStep()) {
            versions.emplace_back(
                q.getColumn(0).getInt64(),
                Postmortem{q.getColumn(1).getString(), instant_of(q.getColumn(2)), id});
        }
        std::vector<Postmortem> out;
        for (auto& [version, pm] : versions) {
            pm.regarding = load_regarding(*impl_, id, version);
            out.push_back(std::move(pm));
        }
        return out;
    });
}

std::optional<std::string> SqliteStore::config(const std::string& key) const {
    return guarded(impl_->path, [&]() -> std::optional<std::string> {
        SQLite::Statement q(impl_->db, "SELECT value FROM config WHERE key = ?");
        q.bind(1, key);
        if (!q.executeStep()) return std::nullopt;
        return q.getColumn(0).getString();
    });
}

std::optional<Instant> SqliteStore::last_change() const {
    return impl_->read([&]() -> std::optional<Instant> {
        SQLite::Statement q(impl_->db, "SELECT max(updated_at) FROM incidents");
        if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
        return instant_of(q.getColumn(0));
    });
}

JournalMark SqliteStore::mark() const {
    return impl_->read([&] {
        SQLite::Statement q(
            impl_->db,
            "SELECT (SELECT max(id) FROM incidents), (SELECT max(id) FROM updates), "
            "(SELECT max(id) FROM postmortems), (SELECT max(id) FROM update_versions), "
            "(SELECT max(id) FROM incident_edits), "
            "(SELECT max(id) FROM page_components), (SELECT max(id) FROM actions), "
            "(SELECT max(id) FROM action_events), "
            "(SELECT max(id) FROM milestone_changes), (SELECT max(id) FROM roles)");
        q.executeStep();
        const auto at = [&](int i) {
            return q.getColumn(i).isNull() ? 0 : q.getColumn(i).getInt64();
        };
        return JournalMark{at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8), at(9)};
    });
}

std::vector<std::pair<std::string, std::string>> SqliteStore::all_config() const {
    return impl_->read([&] {
        SQLite::Statement q(impl_->db, "SELECT key, value FROM config ORDER BY key");
        std::vector<std::pair<std::string, std::string>> out;
        while (q.executeStep())
            out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
        return out;
    });
}

std::optional<KeyUse> SqliteStore::key_use(const std::string& key) const {
    return impl_->read([&]() -> std::optional<KeyUse> {
        Cached q(*impl_, key_use_sql);
        q->bind(1, key);
        if (!q->executeStep()) return std::nullopt;
        const auto update_id = q->getColumn(0).getInt64();
        return KeyUse{q->getColumn(1).getInt64(), update_id,
                      q->getColumn(2).getInt64() == update_id};
    });
}

std::vector<Component> SqliteStore::component_names() const {
    return impl_->read([&] {
        SQLite::Statement q(impl_->db,
                            "SELECT grp, name FROM components GROUP BY grp, name "
                            "ORDER BY min(incident_id), min(position)");
        std::vector<Component> out;
        while (q.executeStep()) {
            out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString()});
        }
        return out;
    });
}

std::unique_ptr<Connection> writer_connection(const fs::path& path, const Options& options) {
    std::error_code ec;
    if (fs::symlink_status(path, ec).type() == fs::file_type::not_found) {
        std::vector<fs::path> created;
        const auto file = create_unpublished_file(path, created);
        Unpublished unpublished(file, std::move(created));
        auto impl = guarded(path, [&] {
            return std::make_unique<Connection>(Connection{
                path,
                SQLite::Database(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX,
                                 static_cast<int>(options.busy_timeout.count())),
                options,
                {},
                {},
                std::move(unpublished)});
        });
        impl->install_busy_wait();
        guarded(path, [&] {
            configure(impl->db, true);
            impl->db.exec("BEGIN IMMEDIATE");
            migrate(impl->db, 0);
            impl->db.exec("COMMIT");
        });
        return impl;
    }
    if (path.has_parent_path()) {
        std::vector<fs::path> created;
        create_private_directories(path.parent_path(), created);
    }
    create_private_file(path);
    bool needs_migration = false;
    auto impl = guarded(path, [&] {
        auto result = std::make_unique<Connection>(Connection{
            path,
            SQLite::Database(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX,
                             static_cast<int>(options.busy_timeout.count())),
            options,
            {},
            {}});
        result->install_busy_wait();
        // Refuse a file that is not ours before configure() changes it (e.g. its journal mode).
        needs_migration = check_schema(read_schema_info(result->db), path);
        configure(result->db, true);
        return result;
    });
    if (!needs_migration) return impl;
    auto& db = impl->db;
    SqliteStore store(std::move(impl));
    // Migrations rebuild tables, which SQLite allows only with foreign keys off (they cannot
    // change inside a transaction); migrate() checks every reference before the commit.
    guarded(path, [&] { db.exec("PRAGMA foreign_keys = OFF"); });
    store.transact([&] {
        // Another process may have migrated while we waited for the lock.
        const auto now = read_schema_info(db);
        if (check_schema(now, path)) migrate(db, now.user_version);
    });
    guarded(path, [&] { db.exec("PRAGMA foreign_keys = ON"); });
    return store.release();
}

std::unique_ptr<WriteStore> open_write(const fs::path& path, const Options& options) {
    configure_library();
    return std::make_unique<SqliteStore>(writer_connection(path, options));
}

void SqliteStore::transact(const std::function<void()>& body) {
    commit(body);
    auto& unpublished = impl_->unpublished;
    if (!unpublished.file) {
        if (impl_->reopen_after_commit) impl_ = writer_connection(impl_->path, impl_->options);
        return;
    }
    const auto path = impl_->path;
    const auto options = impl_->options;
    if (::link(unpublished.file->c_str(), path.c_str()) == 0) {
        // The journal has its name: the hidden one goes, and so does this connection to it
        // (SQLite names its rollback journal after the name it opened).
        unpublished.created_directories.clear();
        impl_ = writer_connection(path, options);
        return;
    }
    if (errno != EEXIST) {
        throw StorageError(fmt::format("cannot create the journal {}: {}; nothing was recorded",
                                       describe(path), std::strerror(errno)));
    }
    // Another writer created the journal since open(): record this write in theirs.
    impl_ = writer_connection(path, options);
    commit(body);
    if (impl_->reopen_after_commit) impl_ = writer_connection(path, options);
}

void SqliteStore::commit(const std::function<void()>& body) {
    auto& db = impl_->db;
    auto& busy = impl_->busy;
    const auto& bound = impl_->options.write_lock_deadline;
    if (bound) busy.deadline = Clock::now() + *bound;
    for (int attempt = 1;; ++attempt) {
        try {
            db.exec("BEGIN IMMEDIATE");
            break;
        } catch (const SQLite::Exception& e) {
            if (!is_busy(e) || attempt >= impl_->options.max_begin_attempts ||
                (bound && busy.left() <= milliseconds::zero())) {
                busy.deadline.reset();
                fail(e, impl_->path);
            }
            auto pause = milliseconds(10 * attempt + static_cast<int>(busy.jitter() % 20));
            if (bound) pause = std::min(pause, busy.left());
            std::this_thread::sleep_for(pause);
        }
    }
    busy.deadline.reset();
    try {
        body();
        db.exec("COMMIT");
    } catch (...) {
        try {
            db.exec("ROLLBACK");
        } catch (const SQLite::Exception&) {
            // COMMIT failures may already have rolled back; nothing more to undo.
        }
        try {
            throw;
        } catch (const SQLite::Exception& e) {
            fail(e, impl_->path);
        }
    }
}

namespace {

// The triggers that index new rows (schema 3), and what they do, as one statement per table
// for the rows added after the given ids. Keep in step with schema.cpp's search triggers.
constexpr const char* search_insert_triggers[] = {
    "search_incident_insert",     "search_update_insert",     "search_postmortem_insert",
    "search_cjk_incident_insert", "search_cjk_update_insert", "search_cjk_postmortem_insert"};
// The triggers test migration 6's GLOB class of Han, kana and Hangul; the bulk statements
// call has_cjk() below, which tests the same ranges: SQLite's GLOB walks the class at every
// position of the text, and was 58% of an import's instructions.
#define INCIDENT_CJK_GLOB " incident_has_cjk"
// The newest postmortem of each incident that got one in the bulk (?3: the largest id before).
#define INCIDENT_NEWEST_POSTMORTEM(before)                                 \
    " FROM postmortems p WHERE p.id = (SELECT max(id) FROM postmortems q " \
    "WHERE q.incident_id = p.incident_id" before                           \
    ") "                                                                   \
    "AND p.incident_id IN (SELECT incident_id FROM postmortems WHERE id > ?3)"
constexpr const char* bulk_words_sql[] = {
    "INSERT INTO search_index (rowid, title, body) "
    "SELECT id * 4, title, '' FROM incidents WHERE id > ?1 ORDER BY id",
    "INSERT INTO search_index (rowid, title, body) "
    "SELECT id * 4 + 1, '', body FROM updates WHERE id > ?2 ORDER BY id",
    // The postmortem indexed before leaves the index given the text it was indexed with.
    "INSERT INTO search_index (search_index, rowid, title, body) "
    "SELECT 'delete', p.incident_id * 4 + 2, '', p.body" INCIDENT_NEWEST_POSTMORTEM(
        " AND q.id <= ?3"),
    "INSERT INTO search_index (rowid, title, body) "
    "SELECT p.incident_id * 4 + 2, '', p.body" INCIDENT_NEWEST_POSTMORTEM("") " ORDER BY "
    "p.incident_id",
};
constexpr const char* bulk_cjk_sql[] = {
    "INSERT INTO search_cjk (rowid, title, body, incident_id) "
    "SELECT id * 4, title, '', id FROM incidents WHERE id > ?1 AND" INCIDENT_CJK_GLOB "(title)",
    "INSERT INTO search_cjk (rowid, title, body, incident_id) "
    "SELECT id * 4 + 1, '', body, incident_id FROM updates WHERE id > ?2 AND" INCIDENT_CJK_GLOB
    "(body)",
    "DELETE FROM search_cjk WHERE rowid IN "
    "(SELECT DISTINCT incident_id * 4 + 2 FROM postmortems WHERE id > ?3)",
    "INSERT INTO search_cjk (rowid, title, body, incident_id) "
    "SELECT p.incident_id * 4 + 2, '', p.body, p.incident_id" INCIDENT_NEWEST_POSTMORTEM(
        "") " AND" INCIDENT_CJK_GLOB "(p.body)",
};
#undef INCIDENT_NEWEST_POSTMORTEM
#undef INCIDENT_CJK_GLOB

void sql_has_cjk(sqlite3_context* context, int, sqlite3_value** argv);

// FTS5's pending-terms buffer inside bulk_insert (its default is 1 MiB): import's memory
// must not grow with the document by more than a few MiB (tests/reliability/import_memory.sh).
constexpr int bulk_fts_hash_bytes = 4 << 20;

// FTS5 merges a level's segments into one of the next level once it holds `automerge` (4),
// and at once, inside the write that makes them, once it holds `crisismerge` (16). The bulk
// index merges at 16 (and 64): fewer rounds of rewriting the same terms. One 'merge' at the
// end then merges every level holding `usermerge` (4) or more, so the index is left shaped as
// the defaults keep it: otherwise a later one-line `update` would pay a crisis merge of the
// import's segments (1 s at 100k incidents).
struct FtsSetting {
    const char* name;
    int bulk;
    int normal;  // FTS5's default
};
constexpr FtsSetting bulk_fts_settings[] = {
    {"hashsize", bulk_fts_hash_bytes, 1 << 20}, {"automerge", 16, 4}, {"crisismerge", 64, 16}};
// The final 'merge' stops when no level holds `usermerge` segments; the bound (pages written)
// is far above any journal's index.
constexpr int bulk_fts_merge_pages = 1 << 30;

constexpr const char* both_indexes[] = {"search_index", "search_cjk"};
constexpr const char* cjk_index[] = {"search_cjk"};

void set_fts(SQLite::Database& db, std::span<const char* const> tables, bool bulk) {
    for (const char* table : tables) {
        for (const auto& s : bulk_fts_settings) {
            db.exec(fmt::format("INSERT INTO {0} ({0}, rank) VALUES ('{1}', {2})", table, s.name,
                                bulk ? s.bulk : s.normal));
        }
    }
}

// Starts writing what SQLite wrote of the journal so far to disk: the commit's fsync then has
// less left to wait for. A hint only, so failures are ignored.
void start_writeback(SQLite::Database& db) {
    const int fd = ::open(db.getFilename().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    (void)::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    ::close(fd);
}

// A text the bulk insert's word index must hold, under its rowid (id * 4 + kind).
void index_in_parallel(Connection& c, std::int64_t rowid, std::string_view title,
                       std::string_view body) {
    auto& parallel = c.parallel_index;
    if (!parallel || parallel->abandoned) return;
    if (!parallel->builder)
        parallel->builder = std::make_unique<IndexBuilder>(parallel->create_sql);
    parallel->builder->add(rowid, title, body);
}

// A text indexed already changed: the bulk insert indexes its rows afterwards instead.
void abandon_parallel_index(Connection& c) {
    if (!c.parallel_index) return;
    c.parallel_index->abandoned = true;
    c.parallel_index->builder.reset();
}

void refuse_bulk_change(const Connection& c, std::int64_t id, bool update) {
    if (c.bulk_after && id > (update ? c.bulk_after->second : c.bulk_after->first)) {
        throw std::logic_error(fmt::format("a bulk insert cannot change the {} it added",
                                           update ? "update text" : "title"));
    }
}

}  // namespace

void SqliteStore::bulk_insert(Rows rows, const std::function<void()>& body) {
    auto& db = impl_->db;
    const auto max_id = [&](const char* sql) {
        SQLite::Statement q(db, sql);
        q.executeStep();
        return q.getColumn(0).getInt64();
    };
    const auto incidents = max_id("SELECT coalesce(max(id), 0) FROM incidents");
    const auto updates = max_id("SELECT coalesce(max(id), 0) FROM updates");
    const auto postmortems = max_id("SELECT coalesce(max(id), 0) FROM postmortems");
    std::vector<std::string> triggers;
    for (const char* name : search_insert_triggers) {
        SQLite::Statement q(db,
                            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?");
        q.bind(1, name);
        if (!q.executeStep())
            throw StorageError(fmt::format("the journal lacks the trigger {}", name));
        triggers.push_back(q.getColumn(0).getString());
        db.exec(fmt::format("DROP TRIGGER {}", name));
    }
    impl_->statements.clear();  // prepared with the triggers
    db.createFunction("incident_has_cjk", 1, true, nullptr, sql_has_cjk);
    // The CHECK constraints' IN lists build an ephemeral table at every row inserted: 19% of
    // an import's instructions. For typed rows, statements prepared now leave them out: the
    // values are the model's enum spellings, which is what the constraints check.
    if (rows == Rows::typed) db.exec("PRAGMA ignore_check_constraints = ON");
    // Typed rows into an empty journal: their texts are indexed on another thread meanwhile.
    std::optional<std::string> create_index_sql;
    if (rows == Rows::typed && incidents == 0) {
        SQLite::Statement q(db,
                            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND "
                            "name = 'search_index'");
        if (q.executeStep()) create_index_sql = q.getColumn(0).getString();
    }
    const std::span<const char* const> indexes =
        create_index_sql ? std::span<const char* const>(cjk_index) : both_indexes;
    struct Checked {
        Connection& impl;
        std::span<const char* const> indexes;
        ~Checked() {
            impl.parallel_index.reset();
            impl.bulk_after.reset();
            try {
                impl.db.exec("PRAGMA ignore_check_constraints = OFF");
                set_fts(impl.db, indexes, false);
            } catch (const SQLite::Exception&) {  // a failing journal: the next write says so
            }
            impl.statements.clear();  // perhaps prepared without the checks
        }
    } checked{*impl_, indexes};
    // FTS5 flushes its pending terms to a new segment each `hashsize` bytes (1 MiB) and merges
    // segments as they pile up: a larger buffer and later merges for the bulk indexing.
    set_fts(db, indexes, true);
    if (create_index_sql) {
        impl_->parallel_index.emplace(Connection::ParallelIndex{std::move(*create_index_sql)});
    }
    impl_->bulk_after.emplace(incidents, updates);
    body();
    const std::int64_t after[] = {incidents, updates, postmortems};  // ?1, ?2, ?3
    const auto run_all = [&](std::span<const char* const> statements) {
        for (const char* sql : statements) {
            SQLite::Statement q(db, sql);
            for (int i = 1; i <= q.getBindParameterCount(); ++i) q.bind(i, after[i - 1]);
            q.exec();
        }
    };
    // First what the thread does not do, while it finishes.
    run_all(bulk_cjk_sql);
    auto& parallel = impl_->parallel_index;
    if (parallel && !parallel->abandoned) {
        if (parallel->builder) {
            start_writeback(db);
            parallel->builder->finish_into(db);
            impl_->reopen_after_commit = true;
        }
    } else {
        run_all(bulk_words_sql);
    }
    for (const char* table : indexes) {
        db.exec(fmt::format("INSERT INTO {0} ({0}, rank) VALUES ('merge', {1})", table,
                            bulk_fts_merge_pages));
    }
    for (const auto& sql : triggers) db.exec(sql);
}

IncidentId SqliteStore::insert_incident(const NewIncident& incident, Instant created_at) {
    Cached q(*impl_, insert_incident_sql);
    q->bind(1, incident.title);
    q->bind(2, std::string(to_string(incident.impact)));
    const auto& state = incident.state;
    q->bind(3, std::string(to_string(state ? state->status : initial_status(incident.kind))));
    q->bind(4, millis_of(created_at));
    q->bind(5, millis_of(state ? state->updated_at : created_at));
    q->bind(6, std::string(to_string(incident.kind)));
    bind_optional(*q, 7, incident.started_at);
    bind_optional(*q, 8, incident.scheduled_for);
    bind_optional(*q, 9, incident.scheduled_until);
    bind_optional(*q, 10, incident.source_id);
    bind_optional(*q, 11, incident.shortlink);
    q->bind(12, incident.backfilled ? 1 : 0);
    q->bind(13, incident.kind == Kind::maintenance && incident.impact_given ? 1 : 0);
    bind_optional(*q, 14, incident.detected_at);
    bind_optional(*q, 15, incident.acknowledged_at);
    bind_optional(*q, 16, incident.mitigated_at);
    bind_optional(*q, 17, state ? state->resolved_at : std::nullopt);
    bind_optional(*q, 18, state ? state->monitoring_at : std::nullopt);
    q->exec();
    const IncidentId id = impl_->db.getLastInsertRowid();
    index_in_parallel(*impl_, id * 4, incident.title, "");
    return id;
}

UpdateId SqliteStore::insert_update(const Update& u) {
    Cached q(*impl_, insert_update_sql);
    q->bind(1, u.incident_id);
    q->bind(2, std::string(to_string(u.status)));
    q->bindNoCopy(3, u.body);  // `u` outlives the step; the statement's next use rebinds
    q->bind(4, millis_of(u.posted_at));
    q->bind(5, millis_of(u.recorded_at));
    bind_optional(*q, 6, u.author);
    bind_optional(*q, 7, u.idempotency_key);
    bind_optional(*q, 8, u.edited_at);
    bind_optional(*q, 9, u.source_id);
    q->bind(10, u.internal ? 1 : 0);
    q->exec();
    const UpdateId id = impl_->db.getLastInsertRowid();
    index_in_parallel(*impl_, id * 4 + 1, "", u.body);
    if (u.changes.empty()) return id;
    Cached change(*impl_, insert_change_sql);
    std::int64_t position = 0;
    for (const auto& c : u.changes) {
        const auto component_id = ensure_page_component(*impl_, c.component);
        change->bind(1, id);
        change->bind(2, position++);
        change->bind(3, component_id);
        bind_optional(*change, 4, c.code);
        change->bind(5, std::string(to_string(c.old_status)));
        change->bind(6, std::string(to_string(c.new_status)));
        change->exec();
        change->reset();
    }
    return id;
}

void SqliteStore::add_components(IncidentId id, std::optional<UpdateId> first_named_by,
                                 const std::vector<Component>& components) {
    if (components.empty()) return;
    for (const auto& c : components) (void)ensure_page_component(*impl_, c);
    Cached q(*impl_, insert_component_sql);
    for (const auto& c : components) {
        q->bind(1, id);
        q->bind(2, id);
        q->bind(3, c.group);
        q->bind(4, c.name);
        if (first_named_by) {
            q->bind(5, *first_named_by);
        } else {
            q->bind(5);
        }
        q->exec();
        q->reset();
    }
}

void SqliteStore::set_impact(IncidentId id, Impact impact) {
    SQLite::Statement q(impl_->db, "UPDATE incidents SET impact = ? WHERE id = ?");
    q.bind(1, std::string(to_string(impact)));
    q.bind(2, id);
    q.exec();
}

void SqliteStore::set_state(IncidentId id, const IncidentState& state) {
    Cached q(*impl_, set_state_sql);
    q->bind(1, std::string(to_string(state.status)));
    bind_optional(*q, 2, state.resolved_at);
    q->bind(3, millis_of(state.updated_at));
    bind_optional(*q, 4, state.monitoring_at);
    q->bind(5, id);
    q->exec();
}

void SqliteStore::insert_postmortem(IncidentId id, const std::string& body, Instant posted_at,
                                    Instant recorded_at, const std::vector<IncidentId>& covers) {
    SQLite::Statement q(impl_->db,
                        "INSERT INTO postmortems (incident_id, body, posted_at, recorded_at) "
                        "VALUES (?, ?, ?, ?)");
    q.bind(1, id);
    q.bind(2, body);
    q.bind(3, millis_of(posted_at));
    q.bind(4, millis_of(recorded_at));
    q.exec();
    if (auto& parallel = impl_->parallel_index) {
        // Only an incident's newest postmortem is indexed.
        if (parallel->postmortems.insert(id).second) {
            index_in_parallel(*impl_, id * 4 + 2, "", body);
        } else {
            abandon_parallel_index(*impl_);
        }
    }
    if (covers.empty()) return;
    const auto version = impl_->db.getLastInsertRowid();
    SQLite::Statement c(impl_->db,
                        "INSERT INTO postmortem_covers (postmortem_id, position, incident_id) "
                        "VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < covers.size(); ++i) {
        c.bind(1, version);
        c.bind(2, static_cast<std::int64_t>(i));
        c.bind(3, covers[i]);
        c.exec();
        c.reset();
    }
}

void SqliteStore::set_config(const std::string& key, const std::string& value) {
    SQLite::Statement q(impl_->db,
                        "INSERT INTO config (key, value) VALUES (?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    q.bind(1, key);
    q.bind(2, value);
    q.exec();
}

void SqliteStore::unset_config(const std::string& key) {
    SQLite::Statement q(impl_->db, "DELETE FROM config WHERE key = ?");
    q.bind(1, key);
    q.exec();
}

std::string fts_query(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) out += ' ';
        out += '"';
        for (const char c : w) {
            if (c == '"') out += '"';
            out += c;
        }
        out += '"';
    }
    return out;
}

namespace {

void bind_all(SQLite::Statement& q, const std::vector<std::int64_t>& params, int first = 1) {
    for (std::size_t i = 0; i < params.size(); ++i) q.bind(first + static_cast<int>(i), params[i]);
}

void sql_has_cjk(sqlite3_context* context, int, sqlite3_value** argv) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const auto size = static_cast<std::size_t>(sqlite3_value_bytes(argv[0]));
    sqlite3_result_int(context,
                       text != nullptr && store::has_cjk(std::string_view(text, size)) ? 1 : 0);
}

}  // namespace

std::optional<Update> SqliteStore::update(UpdateId id) const {
    return impl_->read([&]() -> std::optional<Update> {
        SQLite::Statement q(impl_->db, std::string(update_columns) + " WHERE id = ?");
        q.bind(1, id);
        if (!q.executeStep()) return std::nullopt;
        auto u = update_row(q);
        Cached changes(*impl_, update_changes_sql);
        changes->bind(1, id);
        while (changes->executeStep()) u.changes.push_back(change_row(*changes));
        return u;
    });
}

std::vector<UpdateVersion> SqliteStore::update_versions(IncidentId id) const {
    return impl_->read([&] {
        SQLite::Statement q(impl_->db, R"sql(
SELECT v.update_id, v.body, v.posted_at, v.written_at, v.written_by, 0, v.id
FROM update_versions v JOIN updates u ON u.id = v.update_id WHERE u.incident_id = ?1
UNION ALL
SELECT id, body, posted_at, edited_at, coalesce(edited_by, author), 1, NULL
FROM updates WHERE incident_id = ?1 AND edited_at IS NOT NULL
ORDER BY 1, 6, 7)sql");
        q.bind(1, id);
        std::vector<UpdateVersion> out;
        while (q.executeStep()) {
            out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                           instant_of(q.getColumn(2)), instant_of(q.getColumn(3)),
                           q.getColumn(4).getString(), q.getColumn(5).getInt() == 1});
        }
        return out;
    });
}

std::int64_t SqliteStore::count(const IncidentFilter& filter) const {
    return impl_->read([&] {
        std::vector<std::int64_t> params;
        SQLite::Statement q(impl_->db,
                            "SELECT count(*) FROM incidents" + filter_where(filter, params));
        bind_all(q, params);
        return q.executeStep() ? q.getColumn(0).getInt64() : std::int64_t{0};
    });
}

std::vector<std::pair<Impact, std::int64_t>> SqliteStore::count_by_impact(
    const IncidentFilter& filter) const {
    return impl_->read([&] {
        std::vector<std::int64_t> params;
        SQLite::Statement q(impl_->db, "SELECT impact, count(*) FROM incidents" +
                                           filter_where(filter, params) + " GROUP BY impact");
        bind_all(q, params);
        std::vector<std::pair<Impact, std::int64_t>> out;
        while (q.executeStep())
            out.emplace_back(impact_of(q.getColumn(0)), q.getColumn(1).getInt64());
        return out;
    });
}

std::optional<std::pair<Instant, Instant>> SqliteStore::created_range(
    const IncidentFilter& filter) const {
    return impl_->read([&]() -> std::optional<std::pair<Instant, Instant>> {
        std::vector<std::int64_t> params;
        SQLite::Statement q(impl_->db, "SELECT min(created_at), max(created_at) FROM incidents" +
                                           filter_where(filter, params));
        bind_all(q, params);
        if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
        return std::pair{instant_of(q.getColumn(0)), instant_of(q.getColumn(1))};
    });
}

std::vector<ResolveTime> SqliteStore::resolve_times(const IncidentFilter& filter) const {
    return impl_->read([&] {
        auto f = filter;
        f.status = StatusFilter::resolved;
        std::vector<std::int64_t> params;
        SQLite::Statement q(impl_->db,
                            "SELECT id, title, impact, created_at, resolved_at FROM incidents" +
                                filter_where(f, params) + " ORDER BY created_at, id");
        bind_all(q, params);
        std::vector<ResolveTime> out;
        while (q.executeStep()) {
            out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                           impact_of(q.getColumn(2)), instant_of(q.getColumn(3)),
                           instant_of(q.getColumn(4))});
        }
        return out;
    });
}

std::vector<SearchHit> SqliteStore::search(const std::vector<std::string>& words,
                                           const IncidentFilter& filter, bool snippets) const {
    return impl_->read([&] {
        auto f = filter;
        f.ids.clear();
        const auto match = fts_query(words);
        // Words with CJK are found in search_cjk (3+ characters by trigram MATCH, shorter
        // ones by substring: a trigram matches nothing shorter), the others in search_index
        // joined on the same text; every word is required in one text.
        std::vector<std::string> cjk_long, cjk_short, other;
        for (const auto& w : words) {
            if (!store::has_cjk(w)) {
                other.push_back(w);
            } else {
                (store::code_points(w) >= 3 ? cjk_long : cjk_short).push_back(w);
            }
        }
        const bool cjk = !cjk_long.empty() || !cjk_short.empty();
        // Ranked texts, best first; an incident's best text stands for it. A top-k sort is
        // far cheaper than grouping every match, so ask for a few texts per wanted incident
        // and ask again for more only when too few distinct incidents came back.
        // Titles weigh ten times as much as bodies.
        std::vector<std::string> texts;
        std::string from, where, score;
        const std::string table = cjk ? "search_cjk" : "search_index";
        if (!cjk) {
            from = "search_index";
            where = " WHERE search_index MATCH ?";
            texts.push_back(match);
            score = "bm25(search_index, 10.0, 1.0)";
        } else {
            from = "search_cjk";
            where = " WHERE 1";
            if (!other.empty()) {
                from += " JOIN search_index ON search_index.rowid = search_cjk.rowid";
                where += " AND search_index MATCH ?";
                texts.push_back(fts_query(other));
                score = "bm25(search_index, 10.0, 1.0)";
            }
            if (!cjk_long.empty()) {
                where += " AND search_cjk MATCH ?";
                texts.push_back(fts_query(cjk_long));
                score += std::string(score.empty() ? "" : " + ") + "bm25(search_cjk, 10.0, 1.0)";
            }
            for (const auto& w : cjk_short) {
                where += " AND instr(search_cjk.title || search_cjk.body, ?) > 0";
                texts.push_back(w);
            }
            if (score.empty()) score = "CASE search_cjk.rowid % 4 WHEN 0 THEN -10.0 ELSE -1.0 END";
        }
        // search_index keeps no columns (migration 10): a text's incident follows from its
        // rowid, through the update for an update's text.
        const std::string incident_of =
            cjk ? "search_cjk.incident_id"
                : "CASE search_index.rowid % 4 WHEN 1 THEN (SELECT u.incident_id FROM updates u "
                  "WHERE u.id = search_index.rowid / 4) ELSE search_index.rowid / 4 END";
        std::vector<std::int64_t> where_params;
        const std::string sql =
            "SELECT " + incident_fields("i") + ", " + score + " AS score, " + table +
            ".rowid FROM " + from + " JOIN incidents i ON i.id = " + incident_of + where +
            [&] {
                auto w = filter_where(f, where_params, "i.");
                if (!w.empty()) w.replace(0, 7, " AND ");
                return w;
            }() +
            " ORDER BY score, i.created_at DESC, i.id DESC, " + table + ".rowid";
        std::vector<SearchHit> out;
        std::vector<std::int64_t> rows;
        for (std::int64_t batch = f.limit ? static_cast<std::int64_t>(*f.limit) * 4 : -1;;
             batch *= 8) {
            SQLite::Statement q(impl_->db, sql + (batch > 0 ? " LIMIT ?" : ""));
            for (std::size_t k = 0; k < texts.size(); ++k)
                q.bind(static_cast<int>(k) + 1, texts[k]);
            const auto first_param = static_cast<int>(texts.size()) + 1;
            bind_all(q, where_params, first_param);
            if (batch > 0) q.bind(static_cast<int>(where_params.size()) + first_param, batch);
            out.clear();
            rows.clear();
            std::int64_t seen = 0;
            std::unordered_set<IncidentId> ids;
            while (q.executeStep()) {
                ++seen;
                if (f.limit && out.size() == *f.limit) break;
                const auto id = q.getColumn(0).getInt64();
                if (!ids.insert(id).second) continue;
                SearchHit h;
                h.incident = incident_row(q);
                // bm25 is lower for a better match.
                h.score = -q.getColumn(incident_field_count).getDouble();
                const auto row = q.getColumn(incident_field_count + 1).getInt64();
                rows.push_back(row);
                switch (row % 4) {
                    case 1:
                        h.kind = SearchHit::Kind::update;
                        h.update_id = row / 4;
                        break;
                    case 2:
                        h.kind = SearchHit::Kind::postmortem;
                        break;
                    default:
                        h.kind = SearchHit::Kind::title;
                        break;
                }
                out.push_back(std::move(h));
            }
            if (batch < 0 || seen < batch || (f.limit && out.size() == *f.limit)) break;
        }
        if (!snippets) return out;
        if (cjk) {
            auto marked = cjk_long;
            marked.insert(marked.end(), cjk_short.begin(), cjk_short.end());
            SQLite::Statement text(impl_->db,
                                   "SELECT title || body FROM search_cjk WHERE rowid = ?");
            for (std::size_t i = 0; i < out.size(); ++i) {
                text.bind(1, rows[i]);
                if (text.executeStep())
                    store::cjk_snippet(text.getColumn(0).getString(), marked, out[i]);
                text.reset();
            }
            return out;
        }
        // The texts themselves (search_index keeps no copy): a title is in the hit already.
        Cached update_body(*impl_, "SELECT body FROM updates WHERE id = ?");
        Cached postmortem_body(*impl_,
                               "SELECT body FROM postmortems WHERE incident_id = ? "
                               "ORDER BY id DESC LIMIT 1");
        const auto text_of = [](SQLite::Statement& q, std::int64_t id) {
            q.bind(1, id);
            auto text = q.executeStep() ? q.getColumn(0).getString() : std::string();
            q.reset();
            return text;
        };
        for (auto& h : out) {
            const auto text = h.kind == SearchHit::Kind::title ? h.incident.title
                              : h.kind == SearchHit::Kind::update
                                  ? text_of(*update_body, *h.update_id)
                                  : text_of(*postmortem_body, h.incident.id);
            store::word_snippet(text, words, h);
        }
        return out;
    });
}

void SqliteStore::amend_update(UpdateId id, const std::string& body, Instant posted_at,
                               Instant edited_at, const std::string& edited_by) {
    refuse_bulk_change(*impl_, id, true);
    SQLite::Statement keep(impl_->db, R"sql(
INSERT INTO update_versions (update_id, body, posted_at, written_at, written_by)
SELECT id, body, posted_at, coalesce(edited_at, recorded_at), coalesce(edited_by, author)
FROM updates WHERE id = ?)sql");
    keep.bind(1, id);
    keep.exec();
    SQLite::Statement q(impl_->db,
                        "UPDATE updates SET body = ?, posted_at = ?, edited_at = ?, edited_by = ? "
                        "WHERE id = ?");
    q.bind(1, body);
    q.bind(2, millis_of(posted_at));
    q.bind(3, millis_of(edited_at));
    q.bind(4, edited_by);
    q.bind(5, id);
    q.exec();
}

void SqliteStore::set_created_at(IncidentId id, Instant created_at) {
    SQLite::Statement q(impl_->db, "UPDATE incidents SET created_at = ? WHERE id = ?");
    q.bind(1, millis_of(created_at));
    q.bind(2, id);
    q.exec();
}

void SqliteStore::set_title(IncidentId id, const std::string& title) {
    refuse_bulk_change(*impl_, id, false);
    SQLite::Statement q(impl_->db, "UPDATE incidents SET title = ? WHERE id = ?");
    q.bind(1, title);
    q.bind(2, id);
    q.exec();
}

void SqliteStore::remove_component(IncidentId id, const Component& component) {
    SQLite::Statement find(impl_->db,
                           "SELECT position FROM components "
                           "WHERE incident_id = ? AND grp = ? AND name = ?");
    find.bind(1, id);
    find.bind(2, component.group);
    find.bind(3, component.name);
    if (!find.executeStep()) return;
    const auto position = find.getColumn(0).getInt64();
    SQLite::Statement q(impl_->db,
                        "DELETE FROM components WHERE incident_id = ? AND grp = ? AND name = ?");
    q.bind(1, id);
    q.bind(2, component.group);
    q.bind(3, component.name);
    q.exec();
    // Positions stay dense: the next component added goes last.
    SQLite::Statement shift(impl_->db,
                            "UPDATE components SET position = position - 1 "
                            "WHERE incident_id = ? AND position > ?");
    shift.bind(1, id);
    shift.bind(2, position);
    shift.exec();
}

void SqliteStore::insert_incident_edit(const IncidentEdit& edit) {
    SQLite::Statement q(impl_->db,
                        "INSERT INTO incident_edits (incident_id, field, old_value, new_value, "
                        "edited_at, edited_by) VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, edit.incident_id);
    q.bind(2, edit.field);
    q.bind(3, edit.old_value);
    if (edit.new_value) {
        q.bind(4, *edit.new_value);
    } else {
        q.bind(4);
    }
    q.bind(5, millis_of(edit.edited_at));
    q.bind(6, edit.edited_by);
    q.exec();
}

std::vector<IncidentEdit> SqliteStore::incident_edits(IncidentId id) const {
    return impl_->read([&] {
        SQLite::Statement q(impl_->db,
                            "SELECT field, old_value, new_value, edited_at, edited_by "
                            "FROM incident_edits WHERE incident_id = ? ORDER BY id");
        q.bind(1, id);
        std::vector<IncidentEdit> out;
        while (q.executeStep()) {
            IncidentEdit e;
            e.incident_id = id;
            e.field = q.getColumn(0).getString();
            e.old_value = q.getColumn(1).getString();
            if (!q.getColumn(2).isNull()) e.new_value = q.getColumn(2).getString();
            e.edited_at = instant_of(q.getColumn(3));
            e.edited_by = q.getColumn(4).getString();
            out.push_back(std::move(e));
        }
        return out;
    });
}

}  // namespace incident::sqlite

namespace incident::sqlite {

std::vector<PageComponent> SqliteStore::page_components() const {
    return impl_->read([&] {
        SQLite::Statement q(impl_->db,
                            std::string(page_component_columns) + " ORDER BY position, id");
        std::vector<PageComponent> out;
        while (q.executeStep()) out.push_back(page_component_row(q));
        return out;
    });
}

std::optional<PageComponent> SqliteStore::page_component(const Component& component) const {
    return impl_->read([&]() -> std::optional<PageComponent> {
        SQLite::Statement q(impl_->db,
                            std::string(page_component_columns) + " WHERE grp = ? AND name = ?");
        q.bind(1, component.group);
        q.bind(2, component.name);
        if (!q.executeStep()) return std::nullopt;
        return page_component_row(q);
    });
}

std::optional<PageComponent> SqliteStore::page_component_by_source(
    const std::string& source_id) const {
    return impl_->read([&]() -> std::optional<PageComponent> {
        SQLite::Statement q(impl_->db,
                            std::string(page_component_columns) + " WHERE source_id = ?");
        q.bind(1, source_id);
        if (!q.executeStep()) return std::nullopt;
        return page_component_row(q);
    });
}

std::vector<StatusChange> SqliteStore::component_history(ComponentId id) const {
    return impl_->read([&] {
        SQLite::Statement q(impl_->db,
                            "SELECT u.id, u.incident_id, u.posted_at, c.old_status, c.new_status "
                            "FROM component_changes c JOIN updates u ON u.id = c.update_id "
                            "WHERE c.component_id = ? ORDER BY u.posted_at, u.id, c.position");
        q.bind(1, id);
        std::vector<StatusChange> out;
        while (q.executeStep()) {
            out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                           instant_of(q.getColumn(2)), component_status_of(q.getColumn(3)),
                           component_status_of(q.getColumn(4))});
        }
        return out;
    });
}

std::optional<IncidentId> SqliteStore::incident_by_source(const std::string& source_id) const {
    return impl_->read([&]() -> std::optional<IncidentId> {
        SQLite::Statement q(impl_->db, "SELECT id FROM incidents WHERE source_id = ?");
        q.bind(1, source_id);
        if (!q.executeStep()) return std::nullopt;
        return q.getColumn(0).getInt64();
    });
}

std::optional<UpdateId> SqliteStore::update_by_source(const std::string& source_id) const {
    return impl_->read([&]() -> std::optional<UpdateId> {
        SQLite::Statement q(impl_->db, "SELECT id FROM updates WHERE source_id = ?");
        q.bind(1, source_id);
        if (!q.executeStep()) return std::nullopt;
        return q.getColumn(0).getInt64();
    });
}

ComponentId SqliteStore::put_page_component(const PageComponent& c) {
    if (const auto existing = find_page_component(*impl_, c.component)) {
        SQLite::Statement q(impl_->db,
                            "UPDATE page_components SET status = ?, "
                            "source_id = coalesce(?, source_id), "
                            "group_source_id = coalesce(?, group_source_id) WHERE id = ?");
        q.bind(1, std::string(to_string(c.status)));
        bind_optional(q, 2, c.source_id);
        bind_optional(q, 3, c.group_source_id);
        q.bind(4, *existing);
        q.exec();
        return *existing;
    }
    SQLite::Statement q(impl_->db,
                        "INSERT INTO page_components (grp, name, status, position, source_id, "
                        "group_source_id) VALUES (?, ?, ?, (SELECT count(*) FROM page_components), "
                        "?, ?)");
    q.bind(1, c.component.group);
    q.bind(2, c.component.name);
    q.bind(3, std::string(to_string(c.status)));
    bind_optional(q, 4, c.source_id);
    bind_optional(q, 5, c.group_source_id);
    q.exec();
    return impl_->db.getLastInsertRowid();
}

ComponentId SqliteStore::ensure_component(const Component& component) {
    return ensure_page_component(*impl_, component);
}

void SqliteStore::set_component_status(ComponentId id, ComponentStatus status) {
    SQLite::Statement q(impl_->db, "UPDATE page_components SET status = ? WHERE id = ?");
    q.bind(1, std::string(to_string(status)));
    q.bind(2, id);
    q.exec();
}

void SqliteStore::set_started_at(IncidentId id, std::optional<Instant> started_at) {
    SQLite::Statement q(impl_->db, "UPDATE incidents SET started_at = ? WHERE id = ?");
    bind_optional(q, 1, started_at);
    q.bind(2, id);
    q.exec();
}

void SqliteStore::set_schedule(IncidentId id, Instant scheduled_for, Instant scheduled_until) {
    SQLite::Statement q(impl_->db,
                        "UPDATE incidents SET scheduled_for = ?, scheduled_until = ? WHERE id = ?");
    q.bind(1, millis_of(scheduled_for));
    q.bind(2, millis_of(scheduled_until));
    q.bind(3, id);
    q.exec();
}

bool SqliteStore::empty() const {
    if (impl_->missing) return true;
    return guarded(impl_->path, [&] {
        for (const auto& t : journal_tables()) {
            SQLite::Statement q(impl_->db, fmt::format("SELECT 1 FROM {} LIMIT 1", t.table));
            if (q.executeStep()) return false;
        }
        return true;
    });
}

void SqliteStore::dump(const std::function<void(const TableColumns&, const Row&)>& visit) const {
    impl_->read([&] {
        for (const auto& t : journal_tables()) {
            SQLite::Statement q(
                impl_->db, fmt::format("SELECT {} FROM {} ORDER BY {}", fmt::join(t.columns, ", "),
                                       t.table, t.order));
            Row row(t.columns.size());
            while (q.executeStep()) {
                for (std::size_t i = 0; i < row.size(); ++i) {
                    const auto c = q.getColumn(static_cast<int>(i));
                    if (c.isNull()) {
                        row[i].reset();
                    } else {
                        row[i] = t.integer[i] ? std::to_string(c.getInt64()) : c.getString();
                    }
                }
                visit(t, row);
            }
        }
    });
}

void SqliteStore::load(const TableColumns& t, const Row& row) {
    auto& slot = impl_->loads[std::string(t.table)];
    if (!slot) {
        std::string marks;
        for (std::size_t i = 0; i < t.columns.size(); ++i) marks += i == 0 ? "?" : ", ?";
        slot = std::make_unique<SQLite::Statement>(
            impl_->db, fmt::format("INSERT INTO {} ({}) VALUES ({})", t.table,
                                   fmt::join(t.columns, ", "), marks));
    } else {
        slot->reset();
    }
    for (std::size_t i = 0; i < row.size(); ++i) {
        const auto index = static_cast<int>(i) + 1;
        if (!row[i]) {
            slot->bind(index);
        } else if (t.integer[i]) {
            slot->bind(index, static_cast<std::int64_t>(std::stoll(*row[i])));
        } else {
            slot->bind(index, *row[i]);
        }
    }
    slot->exec();
}

}  // namespace incident::sqlite

// After the outage (issue 12): covers, actions, roles and milestones.
namespace incident::sqlite {

namespace {

Milestone milestone_of(const SQLite::Column& c) {
    if (const auto m = parse_milestone(c.getString())) return *m;
    throw StorageError(fmt::format("the journal holds an unknown milestone \"{}\"", c.getString()));
}

}  // namespace

std::optional<IncidentId> SqliteStore::covered_by(IncidentId id) const {
    return impl_->read([&] { return covering_incident(*impl_, id); });
}

std::vector<IncidentId> SqliteStore::covers(IncidentId id) const {
    return impl_->read([&] {
        std::vector<IncidentId> out;
        std::int64_t version = 0;
        {
            Cached pm(*impl_, postmortem_sql);
            pm->bind(1, id);
            if (!pm->executeStep()) return out;
            version = pm->getColumn(0).getInt64();
        }
        Cached q(*impl_, covers_sql);
        q->bind(1, version);
        while (q->executeStep()) out.push_back(q->getColumn(0).getInt64());
        return out;
    });
}

std::vector<Postmortem> SqliteStore::covering_postmortems(IncidentId id) const {
    return impl_->read([&] {
        SQLite::Statement q(impl_->db,
                            "SELECT p.incident_id, p.body, p.posted_at FROM postmortems p "
                            "JOIN postmortem_covers c ON c.postmortem_id = p.id "
                            "WHERE c.incident_id = ? ORDER BY p.id");
        q.bind(1, id);
        std::vector<Postmortem> out;
        while (q.executeStep()) {
            out.push_back({q.getColumn(1).getString(), instant_of(q.getColumn(2)),
                           q.getColumn(0).getInt64()});
        }
        return out;
    });
}

std::optional<Action> SqliteStore::action(ActionId id) const {
    return impl_->read([&]() -> std::optional<Action> {
        SQLite::Statement q(impl_->db, std::string(action_columns) + " WHERE id = ?");
        q.bind(1, id);
        if (!q.executeStep()) return std::nullopt;
        return action_row(q);
    });
}

std::vector<Action> SqliteStore::actions(const ActionFilter& filter) const {
    return impl_->read([&] {
        std::string sql = action_columns;
        std::vector<std::string> where;
        if (filter.open_only) where.emplace_back("done_at IS NULL");
        if (!filter.incidents.empty()) {
            std::string in = "incident_id IN (";
            for (std::size_t i = 0; i < filter.incidents.size(); ++i) in += i == 0 ? "?" : ", ?";
            where.push_back(in + ")");
        }
        for (std::size_t i = 0; i < where.size(); ++i)
            sql += (i == 0 ? " WHERE " : " AND ") + where[i];
        SQLite::Statement q(impl_->db, sql + " ORDER BY id");
        bind_all(q, filter.incidents);
        std::vector<Action> out;
        while (q.executeStep()) out.push_back(action_row(q));
        return out;
    });
}

std::vector<ActionEvent> SqliteStore::action_events(IncidentId id) const {
    return impl_->read([&] {
        SQLite::Statement q(impl_->db,
                            "SELECT e.action_id, e.event, e.at, e.by FROM action_events e "
                            "JOIN actions a ON a.id = e.action_id WHERE a.incident_id = ? "
                            "ORDER BY e.id");
        q.bind(1, id);
        std::vector<ActionEvent> out;
        while (q.executeStep()) {
            out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString() == "done",
                           instant_of(q.getColumn(2)), q.getColumn(3).getString()});
        }
        return out;
    });
}

namespace {

std::vector<RoleHolder> role_rows(SQLite::Statement& q) {
    std::vector<RoleHolder> out;
    while (q.executeStep()) {
        out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                       instant_of(q.getColumn(2)), q.getColumn(3).getString()});
    }
    return out;
}

}  // namespace

std::vector<RoleHolder> SqliteStore::roles(IncidentId id) const {
    return impl_->read([&] {
        SQLite::Statement q(impl_->db,
                            "SELECT role, name, assigned_at, assigned_by FROM roles r "
                            "WHERE incident_id = ?1 AND id = (SELECT max(id) FROM roles s "
                            "WHERE s.incident_id = ?1 AND s.role = r.role) ORDER BY role");
        q.bind(1, id);
        return role_rows(q);
    });
}

std::vector<RoleHolder> SqliteStore::role_history(IncidentId id) const {
    return impl_->read([&] {
        SQLite::Statement q(impl_->db,
                            "SELECT role, name, assigned_at, assigned_by FROM roles "
                            "WHERE incident_id = ? ORDER BY id");
        q.bind(1, id);
        return role_rows(q);
    });
}

std::vector<MilestoneChange> SqliteStore::milestone_changes(IncidentId id) const {
    return impl_->read([&] {
        SQLite::Statement q(impl_->db,
                            "SELECT milestone, old_at, new_at, update_id, changed_at, changed_by "
                            "FROM milestone_changes WHERE incident_id = ? ORDER BY id");
        q.bind(1, id);
        std::vector<MilestoneChange> out;
        while (q.executeStep()) {
            MilestoneChange c;
            c.milestone = milestone_of(q.getColumn(0));
            c.old_at = optional_instant_of(q.getColumn(1));
            c.new_at = instant_of(q.getColumn(2));
            if (!q.getColumn(3).isNull()) c.update_id = q.getColumn(3).getInt64();
            c.changed_at = instant_of(q.getColumn(4));
            c.changed_by = q.getColumn(5).getString();
            out.push_back(std::move(c));
        }
        return out;
    });
}

std::vector<ResponseRecord> SqliteStore::response_records(const IncidentFilter& filter,
                                                          bool components) const {
    return impl_->read([&] {
        auto f = filter;
        f.ids.clear();
        std::vector<std::int64_t> params;
        const auto where = filter_where(f, params);
        SQLite::Statement q(
            impl_->db,
            "SELECT id, title, impact, kind, backfilled, created_at, started_at, "
            "detected_at, acknowledged_at, mitigated_at, resolved_at FROM incidents" +
                where + " ORDER BY created_at, id");
        bind_all(q, params);
        std::vector<ResponseRecord> out;
        while (q.executeStep()) {
            ResponseRecord r;
            r.id = q.getColumn(0).getInt64();
            r.title = q.getColumn(1).getString();
            r.impact = impact_of(q.getColumn(2));
            r.kind = kind_of(q.getColumn(3));
            r.backfilled = q.getColumn(4).getInt() != 0;
            r.created_at = instant_of(q.getColumn(5));
            r.started_at = optional_instant_of(q.getColumn(6));
            r.detected_at = optional_instant_of(q.getColumn(7));
            r.acknowledged_at = optional_instant_of(q.getColumn(8));
            r.mitigated_at = optional_instant_of(q.getColumn(9));
            r.resolved_at = optional_instant_of(q.getColumn(10));
            out.push_back(std::move(r));
        }
        if (!components || out.empty()) return out;
        std::unordered_map<IncidentId, std::size_t> index;
        for (std::size_t i = 0; i < out.size(); ++i) index.emplace(out[i].id, i);
        SQLite::Statement c(impl_->db,
                            "SELECT incident_id, grp, name FROM components WHERE incident_id IN "
                            "(SELECT id FROM incidents" +
                                where + ") ORDER BY incident_id, position");
        bind_all(c, params);
        while (c.executeStep()) {
            const auto it = index.find(c.getColumn(0).getInt64());
            if (it == index.end()) continue;
            out[it->second].components.push_back(
                {c.getColumn(1).getString(), c.getColumn(2).getString()});
        }
        return out;
    });
}

ActionId SqliteStore::insert_action(const Action& a) {
    SQLite::Statement q(impl_->db,
                        "INSERT INTO actions (incident_id, text, owner, due, link, created_at, "
                        "created_by) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, a.incident_id);
    q.bind(2, a.text);
    bind_optional(q, 3, a.owner);
    bind_optional(q, 4, a.due ? std::optional<std::string>(format_day(*a.due)) : std::nullopt);
    bind_optional(q, 5, a.link);
    q.bind(6, millis_of(a.created_at));
    q.bind(7, a.created_by);
    q.exec();
    return impl_->db.getLastInsertRowid();
}

void SqliteStore::set_action_done(ActionId id, bool done, Instant at, const std::string& by) {
    SQLite::Statement q(impl_->db, "UPDATE actions SET done_at = ?, done_by = ? WHERE id = ?");
    if (done) {
        q.bind(1, millis_of(at));
        q.bind(2, by);
    } else {
        q.bind(1);
        q.bind(2);
    }
    q.bind(3, id);
    q.exec();
    SQLite::Statement e(impl_->db,
                        "INSERT INTO action_events (action_id, event, at, by) VALUES (?, ?, ?, ?)");
    e.bind(1, id);
    e.bind(2, done ? "done" : "reopened");
    e.bind(3, millis_of(at));
    e.bind(4, by);
    e.exec();
}

void SqliteStore::insert_role(IncidentId id, const RoleHolder& holder) {
    SQLite::Statement q(impl_->db,
                        "INSERT INTO roles (incident_id, role, name, assigned_at, assigned_by) "
                        "VALUES (?, ?, ?, ?, ?)");
    q.bind(1, id);
    q.bind(2, holder.role);
    q.bind(3, holder.name);
    q.bind(4, millis_of(holder.assigned_at));
    q.bind(5, holder.assigned_by);
    q.exec();
}

void SqliteStore::set_milestone(IncidentId id, Milestone milestone, Instant at,
                                std::optional<UpdateId> update_id, Instant changed_at,
                                const std::string& changed_by) {
    const std::string column = store::milestone_column(milestone);
    SQLite::Statement keep(impl_->db,
                           "INSERT INTO milestone_changes (incident_id, milestone, old_at, new_at, "
                           "update_id, changed_at, changed_by) SELECT id, ?, " +
                               column + ", ?, ?, ?, ? FROM incidents WHERE id = ?");
    keep.bind(1, std::string(to_string(milestone)));
    keep.bind(2, millis_of(at));
    if (update_id) {
        keep.bind(3, *update_id);
    } else {
        keep.bind(3);
    }
    keep.bind(4, millis_of(changed_at));
    keep.bind(5, changed_by);
    keep.bind(6, id);
    keep.exec();
    SQLite::Statement q(impl_->db, "UPDATE incidents SET " + column + " = ? WHERE id = ?");
    q.bind(1, millis_of(at));
    q.bind(2, id);
    q.exec();
}

}  // namespace incident::sqlite
