#pragma once
// The one place JSON text is written: json::Writer owns structure (commas, colons, nesting)
// and escaping, so no caller places a comma or a quote by hand.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace incident::json {

// Appends `text` as a JSON string, quotes included. Escapes what could also break HTML or
// JavaScript embedding (<, >, &, U+2028, U+2029); invalid UTF-8 becomes U+FFFD, so the
// output is valid JSON whatever the bytes.
void append_string(std::string& out, std::string_view text);

// Appends to a string the caller owns (and may flush and clear between calls). Misuse, such
// as a value where a key is due or an end() too many, throws std::logic_error.
class Writer {
  public:
    explicit Writer(std::string& out) : out_(out) {}

    Writer& begin_object();
    Writer& begin_array();
    Writer& end();  // closes the innermost object or array
    Writer& key(std::string_view name);

    Writer& value(std::string_view text);
    Writer& value(const char* text) { return value(std::string_view(text)); }
    Writer& value(const std::string& text) { return value(std::string_view(text)); }
    Writer& value(std::int64_t number);
    Writer& value(std::uint64_t number);
    Writer& value(int number) { return value(static_cast<std::int64_t>(number)); }
    Writer& value(double number);  // shortest form that reads back the same; not finite: null
    Writer& value(bool flag);
    Writer& value(std::nullptr_t);
    template <class T>
    Writer& value(const std::optional<T>& v) {
        return v ? value(*v) : value(nullptr);
    }
    // One complete value another Writer wrote (e.g. kept and reused): inserted as it is.
    Writer& json_value(std::string_view json);
    template <class T>
    Writer& member(std::string_view name, const T& v) {
        key(name);
        return value(v);
    }

    // The next element or member, or the closing bracket, starts on a new line.
    Writer& line();
    // Whether one complete value has been written.
    bool complete() const noexcept { return stack_.empty() && wrote_top_; }

  private:
    void before_value();
    void before_close();

    struct Frame {
        bool object;
        bool empty = true;
        bool key_written = false;
    };
    std::string& out_;
    std::vector<Frame> stack_;
    bool wrote_top_ = false;
    bool line_ = false;
};

}  // namespace incident::json
