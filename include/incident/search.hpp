#pragma once
// `search`: rendering of full-text search hits (ReadStore::search finds them).
#include <string>
#include <vector>

#include "incident/render.hpp"
#include "incident/store.hpp"
#include "incident/time.hpp"

namespace incident::render {

// A snippet from the store as one line: control characters made visible, line breaks as
// spaces, the matched ranges in colour with `color`, else between '[' and ']'.
std::string search_snippet(const std::string& snippet, const std::vector<TextRange>& matches,
                           bool color);

// One hit per paragraph: the incident's id, title, status, impact and opening, then where the
// best match is and its snippet.
std::string search_text(const std::vector<SearchHit>& hits, const Zone& zone,
                        const TerminalStyle& style);
// "score" keeps its published meaning, bm25's: lower is a better match (the store's score,
// higher is better, negated).
std::string search_json(const std::vector<SearchHit>& hits);

}  // namespace incident::render
