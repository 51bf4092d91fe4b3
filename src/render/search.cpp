#include "incident/search.hpp"

#include <fmt/format.h>

#include "incident/json_writer.hpp"
#include "incident/text.hpp"

namespace incident::render {
namespace {

std::string where(const SearchHit& hit) {
    switch (hit.kind) {
        case SearchHit::Kind::title:
            return "title";
        case SearchHit::Kind::update:
            return fmt::format("update {}", hit.update_id.value_or(0));
        case SearchHit::Kind::postmortem:
            return "postmortem";
    }
    return "";
}

}  // namespace

std::string search_snippet(const std::string& snippet, const std::vector<TextRange>& matches,
                           bool color) {
    std::string out;
    const auto plain = [&](std::size_t begin, std::size_t end) {
        auto piece = snippet.substr(begin, end - begin);
        for (auto& c : piece) {
            if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        }
        out += visible(piece);
    };
    std::size_t at = 0;
    for (const auto& m : matches) {
        if (m.begin < at || m.end < m.begin || m.end > snippet.size()) continue;
        plain(at, m.begin);
        out += color ? "\033[1;33m" : "[";
        plain(m.begin, m.end);
        out += color ? "\033[0m" : "]";
        at = m.end;
    }
    plain(at, snippet.size());
    return out;
}

std::string search_text(const std::vector<SearchHit>& hits, const Zone& zone,
                        const TerminalStyle& style) {
    std::string out;
    for (std::size_t i = 0; i < hits.size(); ++i) {
        const auto& h = hits[i];
        const auto title = fmt::format("#{} {}", h.incident.id, visible(h.incident.title));
        out += fmt::format("{}{}  ({}, {}, opened {})\n", i ? "\n" : "",
                           style.color ? fmt::format("\033[1m{}\033[0m", title) : title,
                           to_string(h.incident.status), to_string(h.incident.impact),
                           format_local(h.incident.created_at, zone));
        out += fmt::format("    {}: {}\n", where(h),
                           search_snippet(h.snippet, h.matches, style.color));
    }
    return out;
}

std::string search_json(const std::vector<SearchHit>& hits) {
    std::string out;
    json::Writer w(out);
    w.begin_array();
    for (const auto& h : hits) {
        const char* kind = h.kind == SearchHit::Kind::title    ? "title"
                           : h.kind == SearchHit::Kind::update ? "update"
                                                               : "postmortem";
        w.begin_object()
            .member("id", h.incident.id)
            .member("name", h.incident.title)
            .member("status", to_string(h.incident.status))
            .member("impact", to_string(h.incident.impact))
            .member("created_at", format_iso_utc(h.incident.created_at))
            .member("monitoring_at", h.incident.monitoring_at
                                         ? std::optional(format_iso_utc(*h.incident.monitoring_at))
                                         : std::nullopt)
            .member("resolved_at", h.incident.resolved_at
                                       ? std::optional(format_iso_utc(*h.incident.resolved_at))
                                       : std::nullopt)
            // Six significant digits: more would only show the ranking function's rounding.
            .member("score", std::stod(fmt::format("{:.6g}", -h.score)))
            .key("match")
            .begin_object()
            .member("kind", kind)
            .member("update_id", h.update_id)
            .end()
            .member("snippet", search_snippet(h.snippet, h.matches, false))
            .end();
    }
    w.end();
    return out;
}

}  // namespace incident::render
