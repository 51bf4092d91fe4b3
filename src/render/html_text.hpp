#pragma once
// Escaping shared by the HTML page and the Markdown body renderer.
#include <string>
#include <string_view>

namespace incident::render::html {

// Appends `text` escaped for HTML text and double- or single-quoted attribute values.
// Invalid UTF-8, NUL and other control characters (but tab, newline and carriage return),
// and Unicode noncharacters become U+FFFD, so the output is always well-formed UTF-8 HTML.
void append_escaped(std::string& out, std::string_view text);
std::string escaped(std::string_view text);

}  // namespace incident::render::html
