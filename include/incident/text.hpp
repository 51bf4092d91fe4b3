#pragma once
// Text checks and transformations shared by the CLI and the renderers.
#include <optional>
#include <string>
#include <string_view>

namespace incident {

// Where `text` is not valid UTF-8, the byte offset of the first bad sequence.
std::optional<std::size_t> invalid_utf8_offset(std::string_view text) noexcept;

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

// Number of terminal columns the (already visible) UTF-8 text takes; each code point counts one.
std::size_t display_width(std::string_view text) noexcept;

}  // namespace incident
