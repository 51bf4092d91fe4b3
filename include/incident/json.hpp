#pragma once
// A small strict JSON (RFC 8259) reader: UTF-8 only, no comments, no trailing commas, no
// duplicate keys, no byte order mark, nesting depth limited. Errors name the byte offset.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace incident::json {

class Value {
public:
    enum class Type { null, boolean, number, string, array, object };

    static Value null() { return Value(Type::null); }
    static Value boolean(bool b);
    static Value number(std::string lexeme);
    static Value string(std::string text);
    static Value array(std::vector<Value> items);
    static Value object(std::vector<std::pair<std::string, Value>> members);

    Type type() const noexcept { return type_; }
    bool is(Type t) const noexcept { return type_ == t; }
    bool as_bool() const noexcept { return flag_; }
    // The string's text, or a number's lexeme as written ("1.50e3").
    const std::string& text() const noexcept { return text_; }
    // A number written as an integer that fits in 64 bits.
    std::optional<std::int64_t> as_int() const noexcept;
    const std::vector<Value>& items() const noexcept { return items_; }  // array or object values
    const std::vector<std::string>& keys() const noexcept { return keys_; }  // object keys
    // An object's member, or nullptr.
    const Value* find(std::string_view key) const noexcept;

private:
    explicit Value(Type t) : type_(t) {}
    Type type_;
    bool flag_ = false;
    std::string text_;
    std::vector<Value> items_;
    std::vector<std::string> keys_;
};

// "string", "object", ... for messages.
std::string_view type_name(Value::Type type) noexcept;

struct ParseError {
    std::size_t offset = 0;  // byte offset of the problem
    std::string message;     // "expected ':' after an object key at byte 12 (line 1, column 13)"
};

struct ParseOptions {
    std::size_t max_depth = 64;
};

std::variant<Value, ParseError> parse(std::string_view text, const ParseOptions& options = {});

}  // namespace incident::json
