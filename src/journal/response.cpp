// After the outage: milestones, follow-up actions and roles of an incident's response.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "incident/errors.hpp"
#include "incident/journal.hpp"
#include "incident/text.hpp"
#include "rules.hpp"

namespace incident {
namespace {

std::optional<Instant> milestone_at(const Incident& inc, Milestone m) {
    switch (m) {
        case Milestone::started:
            return inc.started_at;
        case Milestone::detected:
            return inc.detected_at;
        case Milestone::acknowledged:
            return inc.acknowledged_at;
        case Milestone::mitigated:
            return inc.mitigated_at;
    }
    return std::nullopt;
}

// Refuses setting milestone `m` of `inc` to `at` when the milestones would be out of order:
// started at or before the opening and every other milestone, detected before acknowledged.
void check_order(Incident inc, Milestone m, Instant at, const Zone& zone) {
    switch (m) {
        case Milestone::started:
            inc.started_at = at;
            break;
        case Milestone::detected:
            inc.detected_at = at;
            break;
        case Milestone::acknowledged:
            inc.acknowledged_at = at;
            break;
        case Milestone::mitigated:
            inc.mitigated_at = at;
            break;
    }
    const auto when = [&](Instant t) { return format_for_message(t, zone); };
    if (inc.started_at && *inc.started_at > inc.created_at) {
        throw UsageError(fmt::format(
            "started {} is after incident {} was opened, at {}; the impact starts at or before "
            "it",
            when(*inc.started_at), inc.id, when(inc.created_at)));
    }
    const Instant start = inc.started_at.value_or(inc.created_at);
    for (const auto later : {Milestone::detected, Milestone::acknowledged, Milestone::mitigated}) {
        const auto t = milestone_at(inc, later);
        if (!t || *t >= start) continue;
        throw UsageError(fmt::format(
            "{} {} is before the impact started, at {}{}", to_string(later), when(*t), when(start),
            inc.started_at ? std::string()
                           : fmt::format(" (when incident {} was opened; if it began earlier, "
                                         "say so first: incident mark {} started --at TIME)",
                                         inc.id, inc.id)));
    }
    if (inc.detected_at && inc.acknowledged_at && *inc.acknowledged_at < *inc.detected_at) {
        throw UsageError(fmt::format("acknowledged {} is before detected {}",
                                     when(*inc.acknowledged_at), when(*inc.detected_at)));
    }
}

// An http(s) address of one word without control characters.
std::string check_link(std::string_view text) {
    auto link = check_line("--link", text, 2048);
    const bool http = link.starts_with("https://") || link.starts_with("http://");
    if (!http || link.find_first_of(" \t") != std::string::npos ||
        link.find("://") + 3 == link.size()) {
        throw UsageError(fmt::format(
            "--link \"{}\" is not an http(s) address (e.g. https://tracker.example.com/T-12)",
            visible(link)));
    }
    return link;
}

}  // namespace

namespace detail {

std::size_t record_marks(WriteStore& store, IncidentId id, const std::vector<Milestone>& marks,
                         Instant at, std::optional<UpdateId> update_id, Instant now,
                         const std::string& author, const Zone& zone) {
    std::size_t changed = 0;
    for (const auto m : marks) {
        const auto inc = require_incident(store, id);
        if (milestone_at(inc, m) == at) continue;
        check_order(inc, m, at, zone);
        store.set_milestone(id, m, at, update_id, now, author);
        ++changed;
    }
    return changed;
}

}  // namespace detail

MarkOutcome mark_milestone(WriteStore& store, const MarkRequest& request, Instant now) {
    const Instant at = detail::posted_time(request.at, now, request.zone);
    auto outcome = MarkOutcome::set;
    store.transact([&] {
        const auto inc = require_incident(store, request.id);
        const auto current = milestone_at(inc, request.milestone);
        if (current == at) {
            outcome = MarkOutcome::unchanged;
            return;
        }
        check_order(inc, request.milestone, at, request.zone);
        store.set_milestone(inc.id, request.milestone, at, std::nullopt, now, request.author);
        outcome = current ? MarkOutcome::replaced : MarkOutcome::set;
    });
    return outcome;
}

AddedAction add_action(WriteStore& store, const ActionRequest& request, Instant now,
                       const Zone& zone) {
    Action a;
    a.incident_id = request.id;
    a.text = check_line("the action", request.text, 1024);
    if (request.owner) a.owner = check_line("--owner", *request.owner, 256);
    if (request.link) a.link = check_link(*request.link);
    a.due = request.due;
    a.created_at = now;
    a.created_by = request.author;
    AddedAction added;
    store.transact([&] {
        (void)require_incident(store, request.id);
        added.id = store.insert_action(a);
    });
    added.overdue = a.due && *a.due < local_day(now, zone);
    return added;
}

bool set_action_done(WriteStore& store, ActionId id, bool done, const std::string& author,
                     Instant now) {
    bool changed = false;
    store.transact([&] {
        const auto action = store.action(id);
        if (!action) throw NotFoundError(fmt::format("no action with id {}", id));
        if (action->done_at.has_value() == done) return;
        store.set_action_done(id, done, now, author);
        changed = true;
    });
    return changed;
}

std::string check_role(std::string_view role) {
    auto word = check_line("the role", role, 64);
    if (word.find_first_of(" \t") != std::string::npos) {
        throw UsageError(fmt::format(
            "the role must be one word (e.g. commander, communications, scribe), not \"{}\"",
            visible(word)));
    }
    std::transform(word.begin(), word.end(), word.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    return word;
}

RoleOutcome assign_role(WriteStore& store, const RoleRequest& request, Instant now) {
    RoleHolder holder{check_role(request.role), check_line("the name", request.name, 256), now,
                      request.author};
    auto outcome = RoleOutcome::assigned;
    store.transact([&] {
        (void)require_incident(store, request.id);
        const auto current = store.roles(request.id);
        const auto it = std::find_if(current.begin(), current.end(),
                                     [&](const RoleHolder& r) { return r.role == holder.role; });
        if (it != current.end() && it->name == holder.name) {
            outcome = RoleOutcome::unchanged;
            return;
        }
        store.insert_role(request.id, holder);
        outcome = it == current.end() ? RoleOutcome::assigned : RoleOutcome::replaced;
    });
    return outcome;
}

}  // namespace incident
