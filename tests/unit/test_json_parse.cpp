#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cstdio>

#include "incident/json.hpp"

using namespace incident;
using json::Value;

namespace {

json::Document ok(std::string_view text) {
    auto r = json::parse(text);
    if (auto* e = std::get_if<json::ParseError>(&r)) FAIL(e->message);
    return std::get<json::Document>(std::move(r));
}

json::ParseError bad(std::string_view text, json::ParseOptions options = {}) {
    auto r = json::parse(text, options);
    REQUIRE(std::holds_alternative<json::ParseError>(r));
    return std::get<json::ParseError>(r);
}

}  // namespace

TEST_CASE("json parses every kind of value") {
    const auto doc = ok(R"( {"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}, "e": ""} )");
    const auto& v = doc.root();
    REQUIRE(v.is(Value::Type::object));
    CHECK(std::vector<std::string_view>(v.keys().begin(), v.keys().end()) ==
          std::vector<std::string_view>{"a", "b", "e"});
    const auto& a = *v.find("a");
    REQUIRE(a.items().size() == 5);
    CHECK(a.items()[0].as_int() == 1);
    CHECK(a.items()[1].text() == "-2.5e3");
    CHECK_FALSE(a.items()[1].as_int());
    CHECK(a.items()[2].as_bool());
    CHECK_FALSE(a.items()[3].as_bool());
    CHECK(a.items()[4].is(Value::Type::null));
    CHECK(v.find("b")->find("c")->text() == "d");
    CHECK(v.find("e")->text().empty());
    CHECK(v.find("missing") == nullptr);
    CHECK(ok("0").root().as_int() == 0);
    CHECK(ok("\"x\"").root().text() == "x");
}

TEST_CASE("json decodes escapes and surrogate pairs to UTF-8") {
    CHECK(ok(R"("\" \\ \/ \b \f \n \r \t")").root().text() == "\" \\ / \b \f \n \r \t");
    CHECK(ok(R"("\u00e5\u20AC")").root().text() == "\xC3\xA5\xE2\x82\xAC");
    CHECK(ok(R"("\ud83d\ude00")").root().text() == "\xF0\x9F\x98\x80");
    CHECK(ok(R"("\u0000")").root().text() == std::string(1, '\0'));
    CHECK(ok("\"r\xC3\xA4ksm\xC3\xB6rg\xC3\xA5s\"").root().text() ==
          "r\xC3\xA4ksm\xC3\xB6rg\xC3\xA5s");
}

TEST_CASE("json errors name the byte offset, line and column") {
    const auto e = bad("{\n  \"a\" 1}");
    CHECK(e.offset == 8);
    CHECK(e.message == "expected ':' after an object key, found '1' at byte 8 (line 2, column 7)");
    CHECK(bad("[1,]").message == "expected a value, found ']' at byte 3 (line 1, column 4)");
    CHECK(bad("{\"a\":1,}").message ==
          "expected an object key (a string), found '}' at byte 7 (line 1, column 8)");
    CHECK(bad("").message == "the input is empty");
    CHECK(bad("  ").message == "the input is empty");
}

TEST_CASE("json refuses what RFC 8259 does not allow") {
    CHECK(bad("01").message.starts_with("a number cannot have a leading zero"));
    CHECK(bad("1.").message.starts_with("expected a digit after the decimal point"));
    CHECK(bad("1e").message.starts_with("expected a digit in the exponent"));
    CHECK(bad("-").message.starts_with("expected a digit in a number"));
    CHECK(bad("+1").message.starts_with("expected a value"));
    CHECK(bad(".5").message.starts_with("expected a value"));
    CHECK(bad("NaN").message.starts_with("expected a value"));
    CHECK(bad("tru").message.starts_with("invalid literal (expected true)"));
    CHECK(bad("nul").message.starts_with("invalid literal (expected null)"));
    CHECK(bad("'a'").message.starts_with("expected a value, found '''"));
    CHECK(bad("\"a\nb\"").message.starts_with("control character in a string"));
    CHECK(bad("\"\\x\"").message.starts_with("invalid escape in a string"));
    CHECK(bad("\"\\u12G4\"").message.starts_with("expected four hex digits"));
    CHECK(bad("\"\\ud800\"").message.starts_with("high surrogate not followed by a low surrogate"));
    CHECK(bad("\"\\ud800\\u0041\"").message.starts_with("high surrogate not followed"));
    CHECK(bad("\"\\udc00\"").message.starts_with("lone low surrogate"));
    CHECK(bad("\"abc").message == "unterminated string at byte 0 (line 1, column 1)");
    CHECK(bad("{\"a\":1,\"a\":2}").message ==
          "duplicate object key \"a\" at byte 7 (line 1, column 8)");
    CHECK(bad("1 2").message.starts_with("unexpected text after the JSON value at byte 2"));
    CHECK(bad("{} x").message.starts_with("unexpected text after the JSON value"));
    CHECK(bad("/* c */ 1").message.starts_with("expected a value"));
    CHECK(bad("\xEF\xBB\xBF{}")
              .message.starts_with("byte order mark (not allowed in JSON) at byte 0"));
    CHECK(bad("\"\xFF\"").message == "invalid UTF-8 at byte 1 (line 1, column 2)");
    CHECK(bad("\"\xC0\xAF\"").offset == 1);      // overlong
    CHECK(bad("\"\xED\xA0\x80\"").offset == 1);  // encoded surrogate
}

TEST_CASE("json limits nesting depth instead of overflowing the stack") {
    CHECK(ok(std::string(64, '[') + std::string(64, ']')).root().is(Value::Type::array));
    CHECK(bad(std::string(65, '[') + std::string(65, ']'))
              .message.starts_with("nesting deeper than 64 levels at byte 64"));
    CHECK(bad(std::string(100000, '[')).message.starts_with("nesting deeper than 64 levels"));
    CHECK(bad("[[1]]", {.max_depth = 1}).message.starts_with("nesting deeper than 1 levels"));
}

TEST_CASE("json never crashes on truncated documents") {
    const std::string doc =
        R"({"incidents":[{"id":1,"name":"a\u00e5\"b","x":[true,false,null,-0.5e+2]}],"p":{}})";
    REQUIRE(ok(doc).root().is(Value::Type::object));
    for (std::size_t n = 0; n < doc.size(); ++n) {
        const auto r = json::parse(std::string_view(doc).substr(0, n));
        CHECK(std::holds_alternative<json::ParseError>(r));
    }
}

namespace {

// Streams `text` through a temporary file, so the reader refills its buffer as a real import does.
std::vector<std::string> events(const std::string& text, json::ParseOptions options = {}) {
    std::FILE* f = std::tmpfile();
    REQUIRE(f != nullptr);
    std::fwrite(text.data(), 1, text.size(), f);
    std::rewind(f);
    json::FileSource source(f);
    std::vector<std::string> out;
    try {
        json::PullReader reader(source, options);
        for (auto e = reader.next(); e != json::Event::end_of_input; e = reader.next()) {
            switch (e) {
                case json::Event::begin_object:
                    out.emplace_back("{");
                    break;
                case json::Event::end_object:
                    out.emplace_back("}");
                    break;
                case json::Event::begin_array:
                    out.emplace_back("[");
                    break;
                case json::Event::end_array:
                    out.emplace_back("]");
                    break;
                case json::Event::key:
                    out.push_back("k:" + reader.text());
                    break;
                case json::Event::string:
                    out.push_back("s:" + reader.text());
                    break;
                case json::Event::number:
                    out.push_back("n:" + reader.text());
                    break;
                case json::Event::true_value:
                    out.emplace_back("true");
                    break;
                case json::Event::false_value:
                    out.emplace_back("false");
                    break;
                case json::Event::null_value:
                    out.emplace_back("null");
                    break;
                case json::Event::end_of_input:
                    break;
            }
        }
    } catch (const json::SyntaxError& e) {
        out.push_back("error: " + e.message);
    }
    std::fclose(f);
    return out;
}

}  // namespace

TEST_CASE("the pull reader streams events and checks the grammar as it goes") {
    CHECK(events(R"( {"a": [1, "x", true, false, null, {}], "b": -0.5e+2} )") ==
          std::vector<std::string>{"{", "k:a", "[", "n:1", "s:x", "true", "false", "null", "{", "}",
                                   "]", "k:b", "n:-0.5e+2", "}"});
    CHECK(events("[1,]").back() ==
          "error: expected a value, found ']' at byte 3 (line 1, column 4)");
    CHECK(events("{\"a\":1} 2")
              .back()
              .starts_with("error: unexpected text after the JSON value at byte 8"));
    CHECK(events("{\"a\":1,\"a\":2}").back() ==
          "error: duplicate object key \"a\" at byte 7 (line 1, column 8)");
    // Keys of sibling objects are their own.
    CHECK(events(R"([{"a":1},{"a":2}])").size() == 10);
}

TEST_CASE("the pull reader keeps positions and UTF-8 checks across buffer refills") {
    // Strings and multi-byte characters straddle the 64 KiB buffer boundary.
    std::string text = "[\n";
    for (int i = 0; i < 3000; ++i)
        text += "\"r\xC3\xA4ksm\xC3\xB6rg\xC3\xA5s \xF0\x9F\x98\x80 text\",\n";
    const auto good = events(text + "1]");
    REQUIRE(good.size() == 3003);
    CHECK(good[1] == "s:r\xC3\xA4ksm\xC3\xB6rg\xC3\xA5s \xF0\x9F\x98\x80 text");
    CHECK(good[3000] == good[1]);
    const auto line = 3002;
    CHECK(events(text + "x]").back() ==
          fmt::format("error: expected a value, found 'x' at byte {} (line {}, column 1)",
                      text.size(), line));
    CHECK(
        events(text + "\"\xC3(\"]").back() ==
        fmt::format("error: invalid UTF-8 at byte {} (line {}, column 2)", text.size() + 1, line));
}

TEST_CASE("the pull reader limits strings, documents and values") {
    CHECK(events("\"" + std::string(100, 'x') + "\"", {.max_string_bytes = 50}).back() ==
          "error: a string longer than the limit of 50 bytes at byte 0 (line 1, column 1)");
    CHECK(events("[" + std::string(200, ' ') + "1]", {.max_document_bytes = 100})
              .back()
              .starts_with("error: the document is larger than the limit of 100 bytes"));
    CHECK(events("1" + std::string(2000, '0'))
              .back()
              .starts_with("error: a number longer than 1024 characters"));
    json::TextSource source(R"([["aaaa", "bbbb"], ["cccccccccc"]])");
    json::PullReader reader(source);
    REQUIRE(reader.next() == json::Event::begin_array);
    const auto first = reader.value(reader.next(), 8);
    CHECK(first.root().items().size() == 2);
    const auto e = reader.next();
    CHECK(reader.token_offset() == 19);
    CHECK_THROWS_WITH(reader.value(e, 8),
                      "a value larger than the limit of 8 bytes at byte 20 (line 1, column 21)");
}

TEST_CASE("json refuses duplicate keys in objects of any size, each object on its own") {
    // Past 32 keys the reader hashes them instead of comparing one by one.
    for (const int n : {3, 32, 33, 200}) {
        INFO(n << " keys");
        std::string doc = "{";
        for (int i = 0; i < n; ++i)
            doc += fmt::format("{}\"k{}\":{{\"k{}\":1}}", i ? "," : "", i, i);
        CHECK(ok(doc + "}").root().keys().size() == static_cast<std::size_t>(n));
        for (const int again : {0, n - 1}) {
            const auto at = doc.size() + 1;
            const auto e = bad(doc + fmt::format(",\"k{}\":2}}", again));
            CHECK(e.offset == at);
            CHECK(e.message.starts_with(
                fmt::format("duplicate object key \"k{}\" at byte {}", again, at)));
        }
        // A sibling object has keys of its own, also once its elder had many.
        CHECK(ok("[" + doc + "}," + doc + "}]").root().items().size() == 2);
        CHECK(bad("[" + doc + "}," + doc + ",\"k0\":0}]")
                  .message.starts_with("duplicate object key \"k0\""));
    }
}

TEST_CASE("a document's values stay put when it is moved or joined into an object") {
    auto a = ok(R"({"x": ["one", "two"], "y": 2})");
    auto b = ok(R"("three")");
    json::Document moved(std::move(a));
    CHECK(moved.root().find("x")->items()[1].text() == "two");
    std::vector<std::pair<std::string, json::Document>> members;
    members.emplace_back("first", std::move(moved));
    members.emplace_back("second", std::move(b));
    const auto joined = json::Document::object(std::move(members));
    const auto& v = joined.root();
    REQUIRE(v.is(Value::Type::object));
    CHECK(std::vector<std::string_view>(v.keys().begin(), v.keys().end()) ==
          std::vector<std::string_view>{"first", "second"});
    CHECK(v.find("first")->find("x")->items()[0].text() == "one");
    CHECK(v.find("first")->find("y")->as_int() == 2);
    CHECK(v.find("second")->text() == "three");
}

TEST_CASE("a value read into a recycled document is whole, however large") {
    const std::string big(200000, 'x');  // larger than the kept block
    const std::string text = R"([{"a": "one"}, ")" + big + R"(", {"b": ["two", 3]}])";
    json::TextSource source(text);  // a view: `text` outlives it
    json::PullReader reader(source);
    REQUIRE(reader.next() == json::Event::begin_array);
    auto first = reader.value(reader.next());
    CHECK(first.root().find("a")->text() == "one");
    auto second = reader.value(reader.next(), UINT64_MAX, std::move(first));
    CHECK(second.root().text() == big);
    auto third = reader.value(reader.next(), UINT64_MAX, std::move(second));
    CHECK(third.root().find("b")->items()[0].text() == "two");
    CHECK(third.root().find("b")->items()[1].as_int() == 3);
}
