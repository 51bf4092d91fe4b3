#include <catch2/catch.hpp>
#include <cstdint>
#include <utility>

#include "incident/text.hpp"
#include "incident/utf8.hpp"

using namespace incident;
using namespace std::string_literals;

TEST_CASE("valid UTF-8 passes, in every sequence length", "[text]") {
    CHECK_FALSE(invalid_utf8_offset("").has_value());
    CHECK_FALSE(invalid_utf8_offset("plain ASCII").has_value());
    CHECK_FALSE(invalid_utf8_offset("Malmö").has_value());             // 2 bytes
    CHECK_FALSE(invalid_utf8_offset("\u2026 \u20AC").has_value());     // 3 bytes
    CHECK_FALSE(invalid_utf8_offset("\U0001F525 fire").has_value());   // 4 bytes
    CHECK_FALSE(invalid_utf8_offset("\xF4\x8F\xBF\xBF").has_value());  // U+10FFFF, the last
    CHECK_FALSE(invalid_utf8_offset("\xED\x9F\xBF").has_value());      // U+D7FF, before surrogates
    CHECK_FALSE(invalid_utf8_offset("\xC2\x9B").has_value());          // C1 control: valid UTF-8
}

TEST_CASE("invalid UTF-8 is found at the offset of the first bad sequence", "[text]") {
    CHECK(invalid_utf8_offset("bad \xFF byte") == 4U);
    CHECK(invalid_utf8_offset("\x80") == 0U);              // lone continuation byte
    CHECK(invalid_utf8_offset("ok \xC3") == 3U);           // truncated at the end
    CHECK(invalid_utf8_offset("ok \xC3(") == 3U);          // continuation missing
    CHECK(invalid_utf8_offset("\xE2\x82") == 0U);          // truncated 3-byte sequence
    CHECK(invalid_utf8_offset("\xF0\x9F\x94") == 0U);      // truncated 4-byte sequence
    CHECK(invalid_utf8_offset("a\xC0\xAF") == 1U);         // overlong '/'
    CHECK(invalid_utf8_offset("\xC1\xBF") == 0U);          // overlong
    CHECK(invalid_utf8_offset("\xE0\x80\xAF") == 0U);      // overlong 3-byte
    CHECK(invalid_utf8_offset("\xF0\x80\x80\xAF") == 0U);  // overlong 4-byte
    CHECK(invalid_utf8_offset("xy\xED\xA0\x80") == 2U);    // surrogate U+D800
    CHECK(invalid_utf8_offset("\xF4\x90\x80\x80") == 0U);  // above U+10FFFF
    CHECK(invalid_utf8_offset("\xF5\x80\x80\x80") == 0U);
    CHECK(invalid_utf8_offset("\xFE") == 0U);
    CHECK(invalid_utf8_offset("Malmö \xE9t\xE9") == 7U);  // Latin-1 after valid UTF-8
}

TEST_CASE("check_user_text accepts ordinary text, control characters included", "[text]") {
    CHECK_FALSE(check_user_text("the message", "Back to normal.", 100).has_value());
    CHECK_FALSE(check_user_text("the message", "Malmö \u2026 \U0001F525", 100).has_value());
    CHECK_FALSE(check_user_text("the message", "esc \x1b[31m kept, shown later", 100).has_value());
    CHECK_FALSE(check_user_text("the message", "", 100).has_value());
    CHECK_FALSE(check_user_text("the message", std::string(100, 'x'), 100).has_value());
}

TEST_CASE("check_user_text refuses text that is too long", "[text]") {
    const auto problem = check_user_text("the title", std::string(101, 'x'), 100);
    REQUIRE(problem.has_value());
    CHECK(*problem == "the title is too long (101 bytes; the limit is 100)");
}

TEST_CASE("check_user_text refuses NUL bytes and says where", "[text]") {
    const auto problem = check_user_text("file \"nul.txt\"", "nul \0 byte"s, 100);
    REQUIRE(problem.has_value());
    CHECK(*problem == "file \"nul.txt\" contains a NUL byte at offset 4");
}

TEST_CASE("check_user_text refuses invalid UTF-8 and names the byte", "[text]") {
    const auto problem = check_user_text("the message", "bad \xFF byte", 100);
    REQUIRE(problem.has_value());
    CHECK(*problem == "the message is not valid UTF-8 (byte 0xFF at offset 4)");
    const auto truncated = check_user_text("--author", "Malm\xC3", 100);
    REQUIRE(truncated.has_value());
    CHECK(*truncated == "--author is not valid UTF-8 (byte 0xC3 at offset 4)");
}

TEST_CASE("trim removes ASCII white space at both ends only", "[text]") {
    CHECK(trim("  hello world \t\r\n") == "hello world");
    CHECK(trim("\v\fx\f\v") == "x");
    CHECK(trim("") == "");
    CHECK(trim(" \t\n ") == "");
    CHECK(trim("inner  space") == "inner  space");
    // Non-ASCII spaces are text, not padding.
    CHECK(trim("\u00A0x\u00A0") == "\u00A0x\u00A0");
}

TEST_CASE("trim_end keeps leading indentation", "[text]") {
    CHECK(trim_end("  code block\n\n\n") == "  code block");
    CHECK(trim_end("line one\nline two  \t\n") == "line one\nline two");
    CHECK(trim_end("   ") == "");
}

TEST_CASE("visible leaves printable text alone", "[text]") {
    CHECK(visible("Network & infrastructure") == "Network & infrastructure");
    CHECK(visible("Malmö \u2026 \U0001F525") == "Malmö \u2026 \U0001F525");
    CHECK(visible("") == "");
}

TEST_CASE("visible shows C0 controls in caret notation", "[text]") {
    CHECK(visible("\x1b[2J") == "^[[2J");
    CHECK(visible("red \x1b[31malert\x1b[0m") == "red ^[[31malert^[[0m");
    CHECK(visible("bell \a") == "bell ^G");
    CHECK(visible("\x01") == "^A");
    CHECK(visible("\x1f") == "^_");
    CHECK(visible("a\rb") == "a^Mb");
    CHECK(visible("nul \0 byte"s) == "nul ^@ byte");
    CHECK(visible("title \x1b]0;pwned\a") == "title ^[]0;pwned^G");
}

TEST_CASE("visible shows DEL as ^?", "[text]") {
    CHECK(visible("x\x7Fy") == "x^?y");
}

TEST_CASE("visible shows C1 controls as code points", "[text]") {
    CHECK(visible("\xC2\x9B"
                  "31m") == "<U+009B>31m");  // CSI
    CHECK(visible("\xC2\x80") == "<U+0080>");
    CHECK(visible("\xC2\x9F") == "<U+009F>");
    // U+00A0 (no-break space) is the first character after the C1 block.
    CHECK(visible("\xC2\xA0") == "\xC2\xA0");
}

TEST_CASE("visible shows bytes that are not UTF-8 as hex escapes", "[text]") {
    CHECK(visible("bad \xFF byte") == "bad \\xFF byte");
    CHECK(visible("\xC3(") == "\\xC3(");
    CHECK(visible("\xED\xA0\x80") == "\\xED\\xA0\\x80");
}

TEST_CASE("visible keeps newlines and tabs only when asked", "[text]") {
    CHECK(visible("one\ntwo\tthree") == "one^Jtwo^Ithree");
    CHECK(visible("one\ntwo\tthree", true) == "one\ntwo\tthree");
    // Everything else is still made visible.
    CHECK(visible("one\r\n\x1b[Atwo", true) == "one^M\n^[[Atwo");
}

TEST_CASE("visible output never contains a control character", "[text]") {
    std::string all;
    for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
    const auto shown = visible(all);
    for (const char ch : shown) {
        const auto c = static_cast<unsigned char>(ch);
        CHECK((c >= 0x20 && c != 0x7F));
    }
    CHECK_FALSE(invalid_utf8_offset(shown).has_value());
}

TEST_CASE("fold_case folds case beyond ASCII and composes", "[text]") {
    CHECK(fold_case("Billing") == "billing");
    CHECK(fold_case("DATABÄS") == fold_case("databäs"));
    CHECK(fold_case("databa\u0308s") == fold_case("Databäs"));
    CHECK(fold_case("STRASSE") == fold_case("Straße"));
    CHECK(fold_case("数据库") == "数据库");
    CHECK(fold_case("\xff") == "\xff");
}

TEST_CASE("display_width counts terminal columns", "[text]") {
    CHECK(display_width("") == 0U);
    CHECK(display_width("CEST") == 4U);
    CHECK(display_width("Malmö") == 5U);
    CHECK(display_width("\u2026") == 1U);
    CHECK(display_width(visible("\x1b[2J")) == 5U);
    // Wide East Asian characters and emoji take two columns, combining marks none.
    CHECK(display_width("\U0001F525!") == 3U);
    CHECK(display_width("数据库") == 6U);
    CHECK(display_width("Cafe\u0301") == 4U);
    CHECK(display_width("\u200B") == 0U);
    CHECK(first_glyph("数据").width == 2U);
    CHECK(first_glyph("数据").bytes == 3U);
}

TEST_CASE("closest_match suggests typos within a length-scaled distance", "[text][suggest]") {
    const std::vector<std::string> commands{"open", "update", "resolve", "list", "show"};
    CHECK(closest_match("opne", commands) == "open");  // swapped neighbours: one edit
    CHECK(closest_match("shwo", commands) == "show");
    CHECK(closest_match("updat", commands) == "update");
    CHECK(closest_match("OPEN", commands) == "open");  // case is ignored
    CHECK_FALSE(closest_match("frobnicate", commands));
    CHECK_FALSE(closest_match("xy", commands));
    CHECK_FALSE(closest_match("-x", {"-h", "-q", "--db"}));
    const std::vector<std::string> statuses{"investigating", "identified", "monitoring"};
    CHECK(closest_match("investigatng", statuses) == "investigating");
    CHECK_FALSE(closest_match("wat", statuses));
    const std::vector<std::string> impacts{"none", "minor", "major", "critical"};
    CHECK(closest_match("majr", impacts) == "major");
    CHECK(closest_match("crit", impacts) == std::nullopt);  // 4 deletions is not a typo
    CHECK(closest_match("America/NewYork", {"America/New_York", "America/Newark"}) ==
          "America/New_York");
    CHECK(did_you_mean("majr", impacts) == "; did you mean \"major\"?");
    CHECK(did_you_mean("wat", impacts).empty());
}

TEST_CASE("decode_utf8 gives the code point and length of one well-formed sequence", "[text]") {
    const auto decoded = [](std::string_view s) {
        const auto d = decode_utf8(s, 0);
        return std::pair<std::uint32_t, std::size_t>{static_cast<std::uint32_t>(d.code), d.bytes};
    };
    CHECK(decoded("A") == std::pair<std::uint32_t, std::size_t>{0x41, 1});
    CHECK(decoded("\xC3\xB6") == std::pair<std::uint32_t, std::size_t>{0xF6, 2});
    CHECK(decoded("\xE2\x82\xAC") == std::pair<std::uint32_t, std::size_t>{0x20AC, 3});
    CHECK(decoded("\xF0\x9F\x94\xA5") == std::pair<std::uint32_t, std::size_t>{0x1F525, 4});
    CHECK(decoded("\xF4\x8F\xBF\xBF") == std::pair<std::uint32_t, std::size_t>{0x10FFFF, 4});
    CHECK(static_cast<std::uint32_t>(decode_utf8("a\xC3\xB6", 1).code) == 0xF6U);
    for (const auto* bad :
         {"\x80", "\xC0\xAF", "\xC3", "\xE0\x9F\xBF", "\xED\xA0\x80", "\xF0\x8F\xBF\xBF",
          "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xE2\x82"}) {
        CHECK(decode_utf8(bad, 0).bytes == 0U);
    }
}

TEST_CASE("append_utf8 encodes every length and replaces what is not a scalar value", "[text]") {
    std::string out;
    for (const char32_t c : {U'A', char32_t{0xF6}, char32_t{0x20AC}, char32_t{0x1F525}}) {
        append_utf8(out, c);
    }
    CHECK(out == "A\xC3\xB6\xE2\x82\xAC\xF0\x9F\x94\xA5");
    out.clear();
    append_utf8(out, 0xD800);
    append_utf8(out, 0x110000);
    CHECK(out == "\xEF\xBF\xBD\xEF\xBF\xBD");
    out.clear();
    append_utf8(out, 0);  // NUL is a code point; callers that refuse it say so themselves
    CHECK(out == std::string(1, '\0'));
    // The decoder reads back what the encoder writes.
    for (const char32_t c : {char32_t{0x7F}, char32_t{0x80}, char32_t{0x7FF}, char32_t{0x800},
                             char32_t{0xFFFF}, char32_t{0x10000}, char32_t{0x10FFFF}}) {
        std::string one;
        append_utf8(one, c);
        CHECK(static_cast<std::uint32_t>(decode_utf8(one, 0).code) ==
              static_cast<std::uint32_t>(c));
        CHECK(decode_utf8(one, 0).bytes == one.size());
    }
}

TEST_CASE("starts_entity: the one rule for which '&' Markdown escapes", "[text]") {
    CHECK(starts_entity("&amp;", 0));
    CHECK(starts_entity("AT&#60;T", 2));
    CHECK(starts_entity("&#x1F600;", 0));
    CHECK(starts_entity("&#1234567;", 0));
    CHECK(starts_entity("&" + std::string(50, 'a') + ";", 0));
    CHECK_FALSE(starts_entity("AT&T", 2));
    CHECK_FALSE(starts_entity("&;", 0));
    CHECK_FALSE(starts_entity("& amp;", 0));
    CHECK_FALSE(starts_entity("&amp", 0));
    // Not all references, but escaped all the same: cmark-gfm decodes "&#12345678;".
    CHECK(starts_entity("&#12345678;", 0));
    CHECK(starts_entity("&#abc;", 0));
    CHECK(starts_entity("&a#b;", 0));
    CHECK(starts_entity("&#;", 0));
}
