#pragma once
// Text checks and transformations shared by the CLI and the renderers.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace incident {

// Where `text` is not valid UTF-8, the byte offset of the first bad sequence.
std::optional<std::size_t> invalid_utf8_offset(std::string_view text) noexcept;

// The longest title, component name, author or other one-line name, in bytes.
inline constexpr std::size_t max_name_bytes = 1024;
// The longest update or postmortem body, in bytes.
inline constexpr std::size_t max_body_bytes = 16 * 1024 * 1024;

// Checks user text bound for the journal: valid UTF-8, no NUL bytes, at most
// `max_bytes` long. Returns an error message, or nullopt when the text is acceptable.
std::optional<std::string> check_user_text(std::string_view what, std::string_view text,
                                           std::size_t max_bytes);

// Trims ASCII white space at both ends.
std::string_view trim(std::string_view text) noexcept;
// Removes trailing white space and newlines only (keeps a body's leading indentation).
std::string_view trim_end(std::string_view text) noexcept;

// Makes control characters and invalid UTF-8 visible for a terminal: ESC becomes "^[",
// DEL "^?", C1 controls "<U+009B>", bad bytes "\xFF". With keep_newlines, '\n' and '\t' pass.
std::string visible(std::string_view text, bool keep_newlines = false);

// Number of terminal columns the (already visible) UTF-8 text takes: East Asian wide
// characters and emoji two, combining marks and zero-width characters none (utf8proc).
std::size_t display_width(std::string_view text) noexcept;
// Unicode case folding with NFC composition (utf8proc), for comparing names regardless of
// case: "DATABÄS" and "databäs" fold alike. Invalid UTF-8 comes back unchanged.
std::string fold_case(std::string_view text);
// Columns of the code point encoded at the start of `text`, and its length in bytes.
struct Glyph {
    std::size_t width;
    std::size_t bytes;
};
Glyph first_glyph(std::string_view text) noexcept;

// The candidate that `word` most likely misspells, for a "did you mean" hint: the nearest by
// Damerau-Levenshtein distance ignoring ASCII case, if it is at most 1 for words of up to 4
// letters, 2 up to 8 and 3 beyond (farther than that a suggestion is noise). Ties go to the
// earlier candidate. Words under three characters get no suggestion.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);
// "; did you mean \"open\"?" for closest_match's answer, or "" when there is none.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace incident
