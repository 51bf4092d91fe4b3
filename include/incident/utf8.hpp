#pragma once
// The one UTF-8 decoder and encoder, and the one rule for which '&' Markdown escapes:
// shared by the text checks, the renderers and the JSON reader. Implemented with the other
// text helpers (src/model/text.cpp); a header of its own so few files depend on it.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace incident {

// The well-formed sequence at text[i]: its code point and length in bytes; bytes 0 when
// there is none (cut off, overlong, a surrogate, past U+10FFFF).
struct Utf8Char {
    char32_t code;
    std::size_t bytes;
};
Utf8Char decode_utf8(std::string_view text, std::size_t i) noexcept;
// Whether the eight bytes from text[i] are all there and all ASCII: scanners of mostly-ASCII
// text pass over such runs at once.
inline bool ascii8(std::string_view text, std::size_t i) noexcept {
    std::uint64_t word = 0;
    if (i + 8 > text.size()) return false;
    std::memcpy(&word, text.data() + i, 8);
    return (word & 0x8080808080808080u) == 0;
}
// Appends `code` encoded; a surrogate or a value past U+10FFFF becomes U+FFFD.
void append_utf8(std::string& out, char32_t code);

// Whether the '&' at text[i] may start a character reference, so that Markdown output escapes
// it: letters, digits and '#' up to a ';'. A superset of what parsers decode (cmark-gfm reads
// "&#12345678;" as U+FFFD): an escape too many costs a backslash, one too few changes the text.
bool starts_entity(std::string_view text, std::size_t i) noexcept;

}  // namespace incident
