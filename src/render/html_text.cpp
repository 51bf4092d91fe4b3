// HTML escaping of user text, and body_html from the parsed body tree (render/body.hpp).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "incident/report.hpp"
#include "render/body.hpp"
#include "render/html_text.hpp"

namespace incident::render {
namespace html {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at text[i] and its code point, or 0 when invalid.
std::size_t decode_utf8(std::string_view text, std::size_t i, std::uint32_t& code) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b0 = byte(i);
    std::size_t length = 0;
    std::uint32_t min = 0;
    if (b0 < 0x80) {
        code = b0;
        return 1;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2, code = b0 & 0x1Fu, min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3, code = b0 & 0x0Fu, min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4, code = b0 & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (text.size() - i < length) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        const unsigned char b = byte(i + k);
        if ((b & 0xC0u) != 0x80u) return 0;
        code = (code << 6) | (b & 0x3Fu);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return length;
}

bool is_noncharacter_or_control(std::uint32_t code) noexcept {
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
            if (r < ' ' || r > '~' || r == '&' || r == '<' || r == '>' || r == '"' || r == '\'') break;
            ++run;
        }
        if (run > i) {
            out.append(text.substr(i, run - i));
            i = run;
            continue;
        }
        const char c = text[i];
        switch (c) {
        case '&': out += "&amp;"; ++i; continue;
        case '<': out += "&lt;"; ++i; continue;
        case '>': out += "&gt;"; ++i; continue;
        case '"': out += "&quot;"; ++i; continue;
        case '\'': out += "&#39;"; ++i; continue;
        default: break;
        }
        std::uint32_t code = 0;
        const std::size_t length = decode_utf8(text, i, code);
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
