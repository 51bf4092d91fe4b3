#include <SQLiteCpp/Database.h>

#include <catch2/catch.hpp>

#include "incident/search.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sqlite/store.hpp"
#include "temp_journal.hpp"

using namespace incident;
using namespace incident::testing;

namespace {

IncidentFilter filter_status(StatusFilter s) {
    IncidentFilter f;
    f.status = s;
    return f;
}
IncidentFilter filter_since(Instant t) {
    IncidentFilter f;
    f.since = t;
    return f;
}
IncidentFilter filter_until(Instant t) {
    IncidentFilter f;
    f.until = t;
    return f;
}
IncidentFilter filter_limit(std::size_t n) {
    IncidentFilter f;
    f.limit = n;
    return f;
}

std::vector<IncidentId> ids(const std::vector<SearchHit>& hits) {
    std::vector<IncidentId> out;
    for (const auto& h : hits) out.push_back(h.incident.id);
    return out;
}

// The snippet with its matches between '[' and ']'.
std::string marked(const SearchHit& hit) {
    return render::search_snippet(hit.snippet, hit.matches, false);
}

std::vector<SearchHit> find(const ReadStore& store, std::string_view text,
                            IncidentFilter filter = {}) {
    return store.search(search_words(text), filter);
}

// A journal made by the migrations up to `version` only, holding the rows `sql` inserts.
void old_journal(const TempJournal& journal, int version, const char* sql) {
    SQLite::Database db(journal.path().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("BEGIN");
    sqlite::migrate_to(db, version);
    db.exec(sql);
    db.exec("COMMIT");
}

}  // namespace

TEST_CASE("search words are literal: split at whitespace, quoted one by one for FTS5") {
    using W = std::vector<std::string>;
    CHECK(search_words("ddos attack") == W{"ddos", "attack"});
    CHECK(search_words("  a\tb\n") == W{"a", "b"});
    CHECK(search_words("").empty());
    CHECK(search_words("   ").empty());
    const auto fts = [](std::string_view text) { return sqlite::fts_query(search_words(text)); };
    CHECK(fts("ddos attack") == "\"ddos\" \"attack\"");
    CHECK(fts("  a\tb\n") == "\"a\" \"b\"");
    CHECK(fts("say \"hi\"") == "\"say\" \"\"\"hi\"\"\"");
    CHECK(fts("NOT OR AND NEAR(a b) col:x ^start *") ==
          "\"NOT\" \"OR\" \"AND\" \"NEAR(a\" \"b)\" \"col:x\" \"^start\" \"*\"");
    CHECK(fts("").empty());
}

TEST_CASE("search finds titles, update bodies and the current postmortem, ranked") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto a = open_at(store, "Network outage", "2019-07-01T08:00:00Z", "Routers down.");
    const auto b = open_at(store, "Slow checkout", "2019-07-02T08:00:00Z", "Investigating.");
    const auto upd = post_at(store, b, "2019-07-02T09:00:00Z", "A network switch failed.");
    const auto c = open_at(store, "Login errors", "2019-07-03T08:00:00Z", "Investigating.");
    PostmortemRequest pm{c, "The certificate expired.", at("2019-07-04T08:00:00Z")};
    publish_postmortem(store, pm, at("2030-01-01T00:00:00Z"));

    const auto hits = find(store, "network");
    REQUIRE(ids(hits) == std::vector<IncidentId>{a, b});  // a title outweighs a body
    CHECK(hits[0].kind == SearchHit::Kind::title);
    CHECK(marked(hits[0]) == "[Network] outage");
    CHECK(hits[1].kind == SearchHit::Kind::update);
    CHECK(hits[1].update_id == upd);
    CHECK(marked(hits[1]) == "A [network] switch failed.");

    const auto pm_hits = find(store, "certificate");
    REQUIRE(ids(pm_hits) == std::vector<IncidentId>{c});
    CHECK(pm_hits[0].kind == SearchHit::Kind::postmortem);

    // Only the current postmortem is searchable.
    PostmortemRequest replaced{c, "The clock drifted.", at("2019-07-05T08:00:00Z")};
    publish_postmortem(store, replaced, at("2030-01-01T00:00:00Z"));
    CHECK(find(store, "certificate").empty());
    CHECK(ids(find(store, "drifted")) == std::vector<IncidentId>{c});

    // Every word must appear; case and diacritics do not matter.
    CHECK(ids(find(store, "NETWORK switch")) == std::vector<IncidentId>{b});
    CHECK(find(store, "network certificate").empty());
}

TEST_CASE("search treats stray quotes, stars and operators as plain text") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto a =
        open_at(store, "R\xC3\xA4ksm\xC3\xB6rg\xC3\xA5s \"quoted\" outage", "2019-07-01T08:00:00Z");
    CHECK(ids(find(store, "raksmorgas")) == std::vector<IncidentId>{a});
    CHECK(ids(find(store, "\"quoted")) == std::vector<IncidentId>{a});
    CHECK(ids(find(store, "outage*")) == std::vector<IncidentId>{a});
    CHECK(find(store, "*").empty());
    CHECK(find(store, "\"").empty());
    CHECK(find(store, "NOT").empty());
    CHECK(find(store, "outage NOT").empty());
    CHECK(find(store, "title:outage").empty());
    CHECK(ids(find(store, "outage AND")).empty());
    CHECK(find(store, "NEAR(outage").empty());
}

TEST_CASE("search filters by status and opening time and limits the incidents") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto a = open_at(store, "Disk full", "2019-07-01T08:00:00Z");
    const auto b = open_at(store, "Disk full again", "2019-07-05T08:00:00Z");
    post_at(store, a, "2019-07-01T09:00:00Z", "Disk cleaned.", Status::resolved);
    post_at(store, a, "2019-07-01T08:30:00Z", "Disk disk disk.");
    CHECK(ids(find(store, "disk", filter_status(StatusFilter::open))) ==
          std::vector<IncidentId>{b});
    CHECK(ids(find(store, "disk", filter_status(StatusFilter::resolved))) ==
          std::vector<IncidentId>{a});
    CHECK(ids(find(store, "disk", filter_since(at("2019-07-02T00:00:00Z")))) ==
          std::vector<IncidentId>{b});
    CHECK(ids(find(store, "disk", filter_until(at("2019-07-02T00:00:00Z")))) ==
          std::vector<IncidentId>{a});
    // One hit per incident even when several of its texts match.
    CHECK(find(store, "disk").size() == 2);
    CHECK(find(store, "disk", filter_limit(1)).size() == 1);
}

TEST_CASE("search keeps up with amendments") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto a = open_at(store, "Outage", "2019-07-01T08:00:00Z", "The databse is down.");
    const auto first = store.updates(a).front().id;
    amend_update(store, {first, "The database is down.", std::nullopt, "tester"},
                 at("2030-01-01T00:00:00Z"));
    CHECK(find(store, "databse").empty());
    CHECK(ids(find(store, "database")) == std::vector<IncidentId>{a});
}

TEST_CASE("migrating a version 1 journal indexes its existing text") {
    TempJournal journal;
    const IncidentId a = 1;
    // A version 1 journal: no index, no versions, no edits, times in seconds.
    old_journal(journal, 1,
                "INSERT INTO incidents (id, title, impact, status, created_at, updated_at) "
                "VALUES (1, 'Old outage', 'none', 'investigating', 1561968000, 1561968000);"
                "INSERT INTO updates (id, incident_id, status, body, posted_at, recorded_at, "
                "author) VALUES (1, 1, 'investigating', 'Legacy routers.', 1561968000, "
                "1561968000, 'tester');");
    const auto store_owner = journal.read();
    const auto& store = *store_owner;
    CHECK(ids(find(store, "legacy")) == std::vector<IncidentId>{a});
    CHECK(ids(find(store, "old")) == std::vector<IncidentId>{a});
}

TEST_CASE("search snippets show controls and mark matches") {
    CHECK(render::search_snippet("a hit \x1b[2J\nnext", {{2, 5}}, false) == "a [hit] ^[[2J next");
    CHECK(render::search_snippet("a hit", {{2, 5}}, true) == "a \033[1;33mhit\033[0m");
    CHECK(render::search_snippet("one two", {{0, 3}, {4, 7}}, false) == "[one] [two]");
    // Ranges out of order or past the end are ignored rather than trusted.
    CHECK(render::search_snippet("abc", {{1, 2}, {0, 1}, {2, 9}}, false) == "a[b]c");
}

TEST_CASE("search finds CJK text: long words by trigram, one or two characters by substring") {
    TempJournal journal;
    auto store_owner = journal.write();
    auto& store = *store_owner;
    const auto a = open_at(store, "数据库连接超时", "2019-07-01T08:00:00Z", "Investigating.");
    const auto b =
        open_at(store, "Checkout errors", "2019-07-02T08:00:00Z", "決済サービスの障害です。");
    const auto upd = post_at(store, b, "2019-07-02T09:00:00Z", "데이터베이스 timeout 복구");
    const auto c = open_at(store, "Login errors", "2019-07-03T08:00:00Z", "Investigating.");
    PostmortemRequest pm{c, "证书过期了。", at("2019-07-04T08:00:00Z")};
    publish_postmortem(store, pm, at("2030-01-01T00:00:00Z"));

    const auto hits = find(store, "数据库");
    REQUIRE(ids(hits) == std::vector<IncidentId>{a});
    CHECK(hits[0].kind == SearchHit::Kind::title);
    CHECK(marked(hits[0]) == "[数据库]连接超时");
    CHECK(ids(find(store, "サービス")) == std::vector<IncidentId>{b});
    const auto ko = find(store, "데이터베이스");
    REQUIRE(ids(ko) == std::vector<IncidentId>{b});
    CHECK(ko[0].kind == SearchHit::Kind::update);
    CHECK(ko[0].update_id == upd);
    CHECK(ids(find(store, "过期")) == std::vector<IncidentId>{c});  // two characters
    const auto one = find(store, "库");                             // one character
    REQUIRE(ids(one) == std::vector<IncidentId>{a});
    CHECK(marked(one[0]) == "数据[库]连接超时");
    CHECK(find(store, "数据表").empty());

    // Every word is required, CJK or not; other words keep whole-word, case-folded matching.
    CHECK(ids(find(store, "데이터베이스 TIMEOUT")) == std::vector<IncidentId>{b});
    CHECK(ids(find(store, "복구 timeout")) == std::vector<IncidentId>{b});
    CHECK(find(store, "데이터베이스 time").empty());
    CHECK(find(store, "数据库 证书").empty());
    CHECK(find(store, "过期 errors").empty());  // not in the same text

    // Kept in sync: amendments and replaced postmortems.
    amend_update(store, {upd, "복구 완료", std::nullopt, "tester"}, at("2030-01-01T00:00:00Z"));
    CHECK(find(store, "데이터베이스").empty());
    CHECK(ids(find(store, "완료")) == std::vector<IncidentId>{b});
    PostmortemRequest replaced{c, "The clock drifted.", at("2019-07-05T08:00:00Z")};
    publish_postmortem(store, replaced, at("2030-01-01T00:00:00Z"));
    CHECK(find(store, "过期").empty());
}

TEST_CASE("the CJK index holds only texts with CJK and is backfilled by its migration") {
    {
        TempJournal journal;
        {
            auto store_owner = journal.write();
            auto& store = *store_owner;
            open_at(store, "旧的故障", "2019-07-01T08:00:00Z", "Legacy routers.");
            open_at(store, "Plain outage", "2019-07-02T08:00:00Z", "Nothing to see.");
        }
        SQLite::Database db(journal.path().string(), SQLite::OPEN_READONLY);
        CHECK(db.execAndGet("SELECT count(*) FROM search_cjk").getInt() == 1);
    }
    // A version 5 journal (before the CJK index), its rows indexed by that version's triggers.
    TempJournal journal;
    old_journal(
        journal, 5,
        "INSERT INTO incidents (id, title, impact, status, created_at, updated_at) "
        "VALUES (1, '旧的故障', 'none', 'investigating', 1561968000000, 1561968000000), "
        "(2, 'Plain outage', 'none', 'investigating', 1562054400000, 1562054400000);"
        "INSERT INTO updates (id, incident_id, status, body, posted_at, recorded_at, author) "
        "VALUES (1, 1, 'investigating', 'Legacy routers.', 1561968000000, 1561968000000, "
        "'tester'), (2, 2, 'investigating', 'Nothing to see.', 1562054400000, "
        "1562054400000, 'tester');");
    const auto store_owner = journal.read();
    const auto& store = *store_owner;
    CHECK(ids(find(store, "故障")) == std::vector<IncidentId>{1});
    CHECK(ids(find(store, "legacy")) == std::vector<IncidentId>{1});
    CHECK(ids(find(store, "outage")) == std::vector<IncidentId>{2});
}

TEST_CASE("the word index keeps no copy of the texts and forgets every replaced one") {
    TempJournal journal;
    // A version 9 journal: its index keeps a copy of every text.
    old_journal(journal, 9,
                "INSERT INTO incidents (id, title, impact, status, created_at, updated_at) "
                "VALUES (1, 'Router outage', 'none', 'investigating', 1561968000000, "
                "1561968000000);"
                "INSERT INTO updates (id, incident_id, status, body, posted_at, recorded_at, "
                "author) VALUES (1, 1, 'investigating', 'The switch is down.', 1561968000000, "
                "1561968000000, 'tester');"
                "INSERT INTO postmortems (incident_id, body, posted_at, recorded_at) "
                "VALUES (1, 'First draft.', 1561968000000, 1561968000000), "
                "(1, 'A firmware bug.', 1561968000000, 1561968000000);");
    {
        SQLite::Database db(journal.path().string(), SQLite::OPEN_READONLY);
        CHECK(db.execAndGet("SELECT count(*) FROM search_index_content").getInt() == 3);
    }
    {
        auto store_owner = journal.write();  // upgrades
        auto& store = *store_owner;
        CHECK(ids(find(store, "router")) == std::vector<IncidentId>{1});
        CHECK(ids(find(store, "switch")) == std::vector<IncidentId>{1});
        CHECK(ids(find(store, "firmware")) == std::vector<IncidentId>{1});
        CHECK(find(store, "draft").empty());
        const auto hit = find(store, "switch");
        REQUIRE(hit.size() == 1);
        CHECK(marked(hit[0]) == "The [switch] is down.");

        edit_incident(store, {1, "Gateway outage", std::nullopt, {}, "tester"},
                      at("2030-01-01T00:00:00Z"));
        amend_update(store, {1, "The gateway is down.", std::nullopt, "tester"},
                     at("2030-01-01T00:00:00Z"));
        publish_postmortem(store, {1, "A power cut.", at("2019-07-05T08:00:00Z")},
                           at("2030-01-01T00:00:00Z"));
        for (const char* gone : {"router", "switch", "firmware", "draft"})
            CHECK(find(store, gone).empty());
        const auto now = find(store, "gateway");
        REQUIRE(ids(now) == std::vector<IncidentId>{1});
        CHECK(marked(now[0]) == "[Gateway] outage");
        CHECK(ids(find(store, "power")) == std::vector<IncidentId>{1});
    }
    SQLite::Database db(journal.path().string(), SQLite::OPEN_READWRITE);
    CHECK(db.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'search_index_content'")
              .getInt() == 0);
    db.exec("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 0)");
    // Every term the index holds is in a text the journal holds now.
    db.exec("INSERT INTO search_index (search_index) VALUES ('optimize')");
    db.exec("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, search_index, 'row')");
    std::vector<std::string> terms;
    SQLite::Statement q(db, "SELECT term FROM temp.terms ORDER BY term");
    while (q.executeStep()) terms.push_back(q.getColumn(0).getString());
    CHECK(terms ==
          std::vector<std::string>{"a", "cut", "down", "gateway", "is", "outage", "power", "the"});
}
