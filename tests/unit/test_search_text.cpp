#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <catch2/catch.hpp>
#include <random>

#include "store/search_text.hpp"
#include "store/sqlite/store.hpp"

using namespace incident;

namespace {

// The snippet with FTS5's markers around the matches, to compare with snippet().
std::string marked(const SearchHit& hit) {
    std::string out;
    std::size_t at = 0;
    for (const auto& m : hit.matches) {
        out += hit.snippet.substr(at, m.begin - at) + "\xFF" +
               hit.snippet.substr(m.begin, m.end - m.begin) + "\xFE";
        at = m.end;
    }
    return out + hit.snippet.substr(at);
}

std::string ours(const std::string& text, const std::vector<std::string>& words) {
    SearchHit hit;
    store::word_snippet(text, words, hit);
    return marked(hit);
}

// SQLite FTS5's own snippet of `text` for `words` (unicode61, diacritics removed, as the
// journal's index), or none when the words do not all match.
class Fts5 {
  public:
    Fts5() {
        db_.exec(
            "CREATE VIRTUAL TABLE t USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2')");
    }
    std::optional<std::string> snippet(const std::string& text,
                                       const std::vector<std::string>& words) {
        db_.exec("DELETE FROM t");
        SQLite::Statement insert(db_, "INSERT INTO t (rowid, body) VALUES (1, ?)");
        insert.bind(1, text);
        insert.exec();
        SQLite::Statement q(db_,
                            "SELECT snippet(t, -1, ?, ?, '\u2026', 16) FROM t WHERE t MATCH ?");
        q.bind(1, std::string("\xFF"));
        q.bind(2, std::string("\xFE"));
        q.bind(3, sqlite::fts_query(words));
        if (!q.executeStep()) return std::nullopt;
        return q.getColumn(0).getString();
    }

  private:
    SQLite::Database db_{":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
};

}  // namespace

TEST_CASE("words split and fold as FTS5's unicode61 tokenizer does", "[search]") {
    CHECK(store::folded_words("Our operations provider's API is DOWN.") ==
          "our operations provider s api is down");
    CHECK(store::folded_words("Räksmörgås, Ünïcode: crème brûlée") ==
          "raksmorgas unicode creme brulee");
    CHECK(store::folded_words("e-mail 1.5 x_y \"500\"") == "e mail 1 5 x y 500");
    CHECK(store::folded_words("数据库连接超时 データ") == "数据库连接超时 データ");
    CHECK(store::folded_words("  ...  ").empty());
    const auto tokens = store::tokenize("a  bc.");
    REQUIRE(tokens.size() == 2U);
    CHECK(tokens[1].begin == 3U);
    CHECK(tokens[1].end == 5U);
}

TEST_CASE("CJK texts are told apart by their scripts", "[search]") {
    CHECK(store::has_cjk("数据库"));
    CHECK(store::has_cjk("plain and データ"));
    CHECK(store::has_cjk("결제"));
    CHECK_FALSE(store::has_cjk("Räksmörgås"));
    CHECK_FALSE(store::has_cjk(""));
    CHECK(store::code_points("数据") == 2U);
}

TEST_CASE("word snippets are FTS5's snippets, byte for byte", "[search]") {
    Fts5 fts;
    SECTION("the cases the golden transcripts show") {
        const std::vector<std::pair<std::string, std::vector<std::string>>> cases{
            {"DDoS on the DNS provider", {"ddos"}},
            {"Our operations provider is target of a DDoS attack.", {"DDoS", "attack"}},
            {"Payments fail with \"500\"; the provider's API is down.", {"\"500\""}},
            {"Payments fail with \"500\"; the provider's API is down.", {"provider"}},
            {"Escape test: \x1b[2J gone", {"escape"}},
            {"We moved to a second DNS provider. Räksmörgås.", {"raksmorgas"}},
            {"Resolved; the DDoS filtering is now always on.", {"ddos"}},
        };
        for (const auto& [text, words] : cases) {
            INFO(text);
            const auto theirs = fts.snippet(text, words);
            REQUIRE(theirs);
            CHECK(ours(text, words) == *theirs);
        }
    }
    SECTION("long texts: the window, sentence starts, repeats, phrases and ellipses") {
        const std::vector<std::string> vocabulary{
            "alpha",  "Beta", "gamma", "DDoS",    "provider's", "Räksmörgås", "raksmorgas",
            "e-mail", "1.5",  "x",     "the",     "API",        "down",       "router",
            "DNS",    "fix",  "ok",    "Ünïcode", "sky-high",   "b"};
        const std::vector<std::string> separators{" ",   " ",   " ",   ", ", ". ", ": ",   "\n",
                                                  " - ", " \"", "\" ", " (", ") ", ".\n\n"};
        std::mt19937 random(20191104);
        const auto pick = [&](const std::vector<std::string>& from) {
            return from[random() % from.size()];
        };
        int compared = 0;
        for (int n = 0; n < 3000; ++n) {
            std::string text;
            const auto length = 1 + random() % 60;
            for (std::size_t i = 0; i < length; ++i) text += pick(vocabulary) + pick(separators);
            std::vector<std::string> words;
            const auto count = 1 + random() % 3;
            for (std::size_t i = 0; i < count; ++i) words.push_back(pick(vocabulary));
            const auto theirs = fts.snippet(text, words);
            if (!theirs) continue;
            INFO(text);
            INFO(sqlite::fts_query(words));
            REQUIRE(ours(text, words) == *theirs);
            ++compared;
        }
        CHECK(compared > 1000);
    }
}
