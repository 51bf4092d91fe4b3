#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "incident/render.hpp"
#include "incident/report.hpp"

namespace incident::render {
namespace {

std::string json_time(const std::optional<Instant>& t) {
    return t ? json_string(format_iso_utc(*t)) : "null";
}

std::string components_json(const std::vector<Component>& components) {
    std::string out = "[";
    for (std::size_t i = 0; i < components.size(); ++i) {
        const auto& c = components[i];
        out += fmt::format("{}{{\"code\":{},\"name\":{},\"group\":{}}}", i ? "," : "",
                           json_string(to_string(c)), json_string(c.name),
                           c.group.empty() ? "null" : json_string(c.group));
    }
    return out + "]";
}

// Statuspage's affected_components: each status change the update recorded, then each
// component it first named without a status (code, name and group only).
std::string affected_json(const Update& u) {
    std::string out = "[";
    bool first = true;
    for (const auto& c : u.changes) {
        out += fmt::format(
            "{}{{\"code\":{},\"name\":{},\"group\":{},\"old_status\":\"{}\",\"new_status\":\"{}\"}}",
            first ? "" : ",", json_string(c.code.value_or(to_string(c.component))),
            json_string(c.component.name),
            c.component.group.empty() ? "null" : json_string(c.component.group),
            to_string(c.old_status), to_string(c.new_status));
        first = false;
    }
    for (const auto& c : u.components) {
        const bool changed = std::any_of(u.changes.begin(), u.changes.end(),
                                         [&](const ComponentChange& x) { return x.component == c; });
        if (changed) continue;
        out += fmt::format("{}{{\"code\":{},\"name\":{},\"group\":{}}}", first ? "" : ",",
                           json_string(to_string(c)), json_string(c.name),
                           c.group.empty() ? "null" : json_string(c.group));
        first = false;
    }
    return out + "]";
}

// Statuspage shows a resolved incident with a published postmortem as "postmortem".
std::string_view status_json(const Incident& inc) {
    if (inc.postmortem && inc.status == Status::resolved) return "postmortem";
    return to_string(inc.status);
}

}  // namespace

std::string json_string(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            // Safe to embed in <script> or HTML: no tag or entity can start.
            case '<': out += "\\u003c"; break;
            case '>': out += "\\u003e"; break;
            case '&': out += "\\u0026"; break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    out += fmt::format("\\u{:04x}", c);
                } else if (c == 0xE2 && i + 2 < text.size() &&
                           static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                           (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                            static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
                    // U+2028/U+2029 end lines in JavaScript.
                    out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
                    i += 2;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
    return out;
}

std::string update_json(const Update& u, const Incident& inc) {
    return fmt::format(
        "{{\"id\":{},\"status\":{},\"body\":{},\"incident_id\":{},\"created_at\":{},"
        "\"updated_at\":{},\"display_at\":{},\"affected_components\":{},\"author\":{}{}}}",
        u.id, json_string(to_string(u.status)), json_string(u.body), inc.id,
        json_time(u.recorded_at), json_time(u.edited_at.value_or(u.recorded_at)),
        json_time(u.posted_at), affected_json(u), u.author ? json_string(*u.author) : "null",
        u.internal ? ",\"internal\":true" : "");
}

namespace {

std::string optional_json(const std::optional<std::string>& text) {
    return text ? json_string(*text) : "null";
}

// The incidents a postmortem regards and whose it is; nothing when it regards its own alone.
std::string regarding_json(const Postmortem& pm) {
    if (pm.regarding.empty()) return {};
    std::string out =
        fmt::format(",\"postmortem_incident_id\":{},\"postmortem_regarding\":[", pm.incident_id);
    for (std::size_t i = 0; i < pm.regarding.size(); ++i) {
        const auto& r = pm.regarding[i];
        out += fmt::format("{}{{\"id\":{},\"name\":{},\"started_at\":{}}}", i ? "," : "", r.id,
                           json_string(r.title), json_time(r.started));
    }
    return out + "]";
}

std::string actions_json(const std::vector<Action>& actions) {
    if (actions.empty()) return {};
    std::string out = ",\"actions\":[";
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const auto& a = actions[i];
        out += fmt::format(
            "{}{{\"id\":{},\"incident_id\":{},\"text\":{},\"owner\":{},\"due\":{},\"link\":{},"
            "\"state\":\"{}\",\"created_at\":{},\"done_at\":{}}}",
            i ? "," : "", a.id, a.incident_id, json_string(a.text), optional_json(a.owner),
            a.due ? json_string(format_day(*a.due)) : "null", optional_json(a.link),
            a.done_at ? "done" : "open", json_time(a.created_at), json_time(a.done_at));
    }
    return out + "]";
}

// What only an internal report carries: the milestones and the roles.
std::string internal_json(const Incident& inc) {
    std::string out = fmt::format(",\"detected_at\":{},\"acknowledged_at\":{},\"mitigated_at\":{}",
                                  json_time(inc.detected_at), json_time(inc.acknowledged_at),
                                  json_time(inc.mitigated_at));
    out += ",\"roles\":[";
    for (std::size_t i = 0; i < inc.roles.size(); ++i) {
        const auto& r = inc.roles[i];
        out += fmt::format("{}{{\"role\":{},\"name\":{},\"assigned_at\":{},\"assigned_by\":{}}}",
                           i ? "," : "", json_string(r.role), json_string(r.name),
                           json_time(r.assigned_at), json_string(r.assigned_by));
    }
    return out + "]";
}

}  // namespace

std::string incident_json(const Incident& inc, const std::vector<Update>* updates, bool internal) {
    std::optional<Instant> monitoring_at = inc.monitoring_at;
    std::string updates_json;
    if (updates != nullptr) {
        updates_json = ",\"incident_updates\":[";
        bool first = true;
        for (const auto& [u, label] : newest_first(*updates)) {
            updates_json += (first ? "" : ",") + update_json(*u, inc);
            first = false;
        }
        updates_json += "]";
        monitoring_at.reset();
        for (const auto& u : *updates) {
            if (u.status == Status::monitoring && !monitoring_at) monitoring_at = u.posted_at;
        }
    }
    const std::optional<Instant> pm_at =
        inc.postmortem ? std::optional<Instant>(inc.postmortem->posted_at) : std::nullopt;
    const bool maintenance = inc.kind == Kind::maintenance;
    const auto window =
        maintenance ? fmt::format(",\"scheduled_for\":{},\"scheduled_until\":{}",
                                  json_time(inc.scheduled_for), json_time(inc.scheduled_until))
                    : std::string();
    return fmt::format(
        "{{\"id\":{},\"name\":{},\"status\":{},\"impact\":{},\"created_at\":{},\"updated_at\":{},"
        "\"monitoring_at\":{},\"resolved_at\":{},\"started_at\":{},\"shortlink\":{}{},"
        "\"components\":{},\"postmortem_body\":{},\"postmortem_published_at\":{}{}{}{}{}}}",
        inc.id, json_string(inc.title), json_string(status_json(inc)),
        json_string(maintenance && !inc.impact_given ? std::string_view("maintenance")
                                                     : to_string(inc.impact)),
        json_time(inc.created_at), json_time(inc.updated_at), json_time(monitoring_at),
        json_time(inc.resolved_at), json_time(inc.started_at.value_or(inc.created_at)),
        inc.shortlink ? json_string(*inc.shortlink) : "null", window,
        components_json(inc.components),
        inc.postmortem ? json_string(inc.postmortem->body) : "null", json_time(pm_at),
        inc.postmortem ? regarding_json(*inc.postmortem) : std::string(), actions_json(inc.actions),
        internal ? internal_json(inc) : std::string(), updates_json);
}

namespace {

// {"page":{...},"incidents":[...],"components":[...]}, one incident per line. Components
// are collected while streaming (a journal has few) and listed at the end, groups first as
// Statuspage does: a group is a component with "group":true and its members' ids.
class JsonWriter final : public ReportWriter {
public:
    explicit JsonWriter(ReportContext context) : context_(std::move(context)) {}

    void begin(std::ostream& out) override {
        out << "{\"page\":{";
        if (!context_.page_id.empty()) out << "\"id\":" << json_string(context_.page_id) << ",";
        out << "\"name\":" << (context_.page_name.empty() ? "null" : json_string(context_.page_name));
        if (!context_.page_url.empty()) out << ",\"url\":" << json_string(context_.page_url);
        out << ",\"time_zone\":" << json_string(context_.zone.name())
            << ",\"updated_at\":" << json_string(
                   format_iso_utc(context_.last_change.value_or(context_.generated_at)))
            << "},\n\"incidents\":[";
    }

    void incident(std::ostream& out, const Incident& incident,
                  const std::vector<Update>& updates) override {
        // Statuspage's incidents.json lists maintenances among the incidents; they are
        // listed again after them under their own key, as scheduled-maintenances.json does.
        auto text = incident_json(incident, &updates, context_.internal);
        out << (count_++ == 0 ? "\n" : ",\n") << text;
        if (incident.kind == Kind::maintenance) maintenances_.push_back(std::move(text));
        for (const auto& c : incident.components) {
            if (std::find(components_.begin(), components_.end(), c) == components_.end()) {
                components_.push_back(c);
            }
        }
    }

    void end(std::ostream& out) override {
        out << (count_ == 0 ? "" : "\n") << "],\n";
        if (!maintenances_.empty()) {
            out << "\"scheduled_maintenances\":[";
            for (std::size_t i = 0; i < maintenances_.size(); ++i) {
                out << (i == 0 ? "\n" : ",\n") << maintenances_[i];
            }
            out << "\n],\n";
        }
        out << "\"components\":[";
        std::vector<std::string> groups;
        for (const auto& c : components_) {
            if (!c.group.empty() && std::find(groups.begin(), groups.end(), c.group) == groups.end()) {
                groups.push_back(c.group);
            }
        }
        bool first = true;
        for (const auto& g : groups) {
            std::string members;
            for (const auto& c : components_) {
                if (c.group == g) members += (members.empty() ? "" : ",") + json_string(to_string(c));
            }
            out << (first ? "\n" : ",\n")
                << fmt::format("{{\"id\":{},\"name\":{},\"group\":true,\"group_id\":null,"
                               "\"components\":[{}]}}",
                               json_string(g + "/"), json_string(g), members);
            first = false;
        }
        for (const auto& c : components_) {
            out << (first ? "\n" : ",\n")
                << fmt::format("{{\"id\":{},\"name\":{},\"group\":false,\"group_id\":{}}}",
                               json_string(to_string(c)), json_string(c.name),
                               c.group.empty() ? "null" : json_string(c.group + "/"));
            first = false;
        }
        out << (first ? "" : "\n") << "]}\n";
    }

private:
    ReportContext context_;
    std::size_t count_ = 0;
    std::vector<Component> components_;
    std::vector<std::string> maintenances_;
};

}  // namespace

std::unique_ptr<ReportWriter> json_writer(const ReportContext& context) {
    return std::make_unique<JsonWriter>(context);
}

}  // namespace incident::render
