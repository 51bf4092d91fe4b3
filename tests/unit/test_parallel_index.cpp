// A bulk insert into an empty SQLite journal builds its word index on another thread and
// copies FTS5's tables in (src/store/sqlite/index_builder.hpp). The index must be the one the
// triggers build, term for term, and stay whole for the writes after.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <functional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "incident/errors.hpp"
#include "incident/search.hpp"
#include "temp_journal.hpp"

using namespace incident;
using namespace incident::testing;

namespace {

const Instant now = at("2030-01-01T00:00:00Z");

// Word `i` of a small vocabulary, some of its words with diacritics, so the terms repeat
// across texts and segments.
std::string word(std::size_t i) {
    static const char* const words[] = {"router", "café",  "switch",  "Zürich", "gateway",
                                        "packet", "naïve", "latency", "fibre",  "outage"};
    return fmt::format("{}{}", words[i % 10], i % 97);
}

std::string text(std::size_t seed, std::size_t words) {
    std::string out;
    for (std::size_t i = 0; i < words; ++i) {
        if (i > 0) out += ' ';
        out += word(seed * 31 + i * 7);
    }
    return out;
}

struct Rows {
    std::size_t incidents = 0;
    std::size_t updates_each = 0;
    std::size_t words_each = 0;
};

// The same rows a Statuspage import writes, one incident at a time; every seventh incident
// gets a postmortem.
void write_rows(WriteStore& store, const Rows& rows) {
    for (std::size_t i = 0; i < rows.incidents; ++i) {
        NewIncident incident;
        incident.title = "Incident " + text(i, 4);
        const auto id = store.insert_incident(incident, now);
        for (std::size_t k = 0; k < rows.updates_each; ++k) {
            Update u;
            u.incident_id = id;
            u.body = text(i * 100 + k, rows.words_each);
            u.posted_at = now;
            u.recorded_at = now;
            u.author = "tester";
            (void)store.insert_update(u);
        }
        if (i % 7 == 3) store.insert_postmortem(id, "Postmortem " + text(i, 30), now, now);
    }
}

using Instance = std::tuple<std::string, std::int64_t, std::string, std::int64_t>;

// Every occurrence of every term the index holds, and the per-text sizes and totals bm25
// reads: all an FTS5 index answers with.
struct IndexContents {
    std::vector<Instance> instances;
    std::vector<std::pair<std::int64_t, std::vector<unsigned char>>> sizes;
    std::vector<unsigned char> totals;

    bool operator==(const IndexContents&) const = default;
};

std::vector<unsigned char> blob(const SQLite::Column& c) {
    const auto* p = static_cast<const unsigned char*>(c.getBlob());
    return {p, p + c.getBytes()};
}

IndexContents contents(const TempJournal& journal) {
    SQLite::Database db(journal.path().string(), SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 0)");
    db.exec(
        "CREATE VIRTUAL TABLE temp.occurrences USING fts5vocab(main, search_index, "
        "'instance')");
    IndexContents out;
    SQLite::Statement q(db, "SELECT term, doc, col, offset FROM temp.occurrences");
    while (q.executeStep()) {
        out.instances.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                                   q.getColumn(2).getString(), q.getColumn(3).getInt64());
    }
    SQLite::Statement s(db, "SELECT id, sz FROM search_index_docsize ORDER BY id");
    while (s.executeStep()) out.sizes.emplace_back(s.getColumn(0).getInt64(), blob(s.getColumn(1)));
    SQLite::Statement t(db, "SELECT block FROM search_index_data WHERE id = 1");
    if (t.executeStep()) out.totals = blob(t.getColumn(0));
    return out;
}

std::vector<std::pair<IncidentId, SearchHit::Kind>> hits(const ReadStore& store,
                                                         std::string_view words) {
    std::vector<std::pair<IncidentId, SearchHit::Kind>> out;
    for (const auto& h : store.search(search_words(words), {}))
        out.emplace_back(h.incident.id, h.kind);
    return out;
}

}  // namespace

TEST_CASE("a bulk insert into an empty journal indexes what the triggers index, term for term") {
    // Enough text for several of the thread's segments (one per 2 MiB) and their merges.
    const Rows rows{300, 12, 120};
    TempJournal bulk;
    TempJournal plain;
    {
        auto store = bulk.write();
        store->transact([&] {
            store->bulk_insert(WriteStore::Rows::typed, [&] { write_rows(*store, rows); });
        });
    }
    {
        auto store = plain.write();
        store->transact([&] { write_rows(*store, rows); });
    }
    const auto built = contents(bulk);
    CHECK(built.instances.size() > 300u * 12 * 120);
    CHECK(built.sizes.size() == 300u + 300 * 12 + 43);
    CHECK(built == contents(plain));
    for (const char* words : {"router5", "Zurich", "cafe", "postmortem naive", "incident"})
        CHECK(hits(*bulk.read(), words) == hits(*plain.read(), words));
}

TEST_CASE("the connection that copied the index in writes to it correctly afterwards") {
    TempJournal bulk;
    TempJournal plain;
    const Rows rows{40, 5, 40};
    for (const auto* journal : {&bulk, &plain}) {
        auto store = journal->write();
        store->transact([&] {
            if (journal == &bulk) {
                store->bulk_insert(WriteStore::Rows::typed, [&] { write_rows(*store, rows); });
            } else {
                write_rows(*store, rows);
            }
        });
        // The same store: FTS5 caches the index's shape per connection.
        (void)post_at(*store, 1, "2030-01-01T00:00:00Z", "afterwards the tunnel flapped");
        amend_update(*store, {2, "amended: the router rebooted", std::nullopt, "tester"}, now);
    }
    CHECK(contents(bulk) == contents(plain));
    CHECK(hits(*bulk.read(), "tunnel") == hits(*plain.read(), "tunnel"));
    CHECK(hits(*bulk.read(), "amended") ==
          std::vector{std::pair{IncidentId{1}, SearchHit::Kind::update}});
}

TEST_CASE("a bulk insert that replaces a postmortem it indexed already indexes the rows after") {
    const Rows rows{20, 3, 30};
    TempJournal bulk;
    TempJournal plain;
    for (const auto* journal : {&bulk, &plain}) {
        auto store = journal->write();
        const auto body = [&] {
            write_rows(*store, rows);
            store->insert_postmortem(4, "Second postmortem: the spares ran out", now, now);
        };
        store->transact([&] {
            if (journal == &bulk) {
                store->bulk_insert(WriteStore::Rows::typed, body);
            } else {
                body();
            }
        });
    }
    CHECK(contents(bulk) == contents(plain));
    const auto store = bulk.read();
    CHECK(hits(*store, "spares") ==
          std::vector{std::pair{IncidentId{4}, SearchHit::Kind::postmortem}});
    CHECK(store->search(search_words("Postmortem"), {}).size() == 3);
}

TEST_CASE("a bulk insert refuses to change a title or update text it added") {
    TempJournal journal;
    auto store = journal.write();
    const auto attempt = [&](const std::function<void()>& change) {
        CHECK_THROWS_AS(store->transact([&] {
            store->bulk_insert(WriteStore::Rows::typed, [&] {
                write_rows(*store, {2, 2, 5});
                change();
            });
        }),
                        std::logic_error);
        CHECK(store->count({}) == 0);
    };
    attempt([&] { store->set_title(2, "Renamed"); });
    attempt([&] { store->amend_update(1, "Replaced", now, now, "tester"); });
    // Rows from before the bulk insert may change: the triggers re-index them.
    store->transact([&] { write_rows(*store, {1, 1, 5}); });
    store->transact([&] {
        store->bulk_insert(WriteStore::Rows::typed, [&] {
            write_rows(*store, {1, 1, 5});
            store->set_title(1, "Renamed before");
            store->amend_update(1, "Replaced before", now, now, "tester");
        });
    });
    CHECK(hits(*store, "renamed") == std::vector{std::pair{IncidentId{1}, SearchHit::Kind::title}});
    CHECK(hits(*store, "replaced") ==
          std::vector{std::pair{IncidentId{1}, SearchHit::Kind::update}});
}

TEST_CASE("a bulk insert that fails after its texts went to the thread leaves nothing") {
    TempJournal journal;
    {
        auto store = journal.write();
        CHECK_THROWS_AS(store->transact([&] {
            store->bulk_insert(WriteStore::Rows::typed, [&] {
                write_rows(*store, {100, 10, 100});
                throw UsageError("stop");
            });
        }),
                        UsageError);
        CHECK(store->count({}) == 0);
        store->transact([&] {
            store->bulk_insert(WriteStore::Rows::typed, [&] { write_rows(*store, {3, 2, 5}); });
        });
    }
    TempJournal plain;
    {
        auto store = plain.write();
        store->transact([&] { write_rows(*store, {3, 2, 5}); });
    }
    CHECK(contents(journal) == contents(plain));
}
