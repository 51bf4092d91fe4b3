#pragma once
// The text `incident postmortem` puts in the editor, and how it is read back.
// Lines starting with ";;" are instructions and are removed; ";;" starts no Markdown
// construct, so a postmortem's own "#" headings are kept.
#include <string>
#include <string_view>
#include <vector>

#include "incident/model.hpp"
#include "incident/time.hpp"

namespace incident::render {

inline constexpr std::string_view editor_comment = ";;";

// One incident the postmortem is about, with its updates (chronological).
struct TimelineSource {
    const Incident& incident;
    const std::vector<Update>& updates;
};

// The editor file: instructions, then the current postmortem or, without one, a template
// with the sample's sections, a timeline prefilled from the public updates and milestones of
// `sources` (the incident itself and those it covers, merged in time order; each line names
// its incident when there are several) and action items from `actions`.
std::string postmortem_editor_text(const Incident& incident,
                                   const std::vector<TimelineSource>& sources,
                                   const std::vector<Action>& actions, const Zone& zone);
// The same for the incident alone, without actions.
std::string postmortem_editor_text(const Incident& incident, const std::vector<Update>& updates,
                                   const Zone& zone);

// The text without instruction lines, trailing white space trimmed (empty: abort).
std::string strip_editor_comments(std::string_view text);

// The edited template without what was left untouched: empty list items ("- ") and
// headings with nothing under them before the next heading.
std::string drop_untouched_template(std::string_view text);

}  // namespace incident::render
