#pragma once
// Journal contents the conformance tests share, written through the store interface only.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "../support.hpp"
#include "incident/store.hpp"

namespace incident::conformance {

using namespace std::chrono_literals;

inline NewIncident new_incident(std::string title, Impact impact = Impact::minor,
                                Kind kind = Kind::incident) {
    NewIncident out;
    out.title = std::move(title);
    out.impact = impact;
    out.kind = kind;
    return out;
}

inline Update new_update(IncidentId incident, Status status, std::string body, Instant posted,
                         std::optional<std::string> key = std::nullopt) {
    Update u;
    u.incident_id = incident;
    u.status = status;
    u.body = std::move(body);
    u.posted_at = posted;
    u.recorded_at = posted + 1s;
    u.author = "tester";
    u.idempotency_key = std::move(key);
    return u;
}

// Keeps the state the journal would derive for updates posted as given (the latest is the
// last; store-level tests set it without src/journal).
inline void set_latest(WriteStore& store, IncidentId id, Status status, Instant posted,
                       std::optional<Instant> monitoring = std::nullopt) {
    IncidentState s;
    s.status = status;
    s.updated_at = posted;
    if (is_closed(status)) s.resolved_at = posted;
    s.monitoring_at = monitoring;
    store.set_state(id, s);
}

// An incident with one update per status, ten minutes apart from `created`; returns its id.
inline IncidentId record(WriteStore& store, const std::string& title, Instant created,
                         std::vector<Status> statuses = {Status::investigating},
                         Impact impact = Impact::minor) {
    IncidentId id = 0;
    store.transact([&] {
        id = store.insert_incident(new_incident(title, impact), created);
        Instant t = created;
        std::optional<Instant> monitoring;
        for (const auto s : statuses) {
            store.insert_update(new_update(id, s, std::string(to_string(s)) + " " + title, t));
            if (s == Status::monitoring && !monitoring) monitoring = t;
            t += 10min;
        }
        set_latest(store, id, statuses.back(), t - 10min, monitoring);
    });
    return id;
}

inline std::vector<IncidentId> ids(const std::vector<Incident>& incidents) {
    std::vector<IncidentId> out;
    for (const auto& inc : incidents) out.push_back(inc.id);
    return out;
}

// Three incidents: 1 resolved (Jul 1, major), 2 open (Jul 2, minor), 3 open (Jul 3, minor, in
// monitoring).
inline void seed_three(WriteStore& store) {
    using testing::utc;
    record(store, "one", utc(2019, 7, 1, 12, 0), {Status::investigating, Status::resolved},
           Impact::major);
    record(store, "two", utc(2019, 7, 2, 12, 0), {Status::identified});
    record(store, "three", utc(2019, 7, 3, 12, 0), {Status::investigating, Status::monitoring});
}

}  // namespace incident::conformance
