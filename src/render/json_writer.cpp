#include "incident/json_writer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "incident/utf8.hpp"

namespace incident::json {

void append_string(std::string& out, std::string_view text) {
    out += '"';
    std::size_t plain = 0;  // start of the run copied as it is
    const auto flush = [&](std::size_t i) { out.append(text.data() + plain, i - plain); };
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            const auto ch = decode_utf8(text, i);
            if (ch.bytes == 0) {
                flush(i);
                out += "\\ufffd";
                plain = ++i;
            } else if (ch.code == 0x2028 || ch.code == 0x2029) {  // line ends in JavaScript
                flush(i);
                out += ch.code == 0x2028 ? "\\u2028" : "\\u2029";
                plain = i += ch.bytes;
            } else {
                i += ch.bytes;
            }
            continue;
        }
        const char* escape = nullptr;
        switch (c) {
            case '"':
                escape = "\\\"";
                break;
            case '\\':
                escape = "\\\\";
                break;
            case '\n':
                escape = "\\n";
                break;
            case '\r':
                escape = "\\r";
                break;
            case '\t':
                escape = "\\t";
                break;
            case '\b':
                escape = "\\b";
                break;
            case '\f':
                escape = "\\f";
                break;
            // Safe inside <script> or HTML too: no tag or character reference can start.
            case '<':
                escape = "\\u003c";
                break;
            case '>':
                escape = "\\u003e";
                break;
            case '&':
                escape = "\\u0026";
                break;
            default:
                break;
        }
        if (escape == nullptr && c >= 0x20 && c != 0x7F) {
            ++i;
            continue;
        }
        flush(i);
        if (escape != nullptr) {
            out += escape;
        } else {
            out += fmt::format("\\u{:04x}", c);
        }
        plain = ++i;
    }
    flush(text.size());
    out += '"';
}

void Writer::before_value() {
    if (stack_.empty()) {
        if (wrote_top_) throw std::logic_error("json::Writer: a second top-level value");
        wrote_top_ = true;
        return;
    }
    auto& top = stack_.back();
    if (top.object) {
        if (!top.key_written) throw std::logic_error("json::Writer: a value where a key is due");
        top.key_written = false;
        return;
    }
    if (!top.empty) out_ += ',';
    top.empty = false;
    if (line_) out_ += '\n';
    line_ = false;
}

void Writer::before_close() {
    if (stack_.empty()) throw std::logic_error("json::Writer: end() without an open value");
    if (stack_.back().key_written) throw std::logic_error("json::Writer: a key without a value");
    if (line_) out_ += '\n';
    line_ = false;
}

Writer& Writer::key(std::string_view name) {
    if (stack_.empty() || !stack_.back().object || stack_.back().key_written) {
        throw std::logic_error("json::Writer: a key outside an object");
    }
    auto& top = stack_.back();
    if (!top.empty) out_ += ',';
    top.empty = false;
    if (line_) out_ += '\n';
    line_ = false;
    append_string(out_, name);
    out_ += ':';
    top.key_written = true;
    return *this;
}

Writer& Writer::begin_object() {
    before_value();
    out_ += '{';
    stack_.push_back({true});
    return *this;
}

Writer& Writer::begin_array() {
    before_value();
    out_ += '[';
    stack_.push_back({false});
    return *this;
}

Writer& Writer::end() {
    before_close();
    out_ += stack_.back().object ? '}' : ']';
    stack_.pop_back();
    return *this;
}

Writer& Writer::value(std::string_view text) {
    before_value();
    append_string(out_, text);
    return *this;
}

Writer& Writer::value(std::int64_t number) {
    before_value();
    fmt::format_to(std::back_inserter(out_), "{}", number);
    return *this;
}

Writer& Writer::value(std::uint64_t number) {
    before_value();
    fmt::format_to(std::back_inserter(out_), "{}", number);
    return *this;
}

Writer& Writer::value(double number) {
    if (!std::isfinite(number)) return value(nullptr);
    before_value();
    fmt::format_to(std::back_inserter(out_), "{}", number);
    return *this;
}

Writer& Writer::value(bool flag) {
    before_value();
    out_ += flag ? "true" : "false";
    return *this;
}

Writer& Writer::value(std::nullptr_t) {
    before_value();
    out_ += "null";
    return *this;
}

Writer& Writer::json_value(std::string_view json) {
    before_value();
    out_ += json;
    return *this;
}

Writer& Writer::line() {
    line_ = true;
    return *this;
}

}  // namespace incident::json
