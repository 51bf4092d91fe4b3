#include "incident/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace incident {
namespace {

// Length of the UTF-8 sequence starting at text[i], or 0 if it is not well-formed
// (overlongs, surrogates and code points above U+10FFFF are rejected).
std::size_t utf8_sequence(std::string_view text, std::size_t i) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) return 1;
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + len > text.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < len; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    }
    return len;
}

bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::optional<std::size_t> invalid_utf8_offset(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size();) {
        const auto len = utf8_sequence(text, i);
        if (len == 0) return i;
        i += len;
    }
    return std::nullopt;
}

std::optional<std::string> check_user_text(std::string_view what, std::string_view text,
                                           std::size_t max_bytes) {
    if (text.size() > max_bytes) {
        return fmt::format("{} is too long ({} bytes; the limit is {})", what, text.size(),
                           max_bytes);
    }
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        return fmt::format("{} contains a NUL byte at offset {}", what, nul);
    }
    if (const auto bad = invalid_utf8_offset(text)) {
        return fmt::format("{} is not valid UTF-8 (byte 0x{:02X} at offset {})", what,
                           static_cast<unsigned char>(text[*bad]), *bad);
    }
    return std::nullopt;
}

std::string_view trim(std::string_view text) noexcept {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    return trim_end(text);
}

std::string_view trim_end(std::string_view text) noexcept {
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

std::string visible(std::string_view text, bool keep_newlines) {
    // Most text is printable ASCII and comes back unchanged: one pass, one copy.
    const auto plain = [keep_newlines](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return (c >= 0x20 && c < 0x7F) || (keep_newlines && (c == '\n' || c == '\t'));
    };
    if (std::all_of(text.begin(), text.end(), plain)) return std::string(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const auto len = utf8_sequence(text, i);
        if (len == 0) {
            out += fmt::format("\\x{:02X}", c);
            ++i;
            continue;
        }
        if (len == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
            // C1 controls (U+0080..U+009F): CSI and friends act like ESC on many terminals.
            out += fmt::format("<U+{:04X}>", static_cast<unsigned char>(text[i + 1]));
        } else if (len == 1 && (c < 0x20 || c == 0x7F)) {
            if (keep_newlines && (c == '\n' || c == '\t')) {
                out += static_cast<char>(c);
            } else if (c == 0x7F) {
                out += "^?";
            } else {
                out += '^';
                out += static_cast<char>(c + 0x40);
            }
        } else {
            out.append(text.substr(i, len));
        }
        i += len;
    }
    return out;
}

std::size_t display_width(std::string_view text) noexcept {
    std::size_t width = 0;
    for (const char ch : text) {
        if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++width;
    }
    return width;
}

}  // namespace incident
