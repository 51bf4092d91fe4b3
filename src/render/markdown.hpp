#pragma once
// Markdown escaping for reports, shared by the Markdown writer and its tests.
//
// User text is kept as Markdown where that is safe and escaped where it could inject HTML
// or a link: `<` is always escaped (no raw HTML, no autolinks) except in an autolink to
// http(s)/mailto; `[` and `]` are escaped except in an inline link [text](url) whose url is
// http(s) or mailto (no images, no reference definitions); code spans on one line are kept
// when their content has no `<`, `[`, `]` or `|`; other backticks, backslashes and
// character references are escaped. Fenced code opened at column 0 is kept verbatim (its
// content is literal) and closed if the body leaves it open; other fences are escaped.
// Setext underlines are escaped; ATX headings are kept but moved below the report's own
// levels (escaped inside list items and quotes). Emphasis, lists, block quotes and
// paragraphs are kept. Control characters become visible.
#include <string>
#include <string_view>

namespace incident::render::markdown {

// One line of plain text inside a sentence or heading (titles, names): everything that
// could be Markdown is escaped; newlines and control characters are made visible.
std::string inline_text(std::string_view text);

// A body (update or postmortem) as a Markdown block; its headings start at `min_heading`.
std::string body(std::string_view text, int min_heading);

}  // namespace incident::render::markdown
