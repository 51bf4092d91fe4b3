#include <catch2/catch.hpp>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>

#include "incident/json.hpp"
#include "incident/json_writer.hpp"

using incident::json::Writer;

TEST_CASE("json::Writer places commas and colons", "[json_writer]") {
    std::string out;
    Writer w(out);
    w.begin_object()
        .member("a", 1)
        .key("b")
        .begin_array()
        .value("x")
        .value(true)
        .value(nullptr)
        .begin_object()
        .end()
        .begin_array()
        .end()
        .end()
        .member("c", std::optional<std::string>())
        .member("d", std::optional<std::string>("y"))
        .end();
    CHECK(out == R"({"a":1,"b":["x",true,null,{},[]],"c":null,"d":"y"})");
    CHECK(w.complete());
    CHECK(std::holds_alternative<incident::json::Document>(incident::json::parse(out)));
}

TEST_CASE("json::Writer breaks lines where asked", "[json_writer]") {
    std::string out;
    Writer w(out);
    w.begin_object().key("page").begin_object().end().line().key("list").begin_array();
    w.line().value(1).line().value(2).line().end().line().key("empty").begin_array().end().end();
    CHECK(out == "{\"page\":{},\n\"list\":[\n1,\n2\n],\n\"empty\":[]}");
}

TEST_CASE("json::Writer inserts a value another Writer wrote, with its commas", "[json_writer]") {
    std::string kept;
    Writer(kept).begin_object().member("id", "7").end();
    std::string out;
    Writer w(out);
    w.begin_array().json_value(kept).json_value(kept).end();
    CHECK(out == R"([{"id":"7"},{"id":"7"}])");
    std::string in_object;
    Writer o(in_object);
    o.begin_object();
    CHECK_THROWS_AS(o.json_value(kept), std::logic_error);  // a key is due
}

TEST_CASE("json::Writer numbers", "[json_writer]") {
    std::string out;
    Writer w(out);
    w.begin_array()
        .value(std::int64_t{-9007199254740993})
        .value(std::uint64_t{18446744073709551615u})
        .value(0.5)
        .value(-2.0)
        .value(std::numeric_limits<double>::infinity())
        .value(std::numeric_limits<double>::quiet_NaN())
        .end();
    CHECK(out == "[-9007199254740993,18446744073709551615,0.5,-2,null,null]");
}

TEST_CASE("json::Writer refuses misuse instead of writing bad JSON", "[json_writer]") {
    std::string out;
    Writer w(out);
    CHECK_THROWS_AS(w.end(), std::logic_error);
    CHECK_THROWS_AS(w.key("k"), std::logic_error);
    w.begin_object();
    CHECK_THROWS_AS(w.value(1), std::logic_error);  // a key is due
    w.key("k");
    CHECK_THROWS_AS(w.key("again"), std::logic_error);
    CHECK_THROWS_AS(w.end(), std::logic_error);  // the key has no value
    w.value(1).end();
    CHECK_THROWS_AS(w.value(2), std::logic_error);  // a second document
    CHECK(out == R"({"k":1})");
}

TEST_CASE("json::Writer escapes keys and strings alike", "[json_writer]") {
    std::string out;
    Writer w(out);
    w.begin_object().member("k\"</", "v\n\xFF").end();
    CHECK(out == R"({"k\"\u003c/":"v\n\ufffd"})");
    CHECK(std::holds_alternative<incident::json::Document>(incident::json::parse(out)));
}
