#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "incident/json_writer.hpp"
#include "incident/render.hpp"
#include "incident/report.hpp"

namespace incident::render {
namespace {

std::optional<std::string> iso(const std::optional<Instant>& t) {
    return t ? std::optional<std::string>(format_iso_utc(*t)) : std::nullopt;
}

std::optional<std::string_view> group_or_null(const Component& c) {
    return c.group.empty() ? std::nullopt : std::optional<std::string_view>(c.group);
}

void write_component(json::Writer& w, const Component& c, std::string_view code) {
    w.member("code", code).member("name", c.name).member("group", group_or_null(c));
}

const ApiComponent* api_component(const ApiShape* api, const Component& c) {
    if (api == nullptr) return nullptr;
    for (const auto& a : api->components) {
        if (a.component == c) return &a;
    }
    return nullptr;
}

// Statuspage's affected_components: each status change the update recorded, then each
// component it first named without a status (code, name and group only). In the API shape the
// code is the component's id and the name "Group - Component", as Statuspage writes them, and
// only changes are listed.
void write_affected(json::Writer& w, const Update& u, const ApiShape* api) {
    w.begin_array();
    for (const auto& c : u.changes) {
        w.begin_object();
        if (api != nullptr) {
            const auto* known = api_component(api, c.component);
            w.member("code", known ? known->id : to_string(c.component))
                .member("name", c.component.group.empty()
                                    ? c.component.name
                                    : c.component.group + " - " + c.component.name);
        } else {
            write_component(w, c.component, c.code.value_or(to_string(c.component)));
        }
        w.member("old_status", to_string(c.old_status))
            .member("new_status", to_string(c.new_status))
            .end();
    }
    if (api == nullptr) {
        for (const auto& c : u.components) {
            const bool changed =
                std::any_of(u.changes.begin(), u.changes.end(),
                            [&](const ComponentChange& x) { return x.component == c; });
            if (changed) continue;
            w.begin_object();
            write_component(w, c, to_string(c));
            w.end();
        }
    }
    w.end();
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
    json::append_string(out, text);
    return out;
}

void write_update_json(json::Writer& w, const Update& u, const Incident& inc, const ApiShape* api) {
    w.begin_object();
    if (api != nullptr) {
        w.member("id", std::to_string(u.id));
    } else {
        w.member("id", u.id);
    }
    w.member("status", to_string(u.status)).member("body", u.body);
    if (api != nullptr) {
        w.member("incident_id", std::to_string(inc.id));
    } else {
        w.member("incident_id", inc.id);
    }
    w.member("created_at", format_iso_utc(u.recorded_at))
        .member("updated_at", format_iso_utc(u.edited_at.value_or(u.recorded_at)))
        .member("display_at", format_iso_utc(u.posted_at))
        .key("affected_components");
    write_affected(w, u, api);
    if (api != nullptr) {
        w.member("deliver_notifications", true)
            .member("custom_tweet", nullptr)
            .member("tweet_id", nullptr);
    } else {
        w.member("author", u.author);
        if (u.internal) w.member("internal", true);
    }
    w.end();
}

namespace {

// The incidents a postmortem regards and whose it is; nothing when it regards its own alone.
void write_regarding(json::Writer& w, const Postmortem& pm) {
    if (pm.regarding.empty()) return;
    w.member("postmortem_incident_id", pm.incident_id).key("postmortem_regarding").begin_array();
    for (const auto& r : pm.regarding) {
        w.begin_object()
            .member("id", r.id)
            .member("name", r.title)
            .member("started_at", format_iso_utc(r.started))
            .end();
    }
    w.end();
}

// An action's object. With `today` (the `action` command's form), also whether it is overdue
// and who created and finished it.
void write_action(json::Writer& w, const Action& a, const std::chrono::year_month_day* today) {
    w.begin_object()
        .member("id", a.id)
        .member("incident_id", a.incident_id)
        .member("text", a.text)
        .member("owner", a.owner)
        .member("due", a.due ? std::optional<std::string>(format_day(*a.due)) : std::nullopt)
        .member("link", a.link)
        .member("state", a.done_at ? "done" : "open");
    if (today != nullptr) w.member("overdue", is_overdue(a, *today));
    w.member("created_at", format_iso_utc(a.created_at));
    if (today != nullptr) w.member("created_by", a.created_by);
    w.member("done_at", iso(a.done_at));
    if (today != nullptr) w.member("done_by", a.done_by);
    w.end();
}

void write_actions(json::Writer& w, const std::vector<Action>& actions) {
    if (actions.empty()) return;
    w.key("actions").begin_array();
    for (const auto& a : actions) write_action(w, a, nullptr);
    w.end();
}

// What only an internal report carries: the milestones and the roles.
void write_internal(json::Writer& w, const Incident& inc) {
    w.member("detected_at", iso(inc.detected_at))
        .member("acknowledged_at", iso(inc.acknowledged_at))
        .member("mitigated_at", iso(inc.mitigated_at))
        .key("roles")
        .begin_array();
    for (const auto& r : inc.roles) {
        w.begin_object()
            .member("role", r.role)
            .member("name", r.name)
            .member("assigned_at", format_iso_utc(r.assigned_at))
            .member("assigned_by", r.assigned_by)
            .end();
    }
    w.end();
}

}  // namespace

void write_incident_json(json::Writer& w, const Incident& inc, const std::vector<Update>* updates,
                         bool internal, const ApiShape* api) {
    std::optional<Instant> monitoring_at = inc.monitoring_at;
    if (updates != nullptr) {
        monitoring_at.reset();
        for (const auto& u : *updates) {
            if (u.status == Status::monitoring && !monitoring_at) monitoring_at = u.posted_at;
        }
    }
    const bool maintenance = inc.kind == Kind::maintenance;
    const auto impact =
        maintenance && !inc.impact_given ? std::string_view("maintenance") : to_string(inc.impact);
    const auto write_updates = [&] {
        w.key("incident_updates").begin_array();
        for (const auto& [u, label] : newest_first(*updates)) write_update_json(w, *u, inc, api);
        w.end();
    };
    const auto write_window = [&] {
        if (!maintenance) return;
        w.member("scheduled_for", iso(inc.scheduled_for))
            .member("scheduled_until", iso(inc.scheduled_until));
    };
    const auto write_postmortem = [&] {
        w.member("postmortem_body", inc.postmortem
                                        ? std::optional<std::string_view>(inc.postmortem->body)
                                        : std::nullopt)
            .member("postmortem_published_at",
                    inc.postmortem ? iso(inc.postmortem->posted_at) : std::nullopt);
    };
    w.begin_object();
    if (api != nullptr) {
        w.member("id", std::to_string(inc.id))
            .member("name", inc.title)
            .member("status", status_json(inc))
            .member("created_at", format_iso_utc(inc.created_at))
            .member("updated_at", format_iso_utc(inc.updated_at))
            .member("monitoring_at", iso(monitoring_at))
            .member("resolved_at", iso(inc.resolved_at))
            .member("impact", impact)
            .member("shortlink", inc.shortlink
                                     ? *inc.shortlink
                                     : api->incident_url_prefix + std::to_string(inc.id) + ".html")
            .member("started_at", format_iso_utc(inc.started_at.value_or(inc.created_at)))
            .member("page_id", api->page_id);
        if (updates != nullptr) {
            write_updates();
        } else {
            w.key("incident_updates").begin_array().end();
        }
        w.key("components").begin_array();
        for (const auto& c : inc.components) {
            if (const auto* known = api_component(api, c)) w.json_value(known->json);
        }
        w.end();
        write_window();
        write_postmortem();
        w.end();
        return;
    }
    w.member("id", inc.id)
        .member("name", inc.title)
        .member("status", status_json(inc))
        .member("impact", impact)
        .member("created_at", format_iso_utc(inc.created_at))
        .member("updated_at", format_iso_utc(inc.updated_at))
        .member("monitoring_at", iso(monitoring_at))
        .member("resolved_at", iso(inc.resolved_at))
        .member("started_at", format_iso_utc(inc.started_at.value_or(inc.created_at)))
        .member("shortlink", inc.shortlink);
    write_window();
    w.key("components").begin_array();
    for (const auto& c : inc.components) {
        w.begin_object();
        write_component(w, c, to_string(c));
        w.end();
    }
    w.end();
    write_postmortem();
    if (inc.postmortem) write_regarding(w, *inc.postmortem);
    write_actions(w, inc.actions);
    if (internal) write_internal(w, inc);
    if (updates != nullptr) write_updates();
    w.end();
}

std::string update_json(const Update& u, const Incident& inc, const ApiShape* api) {
    std::string out;
    json::Writer w(out);
    write_update_json(w, u, inc, api);
    return out;
}

std::string incident_json(const Incident& inc, const std::vector<Update>* updates, bool internal,
                          const ApiShape* api) {
    std::string out;
    json::Writer w(out);
    write_incident_json(w, inc, updates, internal, api);
    return out;
}

std::string action_json(const Action& a, std::chrono::year_month_day today) {
    std::string out;
    json::Writer w(out);
    write_action(w, a, &today);
    return out;
}

std::string actions_json(const std::vector<Action>& actions, std::chrono::year_month_day today) {
    std::string out;
    json::Writer w(out);
    w.begin_object().key("actions").begin_array();
    for (const auto& a : actions) write_action(w, a, &today);
    w.end().end();
    return out;
}

std::string incidents_json(const std::vector<Incident>& incidents) {
    std::string out;
    json::Writer w(out);
    w.begin_array();
    for (const auto& inc : incidents) write_incident_json(w, inc, nullptr);
    w.end();
    return out;
}

std::string config_json(const std::vector<std::pair<std::string, std::string>>& settings) {
    std::string out;
    json::Writer w(out);
    w.begin_object();
    for (const auto& [key, value] : settings) w.member(key, value);
    w.end();
    return out;
}

namespace {

// {"page":{...},"incidents":[...],"components":[...]}, one incident per line. Components
// are collected while streaming (a journal has few) and listed at the end, groups first as
// Statuspage does: a group is a component with "group":true and its members' ids.
class JsonWriter final : public ReportWriter {
  public:
    explicit JsonWriter(ReportContext context) : context_(std::move(context)) {}

    void begin(std::ostream& out) override {
        w_.begin_object().key("page").begin_object();
        if (!context_.page_id.empty()) w_.member("id", context_.page_id);
        w_.member("name", context_.page_name.empty()
                              ? std::nullopt
                              : std::optional<std::string_view>(context_.page_name));
        if (!context_.page_url.empty()) w_.member("url", context_.page_url);
        w_.member("time_zone", context_.zone.name())
            .member("updated_at",
                    format_iso_utc(context_.last_change.value_or(context_.generated_at)))
            .end()
            .line()
            .key("incidents")
            .begin_array();
        flush(out);
    }

    void incident(std::ostream& out, const Incident& incident,
                  const std::vector<Update>& updates) override {
        // Statuspage's incidents.json lists maintenances among the incidents; they are
        // listed again after them under their own key, as scheduled-maintenances.json does.
        w_.line();
        write_incident_json(w_, incident, &updates, context_.internal);
        ++count_;
        if (incident.kind == Kind::maintenance) {
            maintenances_.push_back({incident, updates});
        }
        for (const auto& c : incident.components) {
            if (std::find(components_.begin(), components_.end(), c) == components_.end()) {
                components_.push_back(c);
            }
        }
        flush(out);
    }

    void end(std::ostream& out) override {
        if (count_ != 0) w_.line();
        w_.end();
        if (!maintenances_.empty()) {
            w_.line().key("scheduled_maintenances").begin_array();
            for (const auto& m : maintenances_) {
                w_.line();
                write_incident_json(w_, m.incident, &m.updates, context_.internal);
            }
            w_.line().end();
        }
        w_.line().key("components").begin_array();
        std::vector<std::string> groups;
        for (const auto& c : components_) {
            if (!c.group.empty() &&
                std::find(groups.begin(), groups.end(), c.group) == groups.end()) {
                groups.push_back(c.group);
            }
        }
        for (const auto& g : groups) {
            w_.line()
                .begin_object()
                .member("id", g + "/")
                .member("name", g)
                .member("group", true)
                .member("group_id", nullptr)
                .key("components")
                .begin_array();
            for (const auto& c : components_) {
                if (c.group == g) w_.value(to_string(c));
            }
            w_.end().end();
        }
        for (const auto& c : components_) {
            w_.line()
                .begin_object()
                .member("id", to_string(c))
                .member("name", c.name)
                .member("group", false)
                .member("group_id",
                        c.group.empty() ? std::nullopt : std::optional<std::string>(c.group + "/"))
                .end();
        }
        if (!components_.empty()) w_.line();
        w_.end().end();
        buf_ += '\n';
        flush(out);
    }

  private:
    void flush(std::ostream& out) {
        out << buf_;
        buf_.clear();
    }

    struct Maintenance {  // a journal has few: kept whole until the end
        Incident incident;
        std::vector<Update> updates;
    };
    ReportContext context_;
    std::string buf_;
    json::Writer w_{buf_};
    std::size_t count_ = 0;
    std::vector<Component> components_;
    std::vector<Maintenance> maintenances_;
};

}  // namespace

std::unique_ptr<ReportWriter> json_writer(const ReportContext& context) {
    return std::make_unique<JsonWriter>(context);
}

}  // namespace incident::render
