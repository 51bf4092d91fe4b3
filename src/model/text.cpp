#include "incident/text.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "incident/utf8.hpp"

namespace incident {
namespace {

bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

Utf8Char decode_utf8(std::string_view text, std::size_t i) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) return {b0, 1};
    std::size_t len = 0;
    char32_t code = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2, code = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3, code = b0 & 0x0Fu;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4, code = b0 & 0x07u;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return {0, 0};
    }
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    if (i + len > text.size()) return {0, 0};
    if (byte(i + 1) < lo || byte(i + 1) > hi) return {0, 0};
    for (std::size_t k = 1; k < len; ++k) {
        const unsigned char b = byte(i + k);
        if (b < 0x80 || b > 0xBF) return {0, 0};
        code = (code << 6) | (b & 0x3Fu);
    }
    return {code, len};
}

void append_utf8(std::string& out, char32_t code) {
    if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) code = 0xFFFD;
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

bool starts_entity(std::string_view text, std::size_t i) noexcept {
    std::size_t j = i + 1;
    while (j < text.size() &&
           ((text[j] >= 'a' && text[j] <= 'z') || (text[j] >= 'A' && text[j] <= 'Z') ||
            (text[j] >= '0' && text[j] <= '9') || text[j] == '#')) {
        ++j;
    }
    return j > i + 1 && j < text.size() && text[j] == ';';
}

std::optional<std::size_t> invalid_utf8_offset(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size();) {
        // Eight ASCII bytes at a time: most text is ASCII.
        if (ascii8(text, i)) {
            i += 8;
            continue;
        }
        const auto len = decode_utf8(text, i).bytes;
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
        const auto len = decode_utf8(text, i).bytes;
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

namespace {

char fold(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
// neighbours each cost one ("opne" is one edit from "open").
std::size_t edit_distance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::size_t> d((n + 1) * (m + 1));
    const auto at = [&](std::size_t i, std::size_t j) -> std::size_t& {
        return d[i * (m + 1) + j];
    };
    for (std::size_t i = 0; i <= n; ++i) at(i, 0) = i;
    for (std::size_t j = 0; j <= m; ++j) at(0, j) = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
            at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
                fold(a[i - 2]) == fold(b[j - 1])) {
                at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
            }
        }
    }
    return at(n, m);
}

}  // namespace

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
    // One or two letters ("-x") are too short for any guess to mean something.
    if (word.size() < 3) return std::nullopt;
    const std::size_t limit = word.size() <= 4 ? 1 : word.size() <= 8 ? 2 : 3;
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (const auto& candidate : candidates) {
        // Lengths further apart than the limit cannot be within it; skip the table.
        const auto gap = candidate.size() > word.size() ? candidate.size() - word.size()
                                                        : word.size() - candidate.size();
        if (gap > limit || candidate == word) continue;
        const auto distance = edit_distance(word, candidate);
        if (distance < best_distance) {
            best_distance = distance;
            best = candidate;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    const auto match = closest_match(word, candidates);
    return match ? fmt::format("; did you mean \"{}\"?", *match) : std::string();
}

}  // namespace incident
