// Conformance: full-text search means the same on every backend: every word required and
// literal, whole words ignoring case and diacritics, CJK by substring, best match first (a
// title outweighs a body), one hit per incident, snippets with the matches marked.
#include <catch2/catch.hpp>

#include "backend.hpp"
#include "incident/search.hpp"
#include "seed.hpp"

using namespace incident;
using namespace incident::conformance;
using incident::testing::utc;

namespace {

std::vector<IncidentId> ids(const std::vector<SearchHit>& hits) {
    std::vector<IncidentId> out;
    for (const auto& h : hits) out.push_back(h.incident.id);
    return out;
}

std::vector<SearchHit> find(const ReadStore& store, std::string_view text,
                            IncidentFilter filter = {}) {
    return store.search(search_words(text), filter);
}

// The snippet with its matches between '[' and ']'.
std::string marked(const SearchHit& hit) {
    return render::search_snippet(hit.snippet, hit.matches, false);
}

// Every marked range is one of the words, ignoring case (ASCII here).
bool marks_are(const SearchHit& hit, std::vector<std::string> words) {
    if (hit.matches.empty()) return false;
    for (const auto& m : hit.matches) {
        auto text = hit.snippet.substr(m.begin, m.end - m.begin);
        for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (std::find(words.begin(), words.end(), text) == words.end()) return false;
    }
    return true;
}

struct Seeded {
    Journal journal;
    std::unique_ptr<WriteStore> owner = journal.write();
    WriteStore& store = *owner;
    IncidentId service = 0, dns = 0, checkout = 0;
    UpdateId ddos_update = 0, escape_update = 0;

    Seeded() {
        const auto t = utc(2019, 7, 1, 16, 30);
        store.transact([&] {
            service = store.insert_incident(new_incident("Service interuption", Impact::major), t);
            store.insert_update(new_update(service, Status::investigating,
                                           "We are currently investigating this issue.", t));
            ddos_update = store.insert_update(
                new_update(service, Status::identified,
                           "Our operations provider is target of a DDoS attack.", t + 25min));
            store.insert_update(new_update(service, Status::resolved,
                                           "Resolved; the DDoS filtering is now always on.",
                                           t + 16h));
            set_latest(store, service, Status::resolved, t + 16h);
            dns = store.insert_incident(new_incident("DDoS on the DNS provider"), t + 2 * 24h);
            store.insert_update(
                new_update(dns, Status::investigating, "Name lookups time out.", t + 48h));
            checkout = store.insert_incident(new_incident("Checkout errors"), t + 72h);
            store.insert_update(
                new_update(checkout, Status::investigating,
                           "Payments fail with \"500\"; the provider's API is down.", t + 72h));
            escape_update = store.insert_update(
                new_update(checkout, Status::investigating, "Escape test: \x1b[2J gone", t + 73h));
        });
    }
};

}  // namespace

TEST_CASE("conformance: search finds every word, whole, ignoring case, best match first",
          "[conformance][search]") {
    Seeded s;
    auto& store = s.store;
    auto hits = find(store, "ddos");
    REQUIRE(ids(hits) == std::vector<IncidentId>{s.dns, s.service});  // a title outranks a body
    CHECK(hits[0].kind == SearchHit::Kind::title);
    CHECK(hits[0].score > hits[1].score);
    CHECK(marked(hits[0]) == "[DDoS] on the DNS provider");
    CHECK(hits[1].kind == SearchHit::Kind::update);
    CHECK(marks_are(hits[1], {"ddos"}));
    // Every word is required in one text; the incident's best text stands for it.
    hits = find(store, "DDoS attack");
    REQUIRE(ids(hits) == std::vector<IncidentId>{s.service});
    CHECK(hits[0].update_id == s.ddos_update);
    CHECK(hits[0].incident.status == Status::resolved);
    CHECK(marks_are(hits[0], {"ddos", "attack"}));
    CHECK(hits[0].matches.size() == 2U);
    CHECK(find(store, "ddos payments").empty());
    // Whole words only; no prefixes.
    CHECK(find(store, "provid").empty());
    CHECK(ids(find(store, "PROVIDER")).size() == 3U);
    // One hit per incident even when several of its texts match.
    CHECK(ids(find(store, "the")).size() == 3U);
}

TEST_CASE("conformance: search text is never query syntax", "[conformance][search]") {
    Seeded s;
    auto& store = s.store;
    const auto quoted = find(store, "\"500\"");
    REQUIRE(ids(quoted) == std::vector<IncidentId>{s.checkout});
    CHECK(marks_are(quoted[0], {"500"}));
    CHECK(ids(find(store, "provider*")).size() == 3U);
    for (const char* text :
         {"ddos NOT attack", "ddos OR payments", "NEAR(ddos", "\"", "*", "title:ddos",
          "ddos & attack | x", "!ddos", "ddos:*", "(ddos)", "' OR 1=1 --", "%", "_", "\\"}) {
        INFO(text);
        CHECK_NOTHROW(find(store, text));
    }
    CHECK(find(store, "ddos NOT attack").empty());
    CHECK(find(store, "ddos OR payments").empty());
    CHECK(find(store, "%").empty());
}

TEST_CASE("conformance: search filters and limits", "[conformance][search]") {
    Seeded s;
    auto& store = s.store;
    IncidentFilter f;
    f.status = StatusFilter::open;
    CHECK(ids(find(store, "provider", f)) == std::vector<IncidentId>{s.dns, s.checkout});
    f.status = StatusFilter::resolved;
    CHECK(ids(find(store, "provider", f)) == std::vector<IncidentId>{s.service});
    f = {};
    f.since = utc(2019, 7, 3, 0, 0);
    CHECK(ids(find(store, "provider", f)) == std::vector<IncidentId>{s.dns, s.checkout});
    f = {};
    f.until = utc(2019, 7, 3, 0, 0);
    CHECK(ids(find(store, "provider", f)) == std::vector<IncidentId>{s.service});
    f = {};
    f.limit = 1;
    CHECK(ids(find(store, "provider", f)) == std::vector<IncidentId>{s.dns});
    f.ids = {s.checkout};  // ids are ignored
    CHECK(ids(find(store, "provider", f)) == std::vector<IncidentId>{s.dns});
    // Without snippets: the same hits, no text.
    const auto bare = store.search({"provider"}, {}, false);
    CHECK(ids(bare) == ids(find(store, "provider")));
    for (const auto& h : bare) {
        CHECK(h.snippet.empty());
        CHECK(h.matches.empty());
    }
}

TEST_CASE("conformance: search keeps up with titles, amendments and postmortems",
          "[conformance][search]") {
    Seeded s;
    auto& store = s.store;
    const auto t = utc(2019, 7, 10, 0, 0);
    store.transact([&] { store.set_title(s.checkout, "Payment gateway down"); });
    CHECK(find(store, "checkout").empty());
    CHECK(ids(find(store, "gateway")) == std::vector<IncidentId>{s.checkout});
    store.transact([&] { store.amend_update(s.escape_update, "Rewritten text", t, t, "x"); });
    CHECK(find(store, "escape").empty());
    CHECK(ids(find(store, "rewritten")) == std::vector<IncidentId>{s.checkout});
    store.transact([&] {
        store.insert_postmortem(s.dns, "We moved to a second DNS provider. Räksmörgås.", t, t);
    });
    auto hits = find(store, "raksmorgas");  // diacritics ignored
    REQUIRE(ids(hits) == std::vector<IncidentId>{s.dns});
    CHECK(hits[0].kind == SearchHit::Kind::postmortem);
    CHECK(marked(hits[0]).find("[Räksmörgås]") != std::string::npos);
    // Only the current postmortem is searched.
    store.transact([&] { store.insert_postmortem(s.dns, "A shorter account.", t + 1h, t + 1h); });
    CHECK(find(store, "raksmorgas").empty());
    CHECK(ids(find(store, "shorter")) == std::vector<IncidentId>{s.dns});
    // Control characters in a snippet are the renderer's to show.
    const auto escape = find(store, "lookups");
    REQUIRE(escape.size() == 1U);
}

TEST_CASE("conformance: CJK text is found by any part of it", "[conformance][search]") {
    Journal journal;
    auto owner = journal.write();
    auto& store = *owner;
    const auto t = utc(2019, 7, 4, 7, 0);
    IncidentId a = 0, b = 0, c = 0;
    UpdateId upd = 0;
    store.transact([&] {
        a = store.insert_incident(new_incident("数据库连接超时"), t);
        store.insert_update(
            new_update(a, Status::investigating, "东京区域的数据库主节点无响应。", t));
        upd = store.insert_update(
            new_update(a, Status::investigating,
                       "データベースの障害は復旧しました。 The replica took over.", t + 30min));
        b = store.insert_incident(new_incident("서비스 장애"), t + 1h);
        store.insert_update(new_update(b, Status::investigating, "결제 시스템 오류", t + 1h));
        c = store.insert_incident(new_incident("Plain"), t + 2h);
        store.insert_update(new_update(c, Status::investigating, "Nothing here", t + 2h));
    });
    auto hits = find(store, "连接超时");
    REQUIRE(ids(hits) == std::vector<IncidentId>{a});
    CHECK(hits[0].kind == SearchHit::Kind::title);
    CHECK(marked(hits[0]) == "数据库[连接超时]");
    CHECK(marked(find(store, "数据")[0]) == "[数据]库连接超时");
    CHECK(marked(find(store, "库")[0]) == "数据[库]连接超时");
    hits = find(store, "障害");
    REQUIRE(ids(hits) == std::vector<IncidentId>{a});
    CHECK(hits[0].update_id == upd);
    CHECK(ids(find(store, "データベース replica")) == std::vector<IncidentId>{a});
    CHECK(find(store, "データベース ddos").empty());
    CHECK(find(store, "数据表").empty());
    CHECK(ids(find(store, "결제")) == std::vector<IncidentId>{b});
    CHECK(ids(find(store, "장애")) == std::vector<IncidentId>{b});
    CHECK(find(store, "连接超时 结제").empty());
}
