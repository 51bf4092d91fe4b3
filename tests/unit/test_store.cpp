#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <stdexcept>
#include <thread>

#include "incident/errors.hpp"
#include "incident/journal.hpp"
#include "incident/store.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sqlite/store.hpp"
#include "support.hpp"
#include "temp_journal.hpp"

using namespace incident;
using namespace std::chrono_literals;
using incident::testing::read_file;
using incident::testing::TempDir;
using incident::testing::utc;

namespace {

int pragma(const std::filesystem::path& path, const std::string& name) {
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "PRAGMA " + name);
    REQUIRE(q.executeStep());
    return q.getColumn(0).getInt();
}

std::string pragma_text(const std::filesystem::path& path, const std::string& name) {
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "PRAGMA " + name);
    REQUIRE(q.executeStep());
    return q.getColumn(0).getString();
}

// Whether the file's header says WAL (the read/write format version bytes are 2, not 1),
// read without opening it with SQLite.
bool header_says_wal(const std::filesystem::path& path) {
    const auto bytes = read_file(path);
    REQUIRE(bytes.size() >= 100U);
    return bytes[18] == 2 && bytes[19] == 2;
}

NewIncident new_incident(std::string title, Impact impact) {
    NewIncident out;
    out.title = std::move(title);
    out.impact = impact;
    return out;
}

// Records an incident with one update per status, ten minutes apart, from `created` on.
IncidentId record(WriteStore& store, const std::string& title, Instant created,
                  std::vector<Status> statuses = {Status::investigating},
                  std::optional<std::string> key = std::nullopt) {
    IncidentId id = 0;
    store.transact([&] {
        id = store.insert_incident(new_incident(title, Impact::minor), created);
        Instant t = created;
        for (const auto s : statuses) {
            Update u;
            u.incident_id = id;
            u.status = s;
            u.body = std::string(to_string(s));
            u.posted_at = t;
            u.recorded_at = t;
            u.author = "tester";
            u.idempotency_key = key;
            key.reset();  // only the first update carries the key
            store.insert_update(u);
            t += 10min;
        }
        refresh_state(store, id);
    });
    return id;
}

std::vector<IncidentId> ids(const std::vector<Incident>& incidents) {
    std::vector<IncidentId> out;
    for (const auto& inc : incidents) out.push_back(inc.id);
    return out;
}

// A journal holding three incidents: 1 resolved (Jul 1), 2 open (Jul 2), 3 open (Jul 3).
void seed_three(WriteStore& store) {
    record(store, "one", utc(2019, 7, 1, 12, 0), {Status::investigating, Status::resolved});
    record(store, "two", utc(2019, 7, 2, 12, 0), {Status::identified});
    record(store, "three", utc(2019, 7, 3, 12, 0), {Status::investigating, Status::monitoring});
}

// A database's schema rows, its tables' contents (FTS5's shadow tables included) and the
// settings in its header.
struct Made {
    std::vector<std::vector<std::string>> schema;
    std::vector<std::vector<std::string>> rows;  // table name, then each value as text
    std::vector<std::string> header;
    bool operator==(const Made&) const = default;
};

Made made(SQLite::Database& db) {
    Made out;
    std::vector<std::string> tables;
    SQLite::Statement q(db,
                        "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema "
                        "ORDER BY type, name");
    while (q.executeStep()) {
        out.schema.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                              q.getColumn(2).getString(), q.getColumn(3).getString()});
        if (out.schema.back()[0] == "table" && out.schema.back()[3].rfind("CREATE VIRTUAL", 0) != 0)
            tables.push_back(out.schema.back()[1]);
    }
    for (const auto& table : tables) {
        SQLite::Statement rows(db, "SELECT * FROM \"" + table + "\" ORDER BY 1");
        while (rows.executeStep()) {
            std::vector<std::string> row{table};
            for (int i = 0; i < rows.getColumnCount(); ++i) {
                const auto c = rows.getColumn(i);
                row.push_back(std::to_string(c.getType()) + ":" +
                              std::string(static_cast<const char*>(c.getBlob()),
                                          static_cast<std::size_t>(c.getBytes())));
            }
            out.rows.push_back(std::move(row));
        }
    }
    for (const char* name : {"PRAGMA user_version", "PRAGMA application_id", "PRAGMA page_size",
                             "PRAGMA auto_vacuum", "PRAGMA encoding"}) {
        SQLite::Statement p(db, name);
        out.header.push_back(p.executeStep() ? p.getColumn(0).getString() : "-");
    }
    return out;
}

}  // namespace

TEST_CASE("a new journal gets the migrations' schema at once", "[store]") {
    TempDir dir;
    SQLite::Database migrated((dir.path() / "migrated.db").string(),
                              SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    migrated.exec("BEGIN");
    sqlite::migrate_to(migrated, schema_version);
    migrated.exec("COMMIT");
    // What fresh_schema.inc holds: the statements that made the schema, in their order
    // (FTS5 makes its shadow tables, SQLite its sqlite_ tables).
    std::string statements;
    SQLite::Statement q(migrated,
                        "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND "
                        "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT IN "
                        "(SELECT name FROM pragma_table_list WHERE type = 'shadow') "
                        "ORDER BY rowid");
    while (q.executeStep()) statements += q.getColumn(0).getString() + ";\n";
    if (const char* update = std::getenv("INCIDENT_UPDATE_GOLDEN"); update && *update == '1') {
        std::ofstream out(std::string(INCIDENT_SOURCE_DIR) + "/src/store/sqlite/fresh_schema.inc");
        out << "// The schema a new journal gets, the result of every migration in schema.cpp. "
               "Written by the\n"
               "// unit test \"a new journal gets the migrations' schema at once\" with "
               "INCIDENT_UPDATE_GOLDEN=1\n"
               "// (tests/unit/test_store.cpp), which fails until it is rewritten after a "
               "migration is added.\n"
               "// clang-format off\n"
            << "constexpr int fresh_schema_version = " << schema_version
            << ";\nconstexpr const char* fresh_schema = R\"sql(\n"
            << statements << ")sql\";\n// clang-format on\n";
        WARN("rewrote src/store/sqlite/fresh_schema.inc; rebuild and run again");
        return;
    }
    SQLite::Database fresh((dir.path() / "fresh.db").string(),
                           SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    fresh.exec("BEGIN");
    sqlite::migrate(fresh, 0);
    fresh.exec("COMMIT");
    INFO("after a migration is added: INCIDENT_UPDATE_GOLDEN=1 rewrites fresh_schema.inc");
    const auto expected = made(migrated);
    const auto got = made(fresh);
    CHECK(got.schema == expected.schema);
    CHECK(got.rows == expected.rows);
    CHECK(got.header == expected.header);
}

TEST_CASE("a new journal is created with the current schema", "[store]") {
    TempDir dir;
    const auto path = dir / "journal.db";
    {
        auto store_owner = testing::open_write(path);
        auto& store = *store_owner;
        CHECK(store.location() == path.string());
        CHECK(store.file() == path);
        CHECK(store.incidents({}).empty());
        record(store, "first", utc(2019, 7, 1, 12, 0));
    }
    CHECK(pragma(path, "user_version") == schema_version);
    CHECK(pragma(path, "application_id") == sqlite::application_id);
    CHECK(pragma_text(path, "journal_mode") == "delete");
    // Opening again is a no-op for the schema.
    (void)testing::open_write(path);
    CHECK(pragma(path, "user_version") == schema_version);
}

TEST_CASE("the journal file is private and so are the directories created for it", "[store]") {
    TempDir dir;
    const auto path = dir / "a" / "b" / "journal.db";
    auto store_owner = testing::open_write(path);
    auto& store = *store_owner;
    record(store, "first", utc(2019, 7, 1, 12, 0));
    CHECK(testing::mode_of(path) == 0600U);
    CHECK(testing::mode_of(dir / "a") == 0700U);
    CHECK(testing::mode_of(dir.path() / "a" / "b") == 0700U);
}

TEST_CASE("an existing directory keeps its mode", "[store]") {
    TempDir dir;
    std::filesystem::create_directory(dir / "shared");
    std::filesystem::permissions(dir / "shared", std::filesystem::perms(0755));
    auto store_owner = testing::open_write(dir.path() / "shared" / "journal.db");
    auto& store = *store_owner;
    record(store, "first", utc(2019, 7, 1, 12, 0));
    CHECK(testing::mode_of(dir / "shared") == 0755U);
    CHECK(testing::mode_of(dir.path() / "shared" / "journal.db") == 0600U);
}

TEST_CASE("an empty file is migrated into a journal", "[store]") {
    TempDir dir;
    const auto path = dir / "journal.db";
    testing::write_file(path, "");
    {
        const auto reader_owner = testing::open_read(path);
        const auto& reader = *reader_owner;
        CHECK(reader.incidents({}).empty());
    }
    CHECK(std::filesystem::file_size(path) == 0U);  // reading did not write
    auto store_owner = testing::open_write(path);
    auto& store = *store_owner;
    CHECK(pragma(path, "user_version") == schema_version);
    record(store, "first", utc(2019, 7, 1, 12, 0));
    CHECK(store.incidents({}).size() == 1U);
}

TEST_CASE("a journal with a newer schema is refused and left untouched", "[store]") {
    TempDir dir;
    const auto path = dir / "journal.db";
    {
        auto store_owner = testing::open_write(path);
        auto& store = *store_owner;
        record(store, "from the future", utc(2019, 7, 1, 12, 0));
    }
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA user_version = " + std::to_string(schema_version + 1));
    }
    const auto before = read_file(path);
    CHECK_THROWS_AS(testing::open_write(path), StorageError);
    CHECK_THROWS_WITH(
        testing::open_write(path),
        Catch::Contains("newer than this incident supports") && Catch::Contains("not touched"));
    CHECK_THROWS_AS(testing::open_read(path), StorageError);
    CHECK((read_file(path) == before));  // unchanged, byte for byte
}

TEST_CASE("a newer journal in WAL mode stays in WAL mode", "[store]") {
    // A later version may choose another journal mode; refusing the file must not change it.
    TempDir dir;
    const auto path = dir / "journal.db";
    testing::open_write(path)->transact([] {});
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("PRAGMA user_version = " + std::to_string(schema_version + 1));
    }
    REQUIRE(header_says_wal(path));
    const auto before = read_file(path);
    CHECK_THROWS_AS(testing::open_write(path), StorageError);
    CHECK_THROWS_AS(testing::open_read(path), StorageError);
    CHECK(header_says_wal(path));
    CHECK((read_file(path) == before));  // unchanged, byte for byte
}

TEST_CASE("another program's SQLite database is refused and left untouched", "[store]") {
    TempDir dir;
    const auto path = dir / "photos.db";
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)");
        db.exec("INSERT INTO photos (path) VALUES ('cat.jpg')");
    }
    const auto before = read_file(path);
    CHECK_THROWS_WITH(testing::open_write(path),
                      Catch::Contains("another program") && Catch::Contains("nothing was changed"));
    CHECK_THROWS_AS(testing::open_read(path), StorageError);
    CHECK((read_file(path) == before));  // unchanged, byte for byte
    CHECK(pragma(path, "user_version") == 0);
}

TEST_CASE("another program's WAL database keeps its journal mode", "[store]") {
    TempDir dir;
    const auto path = dir / "app.db";
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("CREATE TABLE notes (body TEXT)");
    }
    REQUIRE(header_says_wal(path));
    const auto before = read_file(path);
    CHECK_THROWS_AS(testing::open_write(path), StorageError);
    CHECK_THROWS_AS(testing::open_read(path), StorageError);
    CHECK(header_says_wal(path));
    CHECK((read_file(path) == before));  // unchanged, byte for byte
}

TEST_CASE("an SQLite database with another application id is refused", "[store]") {
    TempDir dir;
    const auto path = dir / "other.db";
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("PRAGMA application_id = 305419896");  // 0x12345678
    }
    const auto before = read_file(path);
    CHECK_THROWS_WITH(testing::open_write(path), Catch::Contains("application id 0x12345678"));
    CHECK_THROWS_AS(testing::open_read(path), StorageError);
    CHECK((read_file(path) == before));  // unchanged, byte for byte
}

TEST_CASE("a file that is not an SQLite database is refused and left untouched", "[store]") {
    TempDir dir;
    const auto path = dir / "text.db";
    const std::string text(600, 'x');
    testing::write_file(path, text);
    CHECK_THROWS_WITH(testing::open_write(path), Catch::Contains("not an incident journal"));
    CHECK_THROWS_WITH(testing::open_read(path), Catch::Contains("not an incident journal"));
    CHECK((read_file(path) == text));
}

TEST_CASE("reading a journal that does not exist says so and creates nothing", "[store]") {
    TempDir dir;
    const auto path = dir.path() / "missing" / "journal.db";
    const auto store_owner = testing::open_read(path);
    const auto& store = *store_owner;
    CHECK_FALSE(store.config("timezone").has_value());  // settings read as unset
    CHECK_THROWS_AS(store.incidents({}), NotFoundError);
    CHECK_THROWS_WITH(store.incident(1),
                      "no journal at " + path.string() + "; `incident open` creates one");
    CHECK_THROWS_AS(store.search(search_words("x"), {}), NotFoundError);
    CHECK_THROWS_AS(store.count({}), NotFoundError);
    // Schema 5's readers too: every record query goes through the same check.
    CHECK_THROWS_AS(store.page_components(), NotFoundError);
    CHECK_THROWS_AS(store.component_history(1), NotFoundError);
    CHECK_THROWS_AS(store.incident_by_source("abc"), NotFoundError);
    CHECK_THROWS_AS(store.update_by_source("abc"), NotFoundError);
    CHECK_FALSE(std::filesystem::exists(dir / "missing"));
}

namespace {

std::vector<std::string> names_in(const std::filesystem::path& dir) {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        out.push_back(entry.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("a new journal appears only when its first write commits", "[store]") {
    TempDir dir;
    const auto path = dir / "journal.db";
    auto store_owner = testing::open_write(path);
    auto& store = *store_owner;
    CHECK(store.incidents({}).empty());
    CHECK_FALSE(std::filesystem::exists(path));
    record(store, "first", utc(2019, 7, 1, 12, 0));
    CHECK(names_in(dir.path()) == std::vector<std::string>{"journal.db"});
    CHECK(pragma(path, "user_version") == schema_version);
    // The store goes on writing to the journal under its own name.
    record(store, "second", utc(2019, 7, 2, 12, 0));
    CHECK(testing::open_read(path)->incidents({}).size() == 2U);
    CHECK(names_in(dir.path()) == std::vector<std::string>{"journal.db"});
}

TEST_CASE("a write that fails leaves no new journal or directory behind", "[store]") {
    TempDir dir;
    const auto path = dir.path() / "new" / "deeper" / "journal.db";
    {
        auto store_owner = testing::open_write(path);
        auto& store = *store_owner;
        CHECK_THROWS_AS(store.transact([] { throw NotFoundError("no incident with id 5"); }),
                        NotFoundError);
        CHECK_FALSE(std::filesystem::exists(path));
    }
    {
        const auto store = testing::open_write(path);  // opened, never written
    }
    CHECK(names_in(dir.path()).empty());
}

TEST_CASE("a journal another writer created meanwhile receives the write", "[store]") {
    TempDir dir;
    const auto path = dir / "journal.db";
    auto late_owner = testing::open_write(path);
    auto& late = *late_owner;
    {
        auto early_owner = testing::open_write(path);
        auto& early = *early_owner;
        record(early, "early", utc(2019, 7, 1, 12, 0));
    }
    record(late, "late", utc(2019, 7, 2, 12, 0));
    const auto reader_owner = testing::open_read(path);
    const auto& reader = *reader_owner;
    const auto all = reader.incidents({});
    REQUIRE(all.size() == 2U);
    CHECK(all[0].title == "late");
    CHECK(all[1].title == "early");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"journal.db"});
}

TEST_CASE("transact commits on return", "[store]") {
    TempDir dir;
    const auto path = dir / "journal.db";
    {
        auto store_owner = testing::open_write(path);
        auto& store = *store_owner;
        record(store, "kept", utc(2019, 7, 1, 12, 0));
    }
    const auto reader_owner = testing::open_read(path);
    const auto& reader = *reader_owner;
    const auto all = reader.incidents({});
    REQUIRE(all.size() == 1U);
    CHECK(all[0].title == "kept");
}

TEST_CASE("transact rolls back everything on an exception and rethrows it", "[store]") {
    TempDir dir;
    auto store_owner = testing::open_write(dir / "journal.db");
    auto& store = *store_owner;
    record(store, "before", utc(2019, 7, 1, 12, 0));
    CHECK_THROWS_WITH(store.transact([&] {
        const auto id = store.insert_incident(new_incident("half-written", Impact::major),
                                              utc(2019, 7, 2, 0, 0));
        store.set_config("name", "Half");
        store.set_impact(1, Impact::critical);
        CHECK(id == 2);
        throw std::runtime_error("boom");
    }),
                      "boom");
    CHECK(ids(store.incidents({})) == std::vector<IncidentId>{1});
    CHECK(store.incident(1)->impact == Impact::minor);
    CHECK_FALSE(store.config("name").has_value());
    // Typed errors come through as themselves.
    CHECK_THROWS_AS(store.transact([] { throw ConflictError("no"); }), ConflictError);
    // And the store is usable afterwards.
    record(store, "after", utc(2019, 7, 3, 12, 0));
    CHECK(store.incidents({}).size() == 2U);
}

TEST_CASE("an SQL failure inside transact becomes a StorageError and rolls back", "[store]") {
    TempDir dir;
    auto store_owner = testing::open_write(dir / "journal.db");
    auto& store = *store_owner;
    // An update of an incident that does not exist breaks the foreign key.
    Update orphan;
    orphan.incident_id = 42;
    orphan.body = "orphan";
    orphan.author = "tester";
    CHECK_THROWS_AS(store.transact([&] {
        store.set_config("name", "Rolled back");
        store.insert_update(orphan);
    }),
                    StorageError);
    CHECK_FALSE(store.config("name").has_value());
}

TEST_CASE("a write waits for another writer's lock, then gives up with a clear error", "[store]") {
    TempDir dir;
    const auto path = dir / "journal.db";
    sqlite::Options quick;
    quick.busy_timeout = 20ms;
    quick.max_begin_attempts = 3;
    auto store_owner = sqlite::open_write(path, quick);
    auto& store = *store_owner;
    store.transact([] {});  // the file exists from the first commit on

    SQLite::Database holder(path.string(), SQLite::OPEN_READWRITE, 5000);
    holder.exec("BEGIN IMMEDIATE");
    bool ran = false;
    const auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_WITH(
        store.transact([&] { ran = true; }),
        Catch::Contains("locked by another process") && Catch::Contains("Nothing was changed"));
    const auto waited = std::chrono::steady_clock::now() - start;
    CHECK_FALSE(ran);
    // Three attempts, each waiting out the busy timeout.
    CHECK(waited >= 60ms);
    CHECK(waited < 10s);
    // Readers are not blocked by a writer's reserved lock.
    CHECK(sqlite::open_read(path, quick)->incidents({}).empty());
    holder.exec("ROLLBACK");
    store.transact([&] { ran = true; });
    CHECK(ran);
}

TEST_CASE("BEGIN IMMEDIATE is retried until the other writer lets go", "[store]") {
    TempDir dir;
    const auto path = dir / "journal.db";
    sqlite::Options patient;
    patient.busy_timeout = 10ms;  // alone far too short to outlast the holder
    patient.max_begin_attempts = 50;
    auto store_owner = sqlite::open_write(path, patient);
    auto& store = *store_owner;
    store.transact([] {});  // the file exists from the first commit on

    std::promise<bool> locked;
    std::string holder_error;
    std::thread holder([&] {
        bool signalled = false;
        try {
            SQLite::Database db(path.string(), SQLite::OPEN_READWRITE, 5000);
            db.exec("BEGIN IMMEDIATE");
            db.exec("INSERT INTO config (key, value) VALUES ('name', 'holder')");
            locked.set_value(true);
            signalled = true;
            std::this_thread::sleep_for(150ms);
            db.exec("COMMIT");
        } catch (const std::exception& e) {
            holder_error = e.what();
            if (!signalled) locked.set_value(false);
        }
    });
    if (!locked.get_future().get()) {
        holder.join();
        FAIL("the holder could not lock the journal: " << holder_error);
    }
    const auto start = std::chrono::steady_clock::now();
    store.transact([&] { store.set_config("timezone", "UTC"); });
    const auto waited = std::chrono::steady_clock::now() - start;
    holder.join();
    CHECK(holder_error.empty());
    CHECK(waited >= 100ms);
    CHECK(store.config("name") == "holder");
    CHECK(store.config("timezone") == "UTC");
}

TEST_CASE("incidents come back with their state, components and updates", "[store]") {
    TempDir dir;
    auto store_owner = testing::open_write(dir / "journal.db");
    auto& store = *store_owner;
    const auto id = record(store, "Service interruption", utc(2019, 7, 1, 16, 30),
                           {Status::investigating, Status::identified, Status::resolved});
    store.transact([&] {
        store.add_components(id, 1,
                             {{"Litium Cloud", "Network & infrastructure"}, {"", "Billing"}});
        // Naming a component again keeps its first position and first update.
        store.add_components(id, 3, {{"", "Billing"}, {"Edge", "CDN"}});
    });
    const auto inc = store.incident(id);
    REQUIRE(inc.has_value());
    CHECK(inc->title == "Service interruption");
    CHECK(inc->impact == Impact::minor);
    CHECK(inc->status == Status::resolved);
    CHECK(inc->created_at == utc(2019, 7, 1, 16, 30));
    CHECK(inc->resolved_at == utc(2019, 7, 1, 16, 50));
    CHECK(inc->updated_at == utc(2019, 7, 1, 16, 50));
    CHECK(inc->components == std::vector<Component>{{"Litium Cloud", "Network & infrastructure"},
                                                    {"", "Billing"},
                                                    {"Edge", "CDN"}});
    CHECK_FALSE(inc->postmortem.has_value());

    const auto updates = store.updates(id);
    REQUIRE(updates.size() == 3U);
    CHECK(updates[0].components ==
          std::vector<Component>{{"Litium Cloud", "Network & infrastructure"}, {"", "Billing"}});
    CHECK(updates[1].components.empty());
    CHECK(updates[2].components == std::vector<Component>{{"Edge", "CDN"}});
    CHECK(updates[2].status == Status::resolved);
    CHECK(updates[2].author == "tester");
}

TEST_CASE("updates are chronological by posted time, then recorded order", "[store]") {
    TempDir dir;
    auto store_owner = testing::open_write(dir / "journal.db");
    auto& store = *store_owner;
    const auto id = record(store, "x", utc(2019, 7, 1, 12, 0));
    const auto add = [&](Instant posted, Status s) {
        Update u;
        u.incident_id = id;
        u.status = s;
        u.body = "b";
        u.posted_at = posted;
        u.recorded_at = utc(2019, 7, 4, 14, 0);
        u.author = "tester";
        store.transact([&] {
            store.insert_update(u);
            refresh_state(store, id);
        });
    };
    add(utc(2019, 7, 1, 14, 0), Status::monitoring);  // update 2
    add(utc(2019, 7, 1, 13, 0), Status::identified);  // update 3, backfilled before 2
    add(utc(2019, 7, 1, 14, 0), Status::resolved);    // update 4, same time as 2
    std::vector<UpdateId> order;
    for (const auto& u : store.updates(id)) order.push_back(u.id);
    CHECK(order == std::vector<UpdateId>{1, 3, 2, 4});
    // The state follows the last update in that order, not the last one recorded.
    CHECK(store.incident(id)->status == Status::resolved);
    add(utc(2019, 7, 1, 12, 30), Status::investigating);  // backfilled, changes nothing
    CHECK(store.incident(id)->status == Status::resolved);
    CHECK(store.incident(id)->updated_at == utc(2019, 7, 1, 14, 0));
}

TEST_CASE("the status filter picks open or resolved incidents", "[store]") {
    TempDir dir;
    auto store_owner = testing::open_write(dir / "journal.db");
    auto& store = *store_owner;
    seed_three(store);
    IncidentFilter f;
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{3, 2, 1});
    f.status = StatusFilter::open;
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{3, 2});
    f.status = StatusFilter::resolved;
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{1});
}

TEST_CASE("since is inclusive and until exclusive, on the opening time", "[store]") {
    TempDir dir;
    auto store_owner = testing::open_write(dir / "journal.db");
    auto& store = *store_owner;
    seed_three(store);
    IncidentFilter f;
    f.since = utc(2019, 7, 2, 12, 0);
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{3, 2});
    f.until = utc(2019, 7, 3, 12, 0);
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{2});
    f.since.reset();
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{2, 1});
    f.until = utc(2019, 7, 1, 12, 0);
    CHECK(store.incidents(f).empty());
}

TEST_CASE("ids, limit and order filter the incidents", "[store]") {
    TempDir dir;
    auto store_owner = testing::open_write(dir / "journal.db");
    auto& store = *store_owner;
    seed_three(store);
    record(store, "four, opened at the same time as three", utc(2019, 7, 3, 12, 0));
    IncidentFilter f;
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{4, 3, 2, 1});
    f.newest_first = false;
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{1, 2, 3, 4});
    f.limit = 2;
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{1, 2});
    f.newest_first = true;
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{4, 3});
    f.limit.reset();
    f.ids = {1, 3, 99};
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{3, 1});
    f.status = StatusFilter::open;
    CHECK(ids(store.incidents(f)) == std::vector<IncidentId>{3});
    f.limit = 0;
    CHECK(store.incidents(f).empty());
}

TEST_CASE("for_each_incident streams incidents with their updates", "[store]") {
    TempDir dir;
    auto store_owner = testing::open_write(dir / "journal.db");
    auto& store = *store_owner;
    seed_three(store);
    IncidentFilter f;
    f.newest_first = false;
    f.status = StatusFilter::all;
    std::vector<std::pair<IncidentId, std::size_t>> seen;
    store.for_each_incident(f, [&](const Incident& inc, const std::vector<Update>& updates) {
        seen.emplace_back(inc.id, updates.size());
        for (const auto& u : updates) CHECK(u.incident_id == inc.id);
    });
    CHECK(seen == std::vector<std::pair<IncidentId, std::size_t>>{{1, 2}, {2, 1}, {3, 2}});
}

TEST_CASE("key_use tells which update and incident a key recorded", "[store]") {
    TempDir dir;
    auto store_owner = testing::open_write(dir / "journal.db");
    auto& store = *store_owner;
    record(store, "opened with a key", utc(2019, 7, 1, 12, 0),
           {Status::investigating, Status::identified}, "open-key");
    const auto id = record(store, "second", utc(2019, 7, 2, 12, 0));
    store.transact([&] {
        Update u;
        u.incident_id = id;
        u.body = "update with a key";
        u.posted_at = u.recorded_at = utc(2019, 7, 2, 13, 0);
        u.author = "cron";
        u.idempotency_key = "update-key";
        store.insert_update(u);
    });
    const auto opened = store.key_use("open-key");
    REQUIRE(opened.has_value());
    CHECK(opened->incident_id == 1);
    CHECK(opened->update_id == 1);
    CHECK(opened->opened_incident);
    const auto updated = store.key_use("update-key");
    REQUIRE(updated.has_value());
    CHECK(updated->incident_id == id);
    CHECK(updated->update_id == 4);
    CHECK_FALSE(updated->opened_incident);
    CHECK_FALSE(store.key_use("never-used").has_value());
    CHECK_FALSE(store.key_use("OPEN-KEY").has_value());
}

TEST_CASE("an idempotency key can be stored only once", "[store]") {
    TempDir dir;
    auto store_owner = testing::open_write(dir / "journal.db");
    auto& store = *store_owner;
    record(store, "x", utc(2019, 7, 1, 12, 0), {Status::investigating}, "k");
    CHECK_THROWS_AS(record(store, "y", utc(2019, 7, 1, 13, 0), {Status::investigating}, "k"),
                    StorageError);
    CHECK(store.incidents({}).size() == 1U);
}

TEST_CASE("postmortems are kept in order and the newest is the incident's", "[store]") {
    TempDir dir;
    auto store_owner = testing::open_write(dir / "journal.db");
    auto& store = *store_owner;
    const auto id =
        record(store, "x", utc(2019, 7, 1, 12, 0), {Status::investigating, Status::resolved});
    CHECK(store.postmortem_history(id).empty());
    store.transact([&] {
        store.insert_postmortem(id, "first draft", utc(2019, 7, 4, 13, 0), utc(2019, 7, 4, 13, 0));
        refresh_state(store, id);
    });
    store.transact([&] {
        store.insert_postmortem(id, "final", utc(2019, 7, 4, 13, 43), utc(2019, 7, 4, 14, 0));
        refresh_state(store, id);
    });
    const auto history = store.postmortem_history(id);
    REQUIRE(history.size() == 2U);
    CHECK(history[0].body == "first draft");
    CHECK(history[1].body == "final");
    CHECK(history[1].posted_at == utc(2019, 7, 4, 13, 43));
    const auto inc = store.incident(id);
    REQUIRE(inc->postmortem.has_value());
    CHECK(inc->postmortem->body == "final");
    CHECK(inc->updated_at == utc(2019, 7, 4, 13, 43));
    // The postmortem does not change the status or the resolution time.
    CHECK(inc->status == Status::resolved);
    CHECK(inc->resolved_at == utc(2019, 7, 1, 12, 10));
    CHECK(store.postmortem_history(id + 1).empty());
}

TEST_CASE("config values are set, replaced, listed and unset", "[store]") {
    TempDir dir;
    const auto path = dir / "journal.db";
    auto store_owner = testing::open_write(path);
    auto& store = *store_owner;
    CHECK_FALSE(store.config("name").has_value());
    store.transact([&] {
        store.set_config("timezone", "Europe/Stockholm");
        store.set_config("name", "Litium");
        store.set_config("name", "Litium AB");
    });
    CHECK(store.config("name") == "Litium AB");
    CHECK(store.all_config() == std::vector<std::pair<std::string, std::string>>{
                                    {"name", "Litium AB"}, {"timezone", "Europe/Stockholm"}});
    CHECK(testing::open_read(path)->config("timezone") == "Europe/Stockholm");
    store.transact([&] {
        store.unset_config("name");
        store.unset_config("never-set");
    });
    CHECK_FALSE(store.config("name").has_value());
    CHECK(store.config("timezone") == "Europe/Stockholm");
}

TEST_CASE("stored text comes back byte for byte", "[store]") {
    TempDir dir;
    auto store_owner = testing::open_write(dir / "journal.db");
    auto& store = *store_owner;
    const std::string title = "esc \x1b[2J, quote ' \" and Malmö \U0001F525";
    const auto id = record(store, title, utc(2019, 7, 1, 12, 0));
    store.transact([&] { store.set_config("name", "Robert'); DROP TABLE incidents;--"); });
    CHECK(store.incident(id)->title == title);
    CHECK(store.config("name") == "Robert'); DROP TABLE incidents;--");
    CHECK(store.incidents({}).size() == 1U);
}

TEST_CASE(
    "migrating a version 8 journal keeps its rows, and the after-the-outage tables start empty",
    "[store][migration]") {
    TempDir dir;
    const auto path = dir / "journal.db";
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("BEGIN");
        sqlite::migrate_to(db, 8);
        db.exec(R"sql(
INSERT INTO incidents (id, title, impact, status, created_at, resolved_at, updated_at, started_at)
    VALUES (1, 'Old outage', 'major', 'resolved', 1561984200000, 1561987800000, 1561990000000,
            1561983000000);
INSERT INTO updates (id, incident_id, status, body, posted_at, recorded_at, author)
    VALUES (1, 1, 'investigating', 'Looking', 1561984200000, 1561984201000, 'alice'),
           (2, 1, 'resolved', 'Fixed', 1561987800000, 1561987801000, 'bob');
INSERT INTO postmortems (incident_id, body, posted_at, recorded_at)
    VALUES (1, 'What happened', 1561990000000, 1561990000000);
)sql");
        db.exec("COMMIT");
    }
    auto store_owner = testing::open_write(path);
    auto& store = *store_owner;
    CHECK(pragma(path, "user_version") == schema_version);
    const auto inc = store.incident(1);
    REQUIRE(inc);
    CHECK(inc->status == Status::resolved);
    CHECK(inc->started_at == Instant{std::chrono::seconds{1561983000}});
    CHECK_FALSE(inc->detected_at);
    CHECK_FALSE(inc->acknowledged_at);
    CHECK_FALSE(inc->mitigated_at);
    CHECK(inc->actions.empty());
    REQUIRE(inc->postmortem);
    CHECK(inc->postmortem->incident_id == 1);
    CHECK(inc->postmortem->regarding.empty());
    const auto updates = store.updates(1);
    REQUIRE(updates.size() == 2U);
    CHECK_FALSE(updates[0].internal);
    CHECK_FALSE(updates[1].internal);
    CHECK(store.covers(1).empty());
    CHECK_FALSE(store.covered_by(1));
    CHECK(store.roles(1).empty());
    CHECK(store.milestone_changes(1).empty());
    CHECK(store.actions({}).empty());
    // The new tables take rows, and the state derivation still works on the migrated rows.
    store.transact([&] {
        store.set_milestone(1, Milestone::detected, Instant{std::chrono::seconds{1561984000}},
                            std::nullopt, utc(2019, 7, 4, 14, 0), "carol");
        store.insert_role(1, {"commander", "Anna", utc(2019, 7, 4, 14, 0), "carol"});
        Action a;
        a.incident_id = 1;
        a.text = "Filter always";
        a.created_at = utc(2019, 7, 4, 14, 0);
        a.created_by = "carol";
        store.set_action_done(store.insert_action(a), true, utc(2019, 7, 5, 9, 0), "carol");
        refresh_state(store, 1);
    });
    CHECK(store.incident(1)->detected_at == Instant{std::chrono::seconds{1561984000}});
    CHECK(store.incident(1)->status == Status::resolved);
    REQUIRE(store.milestone_changes(1).size() == 1U);
    CHECK_FALSE(store.milestone_changes(1)[0].old_at);
    CHECK(store.roles(1).size() == 1U);
    CHECK(store.action_events(1).size() == 1U);
}
