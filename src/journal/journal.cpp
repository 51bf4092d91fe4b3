#include "incident/journal.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iterator>
#include <map>

#include "incident/errors.hpp"
#include "incident/text.hpp"
#include "incident/time.hpp"
#include "rules.hpp"

namespace incident {

namespace detail {

// Backfilled times may be in the past; a time ahead of the clock is almost surely a typo.
constexpr std::chrono::seconds future_tolerance{60};

Instant posted_time(const std::optional<Instant>& at, Instant now, const Zone& zone) {
    if (!at) return now;
    if (*at > now + future_tolerance) {
        throw UsageError(fmt::format("--at {} is in the future; it is now {}",
                                     format_for_message(*at, zone), format_for_message(now, zone)));
    }
    return *at;
}

}  // namespace detail

namespace {

using detail::posted_time;

// An incident takes an incident's statuses, a maintenance a maintenance's.
void check_status(Kind kind, Status status, std::optional<IncidentId> id = std::nullopt) {
    if (is_allowed(kind, status)) return;
    const auto other = kind == Kind::incident ? Kind::maintenance : Kind::incident;
    throw UsageError(fmt::format("{} is {} status; {} {}takes one of: {}", to_string(status),
                                 other == Kind::incident ? "an incident" : "a maintenance",
                                 kind == Kind::incident ? "an incident" : "a maintenance",
                                 id ? fmt::format("({}) ", *id) : std::string(),
                                 status_words(kind)));
}

void check_message(const std::string& message) {
    if (trim(message).empty()) throw UsageError("the message is empty");
}

// The status in effect at `when`: that of the last update posted at or before it.
const Update* update_in_effect(const std::vector<Update>& chronological, Instant when) {
    const Update* found = nullptr;
    for (const auto& u : chronological) {
        if (u.posted_at <= when) found = &u;
    }
    return found;
}

bool same_component(const Component& a, const Component& b) {
    return fold_case(a.group) == fold_case(b.group) && fold_case(a.name) == fold_case(b.name);
}

// Whether `settings` ask for another status than `update` recorded for a component. A
// setting that changed nothing left no record, so only recorded changes can differ.
bool settings_differ(const Update& update, const std::vector<ComponentSetting>& settings) {
    return std::any_of(settings.begin(), settings.end(), [&](const ComponentSetting& s) {
        return std::any_of(
            update.changes.begin(), update.changes.end(), [&](const ComponentChange& c) {
                return same_component(c.component, s.component) && c.new_status != s.status;
            });
    });
}

// What a retried command must repeat for its key to replay the first one.
struct Payload {
    std::optional<std::string> title;  // open and schedule only
    const std::string& message;
    std::optional<Status> status;
    std::optional<Instant> at;
    std::optional<Kind> kind;  // open and schedule: what they open
    std::optional<Instant> scheduled_for;
    std::optional<Instant> scheduled_until;
    const std::vector<ComponentSetting>& settings;  // GROUP/NAME=STATUS options
    bool internal = false;                          // update --internal
};

std::optional<Recorded> replay(const ReadStore& store, const std::optional<std::string>& key,
                               std::optional<IncidentId> expected_incident, bool is_open,
                               const Payload& payload) {
    if (!key) return std::nullopt;
    const auto use = store.key_use(*key);
    if (!use) return std::nullopt;
    const bool same_kind = use->opened_incident == is_open;
    const bool same_incident = !expected_incident || *expected_incident == use->incident_id;
    if (!same_kind || !same_incident) {
        throw ConflictError(fmt::format(
            "idempotency key \"{}\" was already used for update {} of incident {}; use a new key",
            *key, use->update_id, use->incident_id));
    }
    const auto update = store.update(use->update_id);
    if (!update) throw StorageError(fmt::format("update {} is missing", use->update_id));
    // A key names one request: the same key with other content is a mistake, not a retry.
    std::string differs;
    const auto opened =
        payload.title ? std::optional(require_incident(store, use->incident_id)) : std::nullopt;
    if (opened && payload.kind && opened->kind != *payload.kind) {
        differs = "kind (it opened " +
                  std::string(opened->kind == Kind::incident ? "an incident" : "a maintenance") +
                  ")";
    } else if (opened && *payload.title != opened->title) {
        differs = "title";
    } else if (opened && (opened->scheduled_for != payload.scheduled_for ||
                          opened->scheduled_until != payload.scheduled_until)) {
        differs = "window";
    } else if (payload.message != update->body) {
        differs = "message";
    } else if (payload.status && *payload.status != update->status) {
        differs = "status";
    } else if (payload.at && *payload.at != update->posted_at) {
        differs = "time";
    } else if (settings_differ(*update, payload.settings)) {
        differs = "component status";
    } else if (payload.internal != update->internal) {
        differs = payload.internal ? "visibility (it posted a public update)"
                                   : "visibility (it posted an internal note)";
    }
    if (!differs.empty()) {
        throw ConflictError(fmt::format(
            "idempotency key \"{}\" was already used for update {} of incident {} with another "
            "{}; use a new key for a new request",
            *key, use->update_id, use->incident_id, differs));
    }
    return Recorded{use->incident_id, use->update_id, update->status, true, false};
}

// The component's status at `at` by the journal's own changes: operational before any.
ComponentStatus status_at(const ReadStore& store, const Component& component, Instant at) {
    const auto page = store.page_component(component);
    if (!page) return ComponentStatus::operational;
    return status_after(store.component_history(page->id), at);
}

// What other incidents open at `posted` hold a component at: the newest of their changes,
// operational when none does. Resolving one incident must not clear another's outage.
// `history` is the component's changes in time order.
ComponentStatus held_by_others(const ReadStore& store, const std::vector<StatusChange>& history,
                               IncidentId self, Instant posted) {
    auto held = ComponentStatus::operational;
    std::map<IncidentId, bool> open_then;
    for (const auto& change : history) {
        if (change.posted_at > posted) break;
        if (change.incident_id == self) continue;
        auto [it, fresh] = open_then.try_emplace(change.incident_id, false);
        if (fresh) {
            const auto other = store.incident(change.incident_id);
            it->second = other && (!other->resolved_at || *other->resolved_at > posted);
        }
        if (it->second) held = change.new_status;
    }
    return held;
}

bool contains(const std::vector<Component>& list, const Component& c) {
    return std::find(list.begin(), list.end(), c) != list.end();
}

// The component changes an update with `status` at `posted` records: each setting that
// changes something, then the automatic ones of the rules for the incident's other components
// (a return to operational goes back to what other open incidents hold instead).
std::vector<ComponentChange> plan_changes(const ReadStore& store, IncidentId self, Kind kind,
                                          Status status, const std::vector<Component>& components,
                                          const std::vector<ComponentSetting>& settings,
                                          Instant posted) {
    std::vector<ComponentChange> out;
    std::vector<Component> set;
    for (const auto& s : settings) {
        if (contains(set, s.component)) {
            throw UsageError(
                fmt::format("component {} is given two statuses", to_string(s.component)));
        }
        set.push_back(s.component);
        const auto old = status_at(store, s.component, posted);
        if (old != s.status) out.push_back({s.component, std::nullopt, old, s.status});
    }
    const auto automatic = automatic_component_status(kind, status);
    if (!automatic) return out;
    for (const auto& c : components) {
        if (contains(set, c)) continue;
        const auto page = store.page_component(c);
        const auto history = page ? store.component_history(page->id) : std::vector<StatusChange>{};
        const auto old = status_after(history, posted);
        const auto target = *automatic == ComponentStatus::operational
                                ? held_by_others(store, history, self, posted)
                                : *automatic;
        if (old != target) out.push_back({c, std::nullopt, old, target});
    }
    return out;
}

// Inserts one update with the components it names and the statuses it sets, then
// recomputes the incident's state (from `earlier`, its updates before this one, and the new
// one; `opening`: a new incident, which has no postmortem or edits yet) and the changed
// components' current status.
UpdateId record(WriteStore& store, IncidentId id, std::vector<Update> earlier, bool opening,
                Status status, const std::string& body, Instant posted, Instant now,
                const std::string& author, const std::optional<std::string>& key,
                const std::vector<Component>& components,
                std::vector<ComponentChange> changes = {}) {
    Update u;
    u.incident_id = id;
    u.status = status;
    u.body = body;
    u.posted_at = posted;
    u.recorded_at = now;
    u.author = author;
    u.idempotency_key = key;
    u.changes = std::move(changes);
    const auto update_id = store.insert_update(u);
    auto named = components;
    for (const auto& c : u.changes) {
        if (!contains(named, c.component)) named.push_back(c.component);
    }
    store.add_components(id, update_id, named);
    u.id = update_id;
    earlier.push_back(u);
    const auto state =
        opening ? derive_state(earlier, {}, {})
                : derive_state(earlier, shown_postmortems(store, id), store.incident_edits(id));
    if (state) store.set_state(id, *state);
    derive_component_statuses(store, u.changes);
    return update_id;
}

// The text of an update that only changes impact or components, so that the change shows
// in `show` and every export's timeline like any other update.
std::string change_message(const Incident& incident, const UpdateRequest& request,
                           const std::vector<Component>& components) {
    std::string out;
    const auto sentence = [&out](const std::string& text) {
        if (!out.empty()) out += ' ';
        out += text;
    };
    if (request.impact && *request.impact != incident.impact) {
        sentence(fmt::format("Impact changed from {} to {}.", to_string(incident.impact),
                             to_string(*request.impact)));
    } else if (request.impact) {
        sentence(fmt::format("Impact is {}.", to_string(*request.impact)));
    }
    if (!components.empty()) sentence(fmt::format("Affected: {}.", affected_summary(components)));
    for (const auto& s : request.settings) {
        sentence(
            fmt::format("{} is {}.", to_string(s.component), component_status_title(s.status)));
    }
    return out;
}

// The components an update names: those given plainly, then those it sets a status of.
std::vector<Component> named_by(std::vector<Component> components,
                                const std::vector<ComponentSetting>& settings) {
    for (const auto& s : settings) {
        if (!contains(components, s.component)) components.push_back(s.component);
    }
    return components;
}

// A component named again in another case ("billing" for "Billing") is the existing one.
std::vector<Component> with_known_spelling(const ReadStore& store,
                                           std::vector<Component> components) {
    if (components.empty()) return components;
    const auto known = store.component_names();
    for (auto& c : components) {
        for (const auto& k : known) {
            if (same_component(k, c)) {
                c = k;
                break;
            }
        }
    }
    return components;
}

std::vector<ComponentSetting> with_known_spelling(const ReadStore& store,
                                                  std::vector<ComponentSetting> settings) {
    std::vector<Component> names;
    for (const auto& s : settings) names.push_back(s.component);
    names = with_known_spelling(store, std::move(names));
    for (std::size_t i = 0; i < settings.size(); ++i) settings[i].component = names[i];
    return settings;
}

}  // namespace

ComponentStatus status_after(const std::vector<StatusChange>& chronological,
                             std::optional<Instant> at) {
    auto status = ComponentStatus::operational;
    for (const auto& c : chronological) {
        if (at && c.posted_at > *at) break;
        status = c.new_status;
    }
    return status;
}

std::optional<ComponentStatus> automatic_component_status(Kind kind, Status status) noexcept {
    if (kind == Kind::incident) {
        if (status == Status::resolved) return ComponentStatus::operational;
        return std::nullopt;
    }
    if (status == Status::in_progress) return ComponentStatus::under_maintenance;
    if (status == Status::completed) return ComponentStatus::operational;
    return std::nullopt;
}

std::vector<GroupStatus> group_statuses(const std::vector<PageComponent>& components) {
    std::vector<GroupStatus> out;
    for (const auto& c : components) {
        if (c.component.group.empty()) continue;
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const GroupStatus& g) { return g.group == c.component.group; });
        if (it == out.end()) {
            out.push_back({c.component.group, c.status, 0});
            it = std::prev(out.end());
        }
        it->status = std::max(it->status, c.status);
        ++it->members;
    }
    return out;
}

void derive_component_statuses(WriteStore& store, const std::vector<ComponentChange>& changes) {
    for (const auto& c : changes) {
        const auto page = store.page_component(c.component);
        if (!page) continue;
        const auto current = status_after(store.component_history(page->id));
        if (current != page->status) store.set_component_status(page->id, current);
    }
}

Incident require_incident(const ReadStore& store, IncidentId id) {
    auto inc = store.incident(id);
    if (!inc) throw NotFoundError(fmt::format("no incident with id {}", id));
    return std::move(*inc);
}

namespace {

// One line of plain text: trimmed, not empty, valid UTF-8 without NUL, at most `max_bytes`,
// no line break or other C0/C1 control character. `rule` ends the control-character message.
std::string checked_line(std::string_view what, std::string_view text, std::size_t max_bytes,
                         std::string_view rule) {
    const auto trimmed = std::string(trim(text));
    if (trimmed.empty()) throw UsageError(fmt::format("{} is empty", what));
    if (auto problem = check_user_text(what, trimmed, max_bytes)) throw UsageError(*problem);
    if (trimmed.find_first_of("\r\n") != std::string::npos) {
        throw UsageError(fmt::format("{} must be one line", what));
    }
    for (std::size_t i = 0; i < trimmed.size(); ++i) {
        const auto c = static_cast<unsigned char>(trimmed[i]);
        const bool c1 = c == 0xC2 && i + 1 < trimmed.size() &&
                        static_cast<unsigned char>(trimmed[i + 1]) >= 0x80 &&
                        static_cast<unsigned char>(trimmed[i + 1]) <= 0x9F;
        if (c < 0x20 || c == 0x7F || c1) {
            const unsigned code = c1 ? static_cast<unsigned char>(trimmed[i + 1]) : c;
            throw UsageError(fmt::format(
                "{} contains a control character (U+{:04X} at byte {}); {}", what, code, i, rule));
        }
    }
    return trimmed;
}

}  // namespace

// Escapes, tabs and other C0/C1 controls in a typed title would reach terminals and every
// export (imported journals keep theirs, shown escaped).
std::string check_title(std::string_view title) {
    return checked_line("the title", title, max_name_bytes, "titles are plain text on one line");
}

std::string check_line(std::string_view what, std::string_view text, std::size_t max_bytes) {
    return checked_line(what, text, max_bytes, "it must be plain text on one line");
}

namespace {

// What opens a new incident or maintenance: its first update and, for a maintenance, its window.
struct Opening {
    Kind kind = Kind::incident;
    Status status = Status::investigating;
    std::optional<Instant> scheduled_for;
    std::optional<Instant> scheduled_until;
};

Recorded open_new(WriteStore& store, const OpenRequest& request, const Opening& opening,
                  Instant now) {
    check_title(request.title);
    check_message(request.message);
    const Instant posted = posted_time(request.at, now, request.zone);
    Recorded result{};
    store.transact([&] {
        const Payload payload{
            request.title, request.message,       opening.status,          request.at,
            opening.kind,  opening.scheduled_for, opening.scheduled_until, request.settings};
        if (auto replayed = replay(store, request.key, std::nullopt, true, payload)) {
            result = *replayed;
            return;
        }
        NewIncident fresh;
        fresh.title = request.title;
        fresh.impact = request.impact;
        fresh.kind = opening.kind;
        fresh.scheduled_for = opening.scheduled_for;
        fresh.scheduled_until = opening.scheduled_until;
        const auto id = store.insert_incident(fresh, posted);
        const auto components = with_known_spelling(store, request.components);
        const auto settings = with_known_spelling(store, request.settings);
        const auto changes =
            plan_changes(store, id, opening.kind, opening.status, components, settings, posted);
        if (request.started_at) store.set_started_at(id, request.started_at);
        const auto update_id =
            record(store, id, {}, true, opening.status, request.message, posted, now,
                   request.author, request.key, named_by(components, settings), changes);
        detail::record_marks(store, id, request.marks, posted, update_id, now, request.author,
                             request.zone);
        result = {id, update_id, opening.status, false, false};
    });
    return result;
}

}  // namespace

Recorded open_incident(WriteStore& store, const OpenRequest& request, Instant now) {
    if (request.status == Status::resolved) {
        throw UsageError("an incident cannot be opened as resolved; open it, then resolve it");
    }
    check_status(Kind::incident, request.status);
    if (request.started_at) {
        const auto opened = request.at.value_or(now);
        if (*request.started_at > opened) {
            throw UsageError(fmt::format(
                "--started-at {} is after the incident's opening at {}; the impact starts at or "
                "before it",
                format_for_message(*request.started_at, request.zone),
                format_for_message(opened, request.zone)));
        }
    }
    return open_new(store, request, {Kind::incident, request.status, std::nullopt, std::nullopt},
                    now);
}

Recorded schedule_maintenance(WriteStore& store, const ScheduleRequest& request, Instant now) {
    if (request.scheduled_until <= request.scheduled_for) {
        throw UsageError(fmt::format(
            "--until {} is {} --from {}; a maintenance window must end after it starts",
            format_for_message(request.scheduled_until, request.zone),
            request.scheduled_until == request.scheduled_for ? "the same time as" : "before",
            format_for_message(request.scheduled_for, request.zone)));
    }
    OpenRequest open;
    open.title = request.title;
    open.message = request.message.empty() ? default_schedule_message : request.message;
    open.components = request.components;
    open.at = request.at;
    open.author = request.author;
    open.key = request.key;
    open.zone = request.zone;
    return open_new(
        store, open,
        {Kind::maintenance, Status::scheduled, request.scheduled_for, request.scheduled_until},
        now);
}

namespace {

// An internal note: an update with the status in effect at its time, which no public report
// shows and which sets nothing (refresh_state and every rule here pass over it).
UpdateId record_note(WriteStore& store, const Incident& incident, const UpdateRequest& request,
                     Instant posted, Instant now) {
    const auto updates = public_updates(store.updates(incident.id));
    const Update* previous = update_in_effect(updates, posted);
    Update u;
    u.incident_id = incident.id;
    u.status = previous ? previous->status : initial_status(incident.kind);
    u.body = request.message;
    u.posted_at = posted;
    u.recorded_at = now;
    u.author = request.author;
    u.idempotency_key = request.key;
    u.internal = true;
    return store.insert_update(u);
}

}  // namespace

Recorded post_update(WriteStore& store, const UpdateRequest& request, Instant now) {
    const bool change_only =
        !request.internal && request.message.empty() &&
        (request.impact || !request.components.empty() || !request.settings.empty());
    if (request.internal && (request.status || request.impact || !request.components.empty() ||
                             !request.settings.empty())) {
        throw UsageError(
            "an internal note changes nothing about the incident: --status, --impact and "
            "--component cannot go with --internal (post a public update for them)");
    }
    if (!change_only) check_message(request.message);
    const Instant posted = posted_time(request.at, now, request.zone);
    Recorded result{};
    store.transact([&] {
        const Payload payload{std::nullopt, request.message,  request.status,
                              request.at,   std::nullopt,     std::nullopt,
                              std::nullopt, request.settings, request.internal};
        if (auto replayed = replay(store, request.key, request.id, false, payload)) {
            result = *replayed;
            return;
        }
        store.lock_incident(request.id);
        const auto incident = require_incident(store, request.id);
        if (posted < incident.created_at) {
            throw UsageError(fmt::format("update time {} is before incident {} was opened, at {}",
                                         format_for_message(posted, request.zone), incident.id,
                                         format_for_message(incident.created_at, request.zone)));
        }
        if (request.internal) {
            const auto id = record_note(store, incident, request, posted, now);
            detail::record_marks(store, incident.id, request.marks, posted, id, now, request.author,
                                 request.zone);
            result = {incident.id, id, incident.status, false, false};
            return;
        }
        if (request.status) check_status(incident.kind, *request.status, incident.id);
        auto updates = public_updates(store.updates(request.id));
        const Update* previous = update_in_effect(updates, posted);
        const Status status =
            request.status.value_or(previous ? previous->status : initial_status(incident.kind));
        // A resolved incident stays closed unless the update says it is open again.
        const bool after_resolution = incident.resolved_at && posted >= *incident.resolved_at;
        const auto noun = incident.kind == Kind::incident ? "incident" : "maintenance";
        const auto closing = to_string(closing_status(incident.kind));
        if (after_resolution && !request.status) {
            throw ConflictError(fmt::format(
                "{} {} is {}; to reopen it, pass --status {}", noun, incident.id, closing,
                incident.kind == Kind::incident ? "investigating|identified|monitoring"
                                                : "scheduled|in_progress|verifying"));
        }
        if (after_resolution && is_closed(status)) {
            throw ConflictError(fmt::format("{} {} is already {}", noun, incident.id, closing));
        }
        // A backfilled status is the incident's status only if the latest later update keeps
        // it; otherwise refuse rather than report a change (e.g. "Resolved") that did not happen.
        const Update* latest = updates.empty() ? nullptr : &updates.back();
        for (const auto& u : updates) {
            if (u.posted_at >= latest->posted_at) latest = &u;
        }
        if (request.status && latest && latest->posted_at > posted &&
            latest->status != *request.status) {
            throw ConflictError(fmt::format(
                "update {} ({}, {}) comes after --at {} and keeps incident {} {}; post at or "
                "after {}, or amend update {}",
                latest->id, to_string(latest->status), format_iso_utc(latest->posted_at),
                format_iso_utc(posted), incident.id, to_string(latest->status),
                format_iso_utc(latest->posted_at), latest->id));
        }
        const bool reopened = after_resolution;
        const auto components = with_known_spelling(store, request.components);
        const auto settings = with_known_spelling(store, request.settings);
        auto affected = incident.components;
        for (const auto& c : components) {
            if (!contains(affected, c)) affected.push_back(c);
        }
        const auto changes =
            plan_changes(store, incident.id, incident.kind, status, affected, settings, posted);
        const auto message =
            change_only ? change_message(incident, request, components) : request.message;
        if (request.impact) store.set_impact(incident.id, *request.impact);
        const auto update_id =
            record(store, incident.id, std::move(updates), false, status, message, posted, now,
                   request.author, request.key, named_by(components, settings), changes);
        detail::record_marks(store, incident.id, request.marks, posted, update_id, now,
                             request.author, request.zone);
        result = {incident.id, update_id, status, false, reopened};
    });
    return result;
}

Recorded resolve_incident(WriteStore& store, UpdateRequest request, Instant now) {
    // Read before post_update's transaction: an incident's kind never changes once recorded.
    const auto kind = require_incident(store, request.id).kind;
    request.status = closing_status(kind);
    if (request.message.empty()) {
        request.message =
            kind == Kind::incident ? default_resolve_message : default_complete_message;
    }
    return post_update(store, request, now);
}

void check_postmortem(const ReadStore& store, IncidentId id,
                      const std::optional<std::vector<IncidentId>>& covers) {
    const auto incident = require_incident(store, id);
    const auto owner = store.covered_by(id);
    if (owner && !(covers && std::find(covers->begin(), covers->end(), *owner) != covers->end())) {
        throw ConflictError(fmt::format(
            "incident {} is covered by the postmortem of incident {}, which its reports show; "
            "write there (incident postmortem {}), or first take {} out of that one's --covers",
            id, *owner, *owner, id));
    }
    if (!covers) return;
    for (const auto other : *covers) {
        if (other == id) throw UsageError(fmt::format("incident {} cannot cover itself", id));
        (void)require_incident(store, other);
        if (owner && *owner == other) {
            throw UsageError(fmt::format(
                "incident {}'s postmortem covers incident {}; {} covering {} would be a cycle",
                other, id, id, other));
        }
        const auto others = store.covers(other);
        if (std::find(others.begin(), others.end(), id) != others.end()) {
            throw UsageError(fmt::format(
                "incident {}'s postmortem covers incident {}; {} covering {} would be a cycle",
                other, id, id, other));
        }
        if (!others.empty()) {
            throw ConflictError(fmt::format(
                "incident {}'s postmortem covers incidents {} itself; one postmortem covers "
                "them all (incident postmortem {} --covers ...)",
                other, fmt::join(others, ", "), other));
        }
        if (const auto by = store.covered_by(other); by && *by != id) {
            throw ConflictError(fmt::format(
                "incident {} is already covered by the postmortem of incident {}; first take it "
                "out of that one's --covers",
                other, *by));
        }
    }
}

PostmortemOutcome publish_postmortem(WriteStore& store, const PostmortemRequest& request,
                                     Instant now) {
    const Instant posted = posted_time(request.at, now, request.zone);
    auto outcome = PostmortemOutcome::published;
    store.transact([&] {
        store.lock_incident(request.id);
        if (request.covers) {
            for (const auto other : *request.covers) store.lock_incident(other);
        }
        check_postmortem(store, request.id, request.covers);
        const auto incident = require_incident(store, request.id);
        // Not covered (checked): the postmortem the incident shows is its own.
        const auto& own = incident.postmortem;
        const auto current = store.covers(incident.id);
        const auto covers = request.covers.value_or(current);
        if (request.body.empty() && !own) {
            throw UsageError(fmt::format(
                "incident {} has no postmortem yet: give its text (-F FILE, or the editor) "
                "along with --covers",
                incident.id));
        }
        const auto& body = request.body.empty() ? own->body : request.body;
        if (own && own->body == body && covers == current &&
            (!request.at || *request.at == own->posted_at)) {
            outcome = PostmortemOutcome::unchanged;
            return;
        }
        if (posted < incident.created_at) {
            throw UsageError(fmt::format("postmortem time {} is before incident {} was opened",
                                         format_for_message(posted, request.zone), incident.id));
        }
        outcome = own ? PostmortemOutcome::replaced : PostmortemOutcome::published;
        store.insert_postmortem(incident.id, body, posted, now, covers);
        refresh_state(store, incident.id);
        // Those it covers, and those it no longer covers, show another postmortem now.
        for (const auto other : current) refresh_state(store, other);
        for (const auto other : covers) refresh_state(store, other);
    });
    return outcome;
}

bool is_public(const Update& update) noexcept {
    return !update.internal;
}

std::vector<Update> public_updates(const std::vector<Update>& chronological) {
    std::vector<Update> out;
    out.reserve(chronological.size());
    for (const auto& u : chronological) {
        if (is_public(u)) out.push_back(u);
    }
    return out;
}

const std::vector<Update>& public_updates(const std::vector<Update>& chronological,
                                          std::vector<Update>& scratch) {
    if (std::all_of(chronological.begin(), chronological.end(), is_public)) return chronological;
    scratch = public_updates(chronological);
    return scratch;
}

}  // namespace incident

namespace incident {

Amended amend_update(WriteStore& store, const AmendRequest& request, Instant now) {
    if (!request.body && !request.at) {
        throw UsageError("nothing to amend: give a new MESSAGE, -F FILE|- or --at TIME");
    }
    if (request.at) (void)posted_time(request.at, now, request.zone);
    Amended result{};
    store.transact([&] {
        const auto found = store.update(request.update_id);
        if (!found) throw NotFoundError(fmt::format("no update with id {}", request.update_id));
        store.lock_incident(found->incident_id);
        // Read again under the lock: another amendment may have committed meanwhile.
        const auto update = store.update(request.update_id);
        if (!update) throw NotFoundError(fmt::format("no update with id {}", request.update_id));
        const auto incident = require_incident(store, update->incident_id);
        const auto body = request.body.value_or(update->body);
        const auto posted = request.at.value_or(update->posted_at);
        result = {incident.id, update->id, false, incident.status};
        if (body == update->body && posted == update->posted_at) return;
        if (posted != update->posted_at) {
            const auto updates = store.updates(incident.id);
            const bool opening = !updates.empty() &&
                                 std::all_of(updates.begin(), updates.end(),
                                             [&](const Update& u) { return u.id >= update->id; });
            if (!opening && posted < incident.created_at) {
                throw UsageError(
                    fmt::format("update time {} is before incident {} was opened, at {}",
                                format_for_message(posted, request.zone), incident.id,
                                format_for_message(incident.created_at, request.zone)));
            }
            if (opening) {
                // The opening update says when the incident began: nothing may precede it.
                for (const auto& u : updates) {
                    if (u.id != update->id && u.posted_at < posted) {
                        throw UsageError(fmt::format(
                            "update {} opened incident {}; it cannot be moved after update {}, "
                            "posted {}",
                            update->id, incident.id, u.id,
                            format_for_message(u.posted_at, request.zone)));
                    }
                }
                if (has_own_postmortem(incident) && incident.postmortem->posted_at < posted) {
                    throw UsageError(fmt::format(
                        "update {} opened incident {}; it cannot be moved after its postmortem, "
                        "posted {}",
                        update->id, incident.id,
                        format_for_message(incident.postmortem->posted_at, request.zone)));
                }
                store.set_created_at(incident.id, posted);
            }
        }
        store.amend_update(update->id, body, posted, now, request.author);
        refresh_state(store, incident.id);
        result.changed = true;
        result.incident_status = require_incident(store, incident.id).status;
    });
    return result;
}

}  // namespace incident

namespace incident {

int edit_incident(WriteStore& store, const EditRequest& request, Instant now) {
    if (!request.title && !request.impact && request.remove_components.empty()) {
        throw UsageError("nothing to edit: give --title, --impact or --remove-component");
    }
    if (request.title) check_title(*request.title);
    int changes = 0;
    store.transact([&] {
        store.lock_incident(request.id);
        const auto incident = require_incident(store, request.id);
        const auto keep = [&](const char* field, std::string old_value,
                              std::optional<std::string> new_value) {
            store.insert_incident_edit({incident.id, field, std::move(old_value),
                                        std::move(new_value), now, request.author});
            ++changes;
        };
        std::vector<Component> removed;
        for (const auto& wanted : request.remove_components) {
            const auto found =
                std::find_if(incident.components.begin(), incident.components.end(),
                             [&](const Component& c) { return same_component(c, wanted); });
            if (found == incident.components.end()) {
                std::vector<std::string> names;
                for (const auto& c : incident.components) names.push_back(visible(to_string(c)));
                throw UsageError(fmt::format(
                    "incident {} has no component \"{}\"; {}", incident.id,
                    visible(to_string(wanted)),
                    names.empty() ? std::string("it has no components")
                                  : fmt::format("its components: {}", fmt::join(names, ", "))));
            }
            if (std::find(removed.begin(), removed.end(), *found) == removed.end()) {
                removed.push_back(*found);
            }
        }
        if (request.title && *request.title != incident.title) {
            keep("title", incident.title, *request.title);
            store.set_title(incident.id, *request.title);
        }
        if (request.impact && *request.impact != incident.impact) {
            keep("impact", std::string(to_string(incident.impact)),
                 std::string(to_string(*request.impact)));
            store.set_impact(incident.id, *request.impact);
        }
        for (const auto& c : removed) {
            keep("component", to_string(c), std::nullopt);
            store.remove_component(incident.id, c);
        }
        if (changes == 0) {
            throw UsageError(fmt::format("nothing to change: incident {} already has that {}",
                                         incident.id,
                                         request.title && request.impact ? "title and impact"
                                         : request.title                 ? "title"
                                                                         : "impact"));
        }
        refresh_state(store, incident.id);
    });
    return changes;
}

}  // namespace incident
