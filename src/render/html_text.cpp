// HTML escaping of user text, and body_html from the parsed body tree (render/body.hpp).
#include "render/html_text.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "incident/report.hpp"
#include "incident/utf8.hpp"
#include "render/body.hpp"

namespace incident::render {
namespace html {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_noncharacter_or_control(char32_t code) noexcept {
    if (code < 0x20) return code != '\t' && code != '\n' && code != '\r';
    if (code >= 0x7F && code <= 0x9F) return true;
    if (code >= 0xFDD0 && code <= 0xFDEF) return true;
    return (code & 0xFFFEu) == 0xFFFEu;
}

}  // namespace

void append_escaped(std::string& out, std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        // Printable ASCII other than the five specials is copied in runs.
        std::size_t run = i;
        while (run < text.size()) {
            const char r = text[run];
            if (r < ' ' || r > '~' || r == '&' || r == '<' || r == '>' || r == '"' || r == '\'')
                break;
            ++run;
        }
        if (run > i) {
            out.append(text.substr(i, run - i));
            i = run;
            continue;
        }
        const char c = text[i];
        switch (c) {
            case '&':
                out += "&amp;";
                ++i;
                continue;
            case '<':
                out += "&lt;";
                ++i;
                continue;
            case '>':
                out += "&gt;";
                ++i;
                continue;
            case '"':
                out += "&quot;";
                ++i;
                continue;
            case '\'':
                out += "&#39;";
                ++i;
                continue;
            default:
                break;
        }
        const auto [code, length] = decode_utf8(text, i);
        if (length == 0) {
            out += replacement;
            ++i;
        } else {
            if (is_noncharacter_or_control(code)) {
                out += replacement;
            } else {
                out.append(text.substr(i, length));
            }
            i += length;
        }
    }
}

std::string escaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_escaped(out, text);
    return out;
}

}  // namespace html

std::string body_html(std::string_view markdown) {
    return body::html(body::parse(markdown), 3);
}

}  // namespace incident::render
