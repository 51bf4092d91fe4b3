#include "incident/history.hpp"

#include <fmt/format.h>

#include "incident/json_writer.hpp"
#include "incident/text.hpp"

namespace incident::render {
namespace {

std::string count_of_versions(std::size_t n) {
    return fmt::format("{} version{}", n, n == 1 ? "" : "s");
}

}  // namespace

std::string history_text(const std::vector<UpdateVersion>& versions,
                         const std::vector<Postmortem>& postmortems, const Zone& zone,
                         const TerminalStyle& style) {
    const auto bold = [&](const std::string& text) {
        return style.color ? fmt::format("\033[1m{}\033[0m", text) : text;
    };
    std::string out = "\n" + bold("History") + "\n";
    if (versions.empty() && postmortems.size() < 2) {
        out += "    No update or postmortem has been amended.\n";
        return out;
    }
    for (std::size_t i = 0; i < versions.size();) {
        const auto id = versions[i].update_id;
        std::size_t n = 0;
        while (i + n < versions.size() && versions[i + n].update_id == id) ++n;
        out += fmt::format("\nUpdate {} ({}, oldest first)\n", id, count_of_versions(n));
        for (std::size_t k = 0; k < n; ++k) {
            const auto& v = versions[i + k];
            out += fmt::format("    v{}{}  Posted {}; written {} by {}\n", k + 1,
                               v.current ? " (current)" : "", format_posted(v.posted_at, zone),
                               format_local(v.written_at, zone), visible(v.written_by));
            out += indented_visible(v.body, "        ");
        }
        i += n;
    }
    if (postmortems.size() >= 2) {
        out += fmt::format("\nPostmortem ({}, oldest first)\n", count_of_versions(postmortems.size()));
        for (std::size_t k = 0; k < postmortems.size(); ++k) {
            out += fmt::format("    v{}{}  Posted {}\n", k + 1,
                               k + 1 == postmortems.size() ? " (current)" : "",
                               format_posted(postmortems[k].posted_at, zone));
            out += indented_visible(postmortems[k].body, "        ");
        }
    }
    return out;
}

std::string edits_text(const std::vector<IncidentEdit>& edits, const Zone& zone) {
    if (edits.empty()) return {};
    std::string out = fmt::format("\nIncident edits ({}, oldest first)\n", edits.size());
    for (const auto& e : edits) {
        std::string what;
        if (e.field == "component") {
            what = fmt::format("removed component \"{}\"", visible(e.old_value));
        } else {
            what = fmt::format("{} \"{}\" -> \"{}\"", e.field, visible(e.old_value),
                               visible(e.new_value.value_or("")));
        }
        out += fmt::format("    {} by {}: {}\n", format_local(e.edited_at, zone),
                           visible(e.edited_by), what);
    }
    return out;
}

void write_history_json(json::Writer& w, const std::vector<UpdateVersion>& versions,
                        const std::vector<Postmortem>& postmortems,
                        const std::vector<IncidentEdit>& edits) {
    w.begin_object().key("update_versions").begin_array();
    for (const auto& v : versions) {
        w.begin_object()
            .member("update_id", v.update_id)
            .member("body", v.body)
            .member("display_at", format_iso_utc(v.posted_at))
            .member("written_at", format_iso_utc(v.written_at))
            .member("written_by", v.written_by)
            .member("current", v.current)
            .end();
    }
    w.end().key("postmortem_versions").begin_array();
    for (std::size_t i = 0; i < postmortems.size(); ++i) {
        w.begin_object()
            .member("body", postmortems[i].body)
            .member("published_at", format_iso_utc(postmortems[i].posted_at))
            .member("current", i + 1 == postmortems.size())
            .end();
    }
    w.end().key("incident_edits").begin_array();
    for (const auto& e : edits) {
        w.begin_object()
            .member("field", e.field)
            .member("old_value", e.old_value)
            .member("new_value", e.new_value)
            .member("edited_at", format_iso_utc(e.edited_at))
            .member("edited_by", e.edited_by)
            .end();
    }
    w.end().end();
}

}  // namespace incident::render
