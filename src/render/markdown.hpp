#pragma once
// Markdown escaping for reports, shared by the Markdown writer and its tests.
//
// Titles and names are escaped whole; bodies are rendered from their parsed tree
// (render/body.hpp), so they keep their structure and lose raw HTML and unsafe links.
#include <string>
#include <string_view>

namespace incident::render::markdown {

// One line of plain text inside a sentence or heading (titles, names): everything that
// could be Markdown is escaped; newlines and control characters are made visible.
std::string inline_text(std::string_view text);

// A body (update or postmortem) as a Markdown block; its headings start at `min_heading`.
std::string body(std::string_view text, int min_heading);

}  // namespace incident::render::markdown
