#include "incident/json.hpp"

#include <fmt/format.h>

#include <charconv>
#include <unordered_set>

#include "incident/text.hpp"

namespace incident::json {

Value Value::boolean(bool b) {
    Value v(Type::boolean);
    v.flag_ = b;
    return v;
}
Value Value::number(std::string lexeme) {
    Value v(Type::number);
    v.text_ = std::move(lexeme);
    return v;
}
Value Value::string(std::string text) {
    Value v(Type::string);
    v.text_ = std::move(text);
    return v;
}
Value Value::array(std::vector<Value> items) {
    Value v(Type::array);
    v.items_ = std::move(items);
    return v;
}
Value Value::object(std::vector<std::pair<std::string, Value>> members) {
    Value v(Type::object);
    for (auto& [key, value] : members) {
        v.keys_.push_back(std::move(key));
        v.items_.push_back(std::move(value));
    }
    return v;
}

std::optional<std::int64_t> Value::as_int() const noexcept {
    if (type_ != Type::number) return std::nullopt;
    std::int64_t out = 0;
    const auto* end = text_.data() + text_.size();
    const auto [ptr, ec] = std::from_chars(text_.data(), end, out);
    if (ec != std::errc{} || ptr != end) return std::nullopt;
    return out;
}

const Value* Value::find(std::string_view key) const noexcept {
    for (std::size_t i = 0; i < keys_.size(); ++i) {
        if (keys_[i] == key) return &items_[i];
    }
    return nullptr;
}

std::string_view type_name(Value::Type type) noexcept {
    switch (type) {
        case Value::Type::null: return "null";
        case Value::Type::boolean: return "boolean";
        case Value::Type::number: return "number";
        case Value::Type::string: return "string";
        case Value::Type::array: return "array";
        case Value::Type::object: return "object";
    }
    return "value";
}

namespace {

struct Failure {
    std::size_t offset;
    std::string what;
};

class Parser {
public:
    Parser(std::string_view text, const ParseOptions& options) : s_(text), options_(options) {}

    Value document() {
        skip_space();
        Value v = value(0);
        skip_space();
        if (i_ < s_.size()) fail("unexpected text after the JSON value");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& what) const { throw Failure{i_, what}; }

    bool at_end() const noexcept { return i_ >= s_.size(); }
    char peek() const noexcept { return at_end() ? '\0' : s_[i_]; }

    void skip_space() noexcept {
        while (!at_end() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
            ++i_;
        }
    }

    std::string describe_here() const {
        if (at_end()) return "the end of the input";
        const auto c = static_cast<unsigned char>(s_[i_]);
        if (c >= 0x20 && c < 0x7F) return fmt::format("'{}'", static_cast<char>(c));
        return fmt::format("byte 0x{:02X}", static_cast<unsigned>(c));
    }

    void expect_literal(std::string_view word) {
        if (s_.substr(i_, word.size()) != word) fail(fmt::format("invalid literal (expected {})", word));
        i_ += word.size();
    }

    Value value(std::size_t depth) {
        switch (peek()) {
            case '{': return object(depth + 1);
            case '[': return array(depth + 1);
            case '"': return Value::string(string());
            case 't': expect_literal("true"); return Value::boolean(true);
            case 'f': expect_literal("false"); return Value::boolean(false);
            case 'n': expect_literal("null"); return Value::null();
            default:
                if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return number();
                fail(fmt::format("expected a value, found {}", describe_here()));
        }
    }

    void enter(std::size_t depth) const {
        if (depth > options_.max_depth) {
            fail(fmt::format("nesting deeper than {} levels", options_.max_depth));
        }
    }

    Value object(std::size_t depth) {
        enter(depth);
        ++i_;
        std::vector<std::pair<std::string, Value>> members;
        std::unordered_set<std::string> seen;
        skip_space();
        if (peek() == '}') {
            ++i_;
            return Value::object(std::move(members));
        }
        for (;;) {
            skip_space();
            if (peek() != '"') fail(fmt::format("expected an object key (a string), found {}", describe_here()));
            const auto key_at = i_;
            auto key = string();
            if (!seen.insert(key).second) {
                i_ = key_at;
                fail(fmt::format("duplicate object key \"{}\"", visible(key)));
            }
            skip_space();
            if (peek() != ':') fail(fmt::format("expected ':' after an object key, found {}", describe_here()));
            ++i_;
            skip_space();
            auto v = value(depth);
            members.emplace_back(std::move(key), std::move(v));
            skip_space();
            if (peek() == ',') {
                ++i_;
                continue;
            }
            if (peek() == '}') {
                ++i_;
                return Value::object(std::move(members));
            }
            fail(fmt::format("expected ',' or '}}' in an object, found {}", describe_here()));
        }
    }

    Value array(std::size_t depth) {
        enter(depth);
        ++i_;
        std::vector<Value> items;
        skip_space();
        if (peek() == ']') {
            ++i_;
            return Value::array(std::move(items));
        }
        for (;;) {
            skip_space();
            items.push_back(value(depth));
            skip_space();
            if (peek() == ',') {
                ++i_;
                continue;
            }
            if (peek() == ']') {
                ++i_;
                return Value::array(std::move(items));
            }
            fail(fmt::format("expected ',' or ']' in an array, found {}", describe_here()));
        }
    }

    Value number() {
        const auto start = i_;
        const auto digits = [&] {
            const auto from = i_;
            while (!at_end() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
            return i_ - from;
        };
        if (peek() == '-') ++i_;
        if (peek() == '0') {
            ++i_;
            if (peek() >= '0' && peek() <= '9') fail("a number cannot have a leading zero");
        } else if (digits() == 0) {
            fail("expected a digit in a number");
        }
        if (peek() == '.') {
            ++i_;
            if (digits() == 0) fail("expected a digit after the decimal point");
        }
        if (peek() == 'e' || peek() == 'E') {
            ++i_;
            if (peek() == '+' || peek() == '-') ++i_;
            if (digits() == 0) fail("expected a digit in the exponent");
        }
        return Value::number(std::string(s_.substr(start, i_ - start)));
    }

    unsigned hex4() {
        unsigned v = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = peek();
            unsigned d = 0;
            if (c >= '0' && c <= '9') {
                d = static_cast<unsigned>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                d = static_cast<unsigned>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                d = static_cast<unsigned>(c - 'A' + 10);
            } else {
                fail("expected four hex digits after \\u");
            }
            v = v * 16 + d;
            ++i_;
        }
        return v;
    }

    static void append_utf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    std::string string() {
        const auto open = i_;
        ++i_;
        std::string out;
        for (;;) {
            if (at_end()) {
                i_ = open;
                fail("unterminated string");
            }
            const auto c = static_cast<unsigned char>(s_[i_]);
            if (c == '"') {
                ++i_;
                return out;
            }
            if (c < 0x20) fail("control character in a string (it must be escaped)");
            if (c != '\\') {
                out += static_cast<char>(c);
                ++i_;
                continue;
            }
            const auto escape_at = i_;
            ++i_;
            const char e = peek();
            ++i_;
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    unsigned cp = hex4();
                    if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        i_ = escape_at;
                        fail("lone low surrogate in a \\u escape");
                    }
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (s_.substr(i_, 2) != "\\u") {
                            i_ = escape_at;
                            fail("high surrogate not followed by a low surrogate");
                        }
                        i_ += 2;
                        const unsigned low = hex4();
                        if (low < 0xDC00 || low > 0xDFFF) {
                            i_ = escape_at;
                            fail("high surrogate not followed by a low surrogate");
                        }
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    append_utf8(out, cp);
                    break;
                }
                default:
                    i_ = escape_at;
                    fail("invalid escape in a string");
            }
        }
    }

    std::string_view s_;
    ParseOptions options_;
    std::size_t i_ = 0;
};

std::string locate(std::string_view text, std::size_t offset) {
    std::size_t line = 1, column = 1;
    for (std::size_t k = 0; k < offset && k < text.size(); ++k) {
        if (text[k] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return fmt::format("at byte {} (line {}, column {})", offset, line, column);
}

}  // namespace

std::variant<Value, ParseError> parse(std::string_view text, const ParseOptions& options) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        return ParseError{0, "byte order mark (not allowed in JSON) " +
                                 locate(text, 0)};
    }
    if (const auto bad = invalid_utf8_offset(text)) {
        return ParseError{*bad, "invalid UTF-8 " + locate(text, *bad)};
    }
    if (trim(text).empty()) return ParseError{text.size(), "the input is empty"};
    try {
        return Parser(text, options).document();
    } catch (const Failure& f) {
        return ParseError{f.offset, f.what + " " + locate(text, f.offset)};
    }
}

}  // namespace incident::json
