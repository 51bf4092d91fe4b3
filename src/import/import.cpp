#include "incident/import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "incident/errors.hpp"
#include "incident/json.hpp"
#include "incident/text.hpp"
#include "incident/time.hpp"

namespace incident {
namespace {

using json::Value;

// The limits `open` and `update` apply to typed text.
constexpr std::size_t max_title_bytes = 1024;
constexpr std::size_t max_body_bytes = 16 * 1024 * 1024;

class Reader {
public:
    explicit Reader(std::string source) : source_(std::move(source)) {}

    [[noreturn]] void fail(const std::string& where, const std::string& what) const {
        throw UsageError(fmt::format("{}: {}{}{}; nothing was imported", source_, where,
                                     where.empty() ? "" : ": ", what));
    }

    const Value& member(const Value& object, const std::string& where, std::string_view key) const {
        const auto* v = object.find(key);
        if (v == nullptr) fail(where, fmt::format("missing \"{}\"", key));
        return *v;
    }

    // A member that may be absent or null.
    const Value* optional(const Value& object, std::string_view key) const {
        const auto* v = object.find(key);
        return v == nullptr || v->is(Value::Type::null) ? nullptr : v;
    }

    const std::string& string(const Value& v, const std::string& where) const {
        if (!v.is(Value::Type::string)) {
            fail(where, fmt::format("expected a string, found {}", json::type_name(v.type())));
        }
        return v.text();
    }

    std::string text(const Value& v, const std::string& where, std::size_t max_bytes) const {
        const auto& t = string(v, where);
        if (auto problem = check_user_text("the text", t, max_bytes)) fail(where, *problem);
        return t;
    }

    // An id: Statuspage's are strings, ours are integers.
    std::string id(const Value& v, const std::string& where) const {
        if (v.is(Value::Type::number) && v.as_int()) return v.text();
        const auto& s = string(v, where);
        if (s.empty()) fail(where, "the id is empty");
        if (auto problem = check_user_text("the id", s, 256)) fail(where, *problem);
        return s;
    }

    Instant time(const Value& v, const std::string& where) const {
        const auto parsed = parse_time(string(v, where), Zone::utc());
        if (const auto* error = std::get_if<std::string>(&parsed)) fail(where, *error);
        return std::get<Instant>(parsed);
    }

    std::vector<Component> components(const Value& v, const std::string& where) const {
        if (!v.is(Value::Type::array)) fail(where, "expected an array of components");
        std::vector<Component> out;
        for (std::size_t i = 0; i < v.items().size(); ++i) {
            const auto here = fmt::format("{}[{}]", where, i);
            const auto& c = v.items()[i];
            if (!c.is(Value::Type::object)) fail(here, "expected a component object");
            Component component;
            component.name = std::string(trim(text(member(c, here, "name"), here + ".name", max_title_bytes)));
            if (component.name.empty()) fail(here + ".name", "the component name is empty");
            if (const auto* g = optional(c, "group")) {
                component.group = std::string(trim(text(*g, here + ".group", max_title_bytes)));
            }
            if (std::find(out.begin(), out.end(), component) == out.end()) out.push_back(component);
        }
        return out;
    }

    ImportedIncident incident(const Value& v, const std::string& where, const std::string& page_id) const {
        if (!v.is(Value::Type::object)) fail(where, "expected an incident object");
        ImportedIncident inc;
        inc.source_id = id(member(v, where, "id"), where + ".id");
        inc.key = page_id.empty() ? "import:" + inc.source_id
                                  : fmt::format("import:{}:{}", page_id, inc.source_id);
        inc.title = std::string(trim(text(member(v, where, "name"), where + ".name", max_title_bytes)));
        if (inc.title.empty()) fail(where + ".name", "the title is empty");
        if (inc.title.find_first_of("\r\n") != std::string::npos) {
            fail(where + ".name", "the title must be one line");
        }
        if (const auto* impact = optional(v, "impact")) {
            const auto& word = string(*impact, where + ".impact");
            const auto parsed = parse_impact(word);
            if (!parsed) {
                fail(where + ".impact",
                     fmt::format("unknown impact \"{}\" (expected none, minor, major or critical{})",
                                 visible(word),
                                 word == "maintenance" ? "; scheduled maintenances are not imported" : ""));
            }
            inc.impact = *parsed;
        }
        if (const auto* status = optional(v, "status")) {
            const auto& word = string(*status, where + ".status");
            if (!parse_status(word) && word != "postmortem") {
                fail(where + ".status",
                     fmt::format("unknown status \"{}\" (expected investigating, identified, "
                                 "monitoring, resolved or postmortem)",
                                 visible(word)));
            }
        }
        std::optional<Postmortem> postmortem_update;
        const auto& updates = member(v, where, "incident_updates");
        if (!updates.is(Value::Type::array)) fail(where + ".incident_updates", "expected an array");
        std::vector<std::pair<std::size_t, ImportedUpdate>> read;
        bool numeric_ids = true;
        std::set<std::string> ids;
        for (std::size_t i = 0; i < updates.items().size(); ++i) {
            const auto here = fmt::format("{}.incident_updates[{}]", where, i);
            const auto& u = updates.items()[i];
            if (!u.is(Value::Type::object)) fail(here, "expected an update object");
            ImportedUpdate out;
            out.source_id = id(member(u, here, "id"), here + ".id");
            if (!ids.insert(out.source_id).second) fail(here + ".id", "the same update id appears twice");
            numeric_ids = numeric_ids && member(u, here, "id").is(Value::Type::number);
            out.body = text(member(u, here, "body"), here + ".body", max_body_bytes);
            const auto* created = optional(u, "created_at");
            const auto* display = optional(u, "display_at");
            if (created == nullptr && display == nullptr) fail(here, "missing \"display_at\" and \"created_at\"");
            out.recorded_at = time(created ? *created : *display, here + (created ? ".created_at" : ".display_at"));
            out.posted_at = display ? time(*display, here + ".display_at") : out.recorded_at;
            if (const auto* updated = optional(u, "updated_at")) {
                const auto t = time(*updated, here + ".updated_at");
                if (t != out.recorded_at) out.edited_at = t;
            }
            if (const auto* author = optional(u, "author")) {
                out.author = std::string(trim(text(*author, here + ".author", max_title_bytes)));
            }
            if (const auto* comps = optional(u, "affected_components")) {
                out.components = components(*comps, here + ".affected_components");
            }
            const auto& word = string(member(u, here, "status"), here + ".status");
            if (word == "postmortem") {
                // Statuspage posts a postmortem as an update; the journal keeps it apart.
                if (!postmortem_update) postmortem_update = Postmortem{out.body, out.posted_at};
                continue;
            }
            const auto status = parse_status(word);
            if (!status) {
                fail(here + ".status",
                     fmt::format("unknown status \"{}\" (expected investigating, identified, "
                                 "monitoring or resolved)",
                                 visible(word)));
            }
            out.status = *status;
            read.emplace_back(i, std::move(out));
        }
        if (read.empty()) fail(where + ".incident_updates", "an incident needs at least one update");
        // Recorded order: our own ids count up; otherwise the array (newest first) reversed,
        // then by recording time.
        if (numeric_ids) {
            std::sort(read.begin(), read.end(), [](const auto& a, const auto& b) {
                return std::stoll(a.second.source_id) < std::stoll(b.second.source_id);
            });
        } else {
            std::reverse(read.begin(), read.end());
            std::stable_sort(read.begin(), read.end(), [](const auto& a, const auto& b) {
                return a.second.recorded_at < b.second.recorded_at;
            });
        }
        for (auto& [index, u] : read) inc.updates.push_back(std::move(u));
        for (const auto& u : inc.updates) {
            for (const auto& c : u.components) {
                if (std::find(inc.components.begin(), inc.components.end(), c) == inc.components.end()) {
                    inc.components.push_back(c);
                }
            }
        }
        if (const auto* comps = optional(v, "components")) {
            for (const auto& c : components(*comps, where + ".components")) {
                if (std::find(inc.components.begin(), inc.components.end(), c) == inc.components.end()) {
                    inc.components.push_back(c);
                }
            }
        }
        if (const auto* body = optional(v, "postmortem_body")) {
            const auto pm_body = text(*body, where + ".postmortem_body", max_body_bytes);
            const auto* at = optional(v, "postmortem_published_at");
            if (at == nullptr) fail(where, "\"postmortem_body\" without \"postmortem_published_at\"");
            inc.postmortem = Postmortem{pm_body, time(*at, where + ".postmortem_published_at")};
        } else if (postmortem_update) {
            inc.postmortem = postmortem_update;
        }
        return inc;
    }

private:
    std::string source_;
};

Instant opened_at(const ImportedIncident& inc) {
    Instant first = inc.updates.front().posted_at;
    for (const auto& u : inc.updates) first = std::min(first, u.posted_at);
    return first;
}

}  // namespace

ImportPlan read_import(std::string_view json_text, const std::string& source) {
    Reader r(source);
    const auto parsed = json::parse(json_text);
    if (const auto* error = std::get_if<json::ParseError>(&parsed)) {
        throw UsageError(fmt::format("{}: not valid JSON: {}; nothing was imported", source,
                                     error->message));
    }
    const auto& doc = std::get<Value>(parsed);
    if (!doc.is(Value::Type::object)) {
        r.fail("", fmt::format("expected an object with \"incidents\" (or one incident), found {}",
                               json::type_name(doc.type())));
    }
    ImportPlan plan;
    std::string page_id;
    if (const auto* page = r.optional(doc, "page")) {
        if (!page->is(Value::Type::object)) r.fail("page", "expected an object");
        if (const auto* pid = r.optional(*page, "id")) page_id = r.id(*pid, "page.id");
        if (const auto* name = r.optional(*page, "name")) {
            plan.page_name = std::string(trim(r.text(*name, "page.name", max_title_bytes)));
        }
        if (const auto* zone = r.optional(*page, "time_zone")) {
            plan.time_zone = r.string(*zone, "page.time_zone");
        }
    }
    std::set<std::string> keys;
    const auto add = [&](ImportedIncident inc, const std::string& where) {
        if (!keys.insert(inc.key).second) r.fail(where + ".id", "the same incident id appears twice");
        plan.incidents.push_back(std::move(inc));
    };
    if (const auto* incidents = doc.find("incidents")) {
        if (!incidents->is(Value::Type::array)) r.fail("incidents", "expected an array");
        for (std::size_t i = 0; i < incidents->items().size(); ++i) {
            const auto where = fmt::format("incidents[{}]", i);
            add(r.incident(incidents->items()[i], where, page_id), where);
        }
    } else if (doc.find("incident_updates") != nullptr) {
        add(r.incident(doc, "incident", page_id), "incident");
    } else {
        r.fail("", "expected an object with \"incidents\" (or one incident with \"incident_updates\")");
    }
    std::stable_sort(plan.incidents.begin(), plan.incidents.end(),
                     [](const auto& a, const auto& b) { return opened_at(a) < opened_at(b); });
    return plan;
}

ImportResult import_plan(WriteStore& store, const ImportPlan& plan, const std::string& author,
                         Instant now) {
    ImportResult result;
    store.transact([&] {
        result = {};
        if (plan.page_name && !plan.page_name->empty() && !store.config("name")) {
            store.set_config("name", *plan.page_name);
            result.set_name = true;
        }
        if (plan.time_zone && Zone::locate(*plan.time_zone) && !store.config("timezone")) {
            store.set_config("timezone", *plan.time_zone);
            result.set_time_zone = true;
        }
        for (const auto& inc : plan.incidents) {
            if (const auto use = store.key_use(inc.key)) {
                result.skipped.emplace_back(inc.source_id, use->incident_id);
                continue;
            }
            NewIncident fresh;
            fresh.title = inc.title;
            fresh.impact = inc.impact;
            const auto id = store.insert_incident(fresh, opened_at(inc));
            bool first = true;
            for (const auto& u : inc.updates) {
                Update row;
                row.incident_id = id;
                row.status = u.status;
                row.body = u.body;
                row.posted_at = u.posted_at;
                row.recorded_at = u.recorded_at;
                row.author = u.author.empty() ? author : u.author;
                if (first) row.idempotency_key = inc.key;
                row.edited_at = u.edited_at;
                const auto update_id = store.insert_update(row);
                store.add_components(id, update_id, u.components);
                first = false;
                ++result.updates;
            }
            store.add_components(id, std::nullopt, inc.components);
            if (inc.postmortem) {
                store.insert_postmortem(id, inc.postmortem->body, inc.postmortem->posted_at, now);
            }
            store.refresh_state(id);
            result.imported.emplace_back(inc.source_id, id);
        }
    });
    return result;
}

}  // namespace incident
