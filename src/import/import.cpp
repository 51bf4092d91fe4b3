#include "incident/import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <iterator>
#include <set>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include "import/spool.hpp"
#include "incident/errors.hpp"
#include "incident/journal.hpp"
#include "incident/json.hpp"
#include "incident/text.hpp"
#include "incident/time.hpp"

namespace incident {
namespace {

using json::Event;
using json::Value;

// One incident (or the page, or its component list) is read whole; this bounds its memory.
constexpr std::uint64_t max_item_bytes = std::uint64_t{24} << 20;

// Statuspage writes this as the one affected "component" of an update that affected none.
constexpr std::string_view no_components_placeholder =
    "No components were affected by this update.";

json::ParseOptions parse_options() {
    json::ParseOptions o;
    o.max_string_bytes = max_body_bytes + 1;
    return o;
}

// A component of the page as the document describes it: `group_id` names its group.
struct SourceComponent {
    std::string name;
    std::string group_id;
    bool is_group = false;
    ComponentStatus status = ComponentStatus::operational;
    std::size_t position = 0;  // in the document's list
};
using PageComponents = std::unordered_map<std::string, SourceComponent>;

bool is_maintenance_status(std::string_view word) {
    return word == "scheduled" || word == "in_progress" || word == "verifying" ||
           word == "completed";
}

Instant opened_at(const ImportedIncident& inc) {
    Instant first = inc.updates.front().posted_at;
    for (const auto& u : inc.updates) first = std::min(first, u.posted_at);
    return first;
}

// Where a value is in the document: a path ("incidents[3].incident_updates[0]") and one of
// its members (".body"), put together only for a message.
struct Where {
    Where(const std::string& at) : path(at) {}  // implicit: a path alone is a place too
    Where(const std::string& at, std::string_view name) : path(at), member(name) {}
    std::string str() const { return path + std::string(member); }
    const std::string& path;
    std::string_view member;
};

class Reader {
  public:
    explicit Reader(std::string source) : source_(std::move(source)) {}

    [[noreturn]] void fail(const Where& where, const std::string& what) const {
        fail(where.str(), what);
    }
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
    static const Value* optional(const Value& object, std::string_view key) {
        const auto* v = object.find(key);
        return v == nullptr || v->is(Value::Type::null) ? nullptr : v;
    }

    std::string_view string(const Value& v, const Where& where) const {
        if (!v.is(Value::Type::string)) {
            fail(where, fmt::format("expected a string, found {}", json::type_name(v.type())));
        }
        return v.text();
    }

    std::string text(const Value& v, const Where& where, std::size_t max_bytes) const {
        const auto t = string(v, where);
        if (auto problem = check_user_text("the text", t, max_bytes)) fail(where, *problem);
        return std::string(t);
    }

    // An id: Statuspage's are strings, ours are integers.
    std::string id(const Value& v, const Where& where) const {
        if (v.is(Value::Type::number) && v.as_int()) return std::string(v.text());
        const auto s = string(v, where);
        if (s.empty()) fail(where, "the id is empty");
        if (auto problem = check_user_text("the id", s, 256)) fail(where, *problem);
        return std::string(s);
    }

    Instant time(const Value& v, const Where& where) const {
        const auto parsed = parse_time(string(v, where), Zone::utc());
        if (const auto* error = std::get_if<std::string>(&parsed)) fail(where, *error);
        return std::get<Instant>(parsed);
    }

    ComponentStatus component_status(const Value& v, const Where& where) const {
        const auto word = string(v, where);
        const auto parsed = parse_component_status(word);
        if (!parsed) {
            fail(where, fmt::format("unknown component status \"{}\" (expected {})", visible(word),
                                    component_status_words()));
        }
        return *parsed;
    }

    std::string name(const Value& c, const std::string& here) const {
        auto n = std::string(trim(text(member(c, here, "name"), {here, ".name"}, max_name_bytes)));
        if (n.empty()) fail({here, ".name"}, "the component name is empty");
        return n;
    }

    // summary.json's `components`: the page's components and groups, by id.
    PageComponents page_components(const Value& v, const std::string& where) const {
        if (!v.is(Value::Type::array)) fail(where, "expected an array of components");
        PageComponents out;
        for (std::size_t i = 0; i < v.items().size(); ++i) {
            const auto here = fmt::format("{}[{}]", where, i);
            const auto& c = v.items()[i];
            if (!c.is(Value::Type::object)) fail(here, "expected a component object");
            const auto* cid = optional(c, "id");
            if (cid == nullptr) continue;
            SourceComponent pc;
            pc.name = name(c, here);
            pc.position = i;
            if (const auto* st = optional(c, "status"))
                pc.status = component_status(*st, {here, ".status"});
            if (const auto* g = optional(c, "group"); g && g->is(Value::Type::boolean))
                pc.is_group = g->as_bool();
            if (const auto* gid = optional(c, "group_id"))
                pc.group_id = id(*gid, {here, ".group_id"});
            out.emplace(id(*cid, {here, ".id"}), std::move(pc));
        }
        return out;
    }

    ImportedIncident incident(const Value& v, const std::string& where, const std::string& page_id,
                              const PageComponents& page, bool listed_as_maintenance) const {
        if (!v.is(Value::Type::object)) fail(where, "expected an incident object");
        ImportedIncident inc;
        // A maintenance: listed as one, or scheduled, or with a maintenance impact or status.
        bool maintenance = listed_as_maintenance || optional(v, "scheduled_for") != nullptr;
        const auto& id_value = member(v, where, "id");
        inc.source_id = id(id_value, {where, ".id"});
        inc.numeric_id = id_value.is(Value::Type::number);
        inc.key = page_id.empty() ? "import:" + inc.source_id
                                  : fmt::format("import:{}:{}", page_id, inc.source_id);
        inc.title =
            std::string(trim(text(member(v, where, "name"), {where, ".name"}, max_name_bytes)));
        if (inc.title.empty()) fail({where, ".name"}, "the title is empty");
        if (inc.title.find_first_of("\r\n") != std::string::npos) {
            fail({where, ".name"}, "the title must be one line");
        }
        if (const auto* status = optional(v, "status")) {
            const auto word = string(*status, {where, ".status"});
            if (is_maintenance_status(word)) {
                maintenance = true;
            } else if (!parse_status(word) && word != "postmortem") {
                fail({where, ".status"},
                     fmt::format("unknown status \"{}\" (expected investigating, identified, "
                                 "monitoring, resolved or postmortem; or scheduled, in_progress, "
                                 "verifying or completed for a maintenance)",
                                 visible(word)));
            }
        }
        std::string impact_word;
        if (const auto* impact = optional(v, "impact")) {
            impact_word = string(*impact, {where, ".impact"});
            if (impact_word == "maintenance") {
                maintenance = true;
            } else if (const auto parsed = parse_impact(impact_word)) {
                inc.impact = *parsed;
            } else {
                fail({where, ".impact"},
                     fmt::format("unknown impact \"{}\" (expected none, minor, major, critical or "
                                 "maintenance)",
                                 visible(impact_word)));
            }
        }
        if (const auto* f = optional(v, "shortlink")) {
            inc.shortlink = text(*f, {where, ".shortlink"}, max_name_bytes);
        }
        if (const auto* f = optional(v, "backfilled");
            f != nullptr && f->is(Value::Type::boolean)) {
            inc.backfilled = f->as_bool();
        }
        if (const auto* f = optional(v, "started_at"))
            inc.started_at = time(*f, {where, ".started_at"});
        if (const auto* f = optional(v, "detected_at"))
            inc.detected_at = time(*f, {where, ".detected_at"});
        if (const auto* f = optional(v, "acknowledged_at"))
            inc.acknowledged_at = time(*f, {where, ".acknowledged_at"});
        if (const auto* f = optional(v, "mitigated_at"))
            inc.mitigated_at = time(*f, {where, ".mitigated_at"});
        if (const auto* f = optional(v, "roles")) inc.roles = roles(*f, where + ".roles");
        if (const auto* f = optional(v, "actions"))
            inc.actions = actions(*f, where + ".actions", id_value);

        // The incident's components, each resolved to its group (by `group_id`, against the
        // page's components, else by an affected component's "Group - Component" name).
        const auto& updates = member(v, where, "incident_updates");
        if (!updates.is(Value::Type::array))
            fail({where, ".incident_updates"}, "expected an array");
        for (const auto& u : updates.items()) {
            const auto* st = u.is(Value::Type::object) ? optional(u, "status") : nullptr;
            if (st != nullptr && st->is(Value::Type::string) && is_maintenance_status(st->text()))
                maintenance = true;
        }
        inc.kind = maintenance ? Kind::maintenance : Kind::incident;
        inc.impact_given = maintenance && !impact_word.empty() && impact_word != "maintenance";
        if (maintenance) {
            const auto* from = optional(v, "scheduled_for");
            const auto* until = optional(v, "scheduled_until");
            if (from != nullptr) inc.scheduled_for = time(*from, {where, ".scheduled_for"});
            if (until != nullptr) inc.scheduled_until = time(*until, {where, ".scheduled_until"});
            if (inc.scheduled_for.has_value() != inc.scheduled_until.has_value()) {
                fail(where, "a maintenance needs both \"scheduled_for\" and \"scheduled_until\"");
            }
            if (inc.scheduled_for && *inc.scheduled_until < *inc.scheduled_for) {
                fail({where, ".scheduled_until"}, "the window ends before it starts");
            }
        }
        std::unordered_map<std::string, Component> known;  // by Statuspage component id
        if (const auto* comps = optional(v, "components")) {
            if (!comps->is(Value::Type::array))
                fail({where, ".components"}, "expected an array of components");
            for (std::size_t i = 0; i < comps->items().size(); ++i) {
                const auto here = fmt::format("{}.components[{}]", where, i);
                const auto& c = comps->items()[i];
                if (!c.is(Value::Type::object)) fail(here, "expected a component object");
                Component component{"", name(c, here)};
                const auto* g = optional(c, "group");
                if (g != nullptr && g->is(Value::Type::boolean) && g->as_bool())
                    continue;  // a group itself
                if (g != nullptr && !g->is(Value::Type::boolean)) {
                    component.group = std::string(trim(text(*g, {here, ".group"}, max_name_bytes)));
                } else if (const auto* gid = optional(c, "group_id")) {
                    const auto group_id = id(*gid, {here, ".group_id"});
                    const auto cid = optional(c, "id") ? id(*optional(c, "id"), {here, ".id"}) : "";
                    component.group = group_name(group_id, cid, component.name, page, updates);
                    if (component.group.empty()) {
                        fail({here, ".group_id"},
                             fmt::format("\"{}\" names no component of the page",
                                         visible(group_id)));
                    }
                }
                if (const auto* cid = optional(c, "id")) {
                    const auto source = id(*cid, {here, ".id"});
                    known.emplace(source, component);
                    PageComponent pc;
                    pc.component = component;
                    pc.source_id = source;
                    if (const auto* gid = optional(c, "group_id"))
                        pc.group_source_id = id(*gid, {here, ".group_id"});
                    if (const auto* st = optional(c, "status"))
                        pc.status = component_status(*st, {here, ".status"});
                    inc.source_components.push_back(std::move(pc));
                }
                if (std::find(inc.components.begin(), inc.components.end(), component) ==
                    inc.components.end()) {
                    inc.components.push_back(component);
                }
            }
        }

        std::optional<Postmortem> postmortem_update;
        std::vector<ImportedUpdate> read;
        bool numeric_ids = true;
        std::set<std::string> ids;
        for (std::size_t i = 0; i < updates.items().size(); ++i) {
            const auto here = fmt::format("{}.incident_updates[{}]", where, i);
            const auto& u = updates.items()[i];
            if (!u.is(Value::Type::object)) fail(here, "expected an update object");
            ImportedUpdate out;
            out.source_id = id(member(u, here, "id"), {here, ".id"});
            out.keep_source_id = member(u, here, "id").is(Value::Type::string);
            if (!ids.insert(out.source_id).second)
                fail({here, ".id"}, "the same update id appears twice");
            numeric_ids = numeric_ids && member(u, here, "id").is(Value::Type::number);
            out.body = text(member(u, here, "body"), {here, ".body"}, max_body_bytes);
            const auto* created = optional(u, "created_at");
            const auto* display = optional(u, "display_at");
            if (created == nullptr && display == nullptr)
                fail(here, "missing \"display_at\" and \"created_at\"");
            const Where created_where{here, created ? ".created_at" : ".display_at"};
            out.recorded_at = time(created ? *created : *display, created_where);
            out.posted_at = display ? time(*display, {here, ".display_at"}) : out.recorded_at;
            if (const auto* updated = optional(u, "updated_at")) {
                // An edit is an updated_at after created_at; a tweet also moves updated_at
                // (twitter_updated_at is then the same instant), which is no edit.
                const auto updated_at = time(*updated, {here, ".updated_at"});
                bool tweet = false;
                if (const auto* tweeted = optional(u, "twitter_updated_at")) {
                    tweet = time(*tweeted, {here, ".twitter_updated_at"}) == updated_at;
                }
                if (updated_at > out.recorded_at && !tweet) out.edited_at = updated_at;
            }
            if (const auto* author = optional(u, "author")) {
                auto a = std::string(trim(text(*author, {here, ".author"}, max_name_bytes)));
                if (!a.empty()) out.author = std::move(a);
            }
            if (const auto* internal = optional(u, "internal")) {
                if (!internal->is(Value::Type::boolean))
                    fail(here + ".internal", "expected true or false");
                out.internal = internal->as_bool();
            }
            if (const auto* comps = optional(u, "affected_components")) {
                out.components =
                    affected(*comps, {here, ".affected_components"}, known, out.changes);
            }
            const auto word = string(member(u, here, "status"), {here, ".status"});
            if (word == "postmortem") {
                // Statuspage posts a postmortem as an update; the journal keeps it apart.
                if (!postmortem_update) postmortem_update = Postmortem{out.body, out.posted_at};
                continue;
            }
            const auto status = parse_status(word);
            if (!status || !is_allowed(inc.kind, *status)) {
                fail({here, ".status"},
                     fmt::format(
                         "{} status \"{}\" (expected {})",
                         status ? (maintenance ? "an incident's" : "a maintenance's") : "unknown",
                         visible(word),
                         maintenance ? "scheduled, in_progress, verifying or completed"
                                     : "investigating, identified, monitoring or resolved"));
            }
            out.status = *status;
            read.push_back(std::move(out));
        }
        if (read.empty())
            fail({where, ".incident_updates"}, "an incident needs at least one update");
        // Recorded order: our own ids count up; otherwise the array (newest first) reversed,
        // then by recording time.
        std::vector<std::tuple<std::int64_t, std::size_t, std::size_t>> order;  // by, then, which
        for (std::size_t k = 0; k < read.size(); ++k) {
            if (numeric_ids) {
                order.emplace_back(std::stoll(read[k].source_id), 0, k);
            } else {
                order.emplace_back(read[k].recorded_at.time_since_epoch().count(), read.size() - k,
                                   k);
            }
        }
        std::sort(order.begin(), order.end());
        inc.updates.reserve(read.size());
        for (const auto& [by, then, k] : order) inc.updates.push_back(std::move(read[k]));
        std::vector<Component> all;
        for (const auto& u : inc.updates) {
            for (const auto& c : u.components) {
                if (std::find(all.begin(), all.end(), c) == all.end()) all.push_back(c);
            }
        }
        for (const auto& c : inc.components) {
            if (std::find(all.begin(), all.end(), c) == all.end()) all.push_back(c);
        }
        inc.components = std::move(all);
        if (const auto* body = optional(v, "postmortem_body")) {
            const auto pm_body = text(*body, {where, ".postmortem_body"}, max_body_bytes);
            const auto* at = optional(v, "postmortem_published_at");
            if (at == nullptr)
                fail(where, "\"postmortem_body\" without \"postmortem_published_at\"");
            inc.postmortem = Postmortem{pm_body, time(*at, {where, ".postmortem_published_at"})};
        } else if (postmortem_update) {
            inc.postmortem = postmortem_update;
        }
        return inc;
    }

  private:
    // A check of the journal's (check_line, check_role) as this reader's failure.
    template <class Check>
    std::string checked(const std::string& where, Check&& check) const {
        try {
            return check();
        } catch (const UsageError& e) {
            fail(where, e.what());
        }
    }

    std::vector<RoleHolder> roles(const Value& v, const std::string& where) const {
        if (!v.is(Value::Type::array)) fail(where, "expected an array of roles");
        std::vector<RoleHolder> out;
        for (std::size_t i = 0; i < v.items().size(); ++i) {
            const auto here = fmt::format("{}[{}]", where, i);
            const auto& r = v.items()[i];
            if (!r.is(Value::Type::object)) fail(here, "expected a role object");
            RoleHolder h;
            h.role = checked(here + ".role", [&] {
                return check_role(string(member(r, here, "role"), here + ".role"));
            });
            h.name = checked(here + ".name", [&] {
                return check_line("the name", string(member(r, here, "name"), here + ".name"), 256);
            });
            h.assigned_at = time(member(r, here, "assigned_at"), here + ".assigned_at");
            h.assigned_by = "import";
            if (const auto* by = optional(r, "assigned_by")) {
                h.assigned_by = checked(here + ".assigned_by", [&] {
                    return check_line("the name", string(*by, here + ".assigned_by"), 256);
                });
            }
            out.push_back(std::move(h));
        }
        return out;
    }

    // The incident's own actions: an export lists those of every incident its postmortem
    // regards, each with its incident's id.
    std::vector<Action> actions(const Value& v, const std::string& where,
                                const Value& incident_id) const {
        if (!v.is(Value::Type::array)) fail(where, "expected an array of actions");
        std::vector<Action> out;
        for (std::size_t i = 0; i < v.items().size(); ++i) {
            const auto here = fmt::format("{}[{}]", where, i);
            const auto& a = v.items()[i];
            if (!a.is(Value::Type::object)) fail(here, "expected an action object");
            if (const auto* of = optional(a, "incident_id"); of && of->text() != incident_id.text())
                continue;
            Action action;
            action.text = checked(here + ".text", [&] {
                return check_line("the action", string(member(a, here, "text"), here + ".text"),
                                  1024);
            });
            if (const auto* f = optional(a, "owner")) {
                action.owner = checked(here + ".owner", [&] {
                    return check_line("the owner", string(*f, here + ".owner"), 256);
                });
            }
            if (const auto* f = optional(a, "due")) {
                const auto parsed = parse_day(string(*f, here + ".due"));
                if (const auto* e = std::get_if<std::string>(&parsed)) fail(here + ".due", *e);
                action.due = std::get<std::chrono::year_month_day>(parsed);
            }
            if (const auto* f = optional(a, "link")) action.link = text(*f, here + ".link", 2048);
            action.created_at = time(member(a, here, "created_at"), here + ".created_at");
            action.created_by = "import";
            if (const auto* f = optional(a, "done_at"))
                action.done_at = time(*f, here + ".done_at");
            out.push_back(std::move(action));
        }
        return out;
    }

    // The name of the group `group_id` names: a page component, else the prefix of an
    // affected component "Group - Name" with this component's id. Empty when neither says.
    std::string group_name(const std::string& group_id, const std::string& component_id,
                           const std::string& component_name, const PageComponents& page,
                           const Value& updates) const {
        if (const auto it = page.find(group_id); it != page.end()) return it->second.name;
        const auto suffix = " - " + component_name;
        for (const auto& u : updates.items()) {
            const auto* comps =
                u.is(Value::Type::object) ? optional(u, "affected_components") : nullptr;
            if (comps == nullptr || !comps->is(Value::Type::array)) continue;
            for (const auto& a : comps->items()) {
                if (!a.is(Value::Type::object)) continue;
                const auto* code = optional(a, "code");
                const auto* n = optional(a, "name");
                if (code == nullptr || n == nullptr || !code->is(Value::Type::string) ||
                    !n->is(Value::Type::string)) {
                    continue;
                }
                const auto full = n->text();
                if (code->text() == component_id && full.size() > suffix.size() &&
                    full.ends_with(suffix)) {
                    return std::string(trim(full.substr(0, full.size() - suffix.size())));
                }
            }
        }
        return {};
    }

    std::vector<Component> affected(const Value& v, const Where& where,
                                    const std::unordered_map<std::string, Component>& known,
                                    std::vector<ComponentChange>& changes) const {
        if (!v.is(Value::Type::array)) fail(where, "expected an array of components");
        std::vector<Component> out;
        for (std::size_t i = 0; i < v.items().size(); ++i) {
            const auto here = fmt::format("{}{}[{}]", where.path, where.member, i);
            const auto& c = v.items()[i];
            if (!c.is(Value::Type::object)) fail(here, "expected a component object");
            const auto n = name(c, here);
            if (n == no_components_placeholder && optional(c, "code") == nullptr) continue;
            Component component{"", n};
            if (const auto* g = optional(c, "group");
                g != nullptr && !g->is(Value::Type::boolean)) {
                component.group = std::string(trim(text(*g, {here, ".group"}, max_name_bytes)));
            } else if (const auto* code = optional(c, "code");
                       code != nullptr && code->is(Value::Type::string)) {
                if (const auto it = known.find(std::string(code->text())); it != known.end())
                    component = it->second;
            }
            if (component.group.empty() && component.name == n) {
                // "Group - Component" names a grouped component the incident does not list.
                if (const auto dash = n.find(" - ");
                    dash != std::string::npos && dash > 0 && dash + 3 < n.size()) {
                    for (const auto& [cid, k] : known) {
                        (void)cid;
                        if (!k.group.empty() && n == k.group + " - " + k.name) component = k;
                    }
                }
            }
            const auto* old_status = optional(c, "old_status");
            const auto* new_status = optional(c, "new_status");
            if (old_status != nullptr || new_status != nullptr) {
                ComponentChange change;
                change.component = component;
                if (const auto* code = optional(c, "code");
                    code != nullptr && code->is(Value::Type::string)) {
                    change.code = code->text();
                }
                if (new_status == nullptr) fail(here, "\"old_status\" without \"new_status\"");
                change.new_status = component_status(*new_status, {here, ".new_status"});
                change.old_status = old_status
                                        ? component_status(*old_status, {here, ".old_status"})
                                        : change.new_status;
                changes.push_back(std::move(change));
            }
            if (std::find(out.begin(), out.end(), component) == out.end()) out.push_back(component);
        }
        return out;
    }

    std::string source_;
};

struct Page {
    std::string id;
    std::optional<std::string> name;
    std::optional<std::string> time_zone;
    std::optional<std::string> url;
    PageComponents components;
    std::map<std::string, std::size_t> not_kept;
};

void read_page(const Reader& r, const Value& page, Page& out) {
    if (!page.is(Value::Type::object)) r.fail("page", "expected an object");
    const std::string at = "page";
    if (const auto* pid = Reader::optional(page, "id")) {
        out.id = r.id(*pid, {at, ".id"});
    }
    if (const auto* name = Reader::optional(page, "name")) {
        out.name = std::string(trim(r.text(*name, {at, ".name"}, max_name_bytes)));
    }
    if (const auto* zone = Reader::optional(page, "time_zone")) {
        out.time_zone = std::string(r.string(*zone, {at, ".time_zone"}));
    }
    if (const auto* url = Reader::optional(page, "url")) {
        out.url = r.text(*url, {at, ".url"}, max_name_bytes);
    }
    // The export writes the journal's own last change there instead.
    if (Reader::optional(page, "updated_at") != nullptr) ++out.not_kept["page updated_at"];
}

// One incident of the document.
struct Item {
    std::string where;  // "incidents[3]"
    bool listed_as_maintenance = false;
};

// Walks a document's top level with a pull reader, reading the page and its components and
// handing each incident (read whole, bounded) to `visit`. Incident arrays are never held whole.
void walk(json::PullReader& reader, const Reader& r, Page& page,
          const std::function<void(const Value&, const Item&)>& visit) {
    json::Document spare;  // the last incident's, whose memory the next one reuses
    const auto item_value = [&](Event e) {
        return reader.value(e, max_item_bytes, std::move(spare));
    };
    const auto visit_item = [&](Event e, const Item& item) {
        auto value = item_value(e);
        visit(value.root(), item);
        spare = std::move(value);
    };
    auto first = reader.next();
    if (first == Event::begin_array) {
        // A bare array: the incidents of an API answer without the page around them.
        std::size_t i = 0;
        for (auto e = reader.next(); e != Event::end_array; e = reader.next(), ++i) {
            Item item{fmt::format("[{}]", i), false};
            visit_item(e, item);
        }
        return;
    }
    if (first != Event::begin_object) {
        r.fail("",
               fmt::format("expected an object with \"incidents\" (or one incident, or an array of "
                           "incidents), found {}",
                           json::type_name(item_value(first).root().type())));
    }
    bool listed = false;  // "incidents" or "scheduled_maintenances" seen
    std::vector<std::pair<std::string, json::Document>> others;
    for (auto e = reader.next(); e != Event::end_object; e = reader.next()) {
        const std::string key = reader.text();
        const auto v = reader.next();
        if ((key == "incidents" || key == "scheduled_maintenances") && v == Event::begin_array) {
            listed = true;
            std::size_t i = 0;
            for (auto ie = reader.next(); ie != Event::end_array; ie = reader.next(), ++i) {
                Item item{fmt::format("{}[{}]", key, i), key == "scheduled_maintenances"};
                visit_item(ie, item);
            }
            continue;
        }
        if (key == "incidents" || key == "scheduled_maintenances") r.fail(key, "expected an array");
        auto value = item_value(v);
        if (key == "page") read_page(r, value.root(), page);
        if (key == "components") page.components = r.page_components(value.root(), "components");
        others.emplace_back(key, std::move(value));
    }
    if (listed) return;
    const auto has = [&](std::string_view k) {
        return std::any_of(others.begin(), others.end(),
                           [&](const auto& m) { return m.first == k; });
    };
    if (has("incident_updates")) {
        page.components.clear();  // its "components" are the incident's own
        visit(json::Document::object(std::move(others)).root(), Item{"incident", false});
        return;
    }
    if (has("components")) {
        r.fail("",
               "this document lists components but no incidents (a components.json?): there is "
               "nothing to import");
    }
    r.fail("", "expected an object with \"incidents\" (or one incident with \"incident_updates\")");
}

// True for a maintenance met a second time, under the other of "incidents" and
// "scheduled_maintenances" (this journal's export lists one under both, as Statuspage's
// incidents.json and scheduled-maintenances.json do): it is one. Any other repeat is refused.
bool listed_again(const Reader& r, std::map<std::string, bool>& keys, const ImportedIncident& inc,
                  const Item& item) {
    const auto [at, fresh] = keys.emplace(inc.key, item.listed_as_maintenance);
    if (fresh) return false;
    if (inc.kind == Kind::maintenance && at->second != item.listed_as_maintenance) return true;
    r.fail(item.where + ".id", "the same incident id appears twice");
}

[[noreturn]] void syntax_failure(const std::string& source, const json::SyntaxError& e) {
    throw UsageError(
        fmt::format("{}: not valid JSON: {}; nothing was imported", source, e.message));
}

void add_counts(std::map<std::string, std::size_t>& to,
                const std::map<std::string, std::size_t>& from) {
    for (const auto& [k, n] : from) to[k] += n;
}

// Records one incident in the caller's transaction, or notes why it is not recorded.
// `journal_had_incidents` false skips looking for the journal's own incidents (none to find).
// `changed` gathers one change per component whose status an update set, to derive after.
void record(WriteStore& store, const ImportedIncident& inc, Instant now, ImportResult& result,
            bool journal_had_incidents, std::vector<ComponentChange>& changed) {
    add_counts(result.not_kept, inc.not_kept);
    if (const auto use = store.key_use(inc.key)) {
        result.skipped.emplace_back(inc.source_id, use->incident_id);
        return;
    }
    if (!inc.numeric_id) {
        // The same Statuspage incident imported before under another page id.
        if (const auto existing = store.incident_by_source(inc.source_id)) {
            result.skipped.emplace_back(inc.source_id, *existing);
            return;
        }
    }
    if (inc.numeric_id && journal_had_incidents) {
        // This journal's own export names its incidents by their ids.
        const auto own = std::stoll(inc.source_id);
        if (own > 0) {
            if (const auto existing = store.incident(static_cast<IncidentId>(own));
                existing && existing->title == inc.title &&
                existing->created_at == opened_at(inc)) {
                result.skipped.emplace_back(inc.source_id, existing->id);
                return;
            }
        }
    }
    for (const auto& pc : inc.source_components) {
        if (!store.page_component_by_source(*pc.source_id) && !store.page_component(pc.component)) {
            (void)store.put_page_component(pc);
        }
    }
    NewIncident fresh;
    fresh.title = inc.title;
    fresh.impact = inc.impact;
    fresh.kind = inc.kind;
    fresh.started_at = inc.started_at;
    fresh.scheduled_for = inc.scheduled_for;
    fresh.scheduled_until = inc.scheduled_until;
    if (!inc.numeric_id) fresh.source_id = inc.source_id;
    fresh.shortlink = inc.shortlink;
    fresh.backfilled = inc.backfilled;
    fresh.impact_given = inc.impact_given;
    fresh.detected_at = inc.detected_at;
    fresh.acknowledged_at = inc.acknowledged_at;
    fresh.mitigated_at = inc.mitigated_at;
    std::vector<Update> rows(inc.updates.size());
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const auto& u = inc.updates[k];
        auto& row = rows[k];
        row.status = u.status;
        row.body = u.body;
        row.posted_at = u.posted_at;
        row.recorded_at = u.recorded_at;
        row.author = u.author;
        if (k == 0) row.idempotency_key = inc.key;
        row.edited_at = u.edited_at;
        row.changes = u.changes;
        row.internal = u.internal;
        if (u.keep_source_id) {
            if (store.update_by_source(u.source_id)) {
                throw UsageError(fmt::format(
                    "update id \"{}\" of incident \"{}\" is already in the journal, in another "
                    "incident; nothing was imported",
                    visible(u.source_id), visible(inc.source_id)));
            }
            row.source_id = u.source_id;
        }
    }
    // Its state written with it (set_state per incident costs an UPDATE each): ids in
    // recording order stand for the ones the inserts give, for derive_state's ties.
    for (std::size_t k = 0; k < rows.size(); ++k) rows[k].id = static_cast<UpdateId>(k + 1);
    std::vector<Postmortem> postmortems;
    if (inc.postmortem) postmortems.push_back(*inc.postmortem);
    fresh.state = derive_state(rows, postmortems, {});
    const auto id = store.insert_incident(fresh, opened_at(inc));
    for (const auto& role : inc.roles) store.insert_role(id, role);
    for (auto action : inc.actions) {
        action.incident_id = id;
        const auto action_id = store.insert_action(action);
        if (action.done_at) store.set_action_done(action_id, true, *action.done_at, "import");
    }
    std::vector<Component> named;  // by an update: the incident's already
    for (std::size_t k = 0; k < rows.size(); ++k) {
        rows[k].incident_id = id;
        const auto update_id = store.insert_update(rows[k]);
        store.add_components(id, update_id, inc.updates[k].components);
        named.insert(named.end(), inc.updates[k].components.begin(),
                     inc.updates[k].components.end());
        for (const auto& c : rows[k].changes) {
            const bool seen =
                std::any_of(changed.begin(), changed.end(),
                            [&](const ComponentChange& x) { return x.component == c.component; });
            if (!seen) changed.push_back(c);
        }
        ++result.updates;
    }
    std::vector<Component> unnamed;
    std::copy_if(inc.components.begin(), inc.components.end(), std::back_inserter(unnamed),
                 [&](const Component& c) {
                     return std::find(named.begin(), named.end(), c) == named.end();
                 });
    store.add_components(id, std::nullopt, unnamed);
    if (inc.postmortem)
        store.insert_postmortem(id, inc.postmortem->body, inc.postmortem->posted_at, now);
    result.imported.emplace_back(inc.source_id, id);
    if (inc.kind == Kind::maintenance) ++result.maintenances;
}

// A summary's components become the page's, in its order, each in its group.
void put_page_components(WriteStore& store, const std::vector<PageComponent>& components) {
    for (const auto& pc : components) (void)store.put_page_component(pc);
}

std::vector<PageComponent> page_list(const PageComponents& page) {
    std::vector<std::pair<std::size_t, PageComponent>> out;
    for (const auto& [id, c] : page) {
        if (c.is_group) continue;
        PageComponent pc;
        pc.component.name = c.name;
        if (!c.group_id.empty()) {
            if (const auto g = page.find(c.group_id); g != page.end())
                pc.component.group = g->second.name;
            pc.group_source_id = c.group_id;
        }
        pc.status = c.status;
        pc.source_id = id;
        out.emplace_back(c.position, std::move(pc));
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<PageComponent> list;
    for (auto& [pos, pc] : out) list.push_back(std::move(pc));
    return list;
}

void apply_page(WriteStore& store, const std::optional<std::string>& name,
                const std::optional<std::string>& zone, const std::optional<std::string>& page_id,
                const std::optional<std::string>& page_url, ImportResult& result) {
    if (page_id && !page_id->empty() && !store.config("page_id"))
        store.set_config("page_id", *page_id);
    if (page_url && !page_url->empty() && !store.config("page_url"))
        store.set_config("page_url", *page_url);
    if (name && !name->empty() && !store.config("name")) {
        store.set_config("name", *name);
        result.set_name = true;
    }
    if (zone && Zone::locate(*zone) && !store.config("timezone")) {
        store.set_config("timezone", *zone);
        result.set_time_zone = true;
    }
}

// The one write of an import, in one transaction: the page's settings and components, every
// incident `each` hands to `put` (oldest first), then the component statuses they imply.
template <class ForEach>
ImportResult record_all(WriteStore& store, const std::map<std::string, std::size_t>& not_kept,
                        const std::optional<std::string>& page_name,
                        const std::optional<std::string>& time_zone,
                        const std::optional<std::string>& page_id,
                        const std::optional<std::string>& page_url,
                        const std::vector<PageComponent>& components, Instant now, ForEach&& each) {
    ImportResult result;
    store.transact([&] {
        result = {};
        result.not_kept = not_kept;
        apply_page(store, page_name, time_zone, page_id, page_url, result);
        const bool had = store.count({}) > 0;
        std::vector<ComponentChange> changed;
        store.bulk_insert(WriteStore::Rows::typed, [&] {
            put_page_components(store, components);
            each([&](const ImportedIncident& inc) {
                record(store, inc, now, result, had, changed);
            });
        });
        derive_component_statuses(store, changed);
    });
    return result;
}

// Reads and checks the whole document, handing `keep` each incident once (a maintenance
// listed twice, once from each listing). Throws UsageError on the first problem.
Page read_document(json::Source& input, const Reader& r, const std::string& source,
                   const std::function<void(ImportedIncident&&)>& keep) {
    Page page;
    std::map<std::string, bool> keys;  // key: listed under "scheduled_maintenances"
    try {
        json::PullReader reader(input, parse_options());
        walk(reader, r, page, [&](const Value& v, const Item& item) {
            auto inc =
                r.incident(v, item.where, page.id, page.components, item.listed_as_maintenance);
            if (!listed_again(r, keys, inc, item)) keep(std::move(inc));
        });
        (void)reader.next();
    } catch (const json::SyntaxError& e) {
        syntax_failure(source, e);
    } catch (const Error&) {
        throw;
    } catch (const std::runtime_error& e) {
        throw UsageError(fmt::format("{}: {}; nothing was imported", source, e.what()));
    }
    return page;
}

std::optional<std::string> page_id(const Page& page) {
    return page.id.empty() ? std::nullopt : std::optional<std::string>(page.id);
}

}  // namespace

ImportPlan read_import(std::string_view json_text, const std::string& source) {
    json::TextSource text(json_text);
    return read_import(text, source);
}

ImportPlan read_import(json::Source& input, const std::string& source) {
    ImportPlan plan;
    const auto page = read_document(input, Reader(source), source, [&](ImportedIncident&& inc) {
        plan.incidents.push_back(std::move(inc));
    });
    plan.page_name = page.name;
    plan.time_zone = page.time_zone;
    plan.page_id = page_id(page);
    plan.page_url = page.url;
    plan.not_kept = page.not_kept;
    plan.page_components = page_list(page.components);
    std::stable_sort(plan.incidents.begin(), plan.incidents.end(),
                     [](const auto& a, const auto& b) { return opened_at(a) < opened_at(b); });
    return plan;
}

ImportResult import_plan(WriteStore& store, const ImportPlan& plan, Instant now) {
    return record_all(store, plan.not_kept, plan.page_name, plan.time_zone, plan.page_id,
                      plan.page_url, plan.page_components, now, [&](const auto& put) {
                          for (const auto& inc : plan.incidents) put(inc);
                      });
}

ImportResult import_file(WriteStore& store, std::FILE* file, const std::string& source, Instant now,
                         const std::string& temp_dir) {
    IncidentSpool spool(temp_dir);
    std::vector<std::pair<Instant, std::size_t>> order;  // opening time, number in the spool
    json::FileSource input(file);
    const auto page = read_document(input, Reader(source), source, [&](ImportedIncident&& inc) {
        order.emplace_back(opened_at(inc), spool.add(inc));
    });
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    return record_all(store, page.not_kept, page.name, page.time_zone, page_id(page), page.url,
                      page_list(page.components), now, [&](const auto& put) {
                          for (const auto& [opened, number] : order) put(spool.get(number));
                      });
}

std::string describe_not_kept(const std::map<std::string, std::size_t>& not_kept) {
    struct Words {
        std::string_view kind, one, many;
    };
    static constexpr Words words[] = {
        {"page id", "page id", "page ids"},
        {"page url", "page url", "page urls"},
        {"page updated_at", "page updated_at", "page updated_at"},
    };
    std::string out;
    for (const auto& [kind, n] : not_kept) {
        if (n == 0) continue;
        std::string word = kind;
        for (const auto& w : words) {
            if (w.kind == kind) word = n == 1 ? w.one : w.many;
        }
        out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, word);
    }
    return out;
}

}  // namespace incident
