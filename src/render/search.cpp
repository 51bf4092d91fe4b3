#include "incident/search.hpp"

#include <fmt/format.h>

#include "incident/text.hpp"

namespace incident::render {
namespace {

std::string where(const SearchHit& hit) {
    switch (hit.kind) {
        case SearchHit::Kind::title: return "title";
        case SearchHit::Kind::update: return fmt::format("update {}", hit.update_id.value_or(0));
        case SearchHit::Kind::postmortem: return "postmortem";
    }
    return "";
}

}  // namespace

std::string search_snippet(const std::string& snippet, bool color) {
    std::string out, piece;
    const auto flush = [&] {
        for (auto& c : piece) {
            if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        }
        out += visible(piece);
        piece.clear();
    };
    for (const char c : snippet) {
        if (c == search_mark_begin) {
            flush();
            out += color ? "\033[1;33m" : "[";
        } else if (c == search_mark_end) {
            flush();
            out += color ? "\033[0m" : "]";
        } else {
            piece += c;
        }
    }
    flush();
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
        out += fmt::format("    {}: {}\n", where(h), search_snippet(h.snippet, style.color));
    }
    return out;
}

std::string search_json(const std::vector<SearchHit>& hits) {
    std::string out = "[";
    for (std::size_t i = 0; i < hits.size(); ++i) {
        const auto& h = hits[i];
        const char* kind = h.kind == SearchHit::Kind::title    ? "title"
                           : h.kind == SearchHit::Kind::update ? "update"
                                                               : "postmortem";
        out += fmt::format(
            "{}{{\"id\":{},\"name\":{},\"status\":\"{}\",\"impact\":\"{}\",\"created_at\":\"{}\","
            "\"monitoring_at\":{},\"resolved_at\":{},\"score\":{:.6g},\"match\":{{\"kind\":\"{}\",\"update_id\":{}}},"
            "\"snippet\":{}}}",
            i ? "," : "", h.incident.id, json_string(h.incident.title), to_string(h.incident.status),
            to_string(h.incident.impact), format_iso_utc(h.incident.created_at),
            h.incident.monitoring_at ? json_string(format_iso_utc(*h.incident.monitoring_at))
                                     : "null",
            h.incident.resolved_at ? json_string(format_iso_utc(*h.incident.resolved_at)) : "null",
            h.score, kind,
            h.update_id ? std::to_string(*h.update_id) : "null",
            json_string(search_snippet(h.snippet, false)));
    }
    return out + "]";
}

}  // namespace incident::render
